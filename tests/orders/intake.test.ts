import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { closeAppPool } from "../../db/client";
import { withTenant } from "../../db/with-tenant";
import { checkStockDrift, driftUnits } from "../../server/domain/inventory/drift";
import { DomainError } from "../../server/domain/errors";
import { OrderIntake, OrderIntakeError } from "../../server/domain/orders/intake";
import type { PlaceRequest, PlaceResult } from "../../server/domain/orders/place";
import { closeRedis } from "../../server/redis";
import { createPlatformAdmin, createTenantFixture, type TenantFixture } from "../helpers/fixtures";
import { suffix } from "../helpers/db";
import { orderScenario, receive, type OrderScenario } from "./helpers";

/*
 * The order intake (group commit): orders that arrive while a batch of their tenant is being placed go
 * together in the next one, and each gets its own result, whatever happens to the others.
 */

let T: TenantFixture;
let s: OrderScenario;

beforeAll(async () => {
  T = await createTenantFixture(await createPlatformAdmin("intake"), "intake");
  s = await withTenant({ kind: "system", tenantId: T.id }, async (tx) => {
    const scenario = await orderScenario(tx, T);
    await receive(tx, T.id, scenario.warehouses.north, scenario.products.gauze, 40);
    return scenario;
  });
});
afterAll(async () => {
  await closeAppPool();
  await closeRedis();
});

const order = (lines: Array<{ productId: string; quantity: number }>, extra: Partial<PlaceRequest["input"]> = {}): PlaceRequest => ({
  acting: { tenantId: T.id, userId: null },
  input: { customerId: s.customerId, source: "operator", lines, ...extra },
});

async function reservedFor(orderIds: string[]) {
  return withTenant({ kind: "system", tenantId: T.id }, async (tx) => {
    const [row] = await tx.execute<{ reserved: number; orders: number; numbered: number }>(sql`
      select (select coalesce(sum(quantity), 0)::int from order_allocations where order_id = any(${`{${orderIds.join(",")}}`}::uuid[])) as reserved,
             (select count(*)::int from orders where id = any(${`{${orderIds.join(",")}}`}::uuid[])) as orders,
             (select count(*)::int from orders where id = any(${`{${orderIds.join(",")}}`}::uuid[]) and number like 'ORD-%') as numbered`);
    return { ...row, drift: driftUnits(await checkStockDrift(tx, [s.products.gauze, s.products.gauzeLarge])) };
  });
}

