"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useFormErrors, useRefresh } from "@/components/customers/use-form-mutation";
import { useTRPC } from "@/components/trpc/provider";
import { Alert, Button, Field, Input, Select } from "@/components/ui/primitives";
import { CURRENCIES } from "@/server/domain/money/money";

/** Operator: invite a reseller company and its admin; shows the invitation link once. */
export function InviteResellerForm() {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const invite = useMutation(trpc.resellers.invite.mutationOptions());
  const errors = useFormErrors(invite.error);
  const [link, setLink] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const result = await invite
      .mutateAsync({
        company: String(form.get("company") ?? ""),
        contactName: String(form.get("contactName") ?? ""),
        contactEmail: String(form.get("contactEmail") ?? ""),
        commercialModel: String(form.get("commercialModel") ?? "agency") as "agency" | "buy_sell",
      })
      .catch(() => null);
    if (result) {
      setLink(`${window.location.origin}${result.invitationPath}`);
      refresh();
    }
  }

  return (
    <form onSubmit={onSubmit} className="grid gap-3 sm:grid-cols-2" noValidate data-testid="invite-reseller-form">
      <Field label="Company" htmlFor="company" error={errors.fields.company}><Input id="company" name="company" invalid={Boolean(errors.fields.company)} /></Field>
      <Field label="Commercial model" htmlFor="commercialModel" error={errors.fields.commercialModel}>
        <Select id="commercialModel" name="commercialModel" defaultValue="agency">
          <option value="agency">Agency: earns commission on recognized revenue</option>
          <option value="buy_sell">Buy-sell: buys wholesale, sells at its own prices</option>
        </Select>
      </Field>
      <Field label="Contact name" htmlFor="contactName" error={errors.fields.contactName}><Input id="contactName" name="contactName" invalid={Boolean(errors.fields.contactName)} /></Field>
      <Field label="Contact email" htmlFor="contactEmail" error={errors.fields.contactEmail}><Input id="contactEmail" name="contactEmail" type="email" invalid={Boolean(errors.fields.contactEmail)} /></Field>
      <div className="sm:col-span-2 flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={invite.isPending} data-testid="invite-reseller-submit">{invite.isPending ? "Inviting…" : "Invite reseller"}</Button>
        {errors.formMessage && <Alert>{errors.formMessage}</Alert>}
      </div>
      {link && (
        <div className="sm:col-span-2">
          <Alert tone="success" testId="invitation-link">
            Invitation created. Send this link to the contact (it works for 14 days and is shown only now): <code className="break-all">{link}</code>
          </Alert>
        </div>
      )}
    </form>
  );
}

/** Suspend or reactivate a reseller. */
export function ResellerStatusActions({ resellerId, status }: { resellerId: string; status: string }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const setStatus = useMutation(trpc.resellers.setStatus.mutationOptions({ onSuccess: refresh }));
  if (status === "invited") return <p className="text-sm text-muted">Becomes active when its admin accepts the invitation.</p>;
  const next = status === "active" ? "suspended" : "active";
  return (
    <div className="flex items-center gap-3">
      <Button variant={next === "suspended" ? "secondary" : "primary"} disabled={setStatus.isPending} onClick={() => setStatus.mutate({ resellerId, status: next, reason: "" })} data-testid="reseller-status-toggle">
        {next === "suspended" ? "Suspend reseller" : "Reactivate reseller"}
      </Button>
      <p className="text-xs text-muted">{next === "suspended" ? "Its people can no longer sign in; its customers keep being served." : "Its people can sign in again."}</p>
      {setStatus.error && <Alert>{setStatus.error.message}</Alert>}
    </div>
  );
}

/** Agency or buy-sell, and the wholesale book. */
export function TermsForm({ resellerId, model, wholesalePriceBookId, books }: { resellerId: string; model: string; wholesalePriceBookId: string | null; books: Array<{ id: string; name: string; currency: string }> }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const save = useMutation(trpc.resellers.setTerms.mutationOptions({ onSuccess: refresh }));
  const errors = useFormErrors(save.error);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const book = String(form.get("wholesalePriceBookId") ?? "");
    await save.mutateAsync({ resellerId, commercialModel: String(form.get("commercialModel")) as "agency" | "buy_sell", wholesalePriceBookId: book || null }).catch(() => null);
  }
  return (
    <form onSubmit={onSubmit} className="flex flex-wrap items-end gap-3" noValidate>
      <Field label="Model" htmlFor="terms-model">
        <Select id="terms-model" name="commercialModel" defaultValue={model}>
          <option value="agency">Agency</option>
          <option value="buy_sell">Buy-sell</option>
        </Select>
      </Field>
      <Field label="Wholesale price book (buy-sell)" htmlFor="terms-book" error={errors.fields.wholesalePriceBookId}>
        <Select id="terms-book" name="wholesalePriceBookId" defaultValue={wholesalePriceBookId ?? ""}>
          <option value="">None</option>
          {books.map((b) => <option key={b.id} value={b.id}>{b.name} ({b.currency})</option>)}
        </Select>
      </Field>
      <Button type="submit" variant="secondary" disabled={save.isPending}>Save terms</Button>
      {errors.formMessage && <Alert>{errors.formMessage}</Alert>}
      {save.isSuccess && <Alert tone="success">Saved.</Alert>}
    </form>
  );
}

