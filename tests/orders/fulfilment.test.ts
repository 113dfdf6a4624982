import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { closeAppPool } from "../../db/client";
import type { TenantTx } from "../../db/with-tenant";
import { closeRedis } from "../../server/redis";
import { cancelOrder, closeOrder, shipOrder } from "../../server/domain/orders/fulfil";
import { placeOrder } from "../../server/domain/orders/place";
import { orderDetail, pickList } from "../../server/domain/orders/queries";
import { decideReturn, receiveReturn, requestReturn, returnDetail } from "../../server/domain/orders/returns";
import { withTenantRolledBack } from "../helpers/db";
import { createPlatformAdmin, createTenantFixture, type TenantFixture } from "../helpers/fixtures";
import { allocationsOf, balances, orderRow, orderScenario, receive, type OrderScenario } from "./helpers";
import { checkStockDrift } from "../../server/domain/inventory/drift";

let A: TenantFixture;
const system = () => ({ kind: "system" as const, tenantId: A.id });
const ops = () => ({ tenantId: A.id, userId: A.users.ops.id });
const staff = () => ({ ...ops(), portal: "operator" as const });

beforeAll(async () => {
  A = await createTenantFixture(await createPlatformAdmin("ful"), "ful");
});
afterAll(async () => {
  await closeAppPool();
  await closeRedis();
});

const onHand = async (tx: TenantTx, productId: string) => Object.fromEntries((await balances(tx, productId)).map((b) => [b.warehouse_id, [b.on_hand, b.reserved]]));
const allocationAt = async (tx: TenantTx, orderId: string, warehouseId: string) => {
  const [row] = await tx.execute<{ id: string; order_line_id: string }>(sql`select id, order_line_id from order_allocations where order_id = ${orderId} and warehouse_id = ${warehouseId}`);
  return row;
};
const movementsOf = (tx: TenantTx, productId: string) =>
  tx.execute<{ kind: string; quantity: number; warehouse_id: string }>(sql`select kind, quantity, warehouse_id from stock_movements where product_id = ${productId} order by id`);

/** 5 gauze in north, 5 in south; an order for 8: north 5 (priority 30), south 3. */
async function splitOrder(tx: TenantTx, s: OrderScenario) {
  await receive(tx, A.id, s.warehouses.north, s.products.gauze, 5);
  await receive(tx, A.id, s.warehouses.south, s.products.gauze, 5);
  const { orderId } = await placeOrder(tx, ops(), { customerId: s.customerId, source: "operator", lines: [{ productId: s.products.gauze, quantity: 8 }] });
  return orderId;
}

