"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { useFormErrors } from "@/components/customers/use-form-mutation";
import { useTRPC } from "@/components/trpc/provider";
import { Alert, Badge, Button, Card, EmptyState, Field, Input, Stat } from "@/components/ui/primitives";
import { isRunActive, Pager, RUN_POLL_MS, RunProgress, RunStatusBadge } from "@/components/ui/runs";
import { runNowInput } from "@/server/domain/replenishment/schemas";

/** "Run now" for a through date (default: the date given by the page, today + lead days). */
export function RunNowForm({ defaultDate }: { defaultDate: string }) {
  const trpc = useTRPC();
  const runNow = useMutation(trpc.replenishment.runNow.mutationOptions());
  const errors = useFormErrors(runNow.error);
  const [throughDate, setThroughDate] = useState(defaultDate);
  const [message, setMessage] = useState<string | null>(null);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const parsed = runNowInput.safeParse({ throughDate });
    if (!parsed.success) {
      runNow.reset();
      errors.setIssues(parsed.error.issues);
      return;
    }
    errors.clear();
    const result = await runNow.mutateAsync(parsed.data).catch(() => null);
    if (result) setMessage(result.created ? "Run queued." : "A run through this date is already queued or running.");
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-wrap items-end gap-3" noValidate data-testid="run-now-form">
      <Field label="Deliveries due through" htmlFor="through-date" error={errors.fields.throughDate} hint="Deliveries up to 14 days before this date that no run created yet.">
        <Input id="through-date" type="date" value={throughDate} onChange={(e) => setThroughDate(e.target.value)} invalid={Boolean(errors.fields.throughDate)} />
      </Field>
      <Button type="submit" disabled={runNow.isPending} data-testid="run-now">
        {runNow.isPending ? "Queuing…" : "Run now"}
      </Button>
      {errors.formMessage && <Alert>{errors.formMessage}</Alert>}
      {message && <Alert tone="info">{message}</Alert>}
    </form>
  );
}

