import { sql } from "drizzle-orm";
import { textArray } from "../../db/pg-arrays";
import { withTenant, type TenantTx } from "../../db/with-tenant";
import { updateCustomer } from "../../server/domain/customers/customers";
import { shipOrder } from "../../server/domain/orders/fulfil";
import { placeOrder } from "../../server/domain/orders/place";
import { orderDetail } from "../../server/domain/orders/queries";
import { requestReturn } from "../../server/domain/orders/returns";
import { DEMO_CATALOGS } from "./demo-catalog";

/** Credit for the named demo accounts (the portal logins'), so their orders are released. */
const NAMED_CREDIT_LIMIT_MINOR = 5_000_000n;

/**
 * A few orders per demo tenant in every state the orders board shows: open, partially shipped with a
 * shipment, backordered, held for approval, and a shipped order with a requested return. Placed,
 * shipped and returned through the domain functions with deterministic request keys, so seeding
 * again returns the first rows and changes nothing.
 */
export async function seedDemoOrders(slug: string, tenantId: string): Promise<{ orders: number }> {
  const catalog = DEMO_CATALOGS[slug];
  if (!catalog) return { orders: 0 };
  const acting = { tenantId, userId: null };
  const key = (name: string) => `demo:${slug}:${name}`;
  return withTenant({ kind: "system", tenantId }, async (tx) => {
    const stockSkus = catalog.products.filter((p) => p.kind === "stock_item").map((p) => p.sku);
    await ensureStock(tx, slug);
    const named = await tx.execute<{ id: string; name: string; credit_limit_minor: string }>(sql`
      select id, name, credit_limit_minor::text from customers where code is null order by reseller_id nulls first, name`);
    if (named.length === 0) return { orders: 0 };
    for (const c of named) {
      if (BigInt(c.credit_limit_minor) < NAMED_CREDIT_LIMIT_MINOR) await updateCustomer(tx, acting, { id: c.id, creditLimitMinor: NAMED_CREDIT_LIMIT_MINOR });
    }
    const products = new Map(
      (await tx.execute<{ id: string; sku: string }>(sql`select id, sku from products where sku = any(${textArray(stockSkus)}::text[])`)).map((p) => [p.sku, p.id]),
    );
    const sku = (i: number) => products.get(stockSkus[i])!;
    const first = named[0].id;
    const second = named[1 % named.length].id;
    const place = (name: string, customerId: string, lines: Array<[number, number]>, source: "operator" | "emergency" = "operator") =>
      placeOrder(tx, acting, { customerId, source, lines: lines.map(([i, quantity]) => ({ productId: sku(i), quantity })), requestKey: key(`order:${name}`), note: "Demo order" });

    // Open: reserved, waiting to be picked.
    await place("open", first, [[0, 5], [5, 10]], "emergency");
    // Partially shipped: part of the first line left with a carrier and tracking number.
    const partial = await place("partial", second, [[9, 10], [8, 4]]);
    await shipPart(tx, acting, partial.orderId, key("shipment:partial"), "DHL", "JD0146000062810", 6);
    // Backordered: the last stock item has no stock in the demo.
    await place("backorder", first, [[stockSkus.length - 1, 12]], "emergency");
    // Held for approval: above the tenant's approval threshold (10,000.00 by default).
    await place("approval", first, [[1, 1200]]);
    // Shipped in full, then the customer asks to send some back.
    const returned = await place("returned", first, [[5, 6]], "emergency");
    await shipPart(tx, acting, returned.orderId, key("shipment:returned"), "PostNL", "3SABCD1234567", Number.MAX_SAFE_INTEGER);
    const shipped = await orderDetail(tx, returned.orderId);
    if (shipped.lines[0].shippedQuantity > 0) {
      await requestReturn(tx, acting, { orderId: returned.orderId, reason: "Two rolls arrived wet", lines: [{ orderLineId: shipped.lines[0].id, quantity: 2 }], requestKey: key("return:returned") });
    }
    return { orders: 5 };
  });
}

/** Ships up to `units` of the order's first open reservation from its warehouse (nothing if none is open). */
async function shipPart(tx: TenantTx, acting: { tenantId: string; userId: null }, orderId: string, requestKey: string, carrier: string, trackingNumber: string, units: number) {
  const [existing] = await tx.execute(sql`select 1 from shipments where request_key = ${requestKey}`);
  if (existing) return;
  const order = await orderDetail(tx, orderId);
  const open = order.allocations.find((a) => a.openQuantity > 0);
  if (!open) return;
  await shipOrder(tx, acting, { orderId, warehouseId: open.warehouseId, carrier, trackingNumber, requestKey, lines: [{ allocationId: open.id, quantity: Math.min(units, open.openQuantity) }] });
}

/** The orders need the inventory seed's warehouses and opening stock (seedDemoInventory runs first). */
async function ensureStock(tx: TenantTx, slug: string) {
  const [any] = await tx.execute(sql`select 1 from stock_balances where on_hand > 0 limit 1`);
  if (!any) throw new Error(`demo: ${slug} has no stock; seedDemoInventory must run before seedDemoOrders`);
}
