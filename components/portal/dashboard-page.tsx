import { serverApi } from "@/server/api/server";
import type { PortalScope } from "@/server/domain/access/roles";
import { PortalDashboard } from "./dashboard";
import { requirePortalActor } from "./portal-layout";

const STATS: Record<PortalScope, Array<{ key: "customers" | "resellers" | "members"; label: string }>> = {
  operator: [{ key: "customers", label: "Customers" }, { key: "resellers", label: "Resellers" }, { key: "members", label: "People with access" }],
  reseller: [{ key: "customers", label: "Your customers" }, { key: "members", label: "People you manage" }],
  customer: [{ key: "members", label: "People in your account" }],
};

/** The dashboard of any portal; the procedure it calls is the one that portal's roles may use. */
export async function PortalDashboardPage({ portal }: { portal: PortalScope }) {
  const { host, actor } = await requirePortalActor(portal);
  const api = await serverApi();
  const summary = await api[portal].dashboard();
  return (
    <PortalDashboard
      actor={actor}
      workspace={host.tenant.name}
      summary={summary}
      stats={STATS[portal].map((s) => ({ label: s.label, value: summary[s.key], testId: `stat-${s.key}` }))}
    />
  );
}
