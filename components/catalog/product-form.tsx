"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/components/trpc/provider";
import { Alert, Button, Card, Field, Input, Select } from "@/components/ui/primitives";
import { ITEM_KIND_LABELS, KIND_LABELS, RATING_LABELS, TAX_CLASS_LABELS, type ProductKind } from "./labels";
import { formErrors } from "./use-form-errors";

export interface ProductOption { id: string; sku: string; name: string; kind: ProductKind }
type ItemKind = keyof typeof ITEM_KIND_LABELS;

interface ComponentRow { componentId: string; quantity: string }
interface PlanItemRow {
  kind: ItemKind; productId: string; quantity: string; meterId: string; rating: string; packageSize: string; commitAmountMinor: string; deliveryEvery: string; deliveryUnit: string;
}

export interface ProductFormValues {
  id: string; sku: string; kind: ProductKind; name: string; description: string; categoryId: string | null; unitOfMeasure: string;
  weightGrams: number | null; taxClass: keyof typeof TAX_CLASS_LABELS; reorderPoint: number | null;
  components: Array<{ componentId: string; quantity: string }>;
  planItems: Array<{ kind: ItemKind; productId: string; quantity: string; meterId: string | null; rating: string | null; packageSize: string | null; commitAmountMinor: bigint | null; deliveryEvery: number | null; deliveryUnit: string | null }>;
}

const emptyItem = (): PlanItemRow => ({ kind: "recurring_fee", productId: "", quantity: "1", meterId: "", rating: "", packageSize: "", commitAmountMinor: "", deliveryEvery: "", deliveryUnit: "" });
const intOrNull = (s: string) => (s.trim() === "" ? null : Number(s));

