"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useFormErrors, useRefresh } from "@/components/customers/use-form-mutation";
import { useTRPC } from "@/components/trpc/provider";
import { Alert, Button, Field, Input } from "@/components/ui/primitives";
import { EVENT_TYPES } from "@/server/domain/events/types";

/** The signing secret, shown once after creating an endpoint or rotating its secret. */
function SecretOnce({ secret, onDismiss }: { secret: string; onDismiss: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="space-y-2 rounded-brand border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900" data-testid="webhook-secret-panel">
      <p className="font-medium">Copy the signing secret now: it is shown only once.</p>
      <div className="flex flex-wrap items-center gap-2">
        <code className="break-all rounded bg-white px-2 py-1 font-mono text-xs" data-testid="webhook-secret">{secret}</code>
        <Button
          type="button"
          variant="secondary"
          onClick={() => void navigator.clipboard?.writeText(secret).then(() => setCopied(true), () => undefined)}
        >
          {copied ? "Copied" : "Copy"}
        </Button>
        <Button type="button" variant="ghost" onClick={onDismiss}>I have stored it</Button>
      </div>
      <p className="text-xs">Your receiver verifies each delivery&apos;s Tributary-Signature with it (see the webhook docs).</p>
    </div>
  );
}

function EventTypePicker({ value, onChange, idPrefix }: { value: string[]; onChange: (v: string[]) => void; idPrefix: string }) {
  const toggle = (type: string) => onChange(value.includes(type) ? value.filter((t) => t !== type) : [...value, type]);
  return (
    <fieldset className="space-y-1">
      <legend className="text-sm font-medium">Event types</legend>
      <p className="text-xs text-muted">None ticked: every event type, including ones added later.</p>
      <div className="grid gap-1 sm:grid-cols-2">
        {EVENT_TYPES.map((type) => (
          <label key={type} className="flex items-center gap-2 text-sm" htmlFor={`${idPrefix}-${type}`}>
            <input id={`${idPrefix}-${type}`} type="checkbox" checked={value.includes(type)} onChange={() => toggle(type)} />
            <code className="text-xs">{type}</code>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** Registers an endpoint; on success shows its signing secret once. */
export function CreateEndpointForm() {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const create = useMutation(trpc.webhooks.create.mutationOptions());
  const errors = useFormErrors(create.error);
  const [url, setUrl] = useState("");
  const [description, setDescription] = useState("");
  const [eventTypes, setEventTypes] = useState<string[]>([]);
  const [secret, setSecret] = useState<string | null>(null);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    errors.clear();
    const result = await create.mutateAsync({ url, description, eventTypes: eventTypes as (typeof EVENT_TYPES)[number][] }).catch(() => null);
    if (!result) return;
    setSecret(result.secret);
    setUrl("");
    setDescription("");
    setEventTypes([]);
    refresh();
  }

  return (
    <div className="space-y-3">
      {secret && <SecretOnce secret={secret} onDismiss={() => setSecret(null)} />}
      <form onSubmit={onSubmit} className="space-y-3" noValidate data-testid="new-webhook-form">
        {errors.formMessage && <Alert>{errors.formMessage}</Alert>}
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label="Endpoint URL" htmlFor="webhook-url" error={errors.fields.url} hint="https, reachable on the public internet">
            <Input id="webhook-url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://erp.example.com/tributary" invalid={Boolean(errors.fields.url)} />
          </Field>
          <Field label="Description" htmlFor="webhook-description" error={errors.fields.description}>
            <Input id="webhook-description" value={description} onChange={(e) => setDescription(e.target.value)} placeholder="ERP order sync" />
          </Field>
        </div>
        <EventTypePicker value={eventTypes} onChange={setEventTypes} idPrefix="new-webhook" />
        <Button type="submit" disabled={create.isPending}>{create.isPending ? "Checking URL…" : "Add endpoint"}</Button>
      </form>
    </div>
  );
}

/** Activate / deactivate, and secret rotation (new secret shown once; the old one keeps signing for 24 hours). */
export function EndpointActions({ id, active }: { id: string; active: boolean }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const update = useMutation(trpc.webhooks.update.mutationOptions({ onSuccess: () => refresh() }));
  const rotate = useMutation(trpc.webhooks.rotateSecret.mutationOptions());
  const [secret, setSecret] = useState<string | null>(null);
  const error = update.error ?? rotate.error;
  return (
    <div className="space-y-3">
      {secret && <SecretOnce secret={secret} onDismiss={() => setSecret(null)} />}
      <div className="flex flex-wrap gap-2">
        <Button variant="secondary" disabled={update.isPending} onClick={() => update.mutate({ id, active: !active })} data-testid="toggle-endpoint">
          {active ? "Deactivate" : "Activate"}
        </Button>
        <Button
          variant="secondary"
          disabled={rotate.isPending}
          data-testid="rotate-secret"
          onClick={() => {
            if (!window.confirm("Rotate the signing secret? The current one keeps signing alongside the new one for 24 hours.")) return;
            rotate.mutate({ id }, { onSuccess: (r) => { setSecret(r.secret); refresh(); } });
          }}
        >
          Rotate secret
        </Button>
      </div>
      {error && <Alert>{error.message}</Alert>}
    </div>
  );
}

/** Edits URL, description and event types. */
export function EditEndpointForm({ id, url: initialUrl, description: initialDescription, eventTypes: initialTypes }: { id: string; url: string; description: string; eventTypes: string[] }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const update = useMutation(trpc.webhooks.update.mutationOptions());
  const errors = useFormErrors(update.error);
  const [url, setUrl] = useState(initialUrl);
  const [description, setDescription] = useState(initialDescription);
  const [eventTypes, setEventTypes] = useState<string[]>(initialTypes);
  const [saved, setSaved] = useState(false);
  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const ok = await update.mutateAsync({ id, url, description, eventTypes: eventTypes as (typeof EVENT_TYPES)[number][] }).then(() => true, () => false);
    if (!ok) return;
    setSaved(true);
    refresh();
  }
  return (
    <form onSubmit={onSubmit} className="space-y-3" noValidate data-testid="edit-webhook-form">
      {errors.formMessage && <Alert>{errors.formMessage}</Alert>}
      {saved && <Alert tone="success">Endpoint saved.</Alert>}
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Endpoint URL" htmlFor={`edit-url-${id}`} error={errors.fields.url}>
          <Input id={`edit-url-${id}`} value={url} onChange={(e) => setUrl(e.target.value)} invalid={Boolean(errors.fields.url)} />
        </Field>
        <Field label="Description" htmlFor={`edit-description-${id}`} error={errors.fields.description}>
          <Input id={`edit-description-${id}`} value={description} onChange={(e) => setDescription(e.target.value)} />
        </Field>
      </div>
      <EventTypePicker value={eventTypes} onChange={setEventTypes} idPrefix={`edit-${id}`} />
      <Button type="submit" disabled={update.isPending}>{update.isPending ? "Saving…" : "Save endpoint"}</Button>
    </form>
  );
}

export function ReplayButton({ deliveryId }: { deliveryId: string }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const replay = useMutation(trpc.webhooks.replay.mutationOptions({ onSuccess: () => refresh() }));
  return (
    <span className="inline-flex flex-col items-end gap-1">
      <Button variant="ghost" disabled={replay.isPending} onClick={() => replay.mutate({ deliveryId })}>{replay.isSuccess ? "Queued" : "Replay"}</Button>
      {replay.error && <span className="text-xs text-red-600" role="alert">{replay.error.message}</span>}
    </span>
  );
}

/** Re-sends the endpoint's events with seq in [from, to] (creating deliveries for events from before it existed). */
export function ReplayRangeForm({ endpointId, latestSeq }: { endpointId: string; latestSeq: number }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const replay = useMutation(trpc.webhooks.replayRange.mutationOptions());
  const [from, setFrom] = useState(String(Math.max(1, latestSeq - 99)));
  const [to, setTo] = useState(String(Math.max(1, latestSeq)));
  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const r = await replay.mutateAsync({ endpointId, fromSeq: Number(from), toSeq: Number(to) }).catch(() => null);
    if (r) refresh();
  }
  return (
    <form onSubmit={onSubmit} className="flex flex-wrap items-end gap-3" noValidate data-testid="replay-range-form">
      <Field label="From event #" htmlFor="replay-from"><Input id="replay-from" type="number" min={1} value={from} onChange={(e) => setFrom(e.target.value)} /></Field>
      <Field label="To event #" htmlFor="replay-to"><Input id="replay-to" type="number" min={1} value={to} onChange={(e) => setTo(e.target.value)} /></Field>
      <Button type="submit" variant="secondary" disabled={replay.isPending}>Replay range</Button>
      {replay.data && <Alert tone="success">{replay.data.replayed} deliveries queued.</Alert>}
      {replay.error && <Alert>{replay.error.message}</Alert>}
    </form>
  );
}
