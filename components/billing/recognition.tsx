"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useFormErrors, useRefresh } from "@/components/customers/use-form-mutation";
import { useTRPC } from "@/components/trpc/provider";
import { Alert, Button, Field, Input } from "@/components/ui/primitives";
import { recognitionInput } from "@/server/domain/billing/schemas";
import { money } from "./format";

type Result = { throughDate: string; recognitions: number; entries: number; amounts: Array<{ currency: string; amountMinor: string }> };

function summary(r: Result): string {
  if (r.recognitions === 0) return `Nothing left to recognize through ${r.throughDate}.`;
  const amounts = r.amounts.map((a) => money(a.amountMinor, a.currency)).join(" and ");
  const lines = `${r.recognitions.toLocaleString()} schedule line${r.recognitions === 1 ? "" : "s"}`;
  const entries = `${r.entries} journal entr${r.entries === 1 ? "y" : "ies"}`;
  return `Recognized ${amounts} through ${r.throughDate}: ${lines}, ${entries} (one per month, Dr deferred revenue / Cr revenue).`;
}

/**
 * "Recognize revenue": what the monthly job does on the 1st, on demand — every month from the
 * earliest with revenue left through the date's month, each month once. Only months that are over.
 */
export function RecognizeRevenueForm({ defaultDate }: { defaultDate: string }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const recognize = useMutation(trpc.billing.recognize.mutationOptions({ onSuccess: refresh }));
  const errors = useFormErrors(recognize.error);
  const [throughDate, setThroughDate] = useState(defaultDate);
  const [result, setResult] = useState<Result | null>(null);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setResult(null);
    const parsed = recognitionInput.safeParse({ throughDate });
    if (!parsed.success) {
      recognize.reset();
      errors.setIssues(parsed.error.issues);
      return;
    }
    errors.clear();
    const r = await recognize.mutateAsync(parsed.data).catch(() => null);
    if (r) setResult({ throughDate: parsed.data.throughDate, ...r });
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-wrap items-end gap-3" noValidate data-testid="recognize-form">
      <Field label="Recognize through" htmlFor="recognize-through" error={errors.fields.throughDate} hint="A day of a month that is over; earlier months with revenue left are caught up first.">
        <Input id="recognize-through" type="date" value={throughDate} onChange={(e) => setThroughDate(e.target.value)} invalid={Boolean(errors.fields.throughDate)} />
      </Field>
      <Button type="submit" disabled={recognize.isPending} data-testid="recognize-submit">
        {recognize.isPending ? "Recognizing…" : "Recognize revenue"}
      </Button>
      {errors.formMessage && <Alert>{errors.formMessage}</Alert>}
      {result && <Alert tone="success" testId="recognize-done">{summary(result)}</Alert>}
    </form>
  );
}
