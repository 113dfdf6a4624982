"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useFormErrors, useRefresh } from "@/components/customers/use-form-mutation";
import { useTRPC } from "@/components/trpc/provider";
import { Alert, Button, Field, Input } from "@/components/ui/primitives";
import { API_DOMAINS, type ApiScope } from "@/db/schema/api";
import { createApiKeyInput } from "@/server/domain/api/schemas";

const DOMAIN_LABELS: Record<(typeof API_DOMAINS)[number], string> = {
  customers: "Customers",
  subscriptions: "Subscriptions",
  orders: "Orders",
  usage: "Usage",
  catalog: "Catalog",
  events: "Events",
};

/** Create a key: a name, read/write scopes per domain, an optional expiry. The secret is shown once. */
export function CreateApiKeyForm() {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const create = useMutation(trpc.apiKeys.create.mutationOptions());
  const errors = useFormErrors(create.error);
  const [name, setName] = useState("");
  const [expiresAt, setExpiresAt] = useState("");
  const [scopes, setScopes] = useState<Set<ApiScope>>(new Set());
  const [secret, setSecret] = useState<{ value: string; name: string } | null>(null);
  const [copied, setCopied] = useState(false);

  const toggle = (scope: ApiScope) => setScopes((s) => {
    const next = new Set(s);
    if (next.has(scope)) next.delete(scope);
    else next.add(scope);
    return next;
  });

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const raw = { name, scopes: [...scopes], expiresAt: expiresAt ? new Date(`${expiresAt}T23:59:59Z`) : null };
    const parsed = createApiKeyInput.safeParse(raw);
    if (!parsed.success) {
      create.reset();
      errors.setIssues(parsed.error.issues);
      return;
    }
    errors.clear();
    const result = await create.mutateAsync(raw).catch(() => null);
    if (!result) return;
    setSecret({ value: result.secret, name: result.key.name });
    setCopied(false);
    setName("");
    setExpiresAt("");
    setScopes(new Set());
    refresh();
  }

  return (
    <div className="space-y-4">
      {secret && (
        <div className="space-y-2 rounded-brand border border-emerald-300 bg-emerald-50 p-4" data-testid="new-key-secret">
          <p className="text-sm font-semibold text-emerald-900">Key “{secret.name}” created. Copy the secret now: it is shown only this once.</p>
          <div className="flex flex-wrap items-center gap-2">
            <code className="break-all rounded bg-white px-2 py-1 font-mono text-sm text-foreground ring-1 ring-emerald-200" data-testid="secret-value">{secret.value}</code>
            <Button type="button" variant="secondary" onClick={() => navigator.clipboard?.writeText(secret.value).then(() => setCopied(true), () => setCopied(false))}>{copied ? "Copied" : "Copy"}</Button>
            <Button type="button" variant="ghost" onClick={() => setSecret(null)}>I have stored it</Button>
          </div>
          <p className="text-xs text-emerald-900">Send it as <code>Authorization: Bearer {secret.value.slice(0, 12)}…</code> to <code>/api/v1</code>.</p>
        </div>
      )}
      <form onSubmit={onSubmit} className="space-y-3" noValidate data-testid="new-api-key-form">
        {errors.formMessage && <Alert>{errors.formMessage}</Alert>}
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label="Name" htmlFor="key-name" error={errors.fields.name} hint="Where the key is used, e.g. “ERP sync”">
            <Input id="key-name" value={name} onChange={(e) => setName(e.target.value)} invalid={Boolean(errors.fields.name)} />
          </Field>
          <Field label="Expires (optional)" htmlFor="key-expiry" error={errors.fields.expiresAt} hint="End of that day, UTC; empty for no expiry">
            <Input id="key-expiry" type="date" value={expiresAt} onChange={(e) => setExpiresAt(e.target.value)} invalid={Boolean(errors.fields.expiresAt)} />
          </Field>
        </div>
        <fieldset>
          <legend className="text-sm font-medium text-foreground">Scopes</legend>
          <p className="text-xs text-muted">Write includes read. A key can call only what its scopes name.</p>
          <table className="mt-2 text-sm">
            <thead>
              <tr className="text-left text-xs uppercase tracking-wide text-muted"><th className="pr-6 font-medium">Domain</th><th className="pr-6 font-medium">Read</th><th className="font-medium">Write</th></tr>
            </thead>
            <tbody>
              {API_DOMAINS.map((domain) => (
                <tr key={domain}>
                  <td className="py-1 pr-6">{DOMAIN_LABELS[domain]}</td>
                  {(["read", "write"] as const).map((access) => {
                    const scope = `${domain}:${access}` as ApiScope;
                    return (
                      <td key={access} className="py-1 pr-6">
                        <input type="checkbox" aria-label={`${DOMAIN_LABELS[domain]} ${access}`} checked={scopes.has(scope)} onChange={() => toggle(scope)} />
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
          {errors.fields.scopes && <p className="mt-1 text-xs text-red-600" role="alert">{errors.fields.scopes}</p>}
        </fieldset>
        <Button type="submit" disabled={create.isPending}>{create.isPending ? "Creating…" : "Create API key"}</Button>
      </form>
    </div>
  );
}

/** Revoke a key: the next request with it is a 401. */
export function RevokeApiKeyButton({ id, name }: { id: string; name: string }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const revoke = useMutation(trpc.apiKeys.revoke.mutationOptions({ onSuccess: () => refresh() }));
  return (
    <span className="inline-flex flex-col items-end gap-1">
      <Button
        variant="ghost"
        disabled={revoke.isPending}
        aria-label={`Revoke ${name}`}
        onClick={() => {
          if (window.confirm(`Revoke “${name}”? Requests with it will fail at once.`)) revoke.mutate({ id });
        }}
      >
        Revoke
      </Button>
      {revoke.error && <span className="text-xs text-red-600" role="alert">{revoke.error.message}</span>}
    </span>
  );
}
