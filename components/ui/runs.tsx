"use client";

import { Badge, Button } from "@/components/ui/primitives";

/*
 * What every background-run screen shows (billing, replenishment, settlement): the status badge,
 * done / total as a bar, and a pager for the runs and their exceptions.
 */

export type RunStatus = "queued" | "running" | "completed" | "failed";

/** How often a screen polls while a run is queued or running. */
export const RUN_POLL_MS = 1_000;

export const isRunActive = (run: { status: RunStatus }) => run.status === "queued" || run.status === "running";

const TONE = { queued: "neutral", running: "primary", completed: "success", failed: "warning" } as const;

export function RunStatusBadge({ run }: { run: { status: RunStatus } }) {
  return <Badge tone={TONE[run.status]}>{run.status}</Badge>;
}

/** done / total as a bar; an empty run (nothing due) shows as full once completed. `unit` names what is counted. */
export function RunProgress({ run, unit, testId = "run-progress" }: { run: { done: number; total: number; status: RunStatus }; unit: string; testId?: string }) {
  const pct = run.total > 0 ? Math.round((100 * run.done) / run.total) : run.status === "completed" ? 100 : 0;
  return (
    <div className="min-w-40" data-testid={testId}>
      <div className="h-2 w-full overflow-hidden rounded-full bg-border" role="progressbar" aria-valuemin={0} aria-valuemax={run.total} aria-valuenow={run.done}>
        <div className="h-full bg-primary transition-all" style={{ width: `${pct}%` }} />
      </div>
      <p className="mt-1 text-xs text-muted">
        {run.done.toLocaleString()} / {run.total.toLocaleString()} {unit}
      </p>
    </div>
  );
}

/** Previous / Next over client-side pages; nothing when there is one page. */
export function Pager({ page, pages, onPage }: { page: number; pages: number; onPage: (p: number) => void }) {
  if (pages <= 1) return null;
  return (
    <div className="flex items-center gap-3 text-sm">
      <Button variant="secondary" disabled={page <= 1} onClick={() => onPage(page - 1)}>Previous</Button>
      <span className="text-muted">Page {page} of {pages}</span>
      <Button variant="secondary" disabled={page >= pages} onClick={() => onPage(page + 1)}>Next</Button>
    </div>
  );
}
