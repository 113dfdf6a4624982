import Link from "next/link";
import { OrderEntry } from "@/components/orders/order-entry";
import { requirePortalActor } from "@/components/portal/portal-layout";

export default async function EmergencyOrder() {
  await requirePortalActor("customer");
  return (
    <div className="space-y-6">
      <div>
        <Link href="/customer/orders" className="text-sm text-muted hover:text-foreground">← Orders & deliveries</Link>
        <h1 className="mt-1 text-2xl font-semibold">Place an emergency order</h1>
        <p className="text-sm text-muted">
          Need something before your next delivery? Pick what you need; we show what is available right now. What is not in stock is backordered and ships as soon as it arrives.
        </p>
      </div>
      <OrderEntry portal="customer" />
    </div>
  );
}
