import type { Metadata } from "next";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { CommissionRunsTable } from "@/components/partners/commission-runs";
import { SettleMonthForm } from "@/components/partners/operator-forms";
import { ResellersNav } from "@/components/partners/operator-nav";
import { Alert, Card } from "@/components/ui/primitives";

export const metadata: Metadata = { title: "Settlement runs" };

export default async function SettlementRuns() {
  const { actor } = await requirePortalActor("operator");
  const allowed = ["owner", "admin", "finance"].includes(actor.role);
  const last = new Date();
  last.setUTCDate(1);
  last.setUTCMonth(last.getUTCMonth() - 1);
  return (
    <div className="space-y-6">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold">Settlement runs</h1>
        <p className="text-sm text-muted">On the 3rd of every month the scheduled run settles the month before: one statement per agency reseller, from the revenue recognized that month and the credit notes issued in it.</p>
        <ResellersNav current="/operator/resellers/runs" />
      </header>
      {allowed ? (
        <>
          <Card title="Settle a month now"><SettleMonthForm defaultMonth={last.toISOString().slice(0, 7)} /></Card>
          <CommissionRunsTable />
        </>
      ) : (
        <Alert testId="access-denied">Settlement is for owners, admins and finance.</Alert>
      )}
    </div>
  );
}