/** The runs, newest first, polling while one is queued or running. */
export function RunsTable() {
  const trpc = useTRPC();
  const [page, setPage] = useState(1);
  const pageSize = 20;
  const runs = useQuery({
    ...trpc.replenishment.runs.queryOptions({ page, pageSize }),
    refetchInterval: (q) => (q.state.data?.rows.some(isRunActive) ? RUN_POLL_MS : 5 * RUN_POLL_MS),
  });
  if (runs.error) return <Alert>{runs.error.message}</Alert>;
  if (!runs.data) return <p className="text-sm text-muted">Loading…</p>;
  if (runs.data.total === 0) return <EmptyState title="No runs yet">The daily run, or &ldquo;Run now&rdquo;, turns due deliveries into orders.</EmptyState>;
  const pages = Math.max(1, Math.ceil(runs.data.total / pageSize));
  return (
    <div className="space-y-3">
      <div className="overflow-x-auto rounded-brand border border-border bg-surface">
        <table className="w-full text-sm" data-testid="runs-table">
          <thead className="bg-background text-left text-xs uppercase tracking-wide text-muted">
            <tr>
              <th className="px-3 py-2">Started</th>
              <th className="px-3 py-2">Through</th>
              <th className="px-3 py-2">Status</th>
              <th className="px-3 py-2">Progress</th>
              <th className="px-3 py-2 text-right">Orders</th>
              <th className="px-3 py-2 text-right">Held</th>
              <th className="px-3 py-2 text-right">Backordered units</th>
              <th className="px-3 py-2 text-right">Exceptions</th>
              <th className="px-3 py-2">By</th>
            </tr>
          </thead>
          <tbody>
            {runs.data.rows.map((r) => (
              <tr key={r.id} className="border-t border-border" data-testid="run-row">
                <td className="px-3 py-2">
                  <Link className="text-primary hover:underline" href={`/operator/replenishment/${r.id}`}>
                    {new Date(r.started_at ?? r.created_at).toLocaleString()}
                  </Link>
                </td>
                <td className="px-3 py-2">{r.through_date}</td>
                <td className="px-3 py-2"><RunStatusBadge run={r} /></td>
                <td className="px-3 py-2"><RunProgress run={r} unit="deliveries" /></td>
                <td className="px-3 py-2 text-right">{r.orders_created.toLocaleString()}</td>
                <td className="px-3 py-2 text-right">{r.holds.toLocaleString()}</td>
                <td className="px-3 py-2 text-right">{r.units_backordered.toLocaleString()}</td>
                <td className="px-3 py-2 text-right">{r.exception_count.toLocaleString()}</td>
                <td className="px-3 py-2 text-muted">{r.requested_by_name ?? "Schedule"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager page={page} pages={pages} onPage={setPage} />
    </div>
  );
}

/** One run: its counts, progress (polling while it runs) and its exceptions, by kind, paged. */
export function RunDetail({ runId }: { runId: string }) {
  const trpc = useTRPC();
  const [page, setPage] = useState(1);
  const [kind, setKind] = useState<string | undefined>(undefined);
  const pageSize = 50;
  const detail = useQuery({
    ...trpc.replenishment.run.queryOptions({ id: runId, page, pageSize, kind }),
    refetchInterval: (q) => (q.state.data && isRunActive(q.state.data.run) ? RUN_POLL_MS : false),
  });
  if (detail.error) return <Alert>{detail.error.message}</Alert>;
  if (!detail.data) return <p className="text-sm text-muted">Loading…</p>;
  const { run, exceptions, kinds } = detail.data;
  return (
    <div className="space-y-6">
      <Card title={`Run through ${run.through_date}`} actions={<RunStatusBadge run={run} />}>
        <RunProgress run={run} unit="deliveries" />
        {run.error && <div className="mt-3"><Alert>{run.error}</Alert></div>}
        <div className="mt-4 grid grid-cols-2 gap-3 md:grid-cols-6">
          <Stat label="Orders" value={run.orders_created.toLocaleString()} testId="run-orders" />
          <Stat label="Held" value={run.holds.toLocaleString()} />
          <Stat label="Backordered lines" value={run.lines_backordered.toLocaleString()} />
          <Stat label="Backordered units" value={run.units_backordered.toLocaleString()} />
          <Stat label="Substitutions" value={run.substitutions.toLocaleString()} />
          <Stat label="Exceptions" value={run.exception_count.toLocaleString()} />
        </div>
      </Card>
      <Card title="Exceptions">
        <div className="mb-3 flex flex-wrap gap-2">
          <Button variant={kind ? "ghost" : "secondary"} onClick={() => { setKind(undefined); setPage(1); }}>All</Button>
          {kinds.map((k) => (
            <Button key={k.kind} variant={kind === k.kind ? "secondary" : "ghost"} onClick={() => { setKind(k.kind); setPage(1); }}>
              {k.kind.replace(/_/g, " ")} ({k.n})
            </Button>
          ))}
        </div>
        {exceptions.total === 0 ? (
          <p className="text-sm text-muted">No exceptions.</p>
        ) : (
          <div className="space-y-3">
            <table className="w-full text-sm" data-testid="exceptions-table">
              <thead className="text-left text-xs uppercase tracking-wide text-muted">
                <tr>
                  <th className="py-2 pr-3">Kind</th>
                  <th className="py-2 pr-3">Delivery</th>
                  <th className="py-2 pr-3">Contract</th>
                  <th className="py-2 pr-3">Product</th>
                  <th className="py-2 pr-3">Order</th>
                  <th className="py-2">Detail</th>
                </tr>
              </thead>
              <tbody>
                {exceptions.rows.map((e) => (
                  <tr key={e.id} className="border-t border-border">
                    <td className="py-2 pr-3"><Badge tone={e.kind === "hold" || e.kind === "backorder" ? "warning" : "neutral"}>{e.kind.replace(/_/g, " ")}</Badge></td>
                    <td className="py-2 pr-3">{e.delivery_date ?? ""}</td>
                    <td className="py-2 pr-3">
                      {e.subscription_id ? <Link className="text-primary hover:underline" href={`/operator/subscriptions/${e.subscription_id}`}>{e.subscription_number}</Link> : ""}
                    </td>
                    <td className="py-2 pr-3">{e.product_sku ?? ""}</td>
                    <td className="py-2 pr-3">{e.order_number ?? ""}</td>
                    <td className="py-2 text-muted">{e.detail}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Pager page={page} pages={Math.max(1, Math.ceil(exceptions.total / pageSize))} onPage={setPage} />
          </div>
        )}
      </Card>
    </div>
  );
}
