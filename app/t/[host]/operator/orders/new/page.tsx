import Link from "next/link";
import { OrderEntry } from "@/components/orders/order-entry";
import { guarded } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { serverApi } from "@/server/api/server";

export default async function NewOrder() {
  await requirePortalActor("operator");
  const api = await serverApi();
  return (
    <div className="space-y-6">
      <div>
        <Link href="/operator/orders" className="text-sm text-muted hover:text-foreground">← Orders</Link>
        <h1 className="mt-1 text-2xl font-semibold">New order</h1>
        <p className="text-sm text-muted">Enter an order for a customer. Lines are priced by the catalog; credit and approval checks run when you place it.</p>
      </div>
      {await guarded(() => api.orders.formOptions(), (options) => <OrderEntry portal="operator" warehouses={options.warehouses} />)}
    </div>
  );
}
