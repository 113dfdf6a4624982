"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { uuidv7 } from "uuidv7";
import { fieldErrorsOf, formErrorMessage } from "@/components/console/form-errors";
import { useTRPC } from "@/components/trpc/provider";
import { Alert, Button, Card, Field, Input, Select } from "@/components/ui/primitives";

export interface ShipAllocation {
  id: string; lineNo: number; warehouseId: string; warehouseCode: string; warehouse: string; sku: string; name: string; openQuantity: number; substitute: boolean;
}

/**
 * Ships reserved goods of one order from one warehouse: per reservation a quantity (all that is open
 * by default; less for a partial shipment; 0 leaves it), the carrier and the tracking number. The
 * request key makes a double submit one shipment; a new key is drawn after each success.
 */
export function ShipForm({ orderId, orderNumber, allocations, initialWarehouseId }: { orderId: string; orderNumber: string; allocations: ShipAllocation[]; initialWarehouseId?: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const ship = useMutation(trpc.orders.ship.mutationOptions());
  const warehouses = [...new Map(allocations.map((a) => [a.warehouseId, a])).values()];
  const [warehouseId, setWarehouseId] = useState(warehouses.some((w) => w.warehouseId === initialWarehouseId) ? initialWarehouseId! : (warehouses[0]?.warehouseId ?? ""));
  const here = allocations.filter((a) => a.warehouseId === warehouseId);
  const [quantities, setQuantities] = useState<Record<string, string>>(() => Object.fromEntries(allocations.map((a) => [a.id, String(a.openQuantity)])));
  const [carrier, setCarrier] = useState("");
  const [trackingNumber, setTrackingNumber] = useState("");
  const [requestKey, setRequestKey] = useState(() => uuidv7());
  const [submitted, setSubmitted] = useState<string[]>([]);
  const [clientError, setClientError] = useState<string | null>(null);

  const serverFields = fieldErrorsOf(ship.error);
  const lineError = (allocationId: string) => {
    const i = submitted.indexOf(allocationId);
    return i < 0 ? undefined : (serverFields[`lines.${i}.quantity`] ?? serverFields[`lines.${i}.allocationId`]);
  };

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setClientError(null);
    const lines = here
      .map((a) => ({ allocationId: a.id, raw: (quantities[a.id] ?? "").trim() }))
      .filter((l) => l.raw !== "" && l.raw !== "0");
    const bad = lines.find((l) => !/^\d+$/.test(l.raw));
    if (bad) return setClientError("Quantities must be whole numbers.");
    if (lines.length === 0) return setClientError("Enter a quantity for at least one line.");
    const payload = lines.map((l) => ({ allocationId: l.allocationId, quantity: Number(l.raw) }));
    setSubmitted(payload.map((l) => l.allocationId));
    const result = await ship.mutateAsync({ orderId, warehouseId, carrier, trackingNumber, lines: payload, requestKey }).catch(() => null);
    if (result) {
      setRequestKey(uuidv7());
      router.push(`/operator/orders/${orderId}?shipped=${encodeURIComponent(result.number)}`);
    }
  }

  if (allocations.length === 0) return null;
  return (
    <form onSubmit={onSubmit} className="space-y-6" noValidate data-testid="ship-form">
      {(clientError || ship.error) && <Alert testId="ship-error">{clientError ?? formErrorMessage(ship.error)}</Alert>}
      <Card title={`Ship order ${orderNumber}`}>
        <div className="grid gap-4 sm:grid-cols-3">
          <Field label="From warehouse" htmlFor="ship-warehouse" error={serverFields.warehouseId} hint="A shipment leaves from one warehouse.">
            <Select id="ship-warehouse" value={warehouseId} onChange={(e) => setWarehouseId(e.target.value)} data-testid="ship-warehouse">
              {warehouses.map((w) => <option key={w.warehouseId} value={w.warehouseId}>{w.warehouseCode} · {w.warehouse}</option>)}
            </Select>
          </Field>
          <Field label="Carrier" htmlFor="ship-carrier" error={serverFields.carrier}>
            <Input id="ship-carrier" value={carrier} onChange={(e) => setCarrier(e.target.value)} placeholder="DHL" invalid={Boolean(serverFields.carrier)} data-testid="ship-carrier" />
          </Field>
          <Field label="Tracking number" htmlFor="ship-tracking" error={serverFields.trackingNumber} hint="Shown to the customer with the shipment.">
            <Input id="ship-tracking" value={trackingNumber} onChange={(e) => setTrackingNumber(e.target.value)} placeholder="JD014600006281" invalid={Boolean(serverFields.trackingNumber)} data-testid="ship-tracking" />
          </Field>
        </div>
      </Card>
      <Card title="Lines reserved here">
        <div className="overflow-x-auto rounded-brand border border-border">
          <table className="w-full text-left text-sm">
            <thead className="bg-background text-xs uppercase tracking-wide text-muted">
              <tr><th className="px-3 py-2 font-medium">Line</th><th className="px-3 py-2 font-medium">Product</th><th className="px-3 py-2 text-right font-medium">Reserved</th><th className="px-3 py-2 font-medium">Ship now</th></tr>
            </thead>
            <tbody className="divide-y divide-border">
              {here.map((a) => {
                const error = lineError(a.id);
                return (
                  <tr key={a.id} data-testid="ship-line" data-sku={a.sku}>
                    <td className="px-3 py-2 text-muted">{a.lineNo}</td>
                    <td className="px-3 py-2">{a.name} <span className="font-mono text-xs text-muted">{a.sku}</span>{a.substitute && <span className="ml-2 text-xs text-amber-800">substitute</span>}</td>
                    <td className="px-3 py-2 text-right tabular-nums" data-testid="ship-line-reserved">{a.openQuantity}</td>
                    <td className="w-48 px-3 py-2">
                      <Input
                        aria-label={`Quantity to ship of line ${a.lineNo}`}
                        inputMode="numeric"
                        value={quantities[a.id] ?? ""}
                        onChange={(e) => setQuantities((q) => ({ ...q, [a.id]: e.target.value }))}
                        invalid={Boolean(error)}
                        data-testid="ship-quantity"
                      />
                      {error && <p className="mt-1 text-xs font-medium text-red-600" role="alert" data-testid="ship-quantity-error">{error}</p>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <p className="mt-2 text-xs text-muted">Ship less than reserved for a partial shipment; the rest stays reserved for the next one. 0 or blank leaves a line.</p>
      </Card>
      <div className="flex justify-end">
        <Button type="submit" disabled={ship.isPending || !warehouseId} data-testid="ship-submit">{ship.isPending ? "Shipping…" : "Record shipment"}</Button>
      </div>
    </form>
  );
}
