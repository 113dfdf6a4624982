import type { Metadata } from "next";
import Link from "next/link";
import { PortalDashboardPage } from "@/components/portal/dashboard-page";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { CommissionChart } from "@/components/partners/commission-chart";
import { money, monthLabel } from "@/components/partners/format";
import { Card, Stat } from "@/components/ui/primitives";
import { serverApi } from "@/server/api/server";
import { fromMinor } from "@/server/domain/money/money";

export const metadata: Metadata = { title: "Dashboard" };

const sumLabel = (rows: Array<{ currency: string; minor: string }>) => (rows.length === 0 ? "—" : rows.map((r) => money(r.minor, r.currency)).join(" · "));

export default async function ResellerDashboardPage() {
  await requirePortalActor("reseller");
  const api = await serverApi();
  const d = await api.partner.dashboard();
  const currency = d.commissionByMonth[0]?.currency ?? d.mrr[0]?.currency ?? "EUR";
  const chart = d.commissionByMonth
    .filter((m) => m.currency === currency)
    .map((m) => ({ month: m.month.slice(0, 7), commission: Number(fromMinor(m.commissionMinor, currency)), clawback: Number(fromMinor(m.clawbackMinor, currency)) }));
  return (
    <div className="space-y-6">
      <PortalDashboardPage portal="reseller" />
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <Stat label="Your customers' MRR" value={sumLabel(d.mrr)} testId="stat-mrr" />
        <Stat label="Active subscriptions" value={d.activeSubscriptions} testId="stat-active-subscriptions" />
        <Stat label="Open orders" value={d.openOrders} testId="stat-open-orders" />
        <Stat label={`Commission ${monthLabel(d.periodMonth)}`} value={sumLabel(d.commissionThisPeriod)} testId="stat-commission" />
      </div>
      <p className="text-xs text-muted">Commission of a month appears once the month is settled (early the next month). <Link className="text-primary" href="/reseller/statements">Statements →</Link></p>
      <Card title="Commission by month">
        <CommissionChart data={chart} currency={currency} />
      </Card>
    </div>
  );
}
