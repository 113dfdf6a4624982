"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useFormErrors, useRefresh } from "@/components/customers/use-form-mutation";
import { useTRPC } from "@/components/trpc/provider";
import { Alert, Button, Field, Input } from "@/components/ui/primitives";
import { createWarehouseInput } from "@/server/domain/inventory/schemas";

interface WarehouseValues { id?: string; code: string; name: string; priority: number; addressLine1: string; city: string; postalCode: string; countryCode: string }

const EMPTY: WarehouseValues = { code: "", name: "", priority: 0, addressLine1: "", city: "", postalCode: "", countryCode: "" };

/** Create a warehouse, or edit one (`initial` with its id). Higher priority is tried first by allocation. */
export function WarehouseForm({ initial, onDone }: { initial?: WarehouseValues; onDone?: () => void }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const create = useMutation(trpc.inventory.createWarehouse.mutationOptions());
  const update = useMutation(trpc.inventory.updateWarehouse.mutationOptions());
  const active = initial?.id ? update : create;
  const errors = useFormErrors(active.error);
  const [values, setValues] = useState<WarehouseValues>(initial ?? EMPTY);
  const [saved, setSaved] = useState(false);
  const set = (key: keyof WarehouseValues) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [key]: key === "priority" ? Number(e.target.value) : e.target.value }));

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const parsed = createWarehouseInput.safeParse({ ...values, addressLine2: "" });
    if (!parsed.success) {
      active.reset();
      errors.setIssues(parsed.error.issues);
      return;
    }
    errors.clear();
    const ok = initial?.id
      ? await update.mutateAsync({ id: initial.id, ...parsed.data }).then(() => true, () => false)
      : await create.mutateAsync(parsed.data).then(() => true, () => false);
    if (!ok) return;
    if (!initial?.id) setValues(EMPTY);
    setSaved(true);
    refresh();
    onDone?.();
  }

  const id = (f: string) => `wh-${initial?.id ?? "new"}-${f}`;
  return (
    <form onSubmit={onSubmit} className="space-y-3" noValidate data-testid={initial?.id ? "edit-warehouse-form" : "new-warehouse-form"}>
      {errors.formMessage && <Alert>{errors.formMessage}</Alert>}
      {saved && <Alert tone="success">{initial?.id ? "Warehouse saved." : "Warehouse created."}</Alert>}
      <div className="grid gap-3 sm:grid-cols-3">
        <Field label="Code" htmlFor={id("code")} error={errors.fields.code}><Input id={id("code")} value={values.code} onChange={set("code")} placeholder="RTM" invalid={Boolean(errors.fields.code)} /></Field>
        <Field label="Name" htmlFor={id("name")} error={errors.fields.name}><Input id={id("name")} value={values.name} onChange={set("name")} placeholder="Rotterdam central" invalid={Boolean(errors.fields.name)} /></Field>
        <Field label="Priority" htmlFor={id("priority")} error={errors.fields.priority} hint="Higher is tried first"><Input id={id("priority")} type="number" value={values.priority} onChange={set("priority")} invalid={Boolean(errors.fields.priority)} /></Field>
        <Field label="Street" htmlFor={id("street")} error={errors.fields.addressLine1}><Input id={id("street")} value={values.addressLine1} onChange={set("addressLine1")} /></Field>
        <Field label="City" htmlFor={id("city")} error={errors.fields.city}><Input id={id("city")} value={values.city} onChange={set("city")} /></Field>
        <div className="grid grid-cols-2 gap-3">
          <Field label="Postal code" htmlFor={id("postal")} error={errors.fields.postalCode}><Input id={id("postal")} value={values.postalCode} onChange={set("postalCode")} /></Field>
          <Field label="Country" htmlFor={id("country")} error={errors.fields.countryCode}><Input id={id("country")} value={values.countryCode} onChange={set("countryCode")} placeholder="NL" invalid={Boolean(errors.fields.countryCode)} /></Field>
        </div>
      </div>
      <Button type="submit" disabled={active.isPending}>{active.isPending ? "Saving…" : initial?.id ? "Save warehouse" : "Create warehouse"}</Button>
    </form>
  );
}

/** Archive (only an empty warehouse) or restore one. */
export function ArchiveWarehouseButton({ id, archived }: { id: string; archived: boolean }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const archive = useMutation(trpc.inventory.archiveWarehouse.mutationOptions({ onSuccess: () => refresh() }));
  return (
    <span className="inline-flex flex-col items-end gap-1">
      <Button variant="ghost" disabled={archive.isPending} onClick={() => archive.mutate({ id, archived: !archived })}>{archived ? "Restore" : "Archive"}</Button>
      {archive.error && <span className="text-xs text-red-600" role="alert">{archive.error.message}</span>}
    </span>
  );
}
