"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { formErrors } from "@/components/catalog/use-form-errors";
import { useTRPC } from "@/components/trpc/provider";
import { Alert, Button, Field, Input, Select } from "@/components/ui/primitives";
import { MODEL_LABELS } from "./labels";

type Model = keyof typeof MODEL_LABELS;

/** Adds a price to a book: a later "effective from" schedules a change; an end date makes a window. */
export function AddEntryForm({ priceBookId, products, today }: { priceBookId: string; products: Array<{ id: string; sku: string; name: string }>; today: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const add = useMutation(trpc.pricing.addEntry.mutationOptions());
  const { fields: e, message } = formErrors(add.error);
  const [model, setModel] = useState<Model>("flat");
  const [tiers, setTiers] = useState([{ from: "0", unitPrice: "" }]);
  const [done, setDone] = useState<string | null>(null);
  const banded = model === "graduated" || model === "volume";

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone(null);
    const form = new FormData(event.currentTarget);
    const get = (k: string) => String(form.get(k) ?? "").trim();
    const result = await add
      .mutateAsync({
        priceBookId,
        productId: get("productId"),
        model,
        unitPrice: banded ? null : get("unitPrice"),
        packageSize: model === "package" ? get("packageSize") : null,
        tiers: banded ? tiers : [],
        effectiveFrom: get("effectiveFrom"),
        effectiveTo: get("effectiveTo") || null,
      })
      .catch(() => null);
    if (result) {
      setDone(result.created ? `Price for ${result.entry.sku} from ${result.entry.effectiveFrom} added.` : `That exact price already existed; nothing changed.`);
      router.refresh();
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate data-testid="add-entry-form">
      {message && <Alert>{message}</Alert>}
      {done && <Alert tone="success">{done}</Alert>}
      <div className="grid gap-4 sm:grid-cols-3">
        <Field label="Product" htmlFor="entry-product" error={e.productId}>
          <Select id="entry-product" name="productId" defaultValue="">
            <option value="">Pick a product</option>
            {products.map((p) => <option key={p.id} value={p.id}>{p.sku} · {p.name}</option>)}
          </Select>
        </Field>
        <Field label="Pricing model" htmlFor="entry-model" error={e.model}>
          <Select id="entry-model" value={model} onChange={(ev) => setModel(ev.target.value as Model)}>
            {Object.entries(MODEL_LABELS).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </Select>
        </Field>
        {!banded && (
          <Field label={model === "package" ? "Price per package" : "Unit price"} htmlFor="entry-price" error={e.unitPrice}>
            <Input id="entry-price" name="unitPrice" inputMode="decimal" placeholder="12.50" invalid={Boolean(e.unitPrice)} />
          </Field>
        )}
        {model === "package" && (
          <Field label="Package size" htmlFor="entry-package" error={e.packageSize}>
            <Input id="entry-package" name="packageSize" inputMode="decimal" placeholder="1000" invalid={Boolean(e.packageSize)} />
          </Field>
        )}
        <Field label="Effective from" htmlFor="entry-from" error={e.effectiveFrom} hint="A later date than the current price schedules a change.">
          <Input id="entry-from" name="effectiveFrom" type="date" defaultValue={today} invalid={Boolean(e.effectiveFrom)} />
        </Field>
        <Field label="Effective to (optional)" htmlFor="entry-to" error={e.effectiveTo} hint="Exclusive: the first day it no longer applies.">
          <Input id="entry-to" name="effectiveTo" type="date" invalid={Boolean(e.effectiveTo)} />
        </Field>
      </div>
      {banded && (
        <fieldset className="space-y-2 rounded-brand border border-border p-3">
          <legend className="px-1 text-sm font-medium">Bands</legend>
          {e.tiers && <Alert>{e.tiers}</Alert>}
          {tiers.map((t, i) => (
            <div key={i} className="grid items-end gap-3 sm:grid-cols-[1fr_1fr_auto]">
              <Field label="From quantity" htmlFor={`tier-from-${i}`} error={e[`tiers.${i}.from`]}>
                <Input id={`tier-from-${i}`} value={t.from} inputMode="decimal" onChange={(ev) => setTiers((rows) => rows.map((r, j) => (j === i ? { ...r, from: ev.target.value } : r)))} invalid={Boolean(e[`tiers.${i}.from`])} />
              </Field>
              <Field label="Unit price" htmlFor={`tier-price-${i}`} error={e[`tiers.${i}.unitPrice`]}>
                <Input id={`tier-price-${i}`} value={t.unitPrice} inputMode="decimal" onChange={(ev) => setTiers((rows) => rows.map((r, j) => (j === i ? { ...r, unitPrice: ev.target.value } : r)))} invalid={Boolean(e[`tiers.${i}.unitPrice`])} />
              </Field>
              <Button type="button" variant="ghost" disabled={tiers.length === 1} onClick={() => setTiers((rows) => rows.filter((_, j) => j !== i))}>Remove</Button>
            </div>
          ))}
          <Button type="button" variant="secondary" onClick={() => setTiers((rows) => [...rows, { from: "", unitPrice: "" }])}>Add band</Button>
        </fieldset>
      )}
      <div className="flex justify-end">
        <Button type="submit" disabled={add.isPending}>{add.isPending ? "Adding…" : "Add price"}</Button>
      </div>
    </form>
  );
}
