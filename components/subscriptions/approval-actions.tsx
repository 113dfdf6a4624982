"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { formErrorMessage } from "@/components/console/form-errors";
import { useTRPC } from "@/components/trpc/provider";
import { Alert, Button, Input } from "@/components/ui/primitives";

/** Approve or reject a discount; the server refuses the requester's own request. */
export function ApprovalActions({ approvalId, ownRequest }: { approvalId: string; ownRequest: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [reason, setReason] = useState("");
  const decide = useMutation(trpc.subscriptions.decideApproval.mutationOptions({ onSuccess: () => router.refresh() }));
  if (ownRequest) return <p className="text-xs text-muted" data-testid="own-request">Your request: another finance or admin user decides it.</p>;
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        <Input value={reason} onChange={(e) => setReason(e.target.value)} placeholder="Reason (optional)" className="w-56" aria-label="Reason" />
        <Button type="button" disabled={decide.isPending} onClick={() => decide.mutate({ approvalId, decision: "approve", reason })} data-testid="approve-submit">Approve</Button>
        <Button type="button" variant="secondary" disabled={decide.isPending} onClick={() => decide.mutate({ approvalId, decision: "reject", reason })} data-testid="reject-submit">Reject</Button>
      </div>
      {decide.error && <Alert testId="decide-error">{formErrorMessage(decide.error)}</Alert>}
    </div>
  );
}
