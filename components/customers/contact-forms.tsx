"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/components/trpc/provider";
import { Alert, Button, Field, Input, Select } from "@/components/ui/primitives";
import { contactInput, inviteContactInput } from "@/server/domain/customers/schemas";
import { useFormErrors, useRefresh } from "./use-form-mutation";

export function AddContactForm({ customerId }: { customerId: string }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const add = useMutation(trpc.customers.addContact.mutationOptions());
  const errors = useFormErrors(add.error);
  const [open, setOpen] = useState(false);
  const e = errors.fields;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const get = (k: string) => String(form.get(k) ?? "");
    const parsed = contactInput.safeParse({ customerId, name: get("contactName"), email: get("contactEmail"), phone: get("contactPhone"), role: get("contactRole") });
    if (!parsed.success) {
      add.reset();
      errors.setIssues(parsed.error.issues);
      return;
    }
    errors.clear();
    if (await add.mutateAsync(parsed.data).then(() => true, () => false)) {
      formElement.reset();
      setOpen(false);
      refresh();
    }
  }

  if (!open) return <Button type="button" variant="secondary" onClick={() => setOpen(true)} data-testid="add-contact">Add contact</Button>;
  return (
    <form onSubmit={onSubmit} className="space-y-4 rounded-brand border border-border p-4" noValidate data-testid="add-contact-form">
      <h3 className="text-sm font-semibold">New contact</h3>
      {errors.formMessage && <Alert>{errors.formMessage}</Alert>}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Name" htmlFor="contactName" error={e.name}>
          <Input id="contactName" name="contactName" invalid={Boolean(e.name)} />
        </Field>
        <Field label="Email" htmlFor="contactEmail" error={e.email}>
          <Input id="contactEmail" name="contactEmail" type="email" invalid={Boolean(e.email)} />
        </Field>
        <Field label="Phone" htmlFor="contactPhone" error={e.phone}>
          <Input id="contactPhone" name="contactPhone" type="tel" invalid={Boolean(e.phone)} />
        </Field>
        <Field label="Role at the customer" htmlFor="contactRole" error={e.role} hint="e.g. purchasing, accounts payable">
          <Input id="contactRole" name="contactRole" invalid={Boolean(e.role)} />
        </Field>
      </div>
      <div className="flex gap-3">
        <Button type="submit" disabled={add.isPending}>{add.isPending ? "Adding…" : "Add contact"}</Button>
        <Button type="button" variant="ghost" onClick={() => setOpen(false)}>Cancel</Button>
      </div>
    </form>
  );
}

/**
 * Invites a contact as a customer-portal user with an initial password the operator shares. The
 * result says whether a login was created or the person keeps their existing password.
 */
export function InviteContactForm({ customerId, contactId, email, hasAccess }: { customerId: string; contactId: string; email: string; hasAccess: boolean }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const invite = useMutation(trpc.customers.inviteContact.mutationOptions());
  const errors = useFormErrors(invite.error);
  const [open, setOpen] = useState(false);
  const [result, setResult] = useState<string | null>(null);
  const e = errors.fields;
  const id = (k: string) => `${k}-${contactId}`;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const parsed = inviteContactInput.safeParse({ customerId, contactId, role: String(form.get("inviteRole") ?? ""), password: String(form.get("invitePassword") ?? "") });
    if (!parsed.success) {
      invite.reset();
      errors.setIssues(parsed.error.issues);
      return;
    }
    errors.clear();
    const done = await invite.mutateAsync(parsed.data).catch(() => null);
    if (done) {
      setResult(done.message);
      setOpen(false);
      refresh();
    }
  }

  // Kept across the refresh that follows the invite, so the operator reads what happened to the password.
  if (result) return <Alert tone="success" testId="invite-result">{result}</Alert>;
  if (hasAccess) return null;
  if (!open) return <Button type="button" variant="ghost" className="px-2 py-1" onClick={() => setOpen(true)} data-testid="invite-contact">Invite to portal</Button>;
  return (
    <form onSubmit={onSubmit} className="mt-2 space-y-3 rounded-brand border border-border p-3" noValidate data-testid="invite-form">
      <p className="text-sm">Give <span className="font-medium">{email}</span> access to the customer portal.</p>
      {errors.formMessage && <Alert>{errors.formMessage}</Alert>}
      {e.contactId && <Alert>{e.contactId}</Alert>}
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Portal role" htmlFor={id("inviteRole")} error={e.role}>
          <Select id={id("inviteRole")} name="inviteRole" defaultValue="customer_buyer">
            <option value="customer_buyer">Buyer: orders and subscriptions</option>
            <option value="customer_admin">Customer admin: also manages their people</option>
          </Select>
        </Field>
        <Field label="Initial password" htmlFor={id("invitePassword")} error={e.password} hint="At least 10 characters. An existing login keeps its own password.">
          <Input id={id("invitePassword")} name="invitePassword" type="password" autoComplete="new-password" invalid={Boolean(e.password)} />
        </Field>
      </div>
      <div className="flex gap-3">
        <Button type="submit" disabled={invite.isPending}>{invite.isPending ? "Inviting…" : "Give access"}</Button>
        <Button type="button" variant="ghost" onClick={() => setOpen(false)}>Cancel</Button>
      </div>
    </form>
  );
}
