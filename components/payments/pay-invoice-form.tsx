"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { uuidv7 } from "uuidv7";
import { fieldErrorsOf, formErrorMessage, issuesByPath } from "@/components/console/form-errors";
import { useRefresh } from "@/components/customers/use-form-mutation";
import { useTRPC } from "@/components/trpc/provider";
import { Alert, Button, Field, Input } from "@/components/ui/primitives";
import { payInvoiceInput } from "@/server/domain/payments/schemas";

/**
 * Pays what is open on an invoice by card through the payment provider. Each attempt draws a new
 * request key (a retry after a lost response would reuse it; a new attempt after a decline must
 * not). A decline or timeout comes back as a message, not an error: nothing was charged. With a
 * `settledNote` there is nothing (left) to pay: it shows that note, under the confirmation of the
 * payment that settled the invoice when it was made here.
 */
export function PayInvoiceForm({ invoiceId, amountLabel, settledNote }: { invoiceId: string; amountLabel: string; settledNote: string | null }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const pay = useMutation(trpc.payments.payInvoice.mutationOptions());
  const [requestKey, setRequestKey] = useState(() => uuidv7());
  const [card, setCard] = useState({ number: "", expMonth: "", expYear: "", cvc: "", holder: "" });
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const fields = { ...fieldErrorsOf(pay.error), ...clientErrors };
  const set = (key: keyof typeof card) => (e: { target: { value: string } }) => setCard((c) => ({ ...c, [key]: e.target.value }));

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const parsed = payInvoiceInput.safeParse({ invoiceId, requestKey, card: { ...card, holder: card.holder || undefined } });
    if (!parsed.success) {
      pay.reset();
      setClientErrors(issuesByPath(parsed.error.issues));
      return;
    }
    setClientErrors({});
    const result = await pay.mutateAsync(parsed.data).catch(() => null);
    setRequestKey(uuidv7());
    if (result?.outcome === "succeeded") refresh();
  }

  const result = pay.data;
  if (settledNote !== null) {
    return (
      <div className="space-y-4">
        {result?.outcome === "succeeded" && <Alert tone="success" testId="pay-succeeded">{result.message}</Alert>}
        <p className="text-sm text-muted" data-testid="nothing-to-pay">{settledNote}</p>
      </div>
    );
  }
  const fieldError = (key: string) => fields[`card.${key}`] ?? fields[key];
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate data-testid="pay-form">
      {result?.outcome === "succeeded" && <Alert tone="success" testId="pay-succeeded">{result.message}</Alert>}
      {result && result.outcome !== "succeeded" && <Alert testId={result.outcome === "declined" ? "pay-declined" : "pay-timeout"}>{result.message}</Alert>}
      {pay.error && Object.keys(fieldErrorsOf(pay.error)).length === 0 && <Alert testId="pay-error">{formErrorMessage(pay.error)}</Alert>}
      <Field label="Card number" htmlFor="card-number" error={fieldError("number")} hint="Test cards: 4242 4242 4242 4242 pays; ending 0002 is declined; ending 0119 times out.">
        <Input id="card-number" inputMode="numeric" autoComplete="cc-number" value={card.number} onChange={set("number")} placeholder="4242 4242 4242 4242" invalid={Boolean(fieldError("number"))} data-testid="card-number" />
      </Field>
      <div className="grid grid-cols-3 gap-3">
        <Field label="Month" htmlFor="card-month" error={fieldError("expMonth")}>
          <Input id="card-month" inputMode="numeric" autoComplete="cc-exp-month" value={card.expMonth} onChange={set("expMonth")} placeholder="12" invalid={Boolean(fieldError("expMonth"))} data-testid="card-month" />
        </Field>
        <Field label="Year" htmlFor="card-year" error={fieldError("expYear")}>
          <Input id="card-year" inputMode="numeric" autoComplete="cc-exp-year" value={card.expYear} onChange={set("expYear")} placeholder="2030" invalid={Boolean(fieldError("expYear"))} data-testid="card-year" />
        </Field>
        <Field label="CVC" htmlFor="card-cvc" error={fieldError("cvc")}>
          <Input id="card-cvc" inputMode="numeric" autoComplete="cc-csc" value={card.cvc} onChange={set("cvc")} placeholder="123" invalid={Boolean(fieldError("cvc"))} data-testid="card-cvc" />
        </Field>
      </div>
      <Field label="Name on card (optional)" htmlFor="card-holder">
        <Input id="card-holder" autoComplete="cc-name" value={card.holder} onChange={set("holder")} />
      </Field>
      <Button type="submit" disabled={pay.isPending} data-testid="pay-submit">
        {pay.isPending ? "Paying…" : `Pay ${amountLabel}`}
      </Button>
    </form>
  );
}
