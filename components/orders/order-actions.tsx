"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { formErrorMessage } from "@/components/console/form-errors";
import { useTRPC } from "@/components/trpc/provider";
import { Alert, Button, Input } from "@/components/ui/primitives";

export interface OrderActionFlags {
  approve: boolean;
  /** Why approving is not offered to this user (they placed the order), shown instead of the button. */
  approveBlocked?: string;
  recheck: boolean;
  cancel: boolean;
  close: boolean;
}

/**
 * The moves this user may make on the order now (the page decides from the role and status; the
 * server checks again and its message is shown when it refuses).
 */
export function OrderActions({ orderId, allowed }: { orderId: string; allowed: OrderActionFlags }) {
  const trpc = useTRPC();
  const router = useRouter();
  const done = { onSuccess: () => router.refresh() };
  const approve = useMutation(trpc.orders.approve.mutationOptions(done));
  const recheck = useMutation(trpc.orders.recheck.mutationOptions(done));
  const cancel = useMutation(trpc.orders.cancel.mutationOptions({ onSuccess: () => { setCancelling(false); router.refresh(); } }));
  const close = useMutation(trpc.orders.close.mutationOptions(done));
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState("");
  const pending = approve.isPending || recheck.isPending || cancel.isPending || close.isPending;
  const error = approve.error ?? recheck.error ?? cancel.error ?? close.error;
  const rechecked = recheck.data;

  if (!allowed.approve && !allowed.recheck && !allowed.cancel && !allowed.close && !allowed.approveBlocked) return null;
  return (
    <div className="space-y-2" data-testid="order-actions">
      <div className="flex flex-wrap gap-2">
        {allowed.approve && (
          <Button type="button" disabled={pending} onClick={() => approve.mutate({ id: orderId })} data-testid="approve-order">
            {approve.isPending ? "Approving…" : "Approve"}
          </Button>
        )}
        {allowed.recheck && (
          <Button type="button" variant="secondary" disabled={pending} onClick={() => recheck.mutate({ id: orderId })} data-testid="recheck-order">
            {recheck.isPending ? "Checking…" : "Re-check credit"}
          </Button>
        )}
        {allowed.close && (
          <Button type="button" variant="secondary" disabled={pending} onClick={() => close.mutate({ id: orderId })} data-testid="close-order">
            {close.isPending ? "Closing…" : "Close order"}
          </Button>
        )}
        {allowed.cancel && !cancelling && (
          <Button type="button" variant="ghost" disabled={pending} onClick={() => setCancelling(true)} data-testid="cancel-order">
            Cancel order
          </Button>
        )}
      </div>
      {allowed.approveBlocked && <p className="text-xs text-muted" data-testid="approve-blocked">{allowed.approveBlocked}</p>}
      {cancelling && (
        <form
          className="flex flex-wrap items-end gap-2 rounded-brand border border-border p-3"
          onSubmit={(e) => { e.preventDefault(); cancel.mutate({ id: orderId, reason }); }}
          data-testid="cancel-form"
        >
          <label className="min-w-64 flex-1 space-y-1 text-xs font-medium text-muted">
            Reason (optional)
            <Input value={reason} onChange={(e) => setReason(e.target.value)} placeholder="Customer changed their mind" maxLength={500} />
          </label>
          <Button type="submit" disabled={pending} data-testid="confirm-cancel">{cancel.isPending ? "Cancelling…" : "Cancel order and release stock"}</Button>
          <Button type="button" variant="ghost" onClick={() => setCancelling(false)}>Keep order</Button>
        </form>
      )}
      {rechecked && !rechecked.released && <Alert tone="info" testId="recheck-result">Still on hold: {rechecked.reason}</Alert>}
      {error && <Alert testId="order-action-error">{formErrorMessage(error)}</Alert>}
    </div>
  );
}
