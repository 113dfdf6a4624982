import Link from "next/link";
import { guarded } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { monthLabel } from "@/components/partners/format";
import { ApproveStatementButton, PayoutForm } from "@/components/partners/operator-forms";
import { StatementView } from "@/components/partners/statement-view";
import { Card } from "@/components/ui/primitives";
import { serverApi } from "@/server/api/server";
import { fromMinor } from "@/server/domain/money/money";

export default async function OperatorStatement({ params }: { params: Promise<{ id: string }> }) {
  const { actor } = await requirePortalActor("operator");
  const { id } = await params;
  const api = await serverApi();
  const canDecide = ["owner", "finance"].includes(actor.role);
  return guarded(() => api.resellers.statement({ statementId: id }), (data) => {
    const s = data.statement;
    const owed = BigInt(s.total_minor) - BigInt(s.paid_minor);
    return (
      <div className="space-y-6">
        <div>
          <Link href="/operator/resellers/statements" className="text-sm text-muted hover:text-foreground">← Statements</Link>
          <h1 className="mt-1 text-2xl font-semibold">{s.reseller_name} · {monthLabel(s.period_month)}</h1>
        </div>
        {canDecide && s.status === "draft" && (
          <Card title="Approval">
            {s.plan_changed_by === actor.userId ? (
              <p className="text-sm text-muted">You last changed this reseller&apos;s commission plan: another finance user approves this statement.</p>
            ) : (
              <ApproveStatementButton statementId={s.id} />
            )}
          </Card>
        )}
        {canDecide && s.status === "approved" && owed > 0n && (
          <Card title="Record a payout"><PayoutForm statementId={s.id} owedMajor={fromMinor(owed, s.currency).toString()} currency={s.currency} /></Card>
        )}
        <StatementView {...data} />
      </div>
    );
  });
}
