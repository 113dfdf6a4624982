import Link from "next/link";
import { OrderFilters, OrderStatusTabs } from "@/components/orders/order-filters";
import { orderListQuery } from "@/components/orders/list-query";
import { OrderTable } from "@/components/orders/order-table";
import { guarded } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { serverApi } from "@/server/api/server";

export default async function MyOrders({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePortalActor("customer");
  const api = await serverApi();
  const { params, input, filters, filtered } = orderListQuery(await searchParams);
  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-center justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Orders & deliveries</h1>
          <p className="text-sm text-muted">Your orders, their shipments with tracking numbers, and returns.</p>
        </div>
        <div className="flex flex-wrap gap-2">
        <Link href="/customer/orders/returns" className="rounded-brand border border-border bg-surface px-4 py-2 text-sm font-medium hover:bg-background" data-testid="my-returns-link">
          My returns
        </Link>
        <Link href="/customer/orders/new" className="rounded-brand bg-primary px-4 py-2 text-sm font-medium text-primary-foreground hover:opacity-90" data-testid="new-emergency-order">
          Place an emergency order
        </Link>
        </div>
      </header>
      <OrderStatusTabs basePath="/customer/orders" params={params} hideExceptions />
      {await guarded(
        () => api.orders.list({ ...input, ...filters, exception: undefined }),
        (orders) => (
            <div className="space-y-4">
              <OrderFilters basePath="/customer/orders" params={params} exceptions={false} minimal />
              <OrderTable
                data={orders}
                basePath="/customer/orders"
                params={params}
                detailPath="/customer/orders"
                filtered={filtered}
                showCustomer={false}
                emptyHint="Orders from your deliveries and the emergency orders you place appear here."
              />
            </div>
        ),
      )}
    </div>
  );
}
