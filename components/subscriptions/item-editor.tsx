"use client";

import { Button, Field, Input, Select } from "@/components/ui/primitives";
import { fromMinor, toMinor } from "@/server/domain/money/money";
import type { ItemInputRaw } from "@/server/domain/subscriptions/items";
import { ITEM_KIND_LABELS } from "./format";

export interface FormOptions {
  customers: Array<{ id: string; name: string; currency: string }>;
  sites: Array<{ id: string; customerId: string; name: string; isDefault: boolean }>;
  products: Array<{ id: string; sku: string; name: string; kind: string }>;
  plans: Array<{ id: string; sku: string; name: string; kind: string }>;
  meters: Array<{ id: string; code: string; name: string; unit: string }>;
}

/** One item as the form holds it: every field a string, whatever the kind. */
export interface ItemDraft {
  kind: "recurring_fee" | "usage" | "commit" | "delivery";
  productId: string;
  quantity: string;
  discountPercent: string;
  meterId: string;
  rating: "tiered" | "volume" | "package";
  packageSize: string;
  commitAmount: string;
  deliveryEvery: string;
  deliveryUnit: "week" | "month";
  shipToSiteId: string;
  preferredWarehouseId: string;
  firstDeliveryDate: string;
}

export function emptyDraft(kind: ItemDraft["kind"] = "recurring_fee", firstDeliveryDate = ""): ItemDraft {
  return { kind, productId: "", quantity: "1", discountPercent: "0", meterId: "", rating: "tiered", packageSize: "", commitAmount: "", deliveryEvery: "1", deliveryUnit: "week", shipToSiteId: "", preferredWarehouseId: "", firstDeliveryDate };
}

/** A commit typed in major units is sent in minor units; a non-number is passed on for the server to reject with a field error. */
function commitMinor(raw: string, currency: string): bigint | string {
  const text = raw.trim().replace(/[,\s]/g, "");
  if (!/^\d+(\.\d+)?$/.test(text)) return text || "0";
  try {
    return toMinor(text, currency);
  } catch {
    return text;
  }
}

export function draftToInput(d: ItemDraft, currency: string): ItemInputRaw {
  const base = { productId: d.productId, discountPercent: d.discountPercent || "0" };
  switch (d.kind) {
    case "recurring_fee":
      return { kind: "recurring_fee", ...base, quantity: d.quantity };
    case "usage":
      return { kind: "usage", ...base, meterId: d.meterId, rating: d.rating, ...(d.packageSize.trim() ? { packageSize: d.packageSize } : {}) };
    case "commit":
      return { kind: "commit", ...base, commitAmountMinor: commitMinor(d.commitAmount, currency) };
    case "delivery":
      return {
        kind: "delivery",
        ...base,
        quantity: d.quantity,
        deliveryEvery: Number(d.deliveryEvery),
        deliveryUnit: d.deliveryUnit,
        shipToSiteId: d.shipToSiteId,
        preferredWarehouseId: d.preferredWarehouseId.trim() || null,
        firstDeliveryDate: d.firstDeliveryDate,
      };
  }
}

/** A stored item (as the server's item input) back into a draft, for an amendment. */
export function inputToDraft(i: ItemInputRaw, currency: string): ItemDraft {
  const d = { ...emptyDraft(i.kind), productId: i.productId, discountPercent: String(i.discountPercent ?? "0") };
  switch (i.kind) {
    case "recurring_fee":
      return { ...d, quantity: String(i.quantity ?? "1") };
    case "usage":
      return { ...d, meterId: i.meterId, rating: i.rating, packageSize: i.packageSize ? String(i.packageSize) : "" };
    case "commit": {
      let amount = String(i.commitAmountMinor);
      try {
        amount = fromMinor(BigInt(i.commitAmountMinor), currency).toString();
      } catch {
        // keep the minor units as typed
      }
      return { ...d, commitAmount: amount };
    }
    case "delivery":
      return { ...d, quantity: String(i.quantity), deliveryEvery: String(i.deliveryEvery), deliveryUnit: i.deliveryUnit, shipToSiteId: i.shipToSiteId, preferredWarehouseId: i.preferredWarehouseId ?? "", firstDeliveryDate: i.firstDeliveryDate };
  }
}

