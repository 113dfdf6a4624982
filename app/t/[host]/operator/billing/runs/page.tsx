import { BillingNav } from "@/components/billing/billing-nav";
import { BillingRunNowForm, BillingRunsTable } from "@/components/billing/runs";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { Card } from "@/components/ui/primitives";

const RUNNERS = ["owner", "admin", "finance"];

export default async function OperatorBillingRuns() {
  const { actor } = await requirePortalActor("operator");
  const today = new Date().toISOString().slice(0, 10);
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">Billing runs</h1>
        <p className="text-sm text-muted">Every day the scheduled run bills each subscription whose next period starts through today: fees in advance, usage in arrears, proration, tax; contracts at term end renew or expire.</p>
      </header>
      <BillingNav active="runs" />
      {RUNNERS.includes(actor.role) && (
        <Card title="Run now">
          <BillingRunNowForm defaultDate={today} />
        </Card>
      )}
      <BillingRunsTable />
    </div>
  );
}
