"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { uuidv7 } from "uuidv7";
import { useFormErrors } from "@/components/customers/use-form-mutation";
import { useTRPC } from "@/components/trpc/provider";
import { Alert, Button, Card, Field, Input, Select } from "@/components/ui/primitives";
import { CURRENCIES } from "@/server/domain/money/money";
import { draftToInput, ItemEditor, type FormOptions, type ItemDraft } from "./item-editor";

const today = () => new Date().toISOString().slice(0, 10);
const yearLater = (iso: string) => `${Number(iso.slice(0, 4)) + 1}${iso.slice(4)}`;

/**
 * A new contract in draft. The currency follows the customer (another one is refused by the
 * server); items are priced by the server's price resolution on the term start. A client id makes
 * a double submit create one contract.
 */
export function SubscriptionForm({ options }: { options: FormOptions }) {
  const trpc = useTRPC();
  const router = useRouter();
  const create = useMutation(trpc.subscriptions.create.mutationOptions());
  const errors = useFormErrors(create.error);
  const e = errors.fields;
  const [clientId] = useState(() => uuidv7());
  const [customerId, setCustomerId] = useState("");
  const customer = options.customers.find((c) => c.id === customerId);
  const [currency, setCurrency] = useState("EUR");
  const [termStart, setTermStart] = useState(today());
  const [termEnd, setTermEnd] = useState(yearLater(today()));
  const [planId, setPlanId] = useState("");
  const [items, setItems] = useState<ItemDraft[]>([]);
  const sites = options.sites.filter((s) => s.customerId === customerId);

  function chooseCustomer(id: string) {
    setCustomerId(id);
    const c = options.customers.find((x) => x.id === id);
    if (c) setCurrency(c.currency);
    const site = options.sites.find((s) => s.customerId === id && s.isDefault) ?? options.sites.find((s) => s.customerId === id);
    setItems((list) => list.map((d) => (d.kind === "delivery" ? { ...d, shipToSiteId: site?.id ?? "" } : d)));
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const anchor = String(form.get("anchorDay") ?? "").trim();
    const result = await create
      .mutateAsync({
        id: clientId,
        customerId,
        currency,
        termStart,
        termEnd,
        autoRenew: form.get("autoRenew") === "on",
        renewalTermMonths: Number(form.get("renewalTermMonths")),
        billingInterval: String(form.get("billingInterval")) as "month" | "quarter" | "year",
        ...(anchor ? { anchorDay: Number(anchor) } : {}),
        priority: Number(form.get("priority") || 0),
        ...(planId ? { planId } : {}),
        items: items.map((d) => draftToInput(d, currency)),
      })
      .catch(() => null);
    if (result) router.push(`/operator/subscriptions/${result.subscription.id}`);
  }

  return (
    <form onSubmit={onSubmit} className="space-y-6" noValidate data-testid="subscription-form">
      {errors.formMessage && <Alert testId="form-error">{errors.formMessage}</Alert>}
      <Card title="Contract">
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Customer" htmlFor="customerId" error={e.customerId}>
            <Select id="customerId" value={customerId} onChange={(ev) => chooseCustomer(ev.target.value)} data-testid="subscription-customer">
              <option value="">Choose…</option>
              {options.customers.map((c) => <option key={c.id} value={c.id}>{c.name} ({c.currency})</option>)}
            </Select>
          </Field>
          <Field label="Currency" htmlFor="currency" error={e.currency} hint={customer ? `The customer is billed in ${customer.currency}` : undefined}>
            <Select id="currency" value={currency} onChange={(ev) => setCurrency(ev.target.value)} data-testid="subscription-currency">
              {CURRENCIES.map((c) => <option key={c} value={c}>{c}</option>)}
            </Select>
          </Field>
          <Field label="Term start" htmlFor="termStart" error={e.termStart}>
            <Input id="termStart" type="date" value={termStart} onChange={(ev) => setTermStart(ev.target.value)} data-testid="subscription-term-start" />
          </Field>
          <Field label="Term end" htmlFor="termEnd" error={e.termEnd}>
            <Input id="termEnd" type="date" value={termEnd} onChange={(ev) => setTermEnd(ev.target.value)} data-testid="subscription-term-end" />
          </Field>
          <Field label="Billing interval" htmlFor="billingInterval" error={e.billingInterval}>
            <Select id="billingInterval" name="billingInterval" defaultValue="month" data-testid="subscription-interval">
              <option value="month">Monthly</option>
              <option value="quarter">Quarterly</option>
              <option value="year">Yearly</option>
            </Select>
          </Field>
          <Field label="Anchor day" htmlFor="anchorDay" error={e.anchorDay} hint="1-31; blank: the term start's day. Clamped to the month's end.">
            <Input id="anchorDay" name="anchorDay" inputMode="numeric" placeholder={termStart.slice(8, 10)} data-testid="subscription-anchor" />
          </Field>
          <Field label="Renewal term (months)" htmlFor="renewalTermMonths" error={e.renewalTermMonths}>
            <Input id="renewalTermMonths" name="renewalTermMonths" inputMode="numeric" defaultValue="12" />
          </Field>
          <Field label="Priority" htmlFor="priority" error={e.priority} hint="Higher is served first when stock is short">
            <Input id="priority" name="priority" inputMode="numeric" defaultValue="0" />
          </Field>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="autoRenew" defaultChecked /> Renews automatically at term end
          </label>
        </div>
      </Card>
      <Card title="Items">
        <div className="space-y-4">
          <Field label="Start from a plan (optional)" htmlFor="planId" error={e.planId} hint="The plan's items are added before the items below">
            <Select id="planId" value={planId} onChange={(ev) => setPlanId(ev.target.value)} data-testid="subscription-plan">
              <option value="">No plan</option>
              {options.plans.map((p) => <option key={p.id} value={p.id}>{p.name} ({p.sku})</option>)}
            </Select>
          </Field>
          {e.items && <Alert testId="items-error">{e.items}</Alert>}
          {items.length === 0 && !planId && <p className="text-sm text-muted">Add items below, or start from a plan.</p>}
          <ItemEditor items={items} onChange={setItems} options={options} sites={sites} errors={e} currency={currency} defaultDeliveryDate={termStart} />
        </div>
      </Card>
      <div className="flex justify-end">
        <Button type="submit" disabled={create.isPending || !customerId} data-testid="create-subscription-submit">
          {create.isPending ? "Creating…" : "Create subscription"}
        </Button>
      </div>
    </form>
  );
}
