import Link from "next/link";
import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { OrderActions } from "@/components/orders/order-actions";
import { HoldBanner, OrderFacts, OrderLines, OrderReturns, OrderShipments, OrderStatusBadges, substitutionText } from "@/components/orders/order-view";
import { ReturnRequestForm } from "@/components/orders/return-request-form";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { Alert, Card } from "@/components/ui/primitives";
import { serverApi } from "@/server/api/server";
import type { OrderDetail } from "@/server/domain/orders/queries";

/** Right after placing: what was reserved, what waits for stock, what was substituted, and any hold. */
function PlacedSummary({ order }: { order: OrderDetail }) {
  const stocked = order.lines.filter((l) => l.stocked);
  const reserved = stocked.filter((l) => l.reservedQuantity > 0 && l.substitutions.length === 0);
  const backordered = stocked.filter((l) => l.backorderedQuantity > 0);
  const substituted = stocked.filter((l) => l.substitutions.length > 0);
  return (
    <Card title={`Order ${order.number} placed`}>
      <div className="space-y-3 text-sm" data-testid="placed-summary">
        {order.hold ? (
          <p data-testid="placed-held">It is on hold: {order.holdReason}. Nothing is reserved until it is released; we will be in touch.</p>
        ) : (
          <>
            {reserved.length > 0 && (
              <div data-testid="placed-reserved">
                <p className="font-medium text-emerald-800">Reserved and ready to ship</p>
                <ul className="list-inside list-disc text-muted">{reserved.map((l) => <li key={l.id}>{l.reservedQuantity} × {l.name}</li>)}</ul>
              </div>
            )}
            {substituted.length > 0 && (
              <div data-testid="placed-substituted">
                <p className="font-medium text-amber-800">Substituted (at the price you ordered at)</p>
                <ul className="list-inside list-disc text-muted">{substituted.flatMap((l) => l.substitutions.map((s) => <li key={`${l.id}-${s.productId}`}>{substitutionText(l.name, s)}</li>))}</ul>
              </div>
            )}
            {backordered.length > 0 && (
              <div data-testid="placed-backordered">
                <p className="font-medium text-amber-800">Backordered: ships when stock arrives</p>
                <ul className="list-inside list-disc text-muted">{backordered.map((l) => <li key={l.id}>{l.backorderedQuantity} × {l.name}</li>)}</ul>
              </div>
            )}
            {reserved.length === 0 && substituted.length === 0 && backordered.length === 0 && <p className="text-muted">Nothing on this order needs stock.</p>}
          </>
        )}
      </div>
    </Card>
  );
}

export default async function MyOrder({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePortalActor("customer");
  const [{ id }, query] = await Promise.all([params, searchParams]);
  const api = await serverApi();
  const [order, returnable] = await Promise.all([api.orders.detail({ id }), api.orders.returnable({ id })]).catch((error: unknown) => {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
    throw error;
  });
  const cancellable = order.status === "open" && order.shipments.length === 0;
  return (
    <div className="space-y-6">
      <div>
        <Link href="/customer/orders" className="text-sm text-muted hover:text-foreground">← Orders & deliveries</Link>
        <header className="mt-1 flex flex-wrap items-center gap-3">
          <h1 className="font-mono text-2xl font-semibold" data-testid="order-number">{order.number}</h1>
          <OrderStatusBadges order={order} />
        </header>
      </div>
      {query.placed && <PlacedSummary order={order} />}
      {!query.placed && <HoldBanner order={order} audience="customer" />}
      {cancellable && <OrderActions orderId={order.id} allowed={{ approve: false, recheck: false, cancel: true, close: false }} />}
      {order.status === "cancelled" && <Alert tone="info">This order was cancelled.</Alert>}
      <OrderFacts order={order} />
      <OrderLines order={order} />
      <OrderShipments order={order} />
      <OrderReturns order={order}>
        <ReturnRequestForm orderId={order.id} lines={returnable} />
      </OrderReturns>
    </div>
  );
}
