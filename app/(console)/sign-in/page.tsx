import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInCard } from "@/components/auth/sign-in-card";
import { currentActor } from "@/server/auth/current";

export const metadata: Metadata = { title: "Sign in" };

export default async function ConsoleSignIn() {
  if ((await currentActor())?.kind === "platform") redirect("/");
  return <SignInCard name="Tributary" logo="/logos/tributary.svg" subtitle="Platform console · administrators only" />;
}
