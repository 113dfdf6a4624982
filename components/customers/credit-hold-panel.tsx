"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/components/trpc/provider";
import { Alert, Button, Field, Input } from "@/components/ui/primitives";
import { creditHoldInput, releaseCreditHoldInput } from "@/server/domain/customers/schemas";
import { useFormErrors, useRefresh } from "./use-form-mutation";

/** Put an account on credit hold (a reason is required and goes to the audit log) or release it. */
export function CreditHoldPanel({ customerId, onHold }: { customerId: string; onHold: boolean }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const hold = useMutation(trpc.customers.placeCreditHold.mutationOptions());
  const release = useMutation(trpc.customers.releaseCreditHold.mutationOptions());
  const active = onHold ? release : hold;
  const errors = useFormErrors(active.error);
  const [reason, setReason] = useState("");

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const parsed = (onHold ? releaseCreditHoldInput : creditHoldInput).safeParse({ id: customerId, reason });
    if (!parsed.success) {
      active.reset();
      errors.setIssues(parsed.error.issues);
      return;
    }
    errors.clear();
    const ok = onHold
      ? await release.mutateAsync(parsed.data).then(() => true, () => false)
      : await hold.mutateAsync(parsed.data as { id: string; reason: string }).then(() => true, () => false);
    if (ok) {
      setReason("");
      refresh();
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-3" noValidate data-testid="credit-hold-form">
      {errors.formMessage && <Alert>{errors.formMessage}</Alert>}
      <Field
        label={onHold ? "Release note (optional)" : "Reason for the hold"}
        htmlFor="hold-reason"
        error={errors.fields.reason}
        hint={onHold ? "Recorded in the audit log." : "Orders for this account wait while it is on hold. The reason is recorded in the audit log."}
      >
        <Input id="hold-reason" value={reason} onChange={(e) => setReason(e.target.value)} placeholder={onHold ? "Paid in full" : "Invoice 90 days overdue"} invalid={Boolean(errors.fields.reason)} />
      </Field>
      <Button type="submit" variant={onHold ? "primary" : "secondary"} disabled={active.isPending} data-testid={onHold ? "release-hold" : "place-hold"}>
        {active.isPending ? "Saving…" : onHold ? "Release credit hold" : "Put on credit hold"}
      </Button>
    </form>
  );
}
