import Link from "next/link";
import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { OrderActions } from "@/components/orders/order-actions";
import { HoldBanner, OrderAllocations, OrderFacts, OrderLines, OrderReturns, OrderShipments, OrderStatusBadges } from "@/components/orders/order-view";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { Alert } from "@/components/ui/primitives";
import { serverApi } from "@/server/api/server";

const APPROVERS = ["owner", "admin", "finance"];
const RECHECKERS = ["owner", "admin", "finance", "ops", "sales"];
const ORDER_TAKERS = ["owner", "admin", "ops", "sales"];
const WAREHOUSE = ["owner", "admin", "ops"];

export default async function OperatorOrderDetail({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { actor } = await requirePortalActor("operator");
  const [{ id }, query] = await Promise.all([params, searchParams]);
  const api = await serverApi();
  const order = await api.orders.detail({ id }).catch((error: unknown) => {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
    throw error;
  });
  const active = order.status === "open" || order.status === "partially_shipped";
  const openUnits = order.allocations.reduce((s, a) => s + a.openQuantity, 0);
  const canShip = WAREHOUSE.includes(actor.role) && active && !order.hold && openUnits > 0;
  const mayApprove = APPROVERS.includes(actor.role) && order.hold === "approval" && active;
  const allowed = {
    approve: mayApprove && order.createdBy !== actor.userId,
    approveBlocked: mayApprove && order.createdBy === actor.userId ? "You placed this order, so another user must approve it." : undefined,
    recheck: RECHECKERS.includes(actor.role) && (order.hold === "credit_hold" || order.hold === "credit_limit") && active,
    cancel: ORDER_TAKERS.includes(actor.role) && active,
    close: WAREHOUSE.includes(actor.role) && (order.status === "shipped" || order.status === "partially_shipped"),
  };

  return (
    <div className="space-y-6">
      <div>
        <Link href="/operator/orders" className="text-sm text-muted hover:text-foreground">← Orders</Link>
        <header className="mt-1 flex flex-wrap items-center justify-between gap-4">
          <div className="flex flex-wrap items-center gap-3">
            <h1 className="font-mono text-2xl font-semibold" data-testid="order-number">{order.number}</h1>
            <OrderStatusBadges order={order} />
          </div>
          {canShip && (
            <Link href={`/operator/orders/${order.id}/ship`} className="rounded-brand bg-primary px-4 py-2 text-sm font-medium text-primary-foreground hover:opacity-90" data-testid="ship-order">
              Ship ({openUnits} unit{openUnits === 1 ? "" : "s"} reserved)
            </Link>
          )}
        </header>
      </div>
      {query.placed && <Alert tone="success" testId="order-placed">Order {order.number} placed.</Alert>}
      {query.shipped && <Alert tone="success" testId="shipped-banner">Shipment {String(query.shipped)} recorded.</Alert>}
      <HoldBanner order={order} audience="operator" />
      <OrderActions orderId={order.id} allowed={allowed} />
      <OrderFacts order={order} customerHref={`/operator/customers/${order.customerId}`} />
      <OrderLines order={order} />
      <OrderAllocations order={order} />
      <OrderShipments order={order} />
      <OrderReturns order={order} href={(rid) => `/operator/orders/returns/${rid}`} />
    </div>
  );
}
