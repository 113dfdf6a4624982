import type { Metadata } from "next";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { ThemeScope } from "@/components/brand/theme-scope";
import { currentHost } from "@/server/auth/current";

/** Every tenant page: the tenant is re-derived from the Host header (never from the URL) and branded. */
export default async function TenantLayout({ children }: { children: ReactNode }) {
  const host = await currentHost();
  if (host.kind !== "tenant") notFound();
  return <ThemeScope theme={host.tenant.theme}>{children}</ThemeScope>;
}

export async function generateMetadata(): Promise<Metadata> {
  const host = await currentHost();
  return host.kind === "tenant" ? { title: { default: host.tenant.name, template: `%s · ${host.tenant.name}` }, icons: host.tenant.theme.logo } : {};
}
