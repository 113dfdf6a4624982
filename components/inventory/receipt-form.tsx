"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useFormErrors } from "@/components/customers/use-form-mutation";
import { useTRPC } from "@/components/trpc/provider";
import { Alert, Button, Field, Input, Select } from "@/components/ui/primitives";
import { receiveGoodsInput } from "@/server/domain/inventory/schemas";
import { newRequestKey } from "./labels";

type Option = { id: string; label: string };

/**
 * Receive purchased goods: a warehouse, a supplier reference and lines of stock item + quantity.
 * One request key per opened form, so a double click or a retried request makes one receipt.
 */
export function ReceiptForm({ warehouses, products }: { warehouses: Option[]; products: Option[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const receive = useMutation(trpc.inventory.receive.mutationOptions());
  const errors = useFormErrors(receive.error);
  const [requestKey] = useState(newRequestKey);
  const [warehouseId, setWarehouseId] = useState(warehouses[0]?.id ?? "");
  const [supplierReference, setSupplierReference] = useState("");
  const [note, setNote] = useState("");
  const [lines, setLines] = useState([{ productId: "", quantity: "" }]);
  const setLine = (i: number, key: "productId" | "quantity", value: string) => setLines((ls) => ls.map((l, j) => (j === i ? { ...l, [key]: value } : l)));

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const parsed = receiveGoodsInput.safeParse({
      requestKey, warehouseId, supplierReference, note,
      lines: lines.filter((l) => l.productId || l.quantity).map((l) => ({ productId: l.productId, quantity: l.quantity === "" ? Number.NaN : Number(l.quantity) })),
    });
    if (!parsed.success) {
      receive.reset();
      errors.setIssues(parsed.error.issues);
      return;
    }
    errors.clear();
    const result = await receive.mutateAsync(parsed.data).catch(() => null);
    if (result) router.push(`/operator/inventory/receipts/${result.receipt.id}?received=${result.created ? "1" : "again"}&filled=${result.backordersFilled}`);
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate data-testid="receipt-form">
      {errors.formMessage && <Alert>{errors.formMessage}</Alert>}
      <div className="grid gap-3 sm:grid-cols-3">
        <Field label="Warehouse" htmlFor="gr-warehouse" error={errors.fields.warehouseId}>
          <Select id="gr-warehouse" value={warehouseId} onChange={(e) => setWarehouseId(e.target.value)}>
            {warehouses.map((w) => <option key={w.id} value={w.id}>{w.label}</option>)}
          </Select>
        </Field>
        <Field label="Supplier reference" htmlFor="gr-ref" error={errors.fields.supplierReference}><Input id="gr-ref" value={supplierReference} onChange={(e) => setSupplierReference(e.target.value)} placeholder="PO-4711" /></Field>
        <Field label="Note" htmlFor="gr-note" error={errors.fields.note}><Input id="gr-note" value={note} onChange={(e) => setNote(e.target.value)} /></Field>
      </div>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Lines</legend>
        {errors.fields.lines && <p className="text-xs font-medium text-red-600" role="alert">{errors.fields.lines}</p>}
        {lines.map((l, i) => (
          <div key={i} className="grid grid-cols-[1fr_8rem_auto] items-start gap-2">
            <Field label={`Product ${i + 1}`} htmlFor={`gr-p-${i}`} error={errors.fields[`lines.${i}.productId`]}>
              <Select id={`gr-p-${i}`} value={l.productId} onChange={(e) => setLine(i, "productId", e.target.value)} data-testid={`receipt-product-${i}`}>
                <option value="">Choose a stock item</option>
                {products.map((p) => <option key={p.id} value={p.id}>{p.label}</option>)}
              </Select>
            </Field>
            <Field label="Quantity" htmlFor={`gr-q-${i}`} error={errors.fields[`lines.${i}.quantity`]}>
              <Input id={`gr-q-${i}`} type="number" min={1} step={1} value={l.quantity} onChange={(e) => setLine(i, "quantity", e.target.value)} invalid={Boolean(errors.fields[`lines.${i}.quantity`])} data-testid={`receipt-quantity-${i}`} />
            </Field>
            <Button type="button" variant="ghost" className="mt-6" onClick={() => setLines((ls) => (ls.length > 1 ? ls.filter((_, j) => j !== i) : ls))} aria-label={`Remove line ${i + 1}`}>Remove</Button>
          </div>
        ))}
        <Button type="button" variant="secondary" onClick={() => setLines((ls) => [...ls, { productId: "", quantity: "" }])}>Add line</Button>
      </fieldset>
      <Button type="submit" disabled={receive.isPending} data-testid="receive-goods">{receive.isPending ? "Receiving…" : "Receive goods"}</Button>
    </form>
  );
}
