import Link from "next/link";
import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { OrderStatusBadges } from "@/components/orders/order-view";
import { ShipForm } from "@/components/orders/ship-form";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { Alert, EmptyState } from "@/components/ui/primitives";
import { serverApi } from "@/server/api/server";

const WAREHOUSE = ["owner", "admin", "ops"];

export default async function ShipOrder({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { actor } = await requirePortalActor("operator");
  const [{ id }, query] = await Promise.all([params, searchParams]);
  const api = await serverApi();
  const order = await api.orders.detail({ id }).catch((error: unknown) => {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
    throw error;
  });
  const open = order.allocations.filter((a) => a.openQuantity > 0);
  const active = order.status === "open" || order.status === "partially_shipped";
  return (
    <div className="space-y-6">
      <div>
        <Link href={`/operator/orders/${order.id}`} className="text-sm text-muted hover:text-foreground">← Order {order.number}</Link>
        <header className="mt-1 flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold">Ship {order.number}</h1>
          <OrderStatusBadges order={order} />
        </header>
        <p className="text-sm text-muted">{order.customer} · ship to {order.shipTo.name}{order.shipTo.address ? `, ${order.shipTo.address}` : ""}</p>
      </div>
      {!WAREHOUSE.includes(actor.role) ? (
        <Alert testId="access-denied">Only owners, admins and operations staff record shipments.</Alert>
      ) : order.hold ? (
        <Alert>This order is on hold ({order.holdReason}); nothing is reserved to ship until it is released.</Alert>
      ) : !active ? (
        <EmptyState title={`This order is ${order.status.replace("_", " ")}`}>Nothing is left to ship.</EmptyState>
      ) : open.length === 0 ? (
        <EmptyState title="Nothing reserved to ship">The open lines are backordered; they can ship once a goods receipt fills them.</EmptyState>
      ) : (
        <ShipForm
          orderId={order.id}
          orderNumber={order.number}
          initialWarehouseId={typeof query.warehouse === "string" ? query.warehouse : undefined}
          allocations={open.map((a) => ({ id: a.id, lineNo: a.lineNo, warehouseId: a.warehouseId, warehouseCode: a.warehouseCode, warehouse: a.warehouse, sku: a.sku, name: a.name, openQuantity: a.openQuantity, substitute: a.substitute }))}
        />
      )}
    </div>
  );
}
