"use client";

import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { uuidv7 } from "uuidv7";
import { fieldErrorsOf, formErrorMessage, issuesByPath } from "@/components/console/form-errors";
import { useRefresh } from "@/components/customers/use-form-mutation";
import { useTRPC } from "@/components/trpc/provider";
import { Alert, Button, Field, Input, Select } from "@/components/ui/primitives";
import { recordPaymentInput } from "@/server/domain/payments/schemas";
import { minorToInput, money } from "./format";

type Customer = { id: string; name: string; currency: string };

/**
 * Finance records money received. Oldest open invoices first by default, or an explicit split; what
 * is left becomes customer credit (or is refused, by tenant policy). One request key per form, so a
 * double submit records one payment.
 */
export function RecordPaymentForm({ today }: { today: string }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const record = useMutation(trpc.payments.record.mutationOptions());
  const [requestKey, setRequestKey] = useState(() => uuidv7());
  const [customer, setCustomer] = useState<Customer | null>(null);
  const [search, setSearch] = useState("");
  const [form, setForm] = useState({ amount: "", method: "bank_transfer", receivedOn: today, reference: "" });
  const [mode, setMode] = useState<"oldest" | "explicit">("oldest");
  const [split, setSplit] = useState<Record<string, string>>({});
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const fields = { ...fieldErrorsOf(record.error), ...clientErrors };
  const customers = useQuery({ ...trpc.customers.list.queryOptions({ search: search.trim() || undefined, page: 1, pageSize: 8, sort: "name", dir: "asc" }), enabled: !customer, placeholderData: keepPreviousData });
  const open = useQuery({ ...trpc.payments.openInvoices.queryOptions({ customerId: customer?.id ?? "00000000-0000-7000-8000-000000000000" }), enabled: Boolean(customer) });

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const allocations = mode === "explicit" ? Object.entries(split).filter(([, a]) => a.trim()).map(([invoiceId, amount]) => ({ invoiceId, amount: amount.trim() })) : undefined;
    const parsed = recordPaymentInput.safeParse({ customerId: customer?.id ?? "", currency: customer?.currency ?? "EUR", ...form, allocations, requestKey });
    if (!parsed.success) {
      record.reset();
      setClientErrors(issuesByPath(parsed.error.issues));
      return;
    }
    setClientErrors({});
    const ok = await record.mutateAsync(parsed.data).then(() => true, () => false);
    if (ok) {
      setRequestKey(uuidv7());
      setForm((f) => ({ ...f, amount: "", reference: "" }));
      setSplit({});
      refresh();
      void open.refetch();
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate data-testid="record-payment-form">
      {record.data && <Alert tone="success" testId="record-result">{record.data.message}</Alert>}
      {record.error && <Alert testId="record-error">{formErrorMessage(record.error)}</Alert>}
      {customer ? (
        <Field label="Customer" htmlFor="pay-customer" error={fields.customerId}>
          <div className="flex items-center gap-3 rounded-brand border border-border px-3 py-2 text-sm" id="pay-customer">
            <span className="flex-1 font-medium" data-testid="chosen-customer">{customer.name} <span className="text-xs text-muted">{customer.currency}</span></span>
            <button type="button" className="text-xs text-primary hover:underline" onClick={() => { setCustomer(null); setSplit({}); }}>Change</button>
          </div>
        </Field>
      ) : (
        <Field label="Customer" htmlFor="pay-customer" error={fields.customerId} hint="Search by name or code.">
          <Input id="pay-customer" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Contoso" data-testid="customer-search" />
          <ul className="mt-1 max-h-48 divide-y divide-border overflow-y-auto rounded-brand border border-border text-sm">
            {customers.data?.rows.length === 0 && <li className="px-3 py-2 text-muted">No customers match.</li>}
            {customers.data?.rows.map((c) => (
              <li key={c.id}>
                <button type="button" className="w-full px-3 py-2 text-left hover:bg-background" onClick={() => setCustomer({ id: c.id, name: c.name, currency: c.currency })} data-testid="customer-option">
                  {c.name} <span className="text-xs text-muted">{[c.code, c.currency].filter(Boolean).join(" · ")}</span>
                </button>
              </li>
            ))}
          </ul>
        </Field>
      )}
      {customer && open.data && (
        <div className="rounded-brand border border-border p-3 text-sm" data-testid="open-invoices">
          <div className="mb-2 flex items-center justify-between">
            <span className="font-medium">Open invoices ({open.data.length})</span>
            <Select value={mode} onChange={(e) => setMode(e.target.value as "oldest" | "explicit")} aria-label="Allocation" data-testid="allocation-mode">
              <option value="oldest">Oldest first</option>
              <option value="explicit">Choose amounts</option>
            </Select>
          </div>
          {open.data.length === 0 ? (
            <p className="text-muted">Nothing is open: the whole payment becomes customer credit.</p>
          ) : (
            <ul className="divide-y divide-border">
              {open.data.map((inv, i) => (
                <li key={inv.id} className="flex items-center justify-between gap-3 py-1.5">
                  <span>{inv.number} <span className="text-xs text-muted">due {inv.dueDate}</span></span>
                  <span className="flex items-center gap-2">
                    <span className="text-muted">{money(inv.openMinor, inv.currency)} open</span>
                    {mode === "explicit" && (
                      <Input className="w-28" aria-label={`Amount for ${inv.number}`} value={split[inv.id] ?? ""} placeholder={minorToInput(inv.openMinor)}
                        onChange={(e) => setSplit((s) => ({ ...s, [inv.id]: e.target.value }))} invalid={Boolean(fields[`allocations.${i}.amountMinor`] ?? fields[`allocations.${i}.amount`])} />
                    )}
                  </span>
                </li>
              ))}
            </ul>
          )}
          {fields.allocations && <p className="mt-1 text-xs text-red-600">{fields.allocations}</p>}
        </div>
      )}
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label={`Amount${customer ? ` (${customer.currency})` : ""}`} htmlFor="pay-amount" error={fields.amount}>
          <Input id="pay-amount" inputMode="decimal" value={form.amount} onChange={(e) => setForm((f) => ({ ...f, amount: e.target.value }))} placeholder="125.00" invalid={Boolean(fields.amount)} data-testid="payment-amount" />
        </Field>
        <Field label="Method" htmlFor="pay-method">
          <Select id="pay-method" value={form.method} onChange={(e) => setForm((f) => ({ ...f, method: e.target.value }))}>
            <option value="bank_transfer">Bank transfer</option>
            <option value="manual">Manual (cash, cheque)</option>
          </Select>
        </Field>
        <Field label="Received on" htmlFor="pay-date" error={fields.receivedOn}>
          <Input id="pay-date" type="date" value={form.receivedOn} onChange={(e) => setForm((f) => ({ ...f, receivedOn: e.target.value }))} invalid={Boolean(fields.receivedOn)} />
        </Field>
        <Field label="Reference (optional)" htmlFor="pay-ref" error={fields.reference}>
          <Input id="pay-ref" value={form.reference} onChange={(e) => setForm((f) => ({ ...f, reference: e.target.value }))} placeholder="Bank statement line" />
        </Field>
      </div>
      <Button type="submit" disabled={record.isPending} data-testid="record-payment">{record.isPending ? "Recording…" : "Record payment"}</Button>
    </form>
  );
}
