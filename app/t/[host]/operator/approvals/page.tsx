import Link from "next/link";
import { guarded } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { ApprovalActions } from "@/components/subscriptions/approval-actions";
import { Card, EmptyState } from "@/components/ui/primitives";
import { serverApi } from "@/server/api/server";

export default async function Approvals() {
  const { actor } = await requirePortalActor("operator");
  const api = await serverApi();
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">Approvals</h1>
        <p className="text-sm text-muted">Contract amendments whose discount exceeds the workspace policy. Finance or an admin other than the requester decides.</p>
      </header>
      {await guarded(
        () => api.subscriptions.pendingApprovals(),
        (rows) =>
          rows.length === 0 ? (
            <EmptyState title="Nothing waits for approval">Discounts beyond the policy appear here.</EmptyState>
          ) : (
            <div className="space-y-3" data-testid="approvals-list">
              {rows.map((a) => (
                <Card key={a.id}>
                  <div className="flex flex-wrap items-start justify-between gap-4" data-testid="approval-row">
                    <div className="space-y-1 text-sm">
                      <p className="font-medium">
                        <Link href={`/operator/subscriptions/${a.subscriptionId}`} className="text-primary hover:underline">{a.number}</Link> · {a.customer} · version {a.version} from {a.effectiveFrom}
                      </p>
                      <p className="text-muted">{a.summary}</p>
                      <p className="text-xs text-muted">Requested by {a.requestedBy} on {a.createdAt.toISOString().slice(0, 10)}</p>
                    </div>
                    <ApprovalActions approvalId={a.id} ownRequest={a.requestedById === actor.userId} />
                  </div>
                </Card>
              ))}
            </div>
          ),
      )}
    </div>
  );
}
