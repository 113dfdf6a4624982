"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/provider";
import { Alert, Badge, EmptyState } from "@/components/ui/primitives";
import { isRunActive, Pager, RUN_POLL_MS, RunProgress, RunStatusBadge } from "@/components/ui/runs";

/** Settlement runs, newest first, polling while one is queued or running; a run's exceptions on demand. */
export function CommissionRunsTable() {
  const trpc = useTRPC();
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<string | null>(null);
  const pageSize = 20;
  const runs = useQuery({
    ...trpc.resellers.runs.queryOptions({ page, pageSize }),
    refetchInterval: (q) => (q.state.data?.rows.some(isRunActive) ? RUN_POLL_MS : 5 * RUN_POLL_MS),
  });
  const detail = useQuery({ ...trpc.resellers.run.queryOptions({ id: open ?? "" }), enabled: Boolean(open) });
  if (runs.error) return <Alert>{runs.error.message}</Alert>;
  if (!runs.data) return <p className="text-sm text-muted">Loading…</p>;
  if (runs.data.total === 0) return <EmptyState title="No settlement runs yet">The monthly schedule (3rd of the month) or &ldquo;Settle month&rdquo; builds statements.</EmptyState>;
  const pages = Math.max(1, Math.ceil(runs.data.total / pageSize));
  return (
    <div className="space-y-3">
      <div className="overflow-x-auto rounded-brand border border-border bg-surface">
        <table className="w-full text-sm" data-testid="commission-runs">
          <thead className="bg-background text-left text-xs uppercase text-muted">
            <tr><th className="px-3 py-2">Started</th><th className="px-3 py-2">Month</th><th className="px-3 py-2">Status</th><th className="px-3 py-2">Progress</th><th className="px-3 py-2 text-right">Statements</th><th className="px-3 py-2 text-right">Exceptions</th><th className="px-3 py-2">By</th></tr>
          </thead>
          <tbody>
            {runs.data.rows.map((r) => (
                <tr key={r.id} className="border-t border-border">
                  <td className="px-3 py-2">{new Date(r.started_at ?? r.created_at).toLocaleString()}</td>
                  <td className="px-3 py-2">{r.period_month.slice(0, 7)}</td>
                  <td className="px-3 py-2"><RunStatusBadge run={r} />{r.error && <p className="text-xs text-muted">{r.error}</p>}</td>
                  <td className="px-3 py-2"><RunProgress run={r} unit="resellers" /></td>
                  <td className="px-3 py-2 text-right">{r.statements_created}</td>
                  <td className="px-3 py-2 text-right">{r.exception_count > 0 ? <button className="text-primary hover:underline" onClick={() => setOpen(open === r.id ? null : r.id)}>{r.exception_count}</button> : 0}</td>
                  <td className="px-3 py-2 text-muted">{r.requested_by_name ?? "Schedule"}</td>
                </tr>
            ))}
          </tbody>
        </table>
      </div>
      {open && detail.data && (
        <ul className="rounded-brand border border-border bg-surface p-3 text-sm" data-testid="run-exceptions">
          {detail.data.exceptions.map((e) => <li key={e.id}><Badge tone="warning">{e.kind}</Badge> {e.reseller_name}: {e.detail}</li>)}
        </ul>
      )}
      <Pager page={page} pages={pages} onPage={setPage} />
    </div>
  );
}