describe("shipping", () => {
  test("two partial shipments, then the rest: status open -> partially shipped -> shipped -> closed; balances and ledger agree", async () => {
    await withTenantRolledBack(system(), async (tx) => {
      const s = await orderScenario(tx, A);
      const orderId = await splitOrder(tx, s);
      const { north, south } = s.warehouses;
      const atNorth = await allocationAt(tx, orderId, north);

      const picks = await pickList(tx, north);
      expect(picks.warehouses).toHaveLength(1);
      expect(picks.warehouses[0].lines.filter((l) => l.orderId === orderId)).toMatchObject([{ allocationId: atNorth.id, quantity: 5, shipTo: "Ward A" }]);

      const first = await shipOrder(tx, ops(), { orderId, warehouseId: north, carrier: "DHL", trackingNumber: "JD1", lines: [{ allocationId: atNorth.id, quantity: 3 }] });
      expect(first).toMatchObject({ status: "partially_shipped", created: true });
      expect(first.number).toMatch(/^SHP-\d{6}$/);
      expect(await onHand(tx, s.products.gauze)).toEqual({ [north]: [2, 2], [south]: [5, 3] });

      // By order line: the reservation at that warehouse is used.
      const second = await shipOrder(tx, ops(), { orderId, warehouseId: north, carrier: "DHL", trackingNumber: "JD2", lines: [{ orderLineId: atNorth.order_line_id, quantity: 2 }] });
      expect(second.status).toBe("partially_shipped");
      const third = await shipOrder(tx, ops(), { orderId, warehouseId: south, carrier: "UPS", trackingNumber: "1Z", lines: [{ orderLineId: atNorth.order_line_id, quantity: 3 }] });
      expect(third.status).toBe("shipped");
      expect(await onHand(tx, s.products.gauze)).toEqual({ [north]: [0, 0], [south]: [2, 0] });
      expect((await movementsOf(tx, s.products.gauze)).filter((m) => m.kind === "shipment").map((m) => m.quantity)).toEqual([-3, -2, -3]);

      const detail = await orderDetail(tx, orderId);
      expect(detail.lines[0]).toMatchObject({ quantity: 8, reservedQuantity: 0, shippedQuantity: 8, backorderedQuantity: 0 });
      expect(detail.shipments.map((x) => [x.carrier, x.trackingNumber, x.lines.map((l) => l.quantity)])).toEqual([["DHL", "JD1", [3]], ["DHL", "JD2", [2]], ["UPS", "1Z", [3]]]);
      expect((await pickList(tx)).warehouses.flatMap((w) => w.lines).filter((l) => l.orderId === orderId)).toEqual([]);

      expect(await closeOrder(tx, ops(), orderId)).toMatchObject({ status: "closed", changed: true });
      expect(await closeOrder(tx, ops(), orderId)).toMatchObject({ status: "closed", changed: false });
      expect(await checkStockDrift(tx)).toEqual([]);
    });
  });

  test("a backordered line keeps the order partially shipped until the receipt's units ship too", async () => {
    await withTenantRolledBack(system(), async (tx) => {
      const s = await orderScenario(tx, A, { allowSubstitutions: false });
      await receive(tx, A.id, s.warehouses.north, s.products.gauze, 2);
      const { orderId } = await placeOrder(tx, ops(), { customerId: s.customerId, source: "operator", lines: [{ productId: s.products.gauze, quantity: 3 }] });
      const a = await allocationAt(tx, orderId, s.warehouses.north);
      expect((await shipOrder(tx, ops(), { orderId, warehouseId: s.warehouses.north, carrier: "DHL", lines: [{ allocationId: a.id, quantity: 2 }] })).status).toBe("partially_shipped");
      await receive(tx, A.id, s.warehouses.north, s.products.gauze, 1);
      expect((await shipOrder(tx, ops(), { orderId, warehouseId: s.warehouses.north, carrier: "DHL", lines: [{ allocationId: a.id, quantity: 1 }] })).status).toBe("shipped");
    });
  });

  test("the same request key returns the first shipment", async () => {
    await withTenantRolledBack(system(), async (tx) => {
      const s = await orderScenario(tx, A);
      const orderId = await splitOrder(tx, s);
      const a = await allocationAt(tx, orderId, s.warehouses.north);
      const input = { orderId, warehouseId: s.warehouses.north, carrier: "DHL", lines: [{ allocationId: a.id, quantity: 1 }], requestKey: "ship-1" };
      const first = await shipOrder(tx, ops(), input);
      expect(await shipOrder(tx, ops(), input)).toMatchObject({ shipmentId: first.shipmentId, number: first.number, created: false });
      expect(await onHand(tx, s.products.gauze)).toMatchObject({ [s.warehouses.north]: [4, 4] });
    });
  });

  test("shipping more than reserved there, from another warehouse, without a carrier or from a cancelled order is refused and changes nothing", async () => {
    await withTenantRolledBack(system(), async (tx) => {
      const s = await orderScenario(tx, A);
      const orderId = await splitOrder(tx, s);
      const { north, south } = s.warehouses;
      const atNorth = await allocationAt(tx, orderId, north);
      const state = async () => ({
        balances: await onHand(tx, s.products.gauze),
        allocations: await allocationsOf(tx, orderId),
        shipped: (await tx.execute(sql`select shipped_quantity from order_allocations where order_id = ${orderId} order by id`)).map((r) => r.shipped_quantity),
        shipments: (await tx.execute(sql`select count(*)::int as n from shipments where order_id = ${orderId}`))[0].n,
        ledger: (await movementsOf(tx, s.products.gauze)).length,
        status: (await orderRow(tx, orderId)).status,
      });
      const before = await state();
      const attempt = (lines: Array<{ allocationId?: string; orderLineId?: string; quantity: number }>, over: Record<string, unknown> = {}) =>
        tx.transaction((sp) => shipOrder(sp, ops(), { orderId, warehouseId: north, carrier: "DHL", lines, ...over }));

      await expect(attempt([{ allocationId: atNorth.id, quantity: 6 }])).rejects.toThrow(/6 to ship but only 5 reserved at N-/);
      // Two lines of the same reservation add up.
      await expect(attempt([{ allocationId: atNorth.id, quantity: 3 }, { orderLineId: atNorth.order_line_id, quantity: 3 }])).rejects.toThrow(/6 to ship but only 5 reserved/);
      const atSouth = await allocationAt(tx, orderId, south);
      await expect(attempt([{ allocationId: atSouth.id, quantity: 1 }])).rejects.toThrow(/in another warehouse; a shipment leaves from one warehouse/);
      await expect(attempt([{ allocationId: atNorth.id, quantity: 1 }], { carrier: " " })).rejects.toThrow("Enter the carrier");
      await expect(attempt([{ allocationId: atNorth.id, quantity: 0 }])).rejects.toThrow("Quantity must be at least 1");
      await expect(attempt([{ orderLineId: atNorth.order_line_id, quantity: 1 }], { warehouseId: s.warehouses.east })).rejects.toThrow(/nothing of that order line is reserved at E-/);
      expect(await state()).toEqual(before);

      await cancelOrder(tx, staff(), { id: orderId });
      await expect(attempt([{ allocationId: atNorth.id, quantity: 1 }])).rejects.toThrow(/is cancelled: nothing can ship/);
    });
  });
});