/** The items of a contract version: add, remove and edit; each kind shows its own fields. */
export function ItemEditor({ items, onChange, options, sites, errors, currency, defaultDeliveryDate }: {
  items: ItemDraft[];
  onChange: (items: ItemDraft[]) => void;
  options: Pick<FormOptions, "products" | "meters">;
  sites: FormOptions["sites"];
  errors: Record<string, string>;
  currency: string;
  defaultDeliveryDate: string;
}) {
  const set = (i: number, patch: Partial<ItemDraft>) => onChange(items.map((d, j) => (j === i ? { ...d, ...patch } : d)));
  const err = (i: number, field: string) => errors[`items.${i}.${field}`];
  const defaultSite = sites.find((s) => s.isDefault)?.id ?? sites[0]?.id ?? "";
  return (
    <div className="space-y-3" data-testid="item-editor">
      {items.map((d, i) => {
        const id = (f: string) => `item-${i}-${f}`;
        const products = d.kind === "delivery" ? options.products.filter((p) => p.kind === "stock_item" || p.kind === "kit") : options.products;
        return (
          <fieldset key={i} className="space-y-3 rounded-brand border border-border p-3" data-testid={`item-${i}`}>
            <div className="flex flex-wrap items-end gap-3">
              <div className="w-56">
                <Field label="Kind" htmlFor={id("kind")}>
                  <Select id={id("kind")} value={d.kind} onChange={(e) => set(i, { ...emptyDraft(e.target.value as ItemDraft["kind"], defaultDeliveryDate), shipToSiteId: defaultSite, productId: "" })} data-testid={`item-${i}-kind`}>
                    {Object.entries(ITEM_KIND_LABELS).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
                  </Select>
                </Field>
              </div>
              <div className="min-w-64 flex-1">
                <Field label="Product" htmlFor={id("productId")} error={err(i, "productId")}>
                  <Select id={id("productId")} value={d.productId} onChange={(e) => set(i, { productId: e.target.value })} data-testid={`item-${i}-product`}>
                    <option value="">Choose…</option>
                    {products.map((p) => <option key={p.id} value={p.id}>{p.name} ({p.sku})</option>)}
                  </Select>
                </Field>
              </div>
              <div className="w-28">
                <Field label="Discount %" htmlFor={id("discount")} error={err(i, "discountPercent")}>
                  <Input id={id("discount")} value={d.discountPercent} onChange={(e) => set(i, { discountPercent: e.target.value })} inputMode="decimal" data-testid={`item-${i}-discount`} />
                </Field>
              </div>
              <Button type="button" variant="ghost" onClick={() => onChange(items.filter((_, j) => j !== i))} aria-label={`Remove item ${i + 1}`}>Remove</Button>
            </div>
            <div className="flex flex-wrap items-end gap-3">
              {(d.kind === "recurring_fee" || d.kind === "delivery") && (
                <div className="w-28">
                  <Field label="Quantity" htmlFor={id("quantity")} error={err(i, "quantity")}>
                    <Input id={id("quantity")} value={d.quantity} onChange={(e) => set(i, { quantity: e.target.value })} inputMode="decimal" data-testid={`item-${i}-quantity`} />
                  </Field>
                </div>
              )}
              {d.kind === "usage" && (
                <>
                  <div className="w-56">
                    <Field label="Meter" htmlFor={id("meter")} error={err(i, "meterId")}>
                      <Select id={id("meter")} value={d.meterId} onChange={(e) => set(i, { meterId: e.target.value })} data-testid={`item-${i}-meter`}>
                        <option value="">Choose…</option>
                        {options.meters.map((m) => <option key={m.id} value={m.id}>{m.name} ({m.unit})</option>)}
                      </Select>
                    </Field>
                  </div>
                  <div className="w-40">
                    <Field label="Rating" htmlFor={id("rating")} error={err(i, "rating")}>
                      <Select id={id("rating")} value={d.rating} onChange={(e) => set(i, { rating: e.target.value as ItemDraft["rating"] })} data-testid={`item-${i}-rating`}>
                        <option value="tiered">Tiered</option>
                        <option value="volume">Volume</option>
                        <option value="package">Package</option>
                      </Select>
                    </Field>
                  </div>
                  {d.rating === "package" && (
                    <div className="w-36">
                      <Field label="Package size" htmlFor={id("package")} error={err(i, "packageSize")} hint="Blank: the price book's">
                        <Input id={id("package")} value={d.packageSize} onChange={(e) => set(i, { packageSize: e.target.value })} inputMode="decimal" />
                      </Field>
                    </div>
                  )}
                </>
              )}
              {d.kind === "commit" && (
                <div className="w-48">
                  <Field label={`Minimum per period (${currency})`} htmlFor={id("commit")} error={err(i, "commitAmountMinor")}>
                    <Input id={id("commit")} value={d.commitAmount} onChange={(e) => set(i, { commitAmount: e.target.value })} inputMode="decimal" data-testid={`item-${i}-commit`} />
                  </Field>
                </div>
              )}
              {d.kind === "delivery" && (
                <>
                  <div className="w-24">
                    <Field label="Every" htmlFor={id("every")} error={err(i, "deliveryEvery")}>
                      <Input id={id("every")} value={d.deliveryEvery} onChange={(e) => set(i, { deliveryEvery: e.target.value })} inputMode="numeric" data-testid={`item-${i}-every`} />
                    </Field>
                  </div>
                  <div className="w-32">
                    <Field label="Unit" htmlFor={id("unit")} error={err(i, "deliveryUnit")}>
                      <Select id={id("unit")} value={d.deliveryUnit} onChange={(e) => set(i, { deliveryUnit: e.target.value as ItemDraft["deliveryUnit"] })} data-testid={`item-${i}-unit`}>
                        <option value="week">Weeks</option>
                        <option value="month">Months</option>
                      </Select>
                    </Field>
                  </div>
                  <div className="w-56">
                    <Field label="Ship to" htmlFor={id("site")} error={err(i, "shipToSiteId")}>
                      <Select id={id("site")} value={d.shipToSiteId} onChange={(e) => set(i, { shipToSiteId: e.target.value })} data-testid={`item-${i}-site`}>
                        <option value="">Choose…</option>
                        {sites.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
                      </Select>
                    </Field>
                  </div>
                  <div className="w-44">
                    <Field label="First delivery" htmlFor={id("first")} error={err(i, "firstDeliveryDate")}>
                      <Input id={id("first")} type="date" value={d.firstDeliveryDate} onChange={(e) => set(i, { firstDeliveryDate: e.target.value })} data-testid={`item-${i}-first-delivery`} />
                    </Field>
                  </div>
                  <div className="w-72">
                    <Field label="Preferred warehouse id" htmlFor={id("warehouse")} error={err(i, "preferredWarehouseId")} hint="Optional">
                      <Input id={id("warehouse")} value={d.preferredWarehouseId} onChange={(e) => set(i, { preferredWarehouseId: e.target.value })} />
                    </Field>
                  </div>
                </>
              )}
            </div>
          </fieldset>
        );
      })}
      <div className="flex flex-wrap gap-2">
        {(["recurring_fee", "usage", "commit", "delivery"] as const).map((kind) => (
          <Button key={kind} type="button" variant="secondary" onClick={() => onChange([...items, { ...emptyDraft(kind, defaultDeliveryDate), shipToSiteId: defaultSite }])} data-testid={`add-${kind}`}>
            + {ITEM_KIND_LABELS[kind].replace(/ \(.*\)$/, "")}
          </Button>
        ))}
      </div>
    </div>
  );
}
