import Link from "next/link";
import { CreateEndpointForm } from "@/components/events/webhook-forms";
import { guarded } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { Badge, Card, EmptyState } from "@/components/ui/primitives";
import { serverApi } from "@/server/api/server";

export default async function Webhooks() {
  await requirePortalActor("operator");
  const api = await serverApi();
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">Webhooks</h1>
        <p className="text-sm text-muted">
          Every change in the event log is posted to your endpoints as signed JSON, retried with backoff for 24 hours. An endpoint that fails for 24 hours is deactivated.
        </p>
      </header>
      {await guarded(() => api.webhooks.list(), (endpoints) => (
        <>
          <Card title="Add an endpoint">
            <CreateEndpointForm />
          </Card>
          {endpoints.length === 0 ? (
            <EmptyState title="No endpoints yet">Add one above to receive events.</EmptyState>
          ) : (
            <div className="overflow-x-auto rounded-brand border border-border bg-surface">
              <table className="w-full text-left text-sm" data-testid="webhook-endpoints">
                <thead className="bg-background text-xs uppercase tracking-wide text-muted">
                  <tr>
                    <th className="px-4 py-2 font-medium">Endpoint</th>
                    <th className="px-4 py-2 font-medium">Events</th>
                    <th className="px-4 py-2 font-medium">Status</th>
                    <th className="px-4 py-2 font-medium">Deliveries</th>
                    <th className="px-4 py-2 font-medium">Secret</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-border">
                  {endpoints.map((e) => (
                    <tr key={e.id}>
                      <td className="px-4 py-2">
                        <Link href={`/operator/webhooks/${e.id}`} className="font-medium text-primary hover:underline">{e.url}</Link>
                        {e.description && <div className="text-xs text-muted">{e.description}</div>}
                      </td>
                      <td className="px-4 py-2 text-xs text-muted">{e.eventTypes.length === 0 ? "All events" : e.eventTypes.join(", ")}</td>
                      <td className="px-4 py-2">
                        {e.active ? <Badge tone="success">Active</Badge> : <Badge tone="warning">{e.disabledAt ? "Disabled (failing)" : "Inactive"}</Badge>}
                        {e.active && e.failingSince && <div className="text-xs text-amber-700">Failing since {e.failingSince.toISOString().slice(0, 16).replace("T", " ")} UTC</div>}
                      </td>
                      <td className="px-4 py-2 text-xs text-muted">{e.deliveries.succeeded} ok · {e.deliveries.pending} pending · {e.deliveries.failed} failed</td>
                      <td className="px-4 py-2 font-mono text-xs text-muted">whsec_…{e.secretHint}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      ))}
    </div>
  );
}
