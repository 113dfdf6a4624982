import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { closeAppPool } from "../../db/client";
import { withTenant } from "../../db/with-tenant";
import { createCaller } from "../../server/api/root";
import type { TenantRole } from "../../server/domain/access/roles";
import { closeRedis } from "../../server/redis";
import { context, createPlatformAdmin, createTenantFixture, tenantActorOf, tenantHostOf, type TenantFixture, type TestUser } from "../helpers/fixtures";
import { failure } from "../helpers/trpc";
import { orderScenario, receive, type OrderScenario } from "./helpers";
import { checkStockDrift } from "../../server/domain/inventory/drift";

/*
 * The orders API through tRPC with committed data, as the roles that use it: RLS decides what each
 * session sees (a customer its own orders, shipments and returns; a reseller its customers'), and only
 * warehouse staff move stock.
 */

let T: TenantFixture;
let s: OrderScenario;
let c1Order: string;
let otherOrder: string;

async function as(user: TestUser) {
  return createCaller(context(await tenantHostOf(T), await tenantActorOf(T, user)));
}
const role = (r: TenantRole) => as(T.users[r]);

beforeAll(async () => {
  T = await createTenantFixture(await createPlatformAdmin("ordapi"), "ordapi");
  s = await withTenant({ kind: "system", tenantId: T.id }, async (tx) => {
    const scenario = await orderScenario(tx, T);
    await receive(tx, T.id, scenario.warehouses.north, scenario.products.gauze, 20);
    await receive(tx, T.id, scenario.warehouses.south, scenario.products.gauze, 10);
    await tx.execute(sql`update customers set credit_limit_minor = 100000000 where id = ${T.customers.c1}`);
    return scenario;
  });
  const ops = await role("ops");
  c1Order = (await ops.orders.place({ customerId: T.customers.c1, lines: [{ productId: s.products.gauze, quantity: 6 }] })).orderId;
  otherOrder = (await ops.orders.place({ customerId: s.customerId, lines: [{ productId: s.products.gauze, quantity: 2 }] })).orderId;
});
afterAll(async () => {
  await closeAppPool();
  await closeRedis();
});

