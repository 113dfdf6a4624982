"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { useFormErrors } from "@/components/customers/use-form-mutation";
import { useTRPC } from "@/components/trpc/provider";
import { Alert, Badge, Button, Card, EmptyState, Field, Input, Stat } from "@/components/ui/primitives";
import { isRunActive, Pager, RUN_POLL_MS, RunProgress, RunStatusBadge } from "@/components/ui/runs";
import { billingRunInput } from "@/server/domain/billing/schemas";

/** "Run now": bills every subscription whose next period starts on or before the date. */
export function BillingRunNowForm({ defaultDate }: { defaultDate: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // The runs table polls on its own: show the new run at once.
  const runNow = useMutation(trpc.billing.runNow.mutationOptions({ onSuccess: () => void queryClient.invalidateQueries(trpc.billing.runs.pathFilter()) }));
  const errors = useFormErrors(runNow.error);
  const [throughDate, setThroughDate] = useState(defaultDate);
  const [message, setMessage] = useState<{ text: string; runId: string } | null>(null);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const parsed = billingRunInput.safeParse({ throughDate });
    if (!parsed.success) {
      runNow.reset();
      errors.setIssues(parsed.error.issues);
      return;
    }
    errors.clear();
    const result = await runNow.mutateAsync(parsed.data).catch(() => null);
    if (result) setMessage({ text: result.created ? "Billing run queued." : "A run through this date is already queued or running.", runId: result.runId });
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-wrap items-end gap-3" noValidate data-testid="billing-run-now-form">
      <Field label="Bill periods starting through" htmlFor="billing-through" error={errors.fields.throughDate} hint="Fees in advance, last period's usage in arrears, proration and tax.">
        <Input id="billing-through" type="date" value={throughDate} onChange={(e) => setThroughDate(e.target.value)} invalid={Boolean(errors.fields.throughDate)} />
      </Field>
      <Button type="submit" disabled={runNow.isPending} data-testid="billing-run-now">
        {runNow.isPending ? "Queuing…" : "Run now"}
      </Button>
      {errors.formMessage && <Alert>{errors.formMessage}</Alert>}
      {message && (
        <Alert tone="info">
          {message.text}{" "}
          <Link className="font-medium text-primary hover:underline" href={`/operator/billing/runs/${message.runId}`} data-testid="billing-run-link">Follow its progress →</Link>
        </Alert>
      )}
    </form>
  );
}

