"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { uuidv7 } from "uuidv7";
import { useFormErrors, useRefresh } from "@/components/customers/use-form-mutation";
import { useTRPC } from "@/components/trpc/provider";
import { Alert, Button, Field, Input, Select } from "@/components/ui/primitives";
import { COLOR_TOKENS, FONT_NAMES, THEME_PRESET_NAMES, type ThemeOverrides } from "@/themes";
import { CURRENCIES } from "@/server/domain/money/money";

/** A new customer under the reseller (RLS puts it under the reseller), with a contact who gets a portal login. */
export function NewCustomerForm() {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const create = useMutation(trpc.customers.create.mutationOptions());
  const addSite = useMutation(trpc.customers.addSite.mutationOptions());
  const addContact = useMutation(trpc.customers.addContact.mutationOptions());
  const invite = useMutation(trpc.partner.inviteCustomerUser.mutationOptions());
  const errors = useFormErrors(create.error ?? addSite.error ?? addContact.error ?? invite.error);
  const [message, setMessage] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setMessage(null);
    const form = new FormData(event.currentTarget);
    const get = (k: string) => String(form.get(k) ?? "").trim();
    const address = { addressLine1: get("address"), city: get("city"), postalCode: get("postalCode"), countryCode: get("country") };
    const created = await create.mutateAsync({ name: get("name"), currency: get("currency"), billToEmail: get("email"), ...address }).catch(() => null);
    if (!created) return;
    const customerId = created.customer.id;
    // Deliveries (plans with a delivery schedule) need a ship-to site: the sold-to address is the first one.
    if (!(await addSite.mutateAsync({ customerId, name: "Main", ...address, isDefault: true }).catch(() => null))) return;
    if (get("email")) {
      const contact = await addContact.mutateAsync({ customerId, name: get("contactName") || get("name"), email: get("email") }).catch(() => null);
      if (contact && get("password")) {
        const result = await invite.mutateAsync({ customerId, contactId: contact.contact.id, role: "customer_admin", password: get("password") }).catch(() => null);
        if (result) setMessage(`${created.customer.name} created. ${result.message}`);
      } else if (contact) setMessage(`${created.customer.name} created with contact ${get("email")}.`);
    } else setMessage(`${created.customer.name} created.`);
    refresh();
  }

  return (
    <form onSubmit={onSubmit} className="grid gap-3 sm:grid-cols-3" noValidate data-testid="new-customer-form">
      <Field label="Company name" htmlFor="nc-name" error={errors.fields.name}><Input id="nc-name" name="name" invalid={Boolean(errors.fields.name)} /></Field>
      <Field label="Currency" htmlFor="nc-currency"><Select id="nc-currency" name="currency" defaultValue="EUR">{CURRENCIES.map((c) => <option key={c}>{c}</option>)}</Select></Field>
      <Field label="Address" htmlFor="nc-address" error={errors.fields.addressLine1}><Input id="nc-address" name="address" /></Field>
      <Field label="Postal code" htmlFor="nc-postal" error={errors.fields.postalCode}><Input id="nc-postal" name="postalCode" /></Field>
      <Field label="City" htmlFor="nc-city" error={errors.fields.city}><Input id="nc-city" name="city" /></Field>
      <Field label="Country (ISO code)" htmlFor="nc-country" error={errors.fields.countryCode}><Input id="nc-country" name="country" defaultValue="NL" maxLength={2} /></Field>
      <Field label="Contact name" htmlFor="nc-contact"><Input id="nc-contact" name="contactName" /></Field>
      <Field label="Contact email (billing and portal login)" htmlFor="nc-email" error={errors.fields.email ?? errors.fields.billToEmail}><Input id="nc-email" name="email" type="email" /></Field>
      <Field label="Initial portal password (optional)" htmlFor="nc-password" error={errors.fields.password} hint="At least 10 characters; share it securely."><Input id="nc-password" name="password" type="password" autoComplete="new-password" /></Field>
      <div className="sm:col-span-3 flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={create.isPending || addSite.isPending || addContact.isPending || invite.isPending} data-testid="new-customer-submit">Create customer</Button>
        {errors.formMessage && <Alert>{errors.formMessage}</Alert>}
        {message && <Alert tone="success" testId="new-customer-done">{message}</Alert>}
      </div>
    </form>
  );
}

