"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent } from "react";
import { useTRPC } from "@/components/trpc/provider";
import { Alert, Button, Card, Field, Input, Select } from "@/components/ui/primitives";
import { createCustomerInput, updateCustomerInput } from "@/server/domain/customers/schemas";
import { CURRENCIES, fromMinor, toMinor } from "@/server/domain/money/money";
import { useFormErrors } from "./use-form-mutation";

export interface CustomerFormValues {
  id: string;
  code: string | null;
  name: string;
  resellerId: string | null;
  currency: string;
  paymentTermsDays: number;
  taxJurisdiction: string;
  creditLimitMinor: bigint;
  billToName: string;
  billToEmail: string;
  addressLine1: string;
  addressLine2: string;
  city: string;
  postalCode: string;
  countryCode: string;
}

const TEXT_FIELDS = ["name", "taxJurisdiction", "billToName", "billToEmail", "addressLine1", "addressLine2", "city", "postalCode", "countryCode"] as const;

/** The credit limit is typed in major units (12,500.00) and sent in minor units; a non-number is left for zod to reject. */
function creditLimitMinorOf(raw: string, currency: string): bigint | null {
  const text = raw.trim().replace(/[,\s]/g, "");
  if (text === "") return 0n;
  if (!/^-?\d+(\.\d+)?$/.test(text)) return null;
  try {
    return toMinor(text, currency);
  } catch {
    return null;
  }
}

/**
 * New customer, or edit an existing one (`initial`). The same zod schema checks the input here and
 * on the server; server field errors (unknown currency, a code in use) show under their fields.
 */
