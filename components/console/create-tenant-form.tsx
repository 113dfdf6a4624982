"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/components/trpc/provider";
import { Alert, Button, Card, Field, Input, Select } from "@/components/ui/primitives";
import { createTenantInput } from "@/server/domain/tenancy/tenant-schemas";
import { THEME_PRESET_NAMES } from "@/themes";
import { fieldErrorsOf, formErrorMessage, issuesByPath } from "./form-errors";

/** Creates a tenant and its first admin. The same zod schema validates here and on the server. */
export function CreateTenantForm({ baseDomain }: { baseDomain: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const create = useMutation(trpc.platform.createTenant.mutationOptions());
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const [slug, setSlug] = useState("");
  const errors = { ...fieldErrorsOf(create.error), ...clientErrors };

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = {
      slug: String(form.get("slug") ?? ""),
      name: String(form.get("name") ?? ""),
      themePreset: String(form.get("themePreset") ?? ""),
      admin: { name: String(form.get("adminName") ?? ""), email: String(form.get("adminEmail") ?? ""), password: String(form.get("adminPassword") ?? "") },
    };
    const parsed = createTenantInput.safeParse(input);
    if (!parsed.success) {
      create.reset();
      setClientErrors(issuesByPath(parsed.error.issues));
      return;
    }
    setClientErrors({});
    const result = await create.mutateAsync(parsed.data).catch(() => null);
    if (result) router.push(`/tenants/${result.slug}?created=1`);
  }

  const serverMessage = create.error && Object.keys(fieldErrorsOf(create.error)).length === 0 ? formErrorMessage(create.error) : null;
  return (
    <Card>
      <form onSubmit={onSubmit} className="space-y-5" noValidate>
        {serverMessage && <Alert>{serverMessage}</Alert>}
        {create.error && errors.slug && <Alert>{errors.slug}</Alert>}
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Slug" htmlFor="slug" error={errors.slug} hint={`Portal at ${slug || "slug"}.${baseDomain}`}>
            <Input id="slug" name="slug" value={slug} onChange={(e) => setSlug(e.target.value)} placeholder="initech" invalid={Boolean(errors.slug)} />
          </Field>
          <Field label="Company name" htmlFor="name" error={errors.name}>
            <Input id="name" name="name" placeholder="Initech Supply" invalid={Boolean(errors.name)} />
          </Field>
        </div>
        <Field label="Theme preset" htmlFor="themePreset" error={errors.themePreset}>
          <Select id="themePreset" name="themePreset" defaultValue="harbor">
            {THEME_PRESET_NAMES.map((p) => <option key={p} value={p}>{p}</option>)}
          </Select>
        </Field>
        <fieldset className="space-y-4 rounded-brand border border-border p-4">
          <legend className="px-1 text-sm font-medium">First admin (owner)</legend>
          <Field label="Name" htmlFor="adminName" error={errors["admin.name"]}>
            <Input id="adminName" name="adminName" invalid={Boolean(errors["admin.name"])} />
          </Field>
          <Field label="Email" htmlFor="adminEmail" error={errors["admin.email"]}>
            <Input id="adminEmail" name="adminEmail" type="email" invalid={Boolean(errors["admin.email"])} />
          </Field>
          <Field label="Initial password" htmlFor="adminPassword" error={errors["admin.password"]} hint="At least 10 characters; an existing login keeps its own password.">
            <Input id="adminPassword" name="adminPassword" type="password" autoComplete="new-password" invalid={Boolean(errors["admin.password"])} />
          </Field>
        </fieldset>
        <div className="flex justify-end">
          <Button type="submit" disabled={create.isPending} data-testid="create-tenant-submit">
            {create.isPending ? "Creating…" : "Create tenant"}
          </Button>
        </div>
      </form>
    </Card>
  );
}
