import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { SignInCard } from "@/components/auth/sign-in-card";
import { currentActor, currentHost } from "@/server/auth/current";

export const metadata: Metadata = { title: "Sign in" };

export default async function TenantSignIn() {
  const host = await currentHost();
  if (host.kind !== "tenant") notFound();
  const actor = await currentActor();
  if (actor?.kind === "tenant") redirect(`/${actor.portal}`);
  return <SignInCard name={host.tenant.name} logo={host.tenant.theme.logo} subtitle="Sign in to your workspace" />;
}
