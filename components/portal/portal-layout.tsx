import { notFound, redirect } from "next/navigation";
import type { ReactNode } from "react";
import { currentActor, currentHost } from "@/server/auth/current";
import { ROLE_LABELS, type PortalScope } from "@/server/domain/access/roles";
import { TRPCReactProvider } from "@/components/trpc/provider";
import { PortalShell } from "./portal-shell";
import { PORTAL_LABELS, PORTAL_SECTIONS } from "./sections";

/**
 * Signed in on this host, as a member whose role belongs to `portal`; else off to sign-in or to
 * their own portal. Pages call it too: Next renders a page alongside its layout, not after it.
 */
export async function requirePortalActor(portal: PortalScope) {
  const host = await currentHost();
  if (host.kind !== "tenant") notFound();
  const actor = await currentActor();
  if (!actor || actor.kind !== "tenant") redirect("/sign-in");
  if (actor.portal !== portal) redirect(`/${actor.portal}`);
  return { host, actor };
}

export async function PortalLayout({ portal, children }: { portal: PortalScope; children: ReactNode }) {
  const { host, actor } = await requirePortalActor(portal);
  const nav = [{ href: `/${portal}`, label: "Dashboard" }, ...PORTAL_SECTIONS[portal].map((s) => ({ href: `/${portal}/${s.slug}`, label: s.label }))];
  return (
    <PortalShell
      brandName={host.tenant.name}
      logo={host.tenant.theme.logo}
      portalLabel={PORTAL_LABELS[portal]}
      nav={nav}
      user={{ name: actor.name, email: actor.email, roleLabel: ROLE_LABELS[actor.role] }}
    >
      <TRPCReactProvider>{children}</TRPCReactProvider>
    </PortalShell>
  );
}