describe("a customer session", () => {
  test("lists and opens only its own orders, and cannot ship or see the pick list", async () => {
    const customer = await role("customer_admin");
    const list = await customer.orders.list({ pageSize: 100 });
    expect(list.rows.map((r) => r.id)).toContain(c1Order);
    expect(list.rows.every((r) => r.customerId === T.customers.c1)).toBe(true);
    expect(list.total).toBe(list.rows.length);
    expect(await failure(customer.orders.detail({ id: otherOrder }))).toMatchObject({ code: "NOT_FOUND" });
    expect((await customer.orders.detail({ id: c1Order })).lines[0]).toMatchObject({ quantity: 6, reservedQuantity: 6 });

    const detail = await (await role("ops")).orders.detail({ id: c1Order });
    const allocation = detail.allocations[0];
    const ship = { orderId: c1Order, warehouseId: allocation.warehouseId, carrier: "DHL", lines: [{ allocationId: allocation.id, quantity: 1 }] };
    expect(await failure(customer.orders.ship(ship))).toMatchObject({ code: "FORBIDDEN" });
    expect(await failure(customer.orders.pickList({}))).toMatchObject({ code: "FORBIDDEN" });
    expect(await failure(customer.returns.approve({ id: T.distribution.returnId }))).toMatchObject({ code: "FORBIDDEN" });
  });

  test("places an emergency order for its own account only, sees available stock, and cancels its own order", async () => {
    const buyer = await role("customer_buyer");
    expect(await failure(buyer.orders.place({ customerId: s.customerId, lines: [{ productId: s.products.gauze, quantity: 1 }] }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await failure(buyer.orders.place({ source: "operator", lines: [{ productId: s.products.gauze, quantity: 1 }] }))).toMatchObject({ code: "BAD_REQUEST" });

    const before = (await buyer.orders.availability({ search: "Gauze 10cm" })).rows.find((r) => r.productId === s.products.gauze)!;
    const placed = await buyer.orders.place({ lines: [{ productId: s.products.gauze, quantity: 3 }], requestKey: `emg-${c1Order}` });
    const detail = await buyer.orders.detail({ id: placed.orderId });
    expect(detail).toMatchObject({ customerId: T.customers.c1, source: "emergency", status: "open", hold: null });
    const after = (await buyer.orders.availability({ search: "Gauze 10cm" })).rows.find((r) => r.productId === s.products.gauze)!;
    expect(after.available).toBe(before.available - 3);

    expect(await buyer.orders.cancel({ id: placed.orderId })).toMatchObject({ status: "cancelled", releasedUnits: 3, changed: true });
    expect((await buyer.orders.availability({ search: "Gauze 10cm" })).rows.find((r) => r.productId === s.products.gauze)!.available).toBe(before.available);
    expect(await failure(buyer.orders.cancel({ id: otherOrder }))).toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("shipments and returns across roles", () => {
  test("staff ship in two parts; the customer sees both shipments with tracking, requests a return, and sees only its own returns", async () => {
    const ops = await role("ops");
    const customer = await role("customer_admin");
    const detail = await ops.orders.detail({ id: c1Order });
    const north = detail.allocations.find((a) => a.openQuantity === 6)!;
    const first = await ops.orders.ship({ orderId: c1Order, warehouseId: north.warehouseId, carrier: "DHL", trackingNumber: "JD-1", lines: [{ allocationId: north.id, quantity: 2 }] });
    expect(first.status).toBe("partially_shipped");
    const second = await ops.orders.ship({ orderId: c1Order, warehouseId: north.warehouseId, carrier: "UPS", trackingNumber: "1Z-2", lines: [{ orderLineId: north.orderLineId, quantity: 4 }] });
    expect(second.status).toBe("shipped");

    const seen = await customer.orders.detail({ id: c1Order });
    expect(seen.status).toBe("shipped");
    expect(seen.shipments.map((x) => [x.number, x.carrier, x.trackingNumber, x.lines[0].quantity])).toEqual([
      [first.number, "DHL", "JD-1", 2],
      [second.number, "UPS", "1Z-2", 4],
    ]);

    expect(await customer.orders.returnable({ id: c1Order })).toMatchObject([{ orderLineId: north.orderLineId, shipped: 6, returned: 0, returnable: 6 }]);
    expect(await failure(customer.returns.request({ orderId: c1Order, reason: "Damaged", lines: [{ orderLineId: north.orderLineId, quantity: 7 }] }))).toMatchObject({
      code: "BAD_REQUEST",
      fields: { "lines.0.quantity": ["At most 6"] },
    });
    const rma = await customer.returns.request({ orderId: c1Order, reason: "Damaged in transit", lines: [{ orderLineId: north.orderLineId, quantity: 2 }] });
    expect(rma.number).toMatch(/^RMA-\d{6}$/);

    const mine = await customer.returns.list({});
    expect(mine.rows.map((r) => r.id)).toContain(rma.returnId);
    expect(mine.rows.every((r) => r.customerId === T.customers.c1)).toBe(true);
    const direct = await as(T.extra.directBuyer);
    expect((await direct.returns.list({})).rows).toEqual([]);
    expect(await failure(direct.returns.detail({ id: rma.returnId }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await failure(direct.orders.detail({ id: c1Order }))).toMatchObject({ code: "NOT_FOUND" });

    await ops.returns.approve({ id: rma.returnId });
    const ret = await ops.returns.detail({ id: rma.returnId });
    expect(ret.lines[0]).toMatchObject({ quantity: 2, amountMinor: 800n, unitPrice: "4.000000" });
    expect(await ops.returns.receive({ id: rma.returnId, warehouseId: s.warehouses.south, lines: [{ returnLineId: ret.lines[0].id, disposition: "restock" }] })).toMatchObject({ restocked: 2 });
    expect((await customer.returns.detail({ id: rma.returnId })).status).toBe("received");

    expect(await ops.orders.close({ id: c1Order })).toMatchObject({ status: "closed" });
    expect(await withTenant({ kind: "system", tenantId: T.id }, (tx) => checkStockDrift(tx))).toEqual([]);
  });

  test("a reseller sees its customers' orders and no others; the board filters and sorts on the server", async () => {
    const reseller = await role("reseller_admin");
    const list = await reseller.orders.list({ pageSize: 100 });
    expect(list.rows.map((r) => r.id)).toContain(c1Order);
    expect(list.rows.map((r) => r.id)).not.toContain(otherOrder);

    const ops = await role("ops");
    const everyone = await ops.orders.list({ pageSize: 100, sort: "number", dir: "asc" });
    expect(everyone.rows.map((r) => r.id)).toEqual(expect.arrayContaining([c1Order, otherOrder]));
    expect(everyone.rows.map((r) => r.number)).toEqual([...everyone.rows.map((r) => r.number)].sort());
    const byCustomer = await ops.orders.list({ customerId: s.customerId });
    expect(byCustomer.rows.map((r) => r.id)).toEqual([otherOrder]);
    const otherNumber = byCustomer.rows[0].number;
    expect((await ops.orders.list({ search: otherNumber })).rows.map((r) => r.id)).toEqual([otherOrder]);
    expect((await ops.orders.list({ source: "emergency", status: "cancelled" })).rows.every((r) => r.source === "emergency" && r.status === "cancelled")).toBe(true);
  });

  test("a reseller places orders for its own customers (source reseller), never for another's", async () => {
    const reseller = await role("reseller_admin");
    const placed = await reseller.orders.place({ customerId: T.customers.c1, lines: [{ productId: s.products.gauze, quantity: 1 }], requestKey: `rsl-${c1Order}` });
    expect((await reseller.orders.detail({ id: placed.orderId })).source).toBe("reseller");
    expect((await failure(reseller.orders.place({ customerId: s.customerId, lines: [{ productId: s.products.gauze, quantity: 1 }] }))).code).toMatch(/BAD_REQUEST|NOT_FOUND/);
    expect(await withTenant({ kind: "system", tenantId: T.id }, (tx) => checkStockDrift(tx))).toEqual([]);
  });

  test("the exceptions view lists backorders, holds waiting for approval and substitutions", async () => {
    const sales = await role("sales");
    const ops = await role("ops");
    const backordered = (await sales.orders.place({ customerId: s.customerId, lines: [{ productId: s.products.gauzeLarge, quantity: 1 }] })).orderId;
    await withTenant({ kind: "system", tenantId: T.id }, (tx) => receive(tx, T.id, s.warehouses.east, s.products.gauzeLarge, 10));
    // The receipt filled that backorder; 40 gauze is more than is left, so the substitute steps in.
    const substituted = (await sales.orders.place({ customerId: s.customerId, lines: [{ productId: s.products.gauze, quantity: 40 }] })).orderId;
    const subs = await ops.orders.list({ exception: "substitutions", pageSize: 100 });
    expect(subs.rows.map((r) => r.id)).toContain(substituted);
    expect(subs.rows.map((r) => r.id)).not.toContain(backordered);
    const back = await ops.orders.list({ exception: "backorders", pageSize: 100 });
    expect(back.rows.map((r) => r.id)).toContain(substituted); // 40 wanted: what gauze and its substitute could not cover waits
    expect(back.rows.find((r) => r.id === substituted)!.backorderedUnits).toBeGreaterThan(0);
    expect((await ops.orders.list({ exception: "any", pageSize: 100 })).rows.map((r) => r.id)).toContain(substituted);

    await withTenant({ kind: "system", tenantId: T.id }, (tx) => tx.execute(sql`insert into tenant_settings (tenant_id, order_approval_threshold_minor) values (${T.id}, 100)`));
    const big = (await sales.orders.place({ customerId: s.customerId, lines: [{ productId: s.products.gauzeLarge, quantity: 1 }] })).orderId;
    expect((await ops.orders.list({ exception: "approval" })).rows.map((r) => r.id)).toEqual([big]);
    expect((await ops.orders.list({ hold: "approval" })).rows.map((r) => r.id)).toEqual([big]);
    expect(await failure(ops.orders.approve({ id: big }))).toMatchObject({ code: "FORBIDDEN" });
    await (await role("finance")).orders.approve({ id: big });
    expect((await ops.orders.detail({ id: big })).hold).toBeNull();

    const picks = await ops.orders.pickList({ warehouseId: s.warehouses.east });
    expect(picks.warehouses.flatMap((w) => w.lines).map((l) => l.orderId)).toEqual(expect.arrayContaining([backordered, big]));
    expect(await withTenant({ kind: "system", tenantId: T.id }, (tx) => checkStockDrift(tx))).toEqual([]);
  });
});
