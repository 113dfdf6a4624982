import { notFound } from "next/navigation";
import { EmptyState } from "@/components/ui/primitives";
import type { PortalScope } from "@/server/domain/access/roles";
import { PORTAL_SECTIONS } from "./sections";

/** A section whose screens a later issue builds: a finished-looking empty state, 404 for unknown names. */
export function UpcomingSection({ portal, slug }: { portal: PortalScope; slug: string }) {
  const section = PORTAL_SECTIONS[portal].find((s) => s.slug === slug && s.upcoming);
  if (!section) notFound();
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{section.label}</h1>
      <EmptyState title={`Nothing in ${section.label.toLowerCase()} yet`}>{section.upcoming}</EmptyState>
    </div>
  );
}
