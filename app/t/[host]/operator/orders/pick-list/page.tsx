import Link from "next/link";
import { guarded } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { Alert, Badge, Card, EmptyState } from "@/components/ui/primitives";
import { serverApi } from "@/server/api/server";
import type { PickListWarehouse } from "@/server/domain/orders/queries";

/** Per warehouse, what to pick: every open reservation of released orders, oldest first. */
export default async function PickList({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePortalActor("operator");
  const query = await searchParams;
  const api = await serverApi();
  const selected = typeof query.warehouse === "string" ? query.warehouse : undefined;
  return (
    <div className="space-y-6">
      <div>
        <Link href="/operator/orders" className="text-sm text-muted hover:text-foreground">← Orders</Link>
        <h1 className="mt-1 text-2xl font-semibold">Pick lists</h1>
        <p className="text-sm text-muted">Reserved goods of released orders waiting to ship, per warehouse, oldest order first.</p>
      </div>
      {await guarded(() => api.orders.pickList({}), (all) => <PickListView all={all} selected={selected} />)}
    </div>
  );
}

function PickListView({ all, selected }: { all: { warehouses: PickListWarehouse[]; truncated: boolean }; selected?: string }) {
  const shown = selected ? all.warehouses.filter((w) => w.warehouseId === selected) : all.warehouses;
  return (
    <div className="space-y-6">
      {all.warehouses.length > 0 && (
        <nav className="flex flex-wrap gap-2" aria-label="Warehouses" data-testid="pick-warehouses">
          <Link href="/operator/orders/pick-list" className={`rounded-brand border px-3 py-1 text-sm ${!selected ? "border-primary font-medium" : "border-border text-muted"}`}>All warehouses</Link>
          {all.warehouses.map((w) => (
            <Link key={w.warehouseId} href={`/operator/orders/pick-list?warehouse=${w.warehouseId}`} className={`rounded-brand border px-3 py-1 text-sm ${selected === w.warehouseId ? "border-primary font-medium" : "border-border text-muted"}`}>
              {w.warehouseCode} · {w.units} units
            </Link>
          ))}
        </nav>
      )}
      {all.truncated && <Alert tone="info">Showing the first 2,000 lines; ship some orders or pick one warehouse to see the rest.</Alert>}
      {shown.length === 0 ? (
        <EmptyState title="Nothing to pick">When released orders have stock reserved, their lines appear here by warehouse.</EmptyState>
      ) : (
        shown.map((w) => (
          <Card key={w.warehouseId} title={`${w.warehouseCode} · ${w.warehouse} (${w.units} units)`}>
            <div className="overflow-x-auto rounded-brand border border-border">
              <table className="w-full text-left text-sm" data-testid="pick-list" data-warehouse={w.warehouseCode}>
                <thead className="bg-background text-xs uppercase tracking-wide text-muted">
                  <tr><th className="px-3 py-2 font-medium">Order</th><th className="px-3 py-2 font-medium">Customer / ship to</th><th className="px-3 py-2 font-medium">Product</th><th className="px-3 py-2 text-right font-medium">Pick</th><th className="px-3 py-2" /></tr>
                </thead>
                <tbody className="divide-y divide-border">
                  {w.lines.map((l) => (
                    <tr key={l.allocationId} data-testid="pick-line">
                      <td className="px-3 py-2"><Link href={`/operator/orders/${l.orderId}`} className="font-mono text-xs text-primary hover:underline">{l.orderNumber}</Link> <span className="text-xs text-muted">line {l.lineNo}</span></td>
                      <td className="px-3 py-2">{l.customer}<span className="block text-xs text-muted">{l.shipTo}{l.shipToAddress ? `, ${l.shipToAddress}` : ""}</span></td>
                      <td className="px-3 py-2">{l.name} <span className="font-mono text-xs text-muted">{l.sku}</span>{l.substitute && <span className="ml-2"><Badge tone="warning">Substitute</Badge></span>}</td>
                      <td className="px-3 py-2 text-right tabular-nums font-medium">{l.quantity}</td>
                      <td className="px-3 py-2 text-right"><Link href={`/operator/orders/${l.orderId}/ship?warehouse=${w.warehouseId}`} className="text-sm text-primary hover:underline">Ship</Link></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </Card>
        ))
      )}
    </div>
  );
}
