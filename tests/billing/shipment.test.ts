import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { closeAppPool } from "../../db/client";
import { shipOrder } from "../../server/domain/orders/fulfil";
import { placeOrder } from "../../server/domain/orders/place";
import { closeRedis } from "../../server/redis";
import { withTenantRolledBack } from "../helpers/db";
import { createPlatformAdmin, createTenantFixture, type TenantFixture } from "../helpers/fixtures";
import { orderScenario, receive } from "../orders/helpers";

/* Goods outside a subscription are invoiced at shipment, in the shipment's transaction, once. */

let A: TenantFixture;
beforeAll(async () => {
  A = await createTenantFixture(await createPlatformAdmin("shipinv"), "shipinv");
});
afterAll(async () => {
  await closeAppPool();
  await closeRedis();
});

test("each shipment of an ad hoc order is invoiced for what it shipped, earned at shipment; a retried shipment invoices nothing twice", async () => {
  await withTenantRolledBack({ kind: "system", tenantId: A.id }, async (tx) => {
    const s = await orderScenario(tx, A);
    const ops = { tenantId: A.id, userId: A.users.ops.id };
    await receive(tx, A.id, s.warehouses.north, s.products.gauze, 10);
    const { orderId } = await placeOrder(tx, ops, { customerId: s.customerId, source: "operator", lines: [{ productId: s.products.gauze, quantity: 5 }] });
    const [line] = await tx.execute<{ id: string; unit_price: string }>(sql`select id, unit_price::text from order_lines where order_id = ${orderId}`);
    const ship = (qty: number, key: string) => shipOrder(tx, ops, { orderId, warehouseId: s.warehouses.north, carrier: "DHL", trackingNumber: key, requestKey: key, lines: [{ orderLineId: line.id, quantity: qty }] });
    const first = await ship(3, "ship-inv-1");
    await ship(3, "ship-inv-1"); // the retry returns the first shipment
    await ship(2, "ship-inv-2");
    const invoices = await tx.execute<{ shipment_id: string; source: string; net_minor: string; status: string; number: string }>(sql`
      select shipment_id, source, net_minor::text, status, number from invoices where order_id = ${orderId} order by number`);
    expect(invoices).toHaveLength(2);
    const price = Number(line.unit_price);
    expect(invoices.map((i) => [i.source, i.status, Number(i.net_minor)])).toEqual([["shipment", "issued", Math.round(price * 300)], ["shipment", "issued", Math.round(price * 200)]]);
    expect(invoices[0].shipment_id).toBe(first.shipmentId);
    const [earned] = await tx.execute<{ n: number }>(sql`
      select count(*)::int as n from revenue_recognized x join revenue_schedules r on r.id = x.schedule_id join invoices i on i.id = r.invoice_id where i.order_id = ${orderId}`);
    expect(earned.n).toBe(2);
  });
});