/** Start a contract from a plan the tenant offers to resellers. */
export function StartSubscriptionForm({ customers }: { customers: Array<{ id: string; name: string }> }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const plans = useQuery(trpc.partner.plans.queryOptions());
  const start = useMutation(trpc.partner.startSubscription.mutationOptions({ onSuccess: refresh }));
  const errors = useFormErrors(start.error);
  const [id, setId] = useState(() => uuidv7());
  const [message, setMessage] = useState<string | null>(null);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const result = await start
      .mutateAsync({ id, customerId: String(form.get("customerId")), planId: String(form.get("planId")), termStart: String(form.get("termStart")), termMonths: Number(form.get("termMonths")) })
      .catch(() => null);
    if (result) {
      setMessage(`Subscription ${result.number} is active.`);
      setId(uuidv7());
    }
  }
  if (plans.data && plans.data.length === 0) return <p className="text-sm text-muted">The tenant offers no plans to resellers yet.</p>;
  return (
    <form onSubmit={onSubmit} className="flex flex-wrap items-end gap-3" noValidate data-testid="start-subscription-form">
      <Field label="Customer" htmlFor="ss-customer" error={errors.fields.customerId}>
        <Select id="ss-customer" name="customerId">{customers.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}</Select>
      </Field>
      <Field label="Plan" htmlFor="ss-plan" error={errors.fields.planId}>
        <Select id="ss-plan" name="planId">{(plans.data ?? []).map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}</Select>
      </Field>
      <Field label="Start" htmlFor="ss-start" error={errors.fields.termStart}><Input id="ss-start" name="termStart" type="date" defaultValue={new Date().toISOString().slice(0, 10)} /></Field>
      <Field label="Term (months)" htmlFor="ss-term" error={errors.fields.termMonths}><Input id="ss-term" name="termMonths" type="number" min={1} max={60} defaultValue={12} /></Field>
      <Button type="submit" disabled={start.isPending} data-testid="start-subscription-submit">Start subscription</Button>
      {errors.formMessage && <Alert>{errors.formMessage}</Alert>}
      {message && <Alert tone="success" testId="start-subscription-done">{message}</Alert>}
    </form>
  );
}

export function InviteAgentForm() {
  const trpc = useTRPC();
  const invite = useMutation(trpc.partner.inviteAgent.mutationOptions());
  const errors = useFormErrors(invite.error);
  const [link, setLink] = useState<string | null>(null);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const result = await invite.mutateAsync({ name: String(form.get("name")), email: String(form.get("email")), role: String(form.get("role")) as "reseller_agent" | "reseller_admin" }).catch(() => null);
    if (result) setLink(`${window.location.origin}${result.invitationPath}`);
  }
  return (
    <form onSubmit={onSubmit} className="flex flex-wrap items-end gap-3" noValidate data-testid="invite-agent-form">
      <Field label="Name" htmlFor="ia-name" error={errors.fields.name}><Input id="ia-name" name="name" /></Field>
      <Field label="Email" htmlFor="ia-email" error={errors.fields.email}><Input id="ia-email" name="email" type="email" /></Field>
      <Field label="Role" htmlFor="ia-role"><Select id="ia-role" name="role" defaultValue="reseller_agent"><option value="reseller_agent">Agent</option><option value="reseller_admin">Admin</option></Select></Field>
      <Button type="submit" disabled={invite.isPending}>Invite</Button>
      {errors.formMessage && <Alert>{errors.formMessage}</Alert>}
      {link && <Alert tone="success">Send this link (valid 14 days): <code className="break-all">{link}</code></Alert>}
    </form>
  );
}

