"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { type FormEvent } from "react";
import { useFormErrors } from "@/components/customers/use-form-mutation";
import { useTRPC } from "@/components/trpc/provider";
import { Alert, Button, Field, Input } from "@/components/ui/primitives";

/** Accept a reseller invitation: name and password; an existing login keeps its own password. */
export function AcceptInvitationForm({ token, email, name }: { token: string; email: string; name: string }) {
  const trpc = useTRPC();
  const accept = useMutation(trpc.invitations.accept.mutationOptions());
  const errors = useFormErrors(accept.error);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    await accept.mutateAsync({ token, name: String(form.get("name") ?? ""), password: String(form.get("password") ?? "") }).catch(() => null);
  }
  if (accept.data) {
    return (
      <Alert tone="success" testId="invitation-accepted">
        Welcome aboard. {accept.data.loginCreated ? "Your login is ready." : "Use the password you already have."} <Link className="font-medium underline" href="/sign-in">Sign in</Link>
      </Alert>
    );
  }
  return (
    <form onSubmit={onSubmit} className="space-y-3" noValidate data-testid="accept-invitation-form">
      <p className="text-sm text-muted">Signing up as <strong>{email}</strong></p>
      <Field label="Your name" htmlFor="inv-name" error={errors.fields.name}><Input id="inv-name" name="name" defaultValue={name} /></Field>
      <Field label="Choose a password" htmlFor="inv-password" error={errors.fields.password} hint="At least 10 characters. If you already have a login, it keeps its own password."><Input id="inv-password" name="password" type="password" autoComplete="new-password" /></Field>
      <Button type="submit" disabled={accept.isPending} data-testid="accept-invitation-submit">Accept invitation</Button>
      {errors.formMessage && <Alert>{errors.formMessage}</Alert>}
    </form>
  );
}
