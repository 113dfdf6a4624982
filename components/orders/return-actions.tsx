"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { fieldErrorsOf, formErrorMessage } from "@/components/console/form-errors";
import { useTRPC } from "@/components/trpc/provider";
import { Alert, Button, Field, Input, Select } from "@/components/ui/primitives";

/** Approve (optional note) or reject (a note is required: the customer sees why). */
export function ReturnDecision({ returnId }: { returnId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const approve = useMutation(trpc.returns.approve.mutationOptions({ onSuccess: () => router.refresh() }));
  const reject = useMutation(trpc.returns.reject.mutationOptions({ onSuccess: () => router.refresh() }));
  const [note, setNote] = useState("");
  const error = approve.error ?? reject.error;
  const fields = fieldErrorsOf(error);
  const pending = approve.isPending || reject.isPending;
  return (
    <div className="space-y-3" data-testid="return-decision">
      {error && !fields.note && <Alert testId="return-decision-error">{formErrorMessage(error)}</Alert>}
      <Field label="Note" htmlFor="return-note" error={fields.note} hint="Required to reject: tell the customer why.">
        <Input id="return-note" value={note} onChange={(e) => setNote(e.target.value)} placeholder="Damaged in transit, photos received" invalid={Boolean(fields.note)} data-testid="return-note" />
      </Field>
      <div className="flex flex-wrap gap-2">
        <Button type="button" disabled={pending} onClick={() => { reject.reset(); approve.mutate({ id: returnId, note }); }} data-testid="approve-return">
          {approve.isPending ? "Approving…" : "Approve return"}
        </Button>
        <Button type="button" variant="secondary" disabled={pending} onClick={() => { approve.reset(); reject.mutate({ id: returnId, note }); }} data-testid="reject-return">
          {reject.isPending ? "Rejecting…" : "Reject"}
        </Button>
      </div>
    </div>
  );
}

interface ReceiveLine { id: string; lineNo: number; sku: string; name: string; quantity: number }

/**
 * Receives an approved return: the receiving warehouse, then per line what arrived and whether it
 * goes back on the shelf (restock, optionally into another warehouse) or is scrapped.
 */
export function ReceiveReturnForm({ returnId, lines, warehouses }: { returnId: string; lines: ReceiveLine[]; warehouses: Array<{ id: string; code: string; name: string }> }) {
  const trpc = useTRPC();
  const router = useRouter();
  const receive = useMutation(trpc.returns.receive.mutationOptions({ onSuccess: () => router.refresh() }));
  const [warehouseId, setWarehouseId] = useState(warehouses[0]?.id ?? "");
  const [state, setState] = useState(() => Object.fromEntries(lines.map((l) => [l.id, { disposition: "restock", received: String(l.quantity), warehouseId: "" }])));
  const [clientError, setClientError] = useState<string | null>(null);
  const fields = fieldErrorsOf(receive.error);
  const set = (id: string, change: Partial<(typeof state)[string]>) => setState((s) => ({ ...s, [id]: { ...s[id], ...change } }));

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setClientError(null);
    if (lines.some((l) => !/^\d+$/.test(state[l.id].received.trim()))) return setClientError("Received quantities must be whole numbers (0 if nothing arrived).");
    receive.mutate({
      id: returnId,
      warehouseId,
      lines: lines.map((l) => ({
        returnLineId: l.id,
        disposition: state[l.id].disposition as "restock" | "scrap",
        receivedQuantity: Number(state[l.id].received.trim()),
        ...(state[l.id].warehouseId ? { warehouseId: state[l.id].warehouseId } : {}),
      })),
    });
  }

  if (warehouses.length === 0) return <Alert>No active warehouse to receive into. Add a warehouse first.</Alert>;
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate data-testid="receive-form">
      {(clientError || receive.error) && <Alert testId="receive-error">{clientError ?? formErrorMessage(receive.error)}</Alert>}
      <Field label="Receiving warehouse" htmlFor="receive-warehouse" error={fields.warehouseId}>
        <Select id="receive-warehouse" value={warehouseId} onChange={(e) => setWarehouseId(e.target.value)} data-testid="receive-warehouse">
          {warehouses.map((w) => <option key={w.id} value={w.id}>{w.code} · {w.name}</option>)}
        </Select>
      </Field>
      <div className="overflow-x-auto rounded-brand border border-border">
        <table className="w-full text-left text-sm">
          <thead className="bg-background text-xs uppercase tracking-wide text-muted">
            <tr><th className="px-3 py-2 font-medium">Product</th><th className="px-3 py-2 text-right font-medium">Returned</th><th className="px-3 py-2 font-medium">Arrived</th><th className="px-3 py-2 font-medium">Disposition</th><th className="px-3 py-2 font-medium">Restock into</th></tr>
          </thead>
          <tbody className="divide-y divide-border">
            {lines.map((l, i) => (
              <tr key={l.id} data-testid="receive-line">
                <td className="px-3 py-2">{l.name} <span className="font-mono text-xs text-muted">{l.sku}</span></td>
                <td className="px-3 py-2 text-right tabular-nums">{l.quantity}</td>
                <td className="w-28 px-3 py-2">
                  <Input aria-label={`Arrived of ${l.sku}`} inputMode="numeric" value={state[l.id].received} onChange={(e) => set(l.id, { received: e.target.value })} invalid={Boolean(fields[`lines.${i}.receivedQuantity`])} />
                  {fields[`lines.${i}.receivedQuantity`] && <p className="mt-1 text-xs font-medium text-red-600" role="alert">{fields[`lines.${i}.receivedQuantity`]}</p>}
                </td>
                <td className="px-3 py-2">
                  <Select aria-label={`Disposition of ${l.sku}`} value={state[l.id].disposition} onChange={(e) => set(l.id, { disposition: e.target.value })} data-testid="receive-disposition">
                    <option value="restock">Restock</option>
                    <option value="scrap">Scrap</option>
                  </Select>
                </td>
                <td className="px-3 py-2">
                  <Select aria-label={`Warehouse for ${l.sku}`} value={state[l.id].warehouseId} disabled={state[l.id].disposition === "scrap"} onChange={(e) => set(l.id, { warehouseId: e.target.value })}>
                    <option value="">Receiving warehouse</option>
                    {warehouses.map((w) => <option key={w.id} value={w.id}>{w.code}</option>)}
                  </Select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="flex justify-end">
        <Button type="submit" disabled={receive.isPending} data-testid="receive-submit">{receive.isPending ? "Receiving…" : "Receive return"}</Button>
      </div>
    </form>
  );
}