/** A new commission plan: window, currency and rate bands (category or all, from amount, rate). */
export function PlanForm({ resellerId, categories }: { resellerId: string; categories: Array<{ id: string; name: string }> }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const save = useMutation(trpc.resellers.savePlan.mutationOptions({ onSuccess: refresh }));
  const errors = useFormErrors(save.error);
  const [bands, setBands] = useState([{ categoryId: "", from: "0", ratePercent: "10" }, { categoryId: "", from: "10000", ratePercent: "12" }]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const end = String(form.get("effectiveTo") ?? "");
    await save
      .mutateAsync({
        resellerId, name: String(form.get("name") ?? ""), currency: String(form.get("currency") ?? "EUR"), effectiveFrom: String(form.get("effectiveFrom") ?? ""),
        effectiveTo: end || null, bands: bands.map((b) => ({ categoryId: b.categoryId || null, from: b.from, ratePercent: b.ratePercent })),
      })
      .catch(() => null);
  }

  const bandError = Object.entries(errors.fields).find(([k]) => k.startsWith("bands"))?.[1];
  return (
    <form onSubmit={onSubmit} className="space-y-3" noValidate data-testid="plan-form">
      <div className="grid gap-3 sm:grid-cols-4">
        <Field label="Name" htmlFor="plan-name" error={errors.fields.name}><Input id="plan-name" name="name" defaultValue="Standard agency" /></Field>
        <Field label="Currency" htmlFor="plan-currency"><Select id="plan-currency" name="currency" defaultValue="EUR">{CURRENCIES.map((c) => <option key={c}>{c}</option>)}</Select></Field>
        <Field label="From" htmlFor="plan-from" error={errors.fields.effectiveFrom}><Input id="plan-from" name="effectiveFrom" type="date" invalid={Boolean(errors.fields.effectiveFrom)} /></Field>
        <Field label="Until (exclusive, optional)" htmlFor="plan-to" error={errors.fields.effectiveTo}><Input id="plan-to" name="effectiveTo" type="date" /></Field>
      </div>
      <table className="w-full text-sm">
        <thead className="text-left text-xs uppercase text-muted"><tr><th className="py-1">Category</th><th>From revenue in the month</th><th>Rate %</th><th /></tr></thead>
        <tbody>
          {bands.map((b, i) => (
            <tr key={i}>
              <td className="py-1 pr-2">
                <Select aria-label="Category" value={b.categoryId} onChange={(e) => setBands(bands.map((x, j) => (j === i ? { ...x, categoryId: e.target.value } : x)))}>
                  <option value="">All other categories</option>
                  {categories.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
                </Select>
              </td>
              <td className="pr-2"><Input aria-label="From" value={b.from} onChange={(e) => setBands(bands.map((x, j) => (j === i ? { ...x, from: e.target.value } : x)))} /></td>
              <td className="pr-2"><Input aria-label="Rate" value={b.ratePercent} onChange={(e) => setBands(bands.map((x, j) => (j === i ? { ...x, ratePercent: e.target.value } : x)))} /></td>
              <td><Button type="button" variant="ghost" onClick={() => setBands(bands.filter((_, j) => j !== i))} disabled={bands.length === 1}>Remove</Button></td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="button" variant="secondary" onClick={() => setBands([...bands, { categoryId: "", from: "0", ratePercent: "10" }])}>Add band</Button>
        <Button type="submit" disabled={save.isPending} data-testid="plan-submit">Save plan</Button>
        {bandError && <Alert>{bandError}</Alert>}
        {errors.formMessage && <Alert>{errors.formMessage}</Alert>}
        {save.isSuccess && <Alert tone="success">Plan saved.</Alert>}
      </div>
    </form>
  );
}

/** Floor and ceiling per product and currency for resellers' own prices. */
export function PriceLimitForm({ products }: { products: Array<{ id: string; sku: string; name: string }> }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const save = useMutation(trpc.resellers.setPriceLimit.mutationOptions({ onSuccess: refresh }));
  const errors = useFormErrors(save.error);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    await save.mutateAsync({ productId: String(form.get("productId")), currency: String(form.get("currency")), floorPrice: String(form.get("floor")), ceilingPrice: String(form.get("ceiling")) }).catch(() => null);
  }
  return (
    <form onSubmit={onSubmit} className="flex flex-wrap items-end gap-3" noValidate>
      <Field label="Product" htmlFor="limit-product" error={errors.fields.productId}>
        <Select id="limit-product" name="productId">{products.map((p) => <option key={p.id} value={p.id}>{p.sku} · {p.name}</option>)}</Select>
      </Field>
      <Field label="Currency" htmlFor="limit-currency"><Select id="limit-currency" name="currency" defaultValue="EUR">{CURRENCIES.map((c) => <option key={c}>{c}</option>)}</Select></Field>
      <Field label="Floor" htmlFor="limit-floor" error={errors.fields.floorPrice}><Input id="limit-floor" name="floor" inputMode="decimal" /></Field>
      <Field label="Ceiling" htmlFor="limit-ceiling" error={errors.fields.ceilingPrice}><Input id="limit-ceiling" name="ceiling" inputMode="decimal" /></Field>
      <Button type="submit" disabled={save.isPending}>Set limit</Button>
      {errors.formMessage && <Alert>{errors.formMessage}</Alert>}
    </form>
  );
}

export function SellablePlanToggle({ productId, allowed }: { productId: string; allowed: boolean }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const toggle = useMutation(trpc.resellers.setSellablePlan.mutationOptions({ onSuccess: refresh }));
  return (
    <Button variant={allowed ? "secondary" : "primary"} disabled={toggle.isPending} onClick={() => toggle.mutate({ productId, allowed: !allowed })} data-testid={`sellable-${productId}`}>
      {allowed ? "Stop offering" : "Offer to resellers"}
    </Button>
  );
}

/** Finance: settle a closed month now (the monthly schedule does it on the 3rd). */
export function SettleMonthForm({ defaultMonth }: { defaultMonth: string }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const queryClient = useQueryClient();
  // The runs table below polls on its own: show the new run at once.
  const settle = useMutation(trpc.resellers.settleMonth.mutationOptions({ onSuccess: () => { refresh(); void queryClient.invalidateQueries(trpc.resellers.runs.pathFilter()); } }));
  const errors = useFormErrors(settle.error);
  const [month, setMonth] = useState(defaultMonth);
  const [message, setMessage] = useState<string | null>(null);
  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const result = await settle.mutateAsync({ periodMonth: `${month}-01` }).catch(() => null);
    if (result) setMessage(result.created ? "Settlement queued." : "A settlement of this month is already queued or running.");
  }
  return (
    <form onSubmit={onSubmit} className="flex flex-wrap items-end gap-3" noValidate data-testid="settle-form">
      <Field label="Month" htmlFor="settle-month" error={errors.fields.periodMonth} hint="A closed month: statements are built once per reseller and month.">
        <Input id="settle-month" type="month" value={month} onChange={(e) => setMonth(e.target.value)} />
      </Field>
      <Button type="submit" disabled={settle.isPending} data-testid="settle-submit">{settle.isPending ? "Queuing…" : "Settle month"}</Button>
      {errors.formMessage && <Alert>{errors.formMessage}</Alert>}
      {message && <Alert tone="info">{message}</Alert>}
    </form>
  );
}

export function ApproveStatementButton({ statementId }: { statementId: string }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const approve = useMutation(trpc.resellers.approveStatement.mutationOptions({ onSuccess: refresh }));
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button disabled={approve.isPending} onClick={() => approve.mutate({ statementId })} data-testid="approve-statement">Approve and post</Button>
      {approve.error && <Alert>{approve.error.message}</Alert>}
    </div>
  );
}

export function PayoutForm({ statementId, owedMajor, currency }: { statementId: string; owedMajor: string; currency: string }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const pay = useMutation(trpc.resellers.recordPayout.mutationOptions({ onSuccess: refresh }));
  const errors = useFormErrors(pay.error);
  const [requestKey] = useState(() => `payout-${statementId}-${Date.now()}`);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    await pay.mutateAsync({ statementId, amount: String(form.get("amount")), paidOn: String(form.get("paidOn")), reference: String(form.get("reference") ?? ""), requestKey }).catch(() => null);
  }
  return (
    <form onSubmit={onSubmit} className="flex flex-wrap items-end gap-3" noValidate data-testid="payout-form">
      <Field label={`Amount (${currency})`} htmlFor="payout-amount" error={errors.fields.amount}><Input id="payout-amount" name="amount" defaultValue={owedMajor} inputMode="decimal" /></Field>
      <Field label="Paid on" htmlFor="payout-date" error={errors.fields.paidOn}><Input id="payout-date" name="paidOn" type="date" defaultValue={new Date().toISOString().slice(0, 10)} /></Field>
      <Field label="Reference" htmlFor="payout-ref"><Input id="payout-ref" name="reference" /></Field>
      <Button type="submit" disabled={pay.isPending}>Record payout</Button>
      {errors.formMessage && <Alert>{errors.formMessage}</Alert>}
    </form>
  );
}
