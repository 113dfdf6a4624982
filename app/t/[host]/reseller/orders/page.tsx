import type { Metadata } from "next";
import { OrderEntry } from "@/components/orders/order-entry";
import { guarded } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { Alert, Badge, Card, EmptyState } from "@/components/ui/primitives";
import { money } from "@/components/partners/format";
import { serverApi } from "@/server/api/server";

export const metadata: Metadata = { title: "Orders" };

export default async function ResellerOrders({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePortalActor("reseller");
  const api = await serverApi();
  const placed = (await searchParams).placed;
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">Orders</h1>
        <p className="text-sm text-muted">Orders of your customers, and new orders you place for them (priced by the catalog; credit checks run when placed).</p>
      </header>
      {placed && <Alert tone="success" testId="order-placed">Order placed.</Alert>}
      {await guarded(() => api.orders.list({ pageSize: 50, sort: "created", dir: "desc" }), (data) => (
        <Card title={`Recent orders (${data.total})`}>
          {data.rows.length === 0 ? <EmptyState title="No orders yet" /> : (
            <table className="w-full text-sm" data-testid="reseller-orders">
              <thead className="text-left text-xs uppercase text-muted"><tr><th className="py-1">Number</th><th>Customer</th><th>Source</th><th>Status</th><th className="text-right">Total</th></tr></thead>
              <tbody>
                {data.rows.map((o) => (
                  <tr key={o.id} className="border-t border-border">
                    <td className="py-1 font-mono">{o.number}</td><td>{o.customer}</td><td>{o.source}</td><td><Badge>{o.status}</Badge></td><td className="text-right">{money(o.totalMinor, o.currency)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
      ))}
      <OrderEntry portal="reseller" />
    </div>
  );
}
