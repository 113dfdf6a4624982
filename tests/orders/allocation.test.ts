import { sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { closeAppPool } from "../../db/client";
import { closeRedis } from "../../server/redis";
import { placeOrder } from "../../server/domain/orders/place";
import { approveOrder, recheckOrder } from "../../server/domain/orders/release";
import { pgFailure, withTenantRolledBack } from "../helpers/db";
import { createPlatformAdmin, createTenantFixture, type TenantFixture } from "../helpers/fixtures";
import { allocationsOf, balances, orderRow, orderScenario, receive } from "./helpers";

let A: TenantFixture;
const system = () => ({ kind: "system" as const, tenantId: A.id });
const ops = () => ({ tenantId: A.id, userId: A.users.ops.id });

beforeAll(async () => {
  A = await createTenantFixture(await createPlatformAdmin("alloc"), "alloc");
});
afterAll(async () => {
  await closeAppPool();
  await closeRedis();
});

describe("placing an order reserves stock", () => {
  test("the customer's preferred warehouse first, then by warehouse priority, split across warehouses", async () => {
    await withTenantRolledBack(system(), async (tx) => {
      const s = await orderScenario(tx, A);
      await tx.execute(sql`update customers set preferred_warehouse_id = ${s.warehouses.east} where id = ${s.customerId}`);
      for (const [w, q] of [[s.warehouses.north, 5], [s.warehouses.south, 5], [s.warehouses.east, 3]] as const) await receive(tx, A.id, w, s.products.gauze, q);
      const { orderId } = await placeOrder(tx, ops(), { customerId: s.customerId, source: "operator", lines: [{ productId: s.products.gauze, quantity: 10 }] });
      // East (preferred) is emptied first, then north (priority 30) before south (20).
      expect(Object.fromEntries((await allocationsOf(tx, orderId)).map((a) => [a.warehouse_id, a.quantity]))).toEqual({
        [s.warehouses.east]: 3,
        [s.warehouses.north]: 5,
        [s.warehouses.south]: 2,
      });
      const reserved = Object.fromEntries((await balances(tx, s.products.gauze)).map((b) => [b.warehouse_id, b.reserved]));
      expect(reserved).toEqual({ [s.warehouses.east]: 3, [s.warehouses.north]: 5, [s.warehouses.south]: 2 });
      const order = await orderRow(tx, orderId);
      expect(order).toMatchObject({ status: "open", hold: null, total_minor: "4000" });
      expect(order.number).toMatch(/^ORD-\d{6}$/);
    });
  });

  test("a kit reserves its components; what cannot be reserved is backordered and a receipt fills it, oldest first", async () => {
    await withTenantRolledBack(system(), async (tx) => {
      const s = await orderScenario(tx, A, { allowSubstitutions: false });
      await receive(tx, A.id, s.warehouses.north, s.products.gauze, 3);
      const first = await placeOrder(tx, ops(), { customerId: s.customerId, source: "operator", lines: [{ productId: s.products.kit, quantity: 2 }] });
      const second = await placeOrder(tx, ops(), { customerId: s.customerId, source: "operator", lines: [{ productId: s.products.gauze, quantity: 2 }] });
      const lines = await tx.execute<{ order_id: string; parent_line_id: string | null; quantity: number; backordered_quantity: number; amount_minor: string }>(sql`
        select order_id, parent_line_id, quantity, backordered_quantity, amount_minor::text from order_lines where order_id in (${first.orderId}, ${second.orderId}) order by order_id, line_no`);
      // Kit line (priced, not stocked) + its component line (4 gauze: 3 reserved, 1 backordered); the second order gets nothing.
      expect(lines.map((l) => [l.parent_line_id === null, l.quantity, l.backordered_quantity, l.amount_minor])).toEqual([
        [true, 2, 0, "3000"],
        [false, 4, 1, "0"],
        [true, 2, 2, "800"],
      ]);
      const filled = await receive(tx, A.id, s.warehouses.south, s.products.gauze, 2);
      expect(filled).toMatchObject({ reservedUnits: 2, backorderedUnits: 1 });
      const after = await tx.execute<{ order_id: string; backordered_quantity: number }>(sql`
        select order_id, backordered_quantity from order_lines where order_id in (${first.orderId}, ${second.orderId}) and stocked order by order_id`);
      expect(after.map((l) => l.backordered_quantity)).toEqual([0, 1]);
    });
  });

  test("higher contract priority is served first when a receipt cannot fill every backorder", async () => {
    await withTenantRolledBack(system(), async (tx) => {
      const s = await orderScenario(tx, A, { allowSubstitutions: false });
      const older = await placeOrder(tx, ops(), { customerId: s.customerId, source: "operator", lines: [{ productId: s.products.gauze, quantity: 3 }] });
      const urgent = await placeOrder(tx, ops(), { customerId: s.customerId, source: "operator", lines: [{ productId: s.products.gauze, quantity: 3 }] });
      await tx.execute(sql`update orders set priority = 5 where id = ${urgent.orderId}`);
      await receive(tx, A.id, s.warehouses.north, s.products.gauze, 4);
      expect((await allocationsOf(tx, urgent.orderId)).map((a) => a.quantity)).toEqual([3]);
      expect((await allocationsOf(tx, older.orderId)).map((a) => a.quantity)).toEqual([1]);
    });
  });

  test("an out-of-stock item is substituted at the original price unless the customer opted out", async () => {
    await withTenantRolledBack(system(), async (tx) => {
      const s = await orderScenario(tx, A);
      await receive(tx, A.id, s.warehouses.south, s.products.gauzeLarge, 10);
      const { orderId } = await placeOrder(tx, ops(), { customerId: s.customerId, source: "operator", lines: [{ productId: s.products.gauze, quantity: 3 }] });
      expect(await allocationsOf(tx, orderId)).toMatchObject([{ product_id: s.products.gauzeLarge, quantity: 6, covers: 3, substitute: true }]);
      expect((await orderRow(tx, orderId)).total_minor).toBe("1200"); // 3 x 4.00, the ordered item's price

      await tx.execute(sql`update customers set allow_substitutions = false where id = ${s.customerId}`);
      const optedOut = await placeOrder(tx, ops(), { customerId: s.customerId, source: "operator", lines: [{ productId: s.products.gauze, quantity: 1 }] });
      expect(await allocationsOf(tx, optedOut.orderId)).toEqual([]);
      const [line] = await tx.execute<{ backordered_quantity: number }>(sql`select backordered_quantity from order_lines where order_id = ${optedOut.orderId}`);
      expect(line.backordered_quantity).toBe(1);
    });
  });

  test("the same request key returns the first order instead of placing a second", async () => {
    await withTenantRolledBack(system(), async (tx) => {
      const s = await orderScenario(tx, A);
      await receive(tx, A.id, s.warehouses.north, s.products.gauze, 10);
      const input = { customerId: s.customerId, source: "operator" as const, lines: [{ productId: s.products.gauze, quantity: 2 }], requestKey: "po-4711" };
      const first = await placeOrder(tx, ops(), input);
      const retry = await placeOrder(tx, ops(), input);
      expect(retry).toEqual({ orderId: first.orderId, created: false });
      expect((await balances(tx, s.products.gauze))[0].reserved).toBe(2);
    });
  });
});

describe("release checks hold an order and reserve nothing", () => {
  test("credit hold, then credit limit, then approval threshold; approval by another user releases it", async () => {
    await withTenantRolledBack(system(), async (tx) => {
      const s = await orderScenario(tx, A, { creditLimitMinor: 5_000n });
      await receive(tx, A.id, s.warehouses.north, s.products.gauze, 100);
      const line = (quantity: number) => [{ productId: s.products.gauze, quantity }];

      await tx.execute(sql`update customers set status = 'credit_hold' where id = ${s.customerId}`);
      const onHold = await placeOrder(tx, ops(), { customerId: s.customerId, source: "operator", lines: line(1) });
      expect(await orderRow(tx, onHold.orderId)).toMatchObject({ hold: "credit_hold", hold_reason: "The customer is on credit hold" });
      expect(await allocationsOf(tx, onHold.orderId)).toEqual([]);
      await tx.execute(sql`update customers set status = 'active' where id = ${s.customerId}`);
      expect(await recheckOrder(tx, ops(), onHold.orderId)).toEqual({ released: true, reason: "" });
      expect((await allocationsOf(tx, onHold.orderId)).map((a) => a.quantity)).toEqual([1]);

      // 4.00 already open + 12 x 4.00 = 52.00 > 50.00 limit
      const overLimit = await placeOrder(tx, ops(), { customerId: s.customerId, source: "operator", lines: line(12) });
      expect((await orderRow(tx, overLimit.orderId)).hold_reason).toBe("Open receivables €4.00 + this order €48.00 exceed the credit limit of €50.00");

      await tx.execute(sql`update customers set credit_limit_minor = 100000000 where id = ${s.customerId}`);
      await tx.execute(sql`insert into tenant_settings (tenant_id, order_approval_threshold_minor) values (${A.id}, 2000)`);
      const big = await placeOrder(tx, ops(), { customerId: s.customerId, source: "operator", lines: line(6) });
      expect(await orderRow(tx, big.orderId)).toMatchObject({ hold: "approval" });
      await expect(approveOrder(tx, ops(), big.orderId)).rejects.toThrow("another user must approve it");
      await approveOrder(tx, { tenantId: A.id, userId: A.users.finance.id }, big.orderId);
      expect(await orderRow(tx, big.orderId)).toMatchObject({ hold: null });
      expect((await allocationsOf(tx, big.orderId)).map((a) => a.quantity)).toEqual([6]);
    });
  });
});

describe("bad input is refused and changes nothing", () => {
  test("an archived product, a negative quantity, an unknown customer", async () => {
    await withTenantRolledBack(system(), async (tx) => {
      const s = await orderScenario(tx, A);
      const count = async () => (await tx.execute<{ n: number }>(sql`select count(*)::int as n from orders`))[0].n;
      const before = await count();
      await expect(placeOrder(tx, ops(), { customerId: s.customerId, source: "operator", lines: [{ productId: s.products.archived, quantity: 1 }] })).rejects.toThrow(/is archived and cannot be ordered/);
      await expect(placeOrder(tx, ops(), { customerId: s.customerId, source: "operator", lines: [{ productId: s.products.gauze, quantity: -2 }] })).rejects.toThrow("Quantity must be at least 1");
      await expect(placeOrder(tx, ops(), { customerId: uuidv7(), source: "operator", lines: [{ productId: s.products.gauze, quantity: 1 }] })).rejects.toThrow("No such customer");
      expect(await count()).toBe(before);
    });
  });

  test("the database refuses to reserve more than on hand, whatever the code does", async () => {
    const failure = await pgFailure(() =>
      withTenantRolledBack(system(), async (tx) => {
        const s = await orderScenario(tx, A);
        await receive(tx, A.id, s.warehouses.north, s.products.gauze, 2);
        await tx.execute(sql`update stock_balances set reserved = 3 where product_id = ${s.products.gauze}`);
      }),
    );
    expect(failure.code).toBe("23514");
  });
});