export function CustomerForm({ resellers, initial }: { resellers: Array<{ id: string; name: string }> | null; initial?: CustomerFormValues }) {
  const trpc = useTRPC();
  const router = useRouter();
  const create = useMutation(trpc.customers.create.mutationOptions());
  const update = useMutation(trpc.customers.update.mutationOptions());
  const active = initial ? update : create;
  const errors = useFormErrors(active.error);
  const e = errors.fields;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const get = (k: string) => String(form.get(k) ?? "");
    const currency = get("currency").toUpperCase();
    const values = {
      ...Object.fromEntries(TEXT_FIELDS.map((k) => [k, get(k)])),
      code: get("code").trim() || undefined,
      currency,
      paymentTermsDays: get("paymentTermsDays").trim() === "" ? Number.NaN : Number(get("paymentTermsDays")),
      creditLimitMinor: creditLimitMinorOf(get("creditLimit"), currency),
      ...(resellers ? { resellerId: get("resellerId") || null } : {}),
    };
    const parsed = initial ? updateCustomerInput.safeParse({ ...values, id: initial.id }) : createCustomerInput.safeParse(values);
    const amountIssue = values.creditLimitMinor === null ? [{ path: ["creditLimit"], message: "Enter an amount such as 10000.00" }] : [];
    if (!parsed.success || amountIssue.length) {
      active.reset();
      const issues = parsed.success ? [] : parsed.error.issues.filter((i) => !(amountIssue.length && i.path[0] === "creditLimitMinor"));
      errors.setIssues([...issues.map((i) => (i.path[0] === "creditLimitMinor" ? { ...i, path: ["creditLimit"] } : i)), ...amountIssue]);
      return;
    }
    errors.clear();
    if (initial) {
      const result = await update.mutateAsync(parsed.data as typeof updateCustomerInput._output).catch(() => null);
      if (result) {
        router.push(`/operator/customers/${initial.id}?saved=1`);
        router.refresh();
      }
    } else {
      const result = await create.mutateAsync(parsed.data as typeof createCustomerInput._output).catch(() => null);
      if (result) router.push(`/operator/customers/${result.customer.id}${result.created ? "?created=1" : "?existing=1"}`);
    }
  }

  const creditError = e.creditLimit ?? e.creditLimitMinor;
  const initialLimit = initial ? safeMajor(initial.creditLimitMinor, initial.currency) : "";
  return (
    <form onSubmit={onSubmit} className="space-y-6" noValidate data-testid="customer-form">
      {errors.formMessage && <Alert>{errors.formMessage}</Alert>}
      <Card title="Account">
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Name" htmlFor="name" error={e.name}>
            <Input id="name" name="name" defaultValue={initial?.name} placeholder="Northwind Clinic" invalid={Boolean(e.name)} />
          </Field>
          <Field label="Code" htmlFor="code" error={e.code} hint={initial ? "Unique in this workspace." : "Leave empty to get the next number (C-000042)."}>
            <Input id="code" name="code" defaultValue={initial?.code ?? ""} placeholder="C-000042" invalid={Boolean(e.code)} />
          </Field>
          {resellers && (
            <Field label="Reseller" htmlFor="resellerId" error={e.resellerId} hint="Customers of a reseller are visible to that reseller.">
              <Select id="resellerId" name="resellerId" defaultValue={initial?.resellerId ?? ""}>
                <option value="">Direct customer (no reseller)</option>
                {resellers.map((r) => <option key={r.id} value={r.id}>{r.name}</option>)}
              </Select>
            </Field>
          )}
        </div>
      </Card>
      <Card title="Sold-to address">
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Address line 1" htmlFor="addressLine1" error={e.addressLine1}>
            <Input id="addressLine1" name="addressLine1" defaultValue={initial?.addressLine1} invalid={Boolean(e.addressLine1)} />
          </Field>
          <Field label="Address line 2" htmlFor="addressLine2" error={e.addressLine2}>
            <Input id="addressLine2" name="addressLine2" defaultValue={initial?.addressLine2} invalid={Boolean(e.addressLine2)} />
          </Field>
          <Field label="Postal code" htmlFor="postalCode" error={e.postalCode}>
            <Input id="postalCode" name="postalCode" defaultValue={initial?.postalCode} invalid={Boolean(e.postalCode)} />
          </Field>
          <Field label="City" htmlFor="city" error={e.city}>
            <Input id="city" name="city" defaultValue={initial?.city} invalid={Boolean(e.city)} />
          </Field>
          <Field label="Country" htmlFor="countryCode" error={e.countryCode} hint="Two letters, e.g. NL or DE.">
            <Input id="countryCode" name="countryCode" defaultValue={initial?.countryCode} maxLength={2} className="uppercase" invalid={Boolean(e.countryCode)} />
          </Field>
        </div>
      </Card>
      <Card title="Bill-to contact">
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Name" htmlFor="billToName" error={e.billToName}>
            <Input id="billToName" name="billToName" defaultValue={initial?.billToName} placeholder="Accounts payable" invalid={Boolean(e.billToName)} />
          </Field>
          <Field label="Email" htmlFor="billToEmail" error={e.billToEmail} hint="Invoices go here.">
            <Input id="billToEmail" name="billToEmail" type="email" defaultValue={initial?.billToEmail} invalid={Boolean(e.billToEmail)} />
          </Field>
        </div>
      </Card>
      <Card title="Commercial terms">
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Currency" htmlFor="currency" error={e.currency}>
            <Select id="currency" name="currency" defaultValue={initial?.currency ?? "EUR"}>
              {CURRENCIES.map((c) => <option key={c} value={c}>{c}</option>)}
            </Select>
          </Field>
          <Field label="Payment terms (days)" htmlFor="paymentTermsDays" error={e.paymentTermsDays}>
            <Input id="paymentTermsDays" name="paymentTermsDays" type="number" min={0} max={365} defaultValue={initial?.paymentTermsDays ?? 30} invalid={Boolean(e.paymentTermsDays)} />
          </Field>
          <Field label="Tax jurisdiction" htmlFor="taxJurisdiction" error={e.taxJurisdiction} hint="e.g. NL, DE-BY, US-CA">
            <Input id="taxJurisdiction" name="taxJurisdiction" defaultValue={initial?.taxJurisdiction} invalid={Boolean(e.taxJurisdiction)} />
          </Field>
          <Field label="Credit limit" htmlFor="creditLimit" error={creditError} hint="In the account's currency; 0 means no credit.">
            <Input id="creditLimit" name="creditLimit" inputMode="decimal" defaultValue={initialLimit} placeholder="10000.00" invalid={Boolean(creditError)} />
          </Field>
        </div>
      </Card>
      <div className="flex justify-end gap-3">
        <Button type="button" variant="secondary" onClick={() => router.back()}>Cancel</Button>
        <Button type="submit" disabled={active.isPending} data-testid="customer-submit">
          {active.isPending ? "Saving…" : initial ? "Save changes" : "Create customer"}
        </Button>
      </div>
    </form>
  );
}

function safeMajor(minor: bigint, currency: string): string {
  try {
    return fromMinor(minor, currency).toFixed();
  } catch {
    return minor.toString();
  }
}