/** Create a product, or edit one (`initial`): kit components and plan items are edited in place. */
export function ProductForm({ categories, products, meters, initial }: {
  categories: Array<{ id: string; name: string }>;
  products: ProductOption[];
  meters: Array<{ id: string; code: string; name: string; unit: string }>;
  initial?: ProductFormValues;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const create = useMutation(trpc.catalog.createProduct.mutationOptions());
  const update = useMutation(trpc.catalog.updateProduct.mutationOptions());
  const active = initial ? update : create;
  const { fields: e, message } = formErrors(active.error);
  const [kind, setKind] = useState<ProductKind>(initial?.kind ?? "stock_item");
  const [components, setComponents] = useState<ComponentRow[]>(initial?.components.length ? initial.components : [{ componentId: "", quantity: "1" }]);
  const [items, setItems] = useState<PlanItemRow[]>(
    initial?.planItems.length
      ? initial.planItems.map((i) => ({
          kind: i.kind, productId: i.productId, quantity: i.quantity, meterId: i.meterId ?? "", rating: i.rating ?? "", packageSize: i.packageSize ?? "",
          commitAmountMinor: i.commitAmountMinor?.toString() ?? "", deliveryEvery: i.deliveryEvery?.toString() ?? "", deliveryUnit: i.deliveryUnit ?? "",
        }))
      : [emptyItem()],
  );
  const stockItems = products.filter((p) => p.kind === "stock_item" && p.id !== initial?.id);
  const itemProducts = products.filter((p) => p.kind !== "plan" && p.id !== initial?.id);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const get = (k: string) => String(form.get(k) ?? "").trim();
    const body = {
      name: get("name"),
      description: get("description"),
      categoryId: get("categoryId") || null,
      unitOfMeasure: get("unitOfMeasure") || "each",
      taxClass: get("taxClass") as ProductFormValues["taxClass"],
      weightGrams: kind === "stock_item" ? intOrNull(get("weightGrams")) : null,
      reorderPoint: kind === "stock_item" ? intOrNull(get("reorderPoint")) : null,
      components: kind === "kit" ? components.map((c) => ({ componentId: c.componentId, quantity: c.quantity })) : [],
      planItems:
        kind === "plan"
          ? items.map((i) => ({
              kind: i.kind, productId: i.productId, quantity: i.quantity || "1",
              meterId: i.kind === "usage" ? i.meterId || null : null,
              rating: i.kind === "usage" ? ((i.rating || null) as "tiered" | "volume" | "package" | null) : null,
              packageSize: i.kind === "usage" && i.rating === "package" ? i.packageSize || null : null,
              commitAmountMinor: i.kind === "commit" ? (/^\d+$/.test(i.commitAmountMinor) ? BigInt(i.commitAmountMinor) : null) : null,
              deliveryEvery: i.kind === "delivery" ? intOrNull(i.deliveryEvery) : null,
              deliveryUnit: i.kind === "delivery" ? ((i.deliveryUnit || null) as "week" | "month" | null) : null,
            }))
          : [],
    };
    if (initial) {
      const saved = await update.mutateAsync({ id: initial.id, ...body }).catch(() => null);
      if (saved) {
        router.push(`/operator/catalog/${initial.id}?saved=1`);
        router.refresh();
      }
    } else {
      const result = await create.mutateAsync({ sku: get("sku"), kind, ...body }).catch(() => null);
      if (result) router.push(`/operator/catalog/${result.product.id}${result.created ? "?created=1" : "?existing=1"}`);
    }
  }

  const setItem = (index: number, change: Partial<PlanItemRow>) => setItems((rows) => rows.map((r, i) => (i === index ? { ...r, ...change } : r)));
  const setComponent = (index: number, change: Partial<ComponentRow>) => setComponents((rows) => rows.map((r, i) => (i === index ? { ...r, ...change } : r)));

  return (
    <form onSubmit={onSubmit} className="space-y-6" noValidate data-testid="product-form">
      {message && <Alert>{message}</Alert>}
      <Card title="Product">
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="SKU" htmlFor="sku" error={e.sku} hint={initial ? "The SKU identifies the product and cannot change." : "Letters, digits, dots, dashes; stored in upper case."}>
            <Input id="sku" name="sku" defaultValue={initial?.sku} disabled={Boolean(initial)} placeholder="GLV-100" invalid={Boolean(e.sku)} />
          </Field>
          <Field label="Kind" htmlFor="kind" error={e.kind} hint={initial ? "The kind cannot change once created." : undefined}>
            <Select id="kind" name="kind" value={kind} disabled={Boolean(initial)} onChange={(ev) => setKind(ev.target.value as ProductKind)}>
              {Object.entries(KIND_LABELS).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
            </Select>
          </Field>
          <Field label="Name" htmlFor="name" error={e.name}>
            <Input id="name" name="name" defaultValue={initial?.name} placeholder="Nitrile gloves, box of 100" invalid={Boolean(e.name)} />
          </Field>
          <Field label="Category" htmlFor="categoryId" error={e.categoryId}>
            <Select id="categoryId" name="categoryId" defaultValue={initial?.categoryId ?? ""}>
              <option value="">No category</option>
              {categories.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
            </Select>
          </Field>
          <Field label="Unit of measure" htmlFor="unitOfMeasure" error={e.unitOfMeasure}>
            <Input id="unitOfMeasure" name="unitOfMeasure" defaultValue={initial?.unitOfMeasure ?? "each"} invalid={Boolean(e.unitOfMeasure)} />
          </Field>
          <Field label="Tax class" htmlFor="taxClass" error={e.taxClass}>
            <Select id="taxClass" name="taxClass" defaultValue={initial?.taxClass ?? "standard"}>
              {Object.entries(TAX_CLASS_LABELS).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
            </Select>
          </Field>
          {kind === "stock_item" && (
            <>
              <Field label="Weight (grams)" htmlFor="weightGrams" error={e.weightGrams}>
                <Input id="weightGrams" name="weightGrams" type="number" min={0} defaultValue={initial?.weightGrams ?? ""} invalid={Boolean(e.weightGrams)} />
              </Field>
              <Field label="Reorder point" htmlFor="reorderPoint" error={e.reorderPoint} hint="Replenish when stock on hand falls to this.">
                <Input id="reorderPoint" name="reorderPoint" type="number" min={0} defaultValue={initial?.reorderPoint ?? ""} invalid={Boolean(e.reorderPoint)} />
              </Field>
            </>
          )}
          <div className="sm:col-span-2">
            <Field label="Description" htmlFor="description" error={e.description}>
              <Input id="description" name="description" defaultValue={initial?.description} invalid={Boolean(e.description)} />
            </Field>
          </div>
        </div>
      </Card>

      {kind === "kit" && (
        <Card title="Kit components" actions={<Button type="button" variant="secondary" onClick={() => setComponents((r) => [...r, { componentId: "", quantity: "1" }])}>Add component</Button>}>
          <p className="mb-3 text-sm text-muted">A kit is reserved and shipped as its stock items.</p>
          {e.components && <Alert>{e.components}</Alert>}
          <div className="space-y-3">
            {components.map((c, i) => (
              <div key={i} className="grid items-end gap-3 sm:grid-cols-[1fr_10rem_auto]" data-testid="kit-component">
                <Field label="Stock item" htmlFor={`component-${i}`} error={e[`components.${i}.componentId`]}>
                  <Select id={`component-${i}`} value={c.componentId} onChange={(ev) => setComponent(i, { componentId: ev.target.value })}>
                    <option value="">Pick a stock item</option>
                    {stockItems.map((p) => <option key={p.id} value={p.id}>{p.sku} · {p.name}</option>)}
                  </Select>
                </Field>
                <Field label="Quantity" htmlFor={`component-qty-${i}`} error={e[`components.${i}.quantity`]}>
                  <Input id={`component-qty-${i}`} value={c.quantity} inputMode="decimal" onChange={(ev) => setComponent(i, { quantity: ev.target.value })} invalid={Boolean(e[`components.${i}.quantity`])} />
                </Field>
                <Button type="button" variant="ghost" onClick={() => setComponents((rows) => rows.filter((_, j) => j !== i))} disabled={components.length === 1}>Remove</Button>
              </div>
            ))}
          </div>
        </Card>
      )}

      {kind === "plan" && (
        <Card title="Plan items" actions={<Button type="button" variant="secondary" onClick={() => setItems((r) => [...r, emptyItem()])}>Add item</Button>}>
          <p className="mb-3 text-sm text-muted">The template a seller starts a subscription from.</p>
          {e.planItems && <Alert>{e.planItems}</Alert>}
          <div className="space-y-4">
            {items.map((item, i) => {
              const err = (k: string) => e[`planItems.${i}.${k}`];
              return (
                <fieldset key={i} className="grid gap-3 rounded-brand border border-border p-3 sm:grid-cols-3" data-testid="plan-item">
                  <Field label="Item kind" htmlFor={`item-kind-${i}`} error={err("kind")}>
                    <Select id={`item-kind-${i}`} value={item.kind} onChange={(ev) => setItem(i, { kind: ev.target.value as ItemKind })}>
                      {Object.entries(ITEM_KIND_LABELS).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
                    </Select>
                  </Field>
                  <Field label="Product" htmlFor={`item-product-${i}`} error={err("productId")}>
                    <Select id={`item-product-${i}`} value={item.productId} onChange={(ev) => setItem(i, { productId: ev.target.value })}>
                      <option value="">Pick a product</option>
                      {itemProducts.map((p) => <option key={p.id} value={p.id}>{p.sku} · {p.name}</option>)}
                    </Select>
                  </Field>
                  <Field label="Quantity" htmlFor={`item-qty-${i}`} error={err("quantity")}>
                    <Input id={`item-qty-${i}`} value={item.quantity} inputMode="decimal" onChange={(ev) => setItem(i, { quantity: ev.target.value })} invalid={Boolean(err("quantity"))} />
                  </Field>
                  {item.kind === "usage" && (
                    <>
                      <Field label="Meter" htmlFor={`item-meter-${i}`} error={err("meterId")}>
                        <Select id={`item-meter-${i}`} value={item.meterId} onChange={(ev) => setItem(i, { meterId: ev.target.value })}>
                          <option value="">Pick a meter</option>
                          {meters.map((m) => <option key={m.id} value={m.id}>{m.name} ({m.unit})</option>)}
                        </Select>
                      </Field>
                      <Field label="Rating" htmlFor={`item-rating-${i}`} error={err("rating")}>
                        <Select id={`item-rating-${i}`} value={item.rating} onChange={(ev) => setItem(i, { rating: ev.target.value })}>
                          <option value="">Pick a rating</option>
                          {Object.entries(RATING_LABELS).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
                        </Select>
                      </Field>
                      {item.rating === "package" && (
                        <Field label="Package size" htmlFor={`item-pkg-${i}`} error={err("packageSize")}>
                          <Input id={`item-pkg-${i}`} value={item.packageSize} inputMode="decimal" onChange={(ev) => setItem(i, { packageSize: ev.target.value })} invalid={Boolean(err("packageSize"))} />
                        </Field>
                      )}
                    </>
                  )}
                  {item.kind === "commit" && (
                    <Field label="Commit per period (minor units)" htmlFor={`item-commit-${i}`} error={err("commitAmountMinor")} hint="e.g. 50000 = 500.00 EUR">
                      <Input id={`item-commit-${i}`} value={item.commitAmountMinor} inputMode="numeric" onChange={(ev) => setItem(i, { commitAmountMinor: ev.target.value })} invalid={Boolean(err("commitAmountMinor"))} />
                    </Field>
                  )}
                  {item.kind === "delivery" && (
                    <>
                      <Field label="Deliver every" htmlFor={`item-every-${i}`} error={err("deliveryEvery")}>
                        <Input id={`item-every-${i}`} type="number" min={1} max={52} value={item.deliveryEvery} onChange={(ev) => setItem(i, { deliveryEvery: ev.target.value })} invalid={Boolean(err("deliveryEvery"))} />
                      </Field>
                      <Field label="Unit" htmlFor={`item-unit-${i}`} error={err("deliveryUnit")}>
                        <Select id={`item-unit-${i}`} value={item.deliveryUnit} onChange={(ev) => setItem(i, { deliveryUnit: ev.target.value })}>
                          <option value="">Pick a unit</option>
                          <option value="week">Weeks</option>
                          <option value="month">Months</option>
                        </Select>
                      </Field>
                    </>
                  )}
                  <div className="flex items-end justify-end sm:col-span-3">
                    <Button type="button" variant="ghost" onClick={() => setItems((rows) => rows.filter((_, j) => j !== i))} disabled={items.length === 1}>Remove item</Button>
                  </div>
                </fieldset>
              );
            })}
          </div>
        </Card>
      )}

      <div className="flex justify-end gap-3">
        <Button type="submit" disabled={active.isPending}>{active.isPending ? "Saving…" : initial ? "Save changes" : "Create product"}</Button>
      </div>
    </form>
  );
}
