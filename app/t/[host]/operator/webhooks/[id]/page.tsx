import Link from "next/link";
import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { EditEndpointForm, EndpointActions, ReplayButton, ReplayRangeForm } from "@/components/events/webhook-forms";
import { guarded, listQueryFrom } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { DataTable, listHref } from "@/components/ui/data-table";
import { Alert, Badge, Card, EmptyState } from "@/components/ui/primitives";
import { serverApi } from "@/server/api/server";

const STATUSES = ["pending", "succeeded", "failed"] as const;
const when = (d: Date | null) => (d ? d.toISOString().slice(0, 19).replace("T", " ") : "—");

export default async function WebhookEndpoint({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePortalActor("operator");
  const { id } = await params;
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
  const api = await serverApi();
  const { params: query, input } = listQueryFrom(await searchParams);
  const status = STATUSES.find((s) => s === query.status);
  const basePath = `/operator/webhooks/${id}`;
  return guarded(
    async () => {
      try {
        const [endpoint, deliveries, log] = await Promise.all([
          api.webhooks.get({ id }),
          api.webhooks.deliveries({ endpointId: id, page: input.page, pageSize: 25, status }),
          api.events.list({ limit: 1 }),
        ]);
        return { endpoint, deliveries, latestSeq: log.latestSeq };
      } catch (error) {
        if (error instanceof TRPCError && error.code === "NOT_FOUND") notFound();
        throw error;
      }
    },
    ({ endpoint, deliveries, latestSeq }) => (
      <div className="space-y-6">
        <header className="space-y-1">
          <Link href="/operator/webhooks" className="text-sm text-primary hover:underline">← Webhooks</Link>
          <h1 className="break-all text-2xl font-semibold">{endpoint.url}</h1>
          <div className="flex flex-wrap items-center gap-2 text-sm text-muted">
            {endpoint.active ? <Badge tone="success">Active</Badge> : <Badge tone="warning">Inactive</Badge>}
            <span>Secret whsec_…{endpoint.secretHint}</span>
            {endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > new Date() && <span>· previous secret signs too until {when(endpoint.previousSecretExpiresAt)} UTC</span>}
          </div>
        </header>
        {endpoint.disabledReason && (
          <Alert testId="endpoint-disabled-notice">{endpoint.disabledReason} (disabled {when(endpoint.disabledAt)} UTC)</Alert>
        )}
        {endpoint.active && endpoint.failingSince && (
          <Alert tone="info">Every delivery has failed since {when(endpoint.failingSince)} UTC. After 24 hours of failures the endpoint is deactivated.</Alert>
        )}
        <Card title="Endpoint">
          <div className="space-y-4">
            <EndpointActions id={endpoint.id} active={endpoint.active} />
            <EditEndpointForm id={endpoint.id} url={endpoint.url} description={endpoint.description} eventTypes={endpoint.eventTypes} />
          </div>
        </Card>
        <Card title="Replay">
          <ReplayRangeForm endpointId={endpoint.id} latestSeq={latestSeq} />
        </Card>
        <section className="space-y-2">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 className="text-lg font-semibold">Delivery log</h2>
            <nav className="flex gap-3 text-sm" aria-label="Filter by status">
              <Link className={!status ? "font-semibold" : "text-primary hover:underline"} href={listHref(basePath, {}, {})}>All</Link>
              {STATUSES.map((s) => (
                <Link key={s} className={status === s ? "font-semibold" : "text-primary hover:underline"} href={listHref(basePath, {}, { status: s })}>{s}</Link>
              ))}
            </nav>
          </div>
          <DataTable
            {...deliveries}
            basePath={basePath}
            params={query}
            empty={<EmptyState title="No deliveries yet">Events this endpoint subscribes to will appear here.</EmptyState>}
            columns={[
              { header: "Event", cell: (r) => <span className="whitespace-nowrap">#{r.eventSeq} <code className="text-xs">{r.eventType}</code></span> },
              { header: "Status", cell: (r) => <Badge tone={r.status === "succeeded" ? "success" : r.status === "failed" ? "warning" : "neutral"}>{r.status}</Badge> },
              { header: "Attempts", cell: (r) => r.attempts, className: "text-right" },
              { header: "Response", cell: (r) => (r.lastResponseCode ?? "—"), className: "text-right" },
              { header: "Latency", cell: (r) => (r.lastLatencyMs === null ? "—" : `${r.lastLatencyMs} ms`), className: "text-right whitespace-nowrap" },
              { header: "Last attempt (UTC)", cell: (r) => when(r.lastAttemptAt), className: "whitespace-nowrap text-muted" },
              { header: "Next / error", cell: (r) => (r.status === "pending" && r.nextAttemptAt ? `next ${when(r.nextAttemptAt)}` : r.lastError || "—"), className: "text-xs text-muted" },
              { header: "", cell: (r) => <ReplayButton deliveryId={r.id} />, className: "text-right" },
            ]}
          />
        </section>
      </div>
    ),
  );
}