/** The reseller's brand for its customers: a preset plus token overrides (validated on the server like a tenant's). */
export function BrandingForm({ initial }: { initial: { themePreset: string | null; overrides: ThemeOverrides } }) {
  const trpc = useTRPC();
  const router = useRouter();
  const save = useMutation(trpc.partner.updateBranding.mutationOptions({ onSuccess: () => router.refresh() }));
  const errors = useFormErrors(save.error);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const preset = String(form.get("preset") ?? "");
    const colors: Record<string, string> = {};
    for (const token of COLOR_TOKENS) {
      const v = String(form.get(`color-${token}`) ?? "").trim();
      if (v) colors[token] = v;
    }
    const logo = String(form.get("logo") ?? "").trim();
    const font = String(form.get("font") ?? "");
    const overrides = { ...(Object.keys(colors).length ? { colors } : {}), ...(logo ? { logo } : {}), ...(font ? { font } : {}) } as ThemeOverrides;
    await save.mutateAsync({ themePreset: (preset || null) as never, overrides }).catch(() => null);
  }
  const fieldError = (k: string) => Object.entries(errors.fields).find(([key]) => key.includes(k))?.[1];
  return (
    <form onSubmit={onSubmit} className="space-y-3" noValidate data-testid="branding-form">
      <div className="grid gap-3 sm:grid-cols-3">
        <Field label="Theme" htmlFor="br-preset" hint="None: your customers see the distributor's theme.">
          <Select id="br-preset" name="preset" defaultValue={initial.themePreset ?? ""}><option value="">None</option>{THEME_PRESET_NAMES.map((p) => <option key={p}>{p}</option>)}</Select>
        </Field>
        <Field label="Font" htmlFor="br-font"><Select id="br-font" name="font" defaultValue={initial.overrides.font ?? ""}><option value="">Theme default</option>{FONT_NAMES.map((f) => <option key={f}>{f}</option>)}</Select></Field>
        <Field label="Logo (a file under /logos/)" htmlFor="br-logo" error={fieldError("logo")}><Input id="br-logo" name="logo" defaultValue={initial.overrides.logo ?? ""} placeholder="/logos/bestparts.svg" /></Field>
      </div>
      <div className="grid gap-3 sm:grid-cols-4">
        {COLOR_TOKENS.map((token) => (
          <Field key={token} label={token} htmlFor={`br-${token}`} error={fieldError(token)}>
            <Input id={`br-${token}`} name={`color-${token}`} defaultValue={initial.overrides.colors?.[token] ?? ""} placeholder="#1a2b3c" />
          </Field>
        ))}
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={save.isPending} data-testid="branding-submit">Save branding</Button>
        {errors.formMessage && <Alert>{errors.formMessage}</Alert>}
        {save.isSuccess && <Alert tone="success">Saved: your customers see this brand on your domain.</Alert>}
      </div>
    </form>
  );
}

export function DomainForm() {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const add = useMutation(trpc.partner.addDomain.mutationOptions({ onSuccess: refresh }));
  const errors = useFormErrors(add.error);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    await add.mutateAsync({ host: String(new FormData(event.currentTarget).get("host") ?? "") }).catch(() => null);
  }
  return (
    <form onSubmit={onSubmit} className="flex flex-wrap items-end gap-3" noValidate data-testid="domain-form">
      <Field label="Your domain" htmlFor="dm-host" error={errors.fields.host} hint="Point it at this platform; your customers sign in there and see only your brand."><Input id="dm-host" name="host" placeholder="portal.bestparts.test" /></Field>
      <Button type="submit" disabled={add.isPending}>Add domain</Button>
      {errors.formMessage && <Alert>{errors.formMessage}</Alert>}
    </form>
  );
}

export function OwnPriceForm({ products }: { products: Array<{ id: string; label: string }> }) {
  const trpc = useTRPC();
  const set = useMutation(trpc.partner.setPrice.mutationOptions());
  const errors = useFormErrors(set.error);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    await set.mutateAsync({ productId: String(form.get("productId")), unitPrice: String(form.get("price")), effectiveFrom: String(form.get("from")) }).catch(() => null);
  }
  return (
    <form onSubmit={onSubmit} className="flex flex-wrap items-end gap-3" noValidate data-testid="own-price-form">
      <Field label="Product" htmlFor="op-product"><Select id="op-product" name="productId">{products.map((p) => <option key={p.id} value={p.id}>{p.label}</option>)}</Select></Field>
      <Field label="Your price" htmlFor="op-price" error={errors.fields.unitPrice}><Input id="op-price" name="price" inputMode="decimal" /></Field>
      <Field label="From" htmlFor="op-from" error={errors.fields.effectiveFrom}><Input id="op-from" name="from" type="date" defaultValue={new Date().toISOString().slice(0, 10)} /></Field>
      <Button type="submit" disabled={set.isPending}>Set price</Button>
      {errors.formMessage && <Alert>{errors.formMessage}</Alert>}
      {set.isSuccess && <Alert tone="success">Price saved.</Alert>}
    </form>
  );
}
