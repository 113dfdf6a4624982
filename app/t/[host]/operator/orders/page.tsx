import Link from "next/link";
import { OrderFilters, OrderStatusTabs } from "@/components/orders/order-filters";
import { OrderTable } from "@/components/orders/order-table";
import { orderListQuery } from "@/components/orders/list-query";
import { guarded } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { listHref } from "@/components/ui/data-table";
import { serverApi } from "@/server/api/server";

const ORDER_TAKERS = ["owner", "admin", "ops", "sales"];
const WAREHOUSE = ["owner", "admin", "ops"];

export default async function OperatorOrders({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { actor } = await requirePortalActor("operator");
  const api = await serverApi();
  const { params, input, filters, exceptions, filtered } = orderListQuery(await searchParams);
  const exportParams = { search: params.search, sort: params.sort, dir: input.dir, ...filters };
  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-center justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Orders</h1>
          <p className="text-sm text-muted">Every order by status, with holds, backorders and substitutions that need a person.</p>
        </div>
        <div className="flex flex-wrap gap-2">
          {WAREHOUSE.includes(actor.role) && (
            <Link href="/operator/orders/pick-list" className="rounded-brand border border-border bg-surface px-4 py-2 text-sm font-medium hover:bg-background" data-testid="pick-list-link">
              Pick lists
            </Link>
          )}
          <Link href="/operator/orders/returns" className="rounded-brand border border-border bg-surface px-4 py-2 text-sm font-medium hover:bg-background" data-testid="returns-link">
            Returns queue
          </Link>
          {ORDER_TAKERS.includes(actor.role) && (
            <Link href="/operator/orders/new" className="rounded-brand bg-primary px-4 py-2 text-sm font-medium text-primary-foreground hover:opacity-90" data-testid="new-order">
              New order
            </Link>
          )}
        </div>
      </header>
      <OrderStatusTabs basePath="/operator/orders" params={params} />
      {await guarded(
        () => api.orders.list({ ...input, ...filters }),
        (data) => (
          <div className="space-y-4">
            {exceptions && (
              <p className="text-sm text-muted">
                Orders still in progress that are held (credit or approval), wait for backordered stock, or had a substitute reserved.
              </p>
            )}
            <OrderFilters basePath="/operator/orders" params={params} exceptions={exceptions} />
            <OrderTable
              data={data}
              basePath="/operator/orders"
              params={params}
              detailPath="/operator/orders"
              exportHref={listHref("/api/export/orders", {}, exportParams)}
              filtered={filtered}
              showReasons={exceptions}
            />
          </div>
        ),
      )}
    </div>
  );
}