/** The runs, newest first, polling while one is queued or running. */
export function BillingRunsTable() {
  const trpc = useTRPC();
  const [page, setPage] = useState(1);
  const pageSize = 20;
  const runs = useQuery({ ...trpc.billing.runs.queryOptions({ page, pageSize }), refetchInterval: (q) => (q.state.data?.rows.some(isRunActive) ? RUN_POLL_MS : 5 * RUN_POLL_MS) });
  if (runs.error) return <Alert>{runs.error.message}</Alert>;
  if (!runs.data) return <p className="text-sm text-muted">Loading…</p>;
  if (runs.data.total === 0) return <EmptyState title="No billing runs yet">The daily run, or &ldquo;Run now&rdquo;, bills the subscriptions that are due.</EmptyState>;
  return (
    <div className="space-y-3">
      <div className="overflow-x-auto rounded-brand border border-border bg-surface">
        <table className="w-full text-sm" data-testid="billing-runs-table">
          <thead className="bg-background text-left text-xs uppercase tracking-wide text-muted">
            <tr>
              <th className="px-3 py-2">Started</th>
              <th className="px-3 py-2">Through</th>
              <th className="px-3 py-2">Status</th>
              <th className="px-3 py-2">Progress</th>
              <th className="px-3 py-2 text-right">Invoices</th>
              <th className="px-3 py-2 text-right">Renewed</th>
              <th className="px-3 py-2 text-right">Expired</th>
              <th className="px-3 py-2 text-right">Exceptions</th>
              <th className="px-3 py-2">By</th>
            </tr>
          </thead>
          <tbody>
            {runs.data.rows.map((r) => (
              <tr key={r.id} className="border-t border-border" data-testid="billing-run-row">
                <td className="px-3 py-2">
                  <Link className="text-primary hover:underline" href={`/operator/billing/runs/${r.id}`}>{new Date(r.started_at ?? r.created_at).toLocaleString()}</Link>
                </td>
                <td className="px-3 py-2">{r.through_date}</td>
                <td className="px-3 py-2"><RunStatusBadge run={r} /></td>
                <td className="px-3 py-2"><RunProgress run={r} unit="subscriptions" testId="billing-run-progress" /></td>
                <td className="px-3 py-2 text-right">{r.invoices_created.toLocaleString()}</td>
                <td className="px-3 py-2 text-right">{r.renewed.toLocaleString()}</td>
                <td className="px-3 py-2 text-right">{r.expired.toLocaleString()}</td>
                <td className="px-3 py-2 text-right">{r.exception_count.toLocaleString()}</td>
                <td className="px-3 py-2 text-muted">{r.requested_by_name ?? "Schedule"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager page={page} pages={Math.max(1, Math.ceil(runs.data.total / pageSize))} onPage={setPage} />
    </div>
  );
}

/** One run: counts, progress (polling while it runs), and its exceptions by kind, paged. */
export function BillingRunDetail({ runId }: { runId: string }) {
  const trpc = useTRPC();
  const [page, setPage] = useState(1);
  const [kind, setKind] = useState<string | undefined>(undefined);
  const pageSize = 50;
  const detail = useQuery({ ...trpc.billing.run.queryOptions({ id: runId, page, pageSize, kind }), refetchInterval: (q) => (q.state.data && isRunActive(q.state.data.run) ? RUN_POLL_MS : false) });
  if (detail.error) return <Alert>{detail.error.message}</Alert>;
  if (!detail.data) return <p className="text-sm text-muted">Loading…</p>;
  const { run, exceptions, kinds } = detail.data;
  return (
    <div className="space-y-6">
      <Card title={`Billing run through ${run.through_date}`} actions={<RunStatusBadge run={run} />}>
        <RunProgress run={run} unit="subscriptions" testId="billing-run-progress" />
        {run.error && <div className="mt-3"><Alert>{run.error}</Alert></div>}
        <div className="mt-4 grid grid-cols-2 gap-3 md:grid-cols-6">
          <Stat label="Invoices" value={run.invoices_created.toLocaleString()} testId="billing-run-invoices" />
          <Stat label="Lines" value={run.lines_created.toLocaleString()} />
          <Stat label="Subscriptions" value={run.done.toLocaleString()} />
          <Stat label="Renewed" value={run.renewed.toLocaleString()} />
          <Stat label="Expired" value={run.expired.toLocaleString()} />
          <Stat label="Exceptions" value={run.exception_count.toLocaleString()} />
        </div>
        <p className="mt-3 text-sm"><Link className="text-primary hover:underline" href={`/operator/billing?run=${run.id}`}>Invoices of this run →</Link></p>
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
          <p className="text-sm text-muted">No exceptions: every due subscription was billed.</p>
        ) : (
          <div className="space-y-3">
            <table className="w-full text-sm" data-testid="billing-exceptions-table">
              <thead className="text-left text-xs uppercase tracking-wide text-muted">
                <tr><th className="py-2 pr-3">Kind</th><th className="py-2 pr-3">Period from</th><th className="py-2 pr-3">Contract</th><th className="py-2">Reason</th></tr>
              </thead>
              <tbody>
                {exceptions.rows.map((e) => (
                  <tr key={e.id} className="border-t border-border">
                    <td className="py-2 pr-3"><Badge tone="warning">{e.kind.replace(/_/g, " ")}</Badge></td>
                    <td className="py-2 pr-3">{e.period_start ?? ""}</td>
                    <td className="py-2 pr-3">{e.subscription_id ? <Link className="text-primary hover:underline" href={`/operator/subscriptions/${e.subscription_id}`}>{e.subscription_number}</Link> : ""}</td>
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
