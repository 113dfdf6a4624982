import { requirePortalActor } from "@/components/portal/portal-layout";
import { RunNowForm, RunsTable } from "@/components/replenishment/runs";
import { Card } from "@/components/ui/primitives";
import { LEAD_DAYS } from "@/server/domain/replenishment/due";
import { addDaysIso } from "@/server/domain/subscriptions/periods";

const RUNNERS = ["owner", "admin", "ops"];

export default async function OperatorReplenishment() {
  const { actor } = await requirePortalActor("operator");
  const today = new Date().toISOString().slice(0, 10);
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">Replenishment</h1>
        <p className="text-sm text-muted">
          Every day the scheduled run turns the contracts&apos; deliveries due through today + {LEAD_DAYS} days into orders and reserves their stock.
        </p>
      </header>
      {RUNNERS.includes(actor.role) && (
        <Card title="Run now">
          <RunNowForm defaultDate={addDaysIso(today, LEAD_DAYS)} />
        </Card>
      )}
      <RunsTable />
    </div>
  );
}
