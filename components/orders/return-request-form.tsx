"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { uuidv7 } from "uuidv7";
import { fieldErrorsOf, formErrorMessage } from "@/components/console/form-errors";
import { useTRPC } from "@/components/trpc/provider";
import { Alert, Button, Field, Input } from "@/components/ui/primitives";

export interface ReturnableLine { orderLineId: string; lineNo: number; productId: string; sku: string; name: string; shipped: number; returned: number; returnable: number }

/**
 * Asks to send shipped goods back: per shipped product at most what shipped and is not already on a
 * return, and a reason. One request key per opened form: a double submit makes one return.
 */
export function ReturnRequestForm({ orderId, lines }: { orderId: string; lines: ReturnableLine[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const request = useMutation(trpc.returns.request.mutationOptions());
  const [open, setOpen] = useState(false);
  const [requestKey, setRequestKey] = useState(() => uuidv7());
  const [quantities, setQuantities] = useState<Record<string, string>>({});
  const [reason, setReason] = useState("");
  const [submitted, setSubmitted] = useState<string[]>([]);
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string | null>(null);
  const server = fieldErrorsOf(request.error);
  const key = (l: ReturnableLine) => `${l.orderLineId}:${l.productId}`;
  const lineError = (l: ReturnableLine) => {
    if (clientErrors[key(l)]) return clientErrors[key(l)];
    const i = submitted.indexOf(key(l));
    return i < 0 ? undefined : (server[`lines.${i}.quantity`] ?? server[`lines.${i}.orderLineId`] ?? server[`lines.${i}.productId`]);
  };
  const returnable = lines.filter((l) => l.returnable > 0);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const errors: Record<string, string> = {};
    const chosen = lines.filter((l) => (quantities[key(l)] ?? "").trim() !== "" && quantities[key(l)].trim() !== "0");
    for (const l of chosen) {
      const q = quantities[key(l)].trim();
      if (!/^\d+$/.test(q)) errors[key(l)] = "Enter a whole number";
    }
    if (chosen.length === 0) errors.lines = "Enter how many of at least one product come back";
    if (reason.trim().length < 3) errors.reason = "Say why the goods come back";
    setClientErrors(errors);
    if (Object.keys(errors).length) return;
    const payload = chosen.map((l) => ({ orderLineId: l.orderLineId, productId: l.productId, quantity: Number(quantities[key(l)]) }));
    setSubmitted(chosen.map(key));
    const result = await request.mutateAsync({ orderId, reason, lines: payload, requestKey }).catch(() => null);
    if (result) {
      setDone(result.number);
      setOpen(false);
      setQuantities({});
      setReason("");
      setRequestKey(uuidv7());
      router.refresh();
    }
  }

  if (returnable.length === 0) {
    return lines.length ? <p className="text-sm text-muted">Everything shipped on this order is already on a return.</p> : null;
  }
  if (!open) {
    return (
      <div className="space-y-2">
        {done && <Alert tone="success" testId="return-requested">Return {done} requested. We will let you know when it is approved.</Alert>}
        <Button type="button" variant="secondary" onClick={() => { setDone(null); setOpen(true); }} data-testid="request-return">Request a return</Button>
      </div>
    );
  }
  return (
    <form onSubmit={onSubmit} className="space-y-4 rounded-brand border border-border p-4" noValidate data-testid="return-form">
      <h3 className="text-sm font-semibold">Request a return</h3>
      {request.error && <Alert testId="return-form-error">{formErrorMessage(request.error)}</Alert>}
      {clientErrors.lines && <Alert>{clientErrors.lines}</Alert>}
      <div className="overflow-x-auto rounded-brand border border-border">
        <table className="w-full text-left text-sm">
          <thead className="bg-background text-xs uppercase tracking-wide text-muted">
            <tr><th className="px-3 py-2 font-medium">Product</th><th className="px-3 py-2 text-right font-medium">Shipped</th><th className="px-3 py-2 text-right font-medium">Already returned</th><th className="px-3 py-2 font-medium">Return</th></tr>
          </thead>
          <tbody className="divide-y divide-border">
            {lines.map((l) => {
              const error = lineError(l);
              return (
                <tr key={key(l)} data-testid="returnable-line" data-sku={l.sku}>
                  <td className="px-3 py-2">{l.name} <span className="font-mono text-xs text-muted">{l.sku}</span></td>
                  <td className="px-3 py-2 text-right tabular-nums">{l.shipped}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{l.returned}</td>
                  <td className="w-40 px-3 py-2">
                    <Input
                      aria-label={`Quantity of ${l.sku} to return`}
                      inputMode="numeric"
                      placeholder={`up to ${l.returnable}`}
                      disabled={l.returnable === 0}
                      value={quantities[key(l)] ?? ""}
                      onChange={(e) => setQuantities((q) => ({ ...q, [key(l)]: e.target.value }))}
                      invalid={Boolean(error)}
                      data-testid="return-quantity"
                    />
                    {error && <p className="mt-1 text-xs font-medium text-red-600" role="alert">{error}</p>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <Field label="Reason" htmlFor="return-reason" error={clientErrors.reason ?? server.reason}>
        <Input id="return-reason" value={reason} onChange={(e) => setReason(e.target.value)} placeholder="Box arrived crushed" maxLength={2000} invalid={Boolean(clientErrors.reason ?? server.reason)} data-testid="return-reason" />
      </Field>
      <div className="flex gap-2">
        <Button type="submit" disabled={request.isPending} data-testid="submit-return">{request.isPending ? "Sending…" : "Send return request"}</Button>
        <Button type="button" variant="ghost" onClick={() => setOpen(false)}>Cancel</Button>
      </div>
    </form>
  );
}