describe("cancelling", () => {
  test("releases every open reservation, puts balances back, clears backorders, and is idempotent", async () => {
    await withTenantRolledBack(system(), async (tx) => {
      const s = await orderScenario(tx, A, { allowSubstitutions: false });
      await receive(tx, A.id, s.warehouses.north, s.products.gauze, 5);
      await receive(tx, A.id, s.warehouses.south, s.products.gauze, 2);
      const { orderId } = await placeOrder(tx, ops(), { customerId: s.customerId, source: "operator", lines: [{ productId: s.products.gauze, quantity: 9 }] });
      expect(await onHand(tx, s.products.gauze)).toEqual({ [s.warehouses.north]: [5, 5], [s.warehouses.south]: [2, 2] });

      expect(await cancelOrder(tx, staff(), { id: orderId, reason: "Customer changed their mind" })).toEqual({ status: "cancelled", releasedUnits: 7, changed: true });
      expect(await onHand(tx, s.products.gauze)).toEqual({ [s.warehouses.north]: [5, 0], [s.warehouses.south]: [2, 0] });
      const detail = await orderDetail(tx, orderId);
      expect(detail).toMatchObject({ status: "cancelled", note: "Cancelled: Customer changed their mind" });
      expect(detail.lines[0]).toMatchObject({ reservedQuantity: 0, backorderedQuantity: 0 });
      expect(detail.allocations.map((a) => a.releasedQuantity).sort()).toEqual([2, 5]);

      expect(await cancelOrder(tx, staff(), { id: orderId })).toEqual({ status: "cancelled", releasedUnits: 0, changed: false });
      expect(await onHand(tx, s.products.gauze)).toEqual({ [s.warehouses.north]: [5, 0], [s.warehouses.south]: [2, 0] });
      // A later receipt does not fill the cancelled order's (cleared) backorder.
      await receive(tx, A.id, s.warehouses.north, s.products.gauze, 3);
      expect(await onHand(tx, s.products.gauze)).toMatchObject({ [s.warehouses.north]: [8, 0] });
      expect(await checkStockDrift(tx)).toEqual([]);
    });
  });

  test("cancelling a partially shipped order cancels the rest and closes it; a customer may not; a shipped order cannot be cancelled", async () => {
    await withTenantRolledBack(system(), async (tx) => {
      const s = await orderScenario(tx, A);
      const orderId = await splitOrder(tx, s);
      const a = await allocationAt(tx, orderId, s.warehouses.north);
      await shipOrder(tx, ops(), { orderId, warehouseId: s.warehouses.north, carrier: "DHL", lines: [{ allocationId: a.id, quantity: 4 }] });
      await expect(tx.transaction((sp) => cancelOrder(sp, { ...ops(), portal: "customer" }, { id: orderId }))).rejects.toThrow(/has shipped: ask us to cancel the rest/);
      expect(await cancelOrder(tx, staff(), { id: orderId })).toMatchObject({ status: "closed", releasedUnits: 4 });
      expect(await onHand(tx, s.products.gauze)).toEqual({ [s.warehouses.north]: [1, 0], [s.warehouses.south]: [5, 0] });

      const other = await splitOrder(tx, s);
      for (const w of [s.warehouses.north, s.warehouses.south]) {
        const x = await allocationAt(tx, other, w);
        const [open] = await tx.execute<{ n: number }>(sql`select quantity - shipped_quantity - released_quantity as n from order_allocations where id = ${x.id}`);
        await shipOrder(tx, ops(), { orderId: other, warehouseId: w, carrier: "DHL", lines: [{ allocationId: x.id, quantity: open.n }] });
      }
      expect((await orderRow(tx, other)).status).toBe("shipped");
      await expect(tx.transaction((sp) => cancelOrder(sp, staff(), { id: other }))).rejects.toThrow(/is shipped: there is nothing left to cancel/);
      expect(await checkStockDrift(tx)).toEqual([]);
    });
  });
});