describe("the order intake", () => {
  test("orders arriving during a batch go together in the next; a bad one gets its own typed error and the rest are placed", async () => {
    const intake = new OrderIntake({ maxBatch: 256, concurrency: 1 });
    const key = `dup-${suffix()}`;
    const first = intake.place(order([{ productId: s.products.gauze, quantity: 1 }]));
    // All submitted while the first batch runs: they wait for it, then go as one.
    const rest = [
      intake.place(order([{ productId: s.products.gauze, quantity: 2 }])),
      intake.place(order([{ productId: s.products.archived, quantity: 1 }])),
      intake.place(order([{ productId: s.products.gauze, quantity: 3 }], { requestKey: key })),
      intake.place(order([{ productId: s.products.gauze, quantity: 3 }], { requestKey: key })),
      intake.place({ ...order([{ productId: s.products.gauze, quantity: 1 }]), acting: { tenantId: T.id, userId: null, customerId: T.customers.c1 } }),
      intake.place(order([{ productId: s.products.kit, quantity: 2 }])),
      intake.place(order([{ productId: s.products.gauze, quantity: 0 }])),
    ];
    const results: PlaceResult[] = [await first, ...(await Promise.all(rest))];

    expect(intake.stats).toMatchObject({ batches: 2, orders: 8, largestBatch: 7, retriedAlone: 0 });
    const [one, two, archived, keyed, repeat, forbidden, kit, zero] = results;
    for (const r of [one, two, keyed, kit]) expect(r).toMatchObject({ ok: true, created: true });
    expect(repeat).toEqual({ ok: true, orderId: keyed.ok ? keyed.orderId : "", created: false });
    expect(archived).toMatchObject({ ok: false, error: { code: "BAD_REQUEST", message: expect.stringContaining("archived") } });
    expect(forbidden).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    expect(zero).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });
    for (const r of [archived, forbidden, zero]) expect(!r.ok && r.error).toBeInstanceOf(DomainError);

    const placed = [one, two, keyed, kit].map((r) => (r.ok ? r.orderId : ""));
    expect(new Set(placed).size).toBe(4);
    // 1 + 2 + 3 gauze, and the kit's 2 x 2 gauze components: all reserved, numbered, ledger and balances agree.
    expect(await reservedFor(placed)).toEqual({ reserved: 10, orders: 4, numbered: 4, drift: 0 });
  });

  test("when a batch's transaction fails, each order is retried alone: only the one that cannot be placed fails", async () => {
    const intake = new OrderIntake({ maxBatch: 256, concurrency: 1 });
    const first = intake.place(order([{ productId: s.products.gauze, quantity: 1 }]));
    const rest = [
      intake.place(order([{ productId: s.products.gauze, quantity: 1 }])),
      // Postgres refuses a NUL character in text: this order's insert fails the whole batch statement.
      intake.place(order([{ productId: s.products.gauze, quantity: 1 }], { note: "bad \u0000 note" })),
      intake.place(order([{ productId: s.products.gauze, quantity: 2 }])),
    ];
    const [a, b, bad, c] = [await first, ...(await Promise.all(rest))];
    expect(intake.stats).toMatchObject({ batches: 2, retriedAlone: 3 });
    for (const r of [a, b, c]) expect(r).toMatchObject({ ok: true, created: true });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error).toBeInstanceOf(OrderIntakeError);
    const placed = [a, b, c].map((r) => (r.ok ? r.orderId : ""));
    expect(await reservedFor(placed)).toEqual({ reserved: 4, orders: 3, numbered: 3, drift: 0 });
  });

  test("a customer's orders in one batch count against its credit limit together, in arrival order", async () => {
    const limited = await withTenant({ kind: "system", tenantId: T.id }, async (tx) => {
      const sc = await orderScenario(tx, T, { creditLimitMinor: 1000n }); // €10.00; gauze is €4.00
      await receive(tx, T.id, sc.warehouses.north, sc.products.gauze, 10);
      return sc;
    });
    const intake = new OrderIntake({ maxBatch: 256, concurrency: 1 });
    const mk = (q: number) => intake.place({ acting: { tenantId: T.id, userId: null }, input: { customerId: limited.customerId, source: "operator", lines: [{ productId: limited.products.gauze, quantity: q }] } });
    const warm = mk(1); // €4: released alone
    const [second, third] = await Promise.all([mk(1), mk(1)]); // €4 more fits (€8), the next (€12) does not
    await warm;
    const holds = await withTenant({ kind: "system", tenantId: T.id }, (tx) =>
      tx.execute<{ id: string; hold: string | null }>(sql`select id, hold from orders where customer_id = ${limited.customerId} order by created_at, id`),
    );
    expect(second.ok && third.ok).toBe(true);
    expect(holds.map((h) => h.hold)).toEqual([null, null, "credit_limit"]);
    expect(intake.stats.batches).toBe(2);
  });

  test("two batches in flight at once (concurrency 2): no deadlock, no oversell, distinct numbers, and the credit limit holds across them", async () => {
    const [limited, other] = await withTenant({ kind: "system", tenantId: T.id }, async (tx) => {
      const a = await orderScenario(tx, T, { creditLimitMinor: 1000n }); // €10.00; gauze is €4.00
      const b = await orderScenario(tx, T);
      await receive(tx, T.id, a.warehouses.north, a.products.gauze, 10);
      await receive(tx, T.id, b.warehouses.north, b.products.gauze, 4); // short: 6 ordered below
      return [a, b];
    });
    const intake = new OrderIntake({ maxBatch: 3, concurrency: 2 });
    const mk = (sc: OrderScenario) => intake.place({ acting: { tenantId: T.id, userId: null }, input: { customerId: sc.customerId, source: "operator", lines: [{ productId: sc.products.gauze, quantity: 1 }] } });
    // Interleaved, so both customers' rows and both products' stock are locked by batches running at once.
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => mk(i % 2 === 0 ? limited : other)));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(intake.stats.batches).toBeGreaterThanOrEqual(4);

    const rows = await withTenant({ kind: "system", tenantId: T.id }, (tx) =>
      tx.execute<{ customer_id: string; hold: string | null; number: string; reserved: number }>(sql`
        select o.customer_id, o.hold, o.number, coalesce((select sum(a.quantity) from order_allocations a where a.order_id = o.id), 0)::int as reserved
          from orders o where o.customer_id in (${limited.customerId}, ${other.customerId})`),
    );
    expect(rows).toHaveLength(12);
    expect(new Set(rows.map((r) => r.number)).size).toBe(12);
    // €4 + €4 fit under €10, a third would not: whichever batches they were in, two released.
    const mine = rows.filter((r) => r.customer_id === limited.customerId);
    expect(mine.filter((r) => r.hold === null)).toHaveLength(2);
    expect(mine.filter((r) => r.hold !== null).every((r) => r.hold === "credit_limit")).toBe(true);
    // 6 units ordered of 4 received: 4 reserved, never more.
    expect(rows.filter((r) => r.customer_id === other.customerId).reduce((n, r) => n + r.reserved, 0)).toBe(4);
    const drift = await withTenant({ kind: "system", tenantId: T.id }, (tx) => checkStockDrift(tx, [limited.products.gauze, other.products.gauze]));
    expect(driftUnits(drift)).toBe(0);
  });
});
