"use client";

import { useMutation } from "@tanstack/react-query";
import { formErrorMessage } from "@/components/console/form-errors";
import { useRefresh } from "@/components/customers/use-form-mutation";
import { useTRPC } from "@/components/trpc/provider";
import { Button } from "@/components/ui/primitives";

/** Approve or reject a pending credit note; the user who asked for it sees why they cannot. */
export function CreditNoteDecision({ id, ownRequest }: { id: string; ownRequest: boolean }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const decide = useMutation(trpc.creditNotes.decide.mutationOptions({ onSuccess: () => refresh() }));
  if (ownRequest) return <span className="text-xs text-muted" data-testid="own-request">Your request: another user approves it</span>;
  return (
    <span className="flex flex-wrap items-center gap-2">
      <Button type="button" disabled={decide.isPending} onClick={() => decide.mutate({ id, decision: "approved" })} data-testid="approve-credit-note">Approve</Button>
      <Button type="button" variant="secondary" disabled={decide.isPending} onClick={() => decide.mutate({ id, decision: "rejected" })} data-testid="reject-credit-note">Reject</Button>
      {decide.error && <span className="text-xs text-red-600">{formErrorMessage(decide.error)}</span>}
    </span>
  );
}

/** Credits a received return's restocked lines (once; a second click finds the same note). */
export function CreditReturnButton({ returnId }: { returnId: string }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const credit = useMutation(trpc.creditNotes.fromReturn.mutationOptions({ onSuccess: () => refresh() }));
  return (
    <span className="flex items-center gap-2">
      <Button type="button" variant="secondary" disabled={credit.isPending} onClick={() => credit.mutate({ id: returnId })} data-testid="credit-return">Issue credit note</Button>
      {credit.data === null && <span className="text-xs text-muted">Nothing invoiced to credit</span>}
      {credit.error && <span className="text-xs text-red-600">{formErrorMessage(credit.error)}</span>}
    </span>
  );
}

/** Runs today's dunning retries now (the scheduler runs them daily at 06:00). */
export function DunningRunButton() {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const run = useMutation(trpc.dunning.runNow.mutationOptions({ onSuccess: () => setTimeout(refresh, 1500) }));
  return (
    <span className="flex items-center gap-2">
      <Button type="button" disabled={run.isPending} onClick={() => run.mutate({})} data-testid="dunning-run-now">{run.isPending ? "Queuing…" : "Run today's retries now"}</Button>
      {run.data && <span className="text-xs text-muted" data-testid="dunning-queued">Queued; the list refreshes when the worker has run it.</span>}
      {run.error && <span className="text-xs text-red-600">{formErrorMessage(run.error)}</span>}
    </span>
  );
}
