"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useFormErrors, useRefresh } from "@/components/customers/use-form-mutation";
import { useTRPC } from "@/components/trpc/provider";
import { Alert, Button, Field, Input, Select } from "@/components/ui/primitives";
import { adjustStockInput, scrapStockInput, transferStockInput } from "@/server/domain/inventory/schemas";
import { newRequestKey } from "./labels";

type Option = { id: string; label: string };
type Kind = "adjust" | "transfer" | "scrap";

const TITLES: Record<Kind, string> = { adjust: "Adjust (signed, e.g. -3 after a count)", transfer: "Transfer between warehouses", scrap: "Scrap (damaged, expired, lost)" };

/**
 * One stock operation. The request key is renewed only after a success, so resubmitting after a
 * network error retries the same operation instead of doing it twice.
 */
export function StockOperationForm({ kind, warehouses, products }: { kind: Kind; warehouses: Option[]; products: Option[] }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const adjust = useMutation(trpc.inventory.adjust.mutationOptions());
  const transfer = useMutation(trpc.inventory.transfer.mutationOptions());
  const scrap = useMutation(trpc.inventory.scrap.mutationOptions());
  const active = kind === "adjust" ? adjust : kind === "transfer" ? transfer : scrap;
  const errors = useFormErrors(active.error);
  const [requestKey, setRequestKey] = useState(newRequestKey);
  const [v, setV] = useState({ warehouseId: warehouses[0]?.id ?? "", toWarehouseId: warehouses[1]?.id ?? "", productId: "", quantity: "", reason: "" });
  const [done, setDone] = useState<string | null>(null);
  const set = (key: keyof typeof v) => (e: { target: { value: string } }) => setV((x) => ({ ...x, [key]: e.target.value }));

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setDone(null);
    const quantity = v.quantity === "" ? Number.NaN : Number(v.quantity);
    const common = { requestKey, productId: v.productId, quantity, reason: v.reason };
    const parsed =
      kind === "adjust" ? adjustStockInput.safeParse({ ...common, warehouseId: v.warehouseId })
      : kind === "transfer" ? transferStockInput.safeParse({ ...common, fromWarehouseId: v.warehouseId, toWarehouseId: v.toWarehouseId })
      : scrapStockInput.safeParse({ ...common, warehouseId: v.warehouseId });
    if (!parsed.success) {
      active.reset();
      errors.setIssues(parsed.error.issues);
      return;
    }
    errors.clear();
    const result = await (kind === "adjust"
      ? adjust.mutateAsync(parsed.data as Parameters<typeof adjust.mutateAsync>[0])
      : kind === "transfer"
        ? transfer.mutateAsync(parsed.data as Parameters<typeof transfer.mutateAsync>[0])
        : scrap.mutateAsync(parsed.data as Parameters<typeof scrap.mutateAsync>[0])
    ).catch(() => null);
    if (!result) return;
    setDone(result.balances.map((b) => `${warehouses.find((w) => w.id === b.warehouseId)?.label ?? "Warehouse"}: ${b.onHand} on hand, ${b.available} available`).join(" · "));
    setRequestKey(newRequestKey());
    setV((x) => ({ ...x, quantity: "", reason: "" }));
    refresh();
  }

  const id = (f: string) => `${kind}-${f}`;
  return (
    <form onSubmit={onSubmit} className="space-y-3" noValidate data-testid={`${kind}-form`}>
      <h2 className="text-base font-semibold">{TITLES[kind]}</h2>
      {errors.formMessage && <Alert testId={`${kind}-error`}>{errors.formMessage}</Alert>}
      {done && <Alert tone="success" testId={`${kind}-done`}>Done. {done}</Alert>}
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label={kind === "transfer" ? "From warehouse" : "Warehouse"} htmlFor={id("wh")} error={errors.fields.warehouseId ?? errors.fields.fromWarehouseId}>
          <Select id={id("wh")} value={v.warehouseId} onChange={set("warehouseId")}>{warehouses.map((w) => <option key={w.id} value={w.id}>{w.label}</option>)}</Select>
        </Field>
        {kind === "transfer" && (
          <Field label="To warehouse" htmlFor={id("to")} error={errors.fields.toWarehouseId}>
            <Select id={id("to")} value={v.toWarehouseId} onChange={set("toWarehouseId")}>{warehouses.map((w) => <option key={w.id} value={w.id}>{w.label}</option>)}</Select>
          </Field>
        )}
        <Field label="Product" htmlFor={id("product")} error={errors.fields.productId}>
          <Select id={id("product")} value={v.productId} onChange={set("productId")}>
            <option value="">Choose a stock item</option>
            {products.map((p) => <option key={p.id} value={p.id}>{p.label}</option>)}
          </Select>
        </Field>
        <Field label={kind === "adjust" ? "Change (+/-)" : "Quantity"} htmlFor={id("qty")} error={errors.fields.quantity}>
          <Input id={id("qty")} type="number" step={1} value={v.quantity} onChange={set("quantity")} invalid={Boolean(errors.fields.quantity)} />
        </Field>
        <Field label={kind === "transfer" ? "Reason (optional)" : "Reason"} htmlFor={id("reason")} error={errors.fields.reason}>
          <Input id={id("reason")} value={v.reason} onChange={set("reason")} invalid={Boolean(errors.fields.reason)} placeholder={kind === "scrap" ? "Expired" : kind === "adjust" ? "Cycle count" : ""} />
        </Field>
      </div>
      <Button type="submit" disabled={active.isPending}>{active.isPending ? "Saving…" : kind === "adjust" ? "Adjust stock" : kind === "transfer" ? "Transfer" : "Scrap"}</Button>
    </form>
  );
}