describe("returns", () => {
  async function shippedOrder(tx: TenantTx) {
    const s = await orderScenario(tx, A, { allowSubstitutions: false });
    await receive(tx, A.id, s.warehouses.north, s.products.gauze, 4);
    await receive(tx, A.id, s.warehouses.north, s.products.gauzeLarge, 2);
    const { orderId } = await placeOrder(tx, ops(), {
      customerId: s.customerId,
      source: "operator",
      lines: [{ productId: s.products.gauze, quantity: 4 }, { productId: s.products.gauzeLarge, quantity: 2 }],
    });
    const allocations = await tx.execute<{ id: string; quantity: number }>(sql`select id, quantity from order_allocations where order_id = ${orderId}`);
    await shipOrder(tx, ops(), { orderId, warehouseId: s.warehouses.north, carrier: "DHL", lines: allocations.map((a) => ({ allocationId: a.id, quantity: a.quantity })) });
    const lines = await tx.execute<{ id: string; product_id: string }>(sql`select id, product_id from order_lines where order_id = ${orderId}`);
    const lineOf = (productId: string) => lines.find((l) => l.product_id === productId)!.id;
    return { s, orderId, gauzeLine: lineOf(s.products.gauze), largeLine: lineOf(s.products.gauzeLarge) };
  }

  test("restock puts stock back; scrap books the goods in and out, leaving on hand unchanged; lines keep the price as sold", async () => {
    await withTenantRolledBack(system(), async (tx) => {
      const { s, orderId, gauzeLine, largeLine } = await shippedOrder(tx);
      const rma = await requestReturn(tx, ops(), { orderId, reason: "Wrong size", lines: [{ orderLineId: gauzeLine, quantity: 2 }, { orderLineId: largeLine, quantity: 1 }] });
      expect(rma.number).toMatch(/^RMA-\d{6}$/);
      const detail = await returnDetail(tx, rma.returnId);
      expect(detail.lines.map((l) => [l.productId, l.quantity, l.unitPrice, l.amountMinor, l.taxClass, l.creditNoteId])).toEqual([
        [s.products.gauze, 2, "4.000000", 800n, "standard", null],
        [s.products.gauzeLarge, 1, "2.500000", 250n, "standard", null],
      ]);

      await expect(tx.transaction((sp) => receiveReturn(sp, ops(), { id: rma.returnId, warehouseId: s.warehouses.south, lines: [] }))).rejects.toThrow("Say what happens to each line");
      const lines = detail.lines.map((l) => ({ returnLineId: l.id, disposition: l.productId === s.products.gauze ? ("restock" as const) : ("scrap" as const) }));
      await expect(tx.transaction((sp) => receiveReturn(sp, ops(), { id: rma.returnId, warehouseId: s.warehouses.south, lines }))).rejects.toThrow(/must be approved first/);
      expect(await decideReturn(tx, ops(), "approved", { id: rma.returnId })).toEqual({ status: "approved", changed: true });
      expect(await decideReturn(tx, ops(), "approved", { id: rma.returnId })).toEqual({ status: "approved", changed: false });

      expect(await receiveReturn(tx, ops(), { id: rma.returnId, warehouseId: s.warehouses.south, lines })).toEqual({ status: "received", restocked: 2, scrapped: 1, changed: true });
      expect(await receiveReturn(tx, ops(), { id: rma.returnId, warehouseId: s.warehouses.south, lines })).toMatchObject({ changed: false });
      expect(await onHand(tx, s.products.gauze)).toEqual({ [s.warehouses.north]: [0, 0], [s.warehouses.south]: [2, 0] });
      expect(await onHand(tx, s.products.gauzeLarge)).toEqual({ [s.warehouses.north]: [0, 0], [s.warehouses.south]: [0, 0] });
      expect((await movementsOf(tx, s.products.gauzeLarge)).map((m) => [m.kind, m.quantity])).toEqual([["receipt", 2], ["shipment", -2], ["return", 1], ["scrap", -1]]);
      expect((await returnDetail(tx, rma.returnId)).lines.map((l) => [l.disposition, l.receivedQuantity, l.warehouseId])).toEqual([
        ["restock", 2, s.warehouses.south],
        ["scrap", 1, s.warehouses.south],
      ]);
      expect(await checkStockDrift(tx)).toEqual([]);
    });
  });

  test("a return for more than shipped (less what is already returned) is refused and changes nothing; a rejected return frees its units", async () => {
    await withTenantRolledBack(system(), async (tx) => {
      const { orderId, gauzeLine } = await shippedOrder(tx);
      const count = async () => (await tx.execute<{ n: number }>(sql`select count(*)::int as n from returns where order_id = ${orderId}`))[0].n;
      await expect(tx.transaction((sp) => requestReturn(sp, ops(), { orderId, reason: "Damaged", lines: [{ orderLineId: gauzeLine, quantity: 5 }] }))).rejects.toThrow(
        /5 to return but 4 shipped, so at most 4/,
      );
      const first = await requestReturn(tx, ops(), { orderId, reason: "Damaged", lines: [{ orderLineId: gauzeLine, quantity: 3 }] });
      await expect(tx.transaction((sp) => requestReturn(sp, ops(), { orderId, reason: "Damaged", lines: [{ orderLineId: gauzeLine, quantity: 2 }] }))).rejects.toThrow(
        /2 to return but 4 shipped and 3 already returned, so at most 1/,
      );
      expect(await count()).toBe(1);
      await expect(tx.transaction((sp) => decideReturn(sp, ops(), "rejected", { id: first.returnId, note: "" }))).rejects.toThrow("Say why the return is rejected");
      await decideReturn(tx, ops(), "rejected", { id: first.returnId, note: "Outside the return window" });
      await expect(tx.transaction((sp) => decideReturn(sp, ops(), "approved", { id: first.returnId }))).rejects.toThrow(/is already rejected/);
      const again = await requestReturn(tx, ops(), { orderId, reason: "Damaged", lines: [{ orderLineId: gauzeLine, quantity: 4 }], requestKey: "rma-1" });
      expect(await requestReturn(tx, ops(), { orderId, reason: "Damaged", lines: [{ orderLineId: gauzeLine, quantity: 4 }], requestKey: "rma-1" })).toEqual({ ...again, created: false });
    });
  });

  test("a substitute comes back at its share of the ordered item's price", async () => {
    await withTenantRolledBack(system(), async (tx) => {
      const s = await orderScenario(tx, A);
      await receive(tx, A.id, s.warehouses.north, s.products.gauzeLarge, 6);
      const { orderId } = await placeOrder(tx, ops(), { customerId: s.customerId, source: "operator", lines: [{ productId: s.products.gauze, quantity: 3 }] });
      const detail = await orderDetail(tx, orderId);
      expect(detail.lines[0].substitutions.map((x) => x.text)).toEqual([expect.stringMatching(/^Gauze 10cm \(GZ-\w+\) substituted by Gauze 5cm \(GZL-\w+\): 6 for 3$/)]);
      await shipOrder(tx, ops(), { orderId, warehouseId: s.warehouses.north, carrier: "DHL", lines: [{ orderLineId: detail.lines[0].id, quantity: 6 }] });
      const rma = await requestReturn(tx, ops(), { orderId, reason: "Too small", lines: [{ orderLineId: detail.lines[0].id, quantity: 3 }] });
      // 3 x 4.00 bought 6 substitutes: 2.00 each as sold.
      expect((await returnDetail(tx, rma.returnId)).lines.map((l) => [l.productId, l.unitPrice, l.amountMinor])).toEqual([[s.products.gauzeLarge, "2.000000", 600n]]);
    });
  });
});
