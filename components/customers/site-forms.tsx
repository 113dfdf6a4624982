"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/components/trpc/provider";
import { Alert, Button, Field, Input } from "@/components/ui/primitives";
import { siteInput } from "@/server/domain/customers/schemas";
import { useFormErrors, useRefresh } from "./use-form-mutation";

/** Adds a ship-to site; a client-chosen id makes a double submit add it once. */
export function AddSiteForm({ customerId }: { customerId: string }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const add = useMutation(trpc.customers.addSite.mutationOptions());
  const errors = useFormErrors(add.error);
  const [open, setOpen] = useState(false);
  const [key, setKey] = useState(() => crypto.randomUUID());
  const e = errors.fields;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const get = (k: string) => String(form.get(k) ?? "");
    const parsed = siteInput.safeParse({
      id: key, customerId, name: get("siteName"), addressLine1: get("siteAddressLine1"), addressLine2: get("siteAddressLine2"),
      postalCode: get("sitePostalCode"), city: get("siteCity"), countryCode: get("siteCountryCode"), isDefault: form.get("siteIsDefault") === "on",
    });
    if (!parsed.success) {
      add.reset();
      errors.setIssues(parsed.error.issues);
      return;
    }
    errors.clear();
    if (await add.mutateAsync(parsed.data).then(() => true, () => false)) {
      formElement.reset();
      setKey(crypto.randomUUID());
      setOpen(false);
      refresh();
    }
  }

  if (!open) return <Button type="button" variant="secondary" onClick={() => setOpen(true)} data-testid="add-site">Add ship-to site</Button>;
  return (
    <form onSubmit={onSubmit} className="space-y-4 rounded-brand border border-border p-4" noValidate data-testid="add-site-form">
      <h3 className="text-sm font-semibold">New ship-to site</h3>
      {errors.formMessage && <Alert>{errors.formMessage}</Alert>}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Site name" htmlFor="siteName" error={e.name}>
          <Input id="siteName" name="siteName" placeholder="Main warehouse" invalid={Boolean(e.name)} />
        </Field>
        <Field label="Address line 1" htmlFor="siteAddressLine1" error={e.addressLine1}>
          <Input id="siteAddressLine1" name="siteAddressLine1" invalid={Boolean(e.addressLine1)} />
        </Field>
        <Field label="Address line 2" htmlFor="siteAddressLine2" error={e.addressLine2}>
          <Input id="siteAddressLine2" name="siteAddressLine2" invalid={Boolean(e.addressLine2)} />
        </Field>
        <Field label="Postal code" htmlFor="sitePostalCode" error={e.postalCode}>
          <Input id="sitePostalCode" name="sitePostalCode" invalid={Boolean(e.postalCode)} />
        </Field>
        <Field label="City" htmlFor="siteCity" error={e.city}>
          <Input id="siteCity" name="siteCity" invalid={Boolean(e.city)} />
        </Field>
        <Field label="Country" htmlFor="siteCountryCode" error={e.countryCode} hint="Two letters, e.g. NL.">
          <Input id="siteCountryCode" name="siteCountryCode" maxLength={2} className="uppercase" invalid={Boolean(e.countryCode)} />
        </Field>
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="siteIsDefault" /> Make this the default ship-to site
      </label>
      <div className="flex gap-3">
        <Button type="submit" disabled={add.isPending}>{add.isPending ? "Adding…" : "Add site"}</Button>
        <Button type="button" variant="ghost" onClick={() => setOpen(false)}>Cancel</Button>
      </div>
    </form>
  );
}

export function SetDefaultSiteButton({ customerId, siteId }: { customerId: string; siteId: string }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const setDefault = useMutation(trpc.customers.setDefaultSite.mutationOptions({ onSuccess: refresh }));
  return (
    <span className="inline-flex items-center gap-2">
      <Button type="button" variant="ghost" className="px-2 py-1" disabled={setDefault.isPending} onClick={() => setDefault.mutate({ customerId, siteId })}>
        {setDefault.isPending ? "Saving…" : "Make default"}
      </Button>
      {setDefault.error && <span className="text-xs text-red-600" role="alert">{setDefault.error.message}</span>}
    </span>
  );
}
