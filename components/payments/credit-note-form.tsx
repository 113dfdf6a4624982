"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { uuidv7 } from "uuidv7";
import { fieldErrorsOf, formErrorMessage, issuesByPath } from "@/components/console/form-errors";
import { useTRPC } from "@/components/trpc/provider";
import { Alert, Button, Field, Input } from "@/components/ui/primitives";
import { manualCreditNoteInput } from "@/server/domain/billing/credit-note-schemas";
import { minorToInput, money } from "./format";

/**
 * A manual credit note on one invoice: net amounts per line (tax follows at each line's rate), or
 * the whole invoice, which voids it. Above the tenant's threshold it waits for another user.
 */
export function CreditNoteForm({ invoiceId, invoiceNumber, currency, thresholdLabel }: { invoiceId: string; invoiceNumber: string; currency: string; thresholdLabel: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const lines = useQuery(trpc.creditNotes.creditableLines.queryOptions({ invoiceId }));
  const create = useMutation(trpc.creditNotes.create.mutationOptions());
  const [requestKey] = useState(() => uuidv7());
  const [amounts, setAmounts] = useState<Record<string, string>>({});
  const [full, setFull] = useState(false);
  const [reason, setReason] = useState("");
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const fields = { ...fieldErrorsOf(create.error), ...clientErrors };
  const chosen = (lines.data ?? []).filter((l) => (amounts[l.id] ?? "").trim());

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const parsed = manualCreditNoteInput.safeParse({ invoiceId, reason, full, requestKey, lines: full ? undefined : chosen.map((l) => ({ invoiceLineId: l.id, amount: amounts[l.id].trim() })) });
    if (!parsed.success) {
      create.reset();
      setClientErrors(issuesByPath(parsed.error.issues));
      return;
    }
    setClientErrors({});
    const result = await create.mutateAsync(parsed.data).catch(() => null);
    if (result) router.push(`/operator/payments/credit-notes?created=${result.status}`);
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate data-testid="credit-note-form">
      {create.error && <Alert testId="credit-note-error">{formErrorMessage(create.error)}</Alert>}
      <p className="text-sm text-muted">Credit note on {invoiceNumber}. Notes above {thresholdLabel} wait for another user&apos;s approval.</p>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={full} onChange={(e) => setFull(e.target.checked)} data-testid="credit-full" />
        Credit everything still creditable (voids the invoice)
      </label>
      {!full && (
        <table className="w-full text-left text-sm">
          <thead className="text-xs uppercase tracking-wide text-muted"><tr><th>#</th><th>Line</th><th className="text-right">Net</th><th className="text-right">Creditable</th><th className="text-right">Credit (net)</th></tr></thead>
          <tbody className="divide-y divide-border">
            {lines.data?.map((l) => {
              const rowIndex = chosen.findIndex((c) => c.id === l.id);
              const error = rowIndex >= 0 ? fields[`lines.${rowIndex}.amount`] : undefined;
              return (
                <tr key={l.id}>
                  <td className="py-1.5">{l.lineNo}</td>
                  <td>{l.description}</td>
                  <td className="text-right">{money(l.netMinor, currency)}</td>
                  <td className="text-right">{money(l.creditableNetMinor > 0n ? l.creditableNetMinor : 0n, currency)}</td>
                  <td className="text-right">
                    <Input className="ml-auto w-28" aria-label={`Credit for line ${l.lineNo}`} value={amounts[l.id] ?? ""} placeholder={minorToInput(l.creditableNetMinor > 0n ? l.creditableNetMinor : 0n)}
                      disabled={l.creditableNetMinor <= 0n} onChange={(e) => setAmounts((a) => ({ ...a, [l.id]: e.target.value }))} invalid={Boolean(error)} data-testid="credit-line-amount" />
                    {error && <p className="mt-1 text-xs text-red-600">{error}</p>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {fields.lines && <p className="text-xs text-red-600">{fields.lines}</p>}
      <Field label="Reason" htmlFor="credit-reason" error={fields.reason}>
        <Input id="credit-reason" value={reason} onChange={(e) => setReason(e.target.value)} placeholder="Goodwill for a late delivery" invalid={Boolean(fields.reason)} data-testid="credit-reason" />
      </Field>
      <Button type="submit" disabled={create.isPending} data-testid="create-credit-note">{create.isPending ? "Saving…" : full ? "Void with a full credit note" : "Create credit note"}</Button>
    </form>
  );
}
