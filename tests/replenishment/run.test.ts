import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { closeAppPool } from "../../db/client";
import type { TenantTx } from "../../db/with-tenant";
import { closeRedis } from "../../server/redis";
import { runReplenishmentChunk } from "../../server/domain/replenishment/chunk";
import { catchUpFrom, CATCH_UP_DAYS, dueDeliveries } from "../../server/domain/replenishment/due";
import { upcomingDeliveries, type ScheduledContract } from "../../server/domain/subscriptions/schedule";
import { withTenantRolledBack } from "../helpers/db";
import { createPlatformAdmin, createTenantFixture, type TenantFixture } from "../helpers/fixtures";
import { allocationsOf, balances, orderScenario, receive } from "../orders/helpers";
import { amend, counts, deliveryContract, newRun, pauseOtherContracts, type DeliveryItemSpec } from "./helpers";

let A: TenantFixture;
const system = () => ({ kind: "system" as const, tenantId: A.id });

beforeAll(async () => {
  A = await createTenantFixture(await createPlatformAdmin("repl"), "repl");
});
afterAll(async () => {
  await closeAppPool();
  await closeRedis();
});

/** Runs chunks until nothing is due, like driveRun does, in the test's transaction. */
async function runAll(tx: TenantTx, throughDate: string, chunk = 1000) {
  const runId = await newRun(tx, A.id, throughDate);
  for (let i = 0; i < 100; i++) {
    const r = await runReplenishmentChunk(tx, A.id, runId, throughDate, chunk);
    if (r.picked === 0) break;
  }
  const [run] = await tx.execute<{ done: number; total: number; orders_created: number; holds: number; units_backordered: number; exception_count: number }>(sql`
    select done, total, orders_created, holds, units_backordered, exception_count from replenishment_runs where id = ${runId}`);
  return { runId, run };
}

describe("which deliveries are due", () => {
  const contract: ScheduledContract = { status: "active", termStart: "2025-01-01", termEnd: "2030-01-01", autoRenew: true, cancelAt: null, anchorDay: 1, billingInterval: "month" };
  const items: DeliveryItemSpec[] = [
    { productId: "", every: 1, unit: "week", first: "2026-01-05" },
    { productId: "", every: 2, unit: "week", first: "2026-01-07" },
    { productId: "", every: 1, unit: "month", first: "2026-01-31" },
    { productId: "", every: 2, unit: "month", first: "2025-12-30" },
    { productId: "", every: 3, unit: "month", first: "2025-11-29" },
  ];

  test.each(["2026-01-10", "2026-02-28", "2026-03-03", "2026-03-31", "2026-04-30", "2026-05-31", "2027-02-28", "2028-03-01"])(
    "through %s: SQL and schedule.ts agree, with month-end clamping",
    async (through) => {
      await withTenantRolledBack(system(), async (tx) => {
        await pauseOtherContracts(tx);
        const s = await orderScenario(tx, A);
        const products = Object.values(s.products).concat(A.contract.products.stock);
        const spec = items.map((i, n) => ({ ...i, productId: products[n] }));
        const c = await deliveryContract(tx, A.id, { customerId: s.customerId, siteId: s.siteId, items: spec });
        const sqlDates = (await dueDeliveries(tx, through)).map((d) => `${d.delivery_date} ${d.item_id}`).sort();
        const tsDates = upcomingDeliveries(
          contract,
          spec.map((i, n) => ({ id: c.itemIds[n], productId: i.productId, quantity: "1", deliveryEvery: i.every!, deliveryUnit: i.unit!, firstDeliveryDate: i.first, shipToSiteId: s.siteId, preferredWarehouseId: null })),
          catchUpFrom(through),
          CATCH_UP_DAYS + 1,
        ).map((d) => `${d.date} ${d.itemId}`).sort();
        expect(sqlDates).toEqual(tsDates);
        expect(sqlDates.length).toBeGreaterThan(0);
      });
    },
  );

  test("month steps count from the first date: Jan 31 -> Feb 28 -> Mar 31 (no drift to the 28th)", async () => {
    await withTenantRolledBack(system(), async (tx) => {
      await pauseOtherContracts(tx);
      const s = await orderScenario(tx, A);
      await deliveryContract(tx, A.id, { customerId: s.customerId, siteId: s.siteId, items: [{ productId: s.products.gauze, every: 1, unit: "month", first: "2026-01-31" }] });
      expect((await dueDeliveries(tx, "2026-02-28")).map((d) => d.delivery_date)).toEqual(["2026-02-28"]);
      expect((await dueDeliveries(tx, "2026-03-31")).map((d) => d.delivery_date)).toEqual(["2026-03-31"]);
    });
  });

  test("the version in force on the date decides; the term start, cancel date and catch-up window bound it; paused contracts ship nothing", async () => {
    await withTenantRolledBack(system(), async (tx) => {
      await pauseOtherContracts(tx);
      const s = await orderScenario(tx, A);
      const c = await deliveryContract(tx, A.id, { customerId: s.customerId, siteId: s.siteId, items: [{ productId: s.products.gauze, quantity: 1, first: "2026-03-02" }] });
      // From Mar 12 the contract delivers 5 gauze large on Thursdays instead.
      await amend(tx, A.id, c.subscriptionId, s.siteId, "2026-03-12", [{ productId: s.products.gauzeLarge, quantity: 5, first: "2026-03-05" }]);
      const due = (await dueDeliveries(tx, "2026-03-20")).map((d) => [d.delivery_date, d.product_id === s.products.gauze ? "gauze" : "large"]);
      // Window Mar 6 .. Mar 20: Mar 9 under v1, then Mar 12 and Mar 19 under v2.
      expect(due.sort()).toEqual([["2026-03-09", "gauze"], ["2026-03-12", "large"], ["2026-03-19", "large"]]);

      await tx.execute(sql`update subscriptions set cancel_at = '2026-03-19' where id = ${c.subscriptionId}`);
      expect((await dueDeliveries(tx, "2026-03-20")).map((d) => d.delivery_date).sort()).toEqual(["2026-03-09", "2026-03-12"]);
      await tx.execute(sql`update subscriptions set status = 'paused' where id = ${c.subscriptionId}`);
      expect(await dueDeliveries(tx, "2026-03-20")).toEqual([]);
    });
  });
});

describe("a run", () => {
  test("creates one order per contract, date and site with contract prices, priority and kit components, and reserves stock", async () => {
    await withTenantRolledBack(system(), async (tx) => {
      await pauseOtherContracts(tx);
      const s = await orderScenario(tx, A);
      for (const w of [s.warehouses.north, s.warehouses.south]) await receive(tx, A.id, w, s.products.gauze, 100);
      const c = await deliveryContract(tx, A.id, {
        customerId: s.customerId, siteId: s.siteId, priority: 7,
        items: [
          { productId: s.products.gauze, quantity: 3, unitPrice: "4.333333", discount: "12.5", first: "2026-03-02", warehouseId: s.warehouses.south },
          { productId: s.products.kit, quantity: 2, unitPrice: "15", first: "2026-03-02" },
        ],
      });
      const { run } = await runAll(tx, "2026-03-03");
      expect(run).toMatchObject({ done: 2, total: 2, orders_created: 1, holds: 0, units_backordered: 0 });
      const [order] = await tx.execute<{ id: string; number: string; source: string; priority: number; hold: string | null; total_minor: string; preferred_warehouse_id: string; delivery_date: string }>(sql`
        select id, number, source, priority, hold, total_minor::text, preferred_warehouse_id, delivery_date::text from orders where subscription_id = ${c.subscriptionId}`);
      // 3 x 4.333333 = 12.999999, less 12.5% = 11.374999 -> 11.37 (half-up on the cent); kit 2 x 15 = 30.
      expect(order).toMatchObject({ source: "replenishment", priority: 7, hold: null, total_minor: String(1137 + 3000), preferred_warehouse_id: s.warehouses.south, delivery_date: "2026-03-02" });
      expect(order.number).toMatch(/^ORD-\d{6}$/);
      const lines = await tx.execute<{ product_id: string; quantity: number; unit_price: string; amount_minor: string; stocked: boolean; parent: boolean; price_rule: string }>(sql`
        select product_id, quantity, unit_price::text, amount_minor::text, stocked, parent_line_id is not null as parent, price_rule from order_lines where order_id = ${order.id} order by line_no`);
      expect(lines.map((l) => [l.product_id, l.quantity, l.unit_price, l.amount_minor, l.stocked, l.parent])).toEqual([
        [s.products.gauze, 3, "3.791666", "1137", true, false],
        [s.products.kit, 2, "15.000000", "3000", false, false],
        [s.products.gauze, 4, "0.000000", "0", true, true],
      ]);
      expect(lines[0].price_rule).toContain("less 12.5%");
      // 7 gauze reserved, the item's preferred warehouse (south) first.
      const reserved = Object.fromEntries((await balances(tx, s.products.gauze)).map((b) => [b.warehouse_id, b.reserved]));
      expect(reserved).toEqual({ [s.warehouses.north]: 0, [s.warehouses.south]: 7 });
      expect((await allocationsOf(tx, order.id)).reduce((n, a) => n + a.quantity, 0)).toBe(7);
      const [{ linked }] = await tx.execute<{ linked: number }>(sql`select count(*)::int as linked from scheduled_deliveries where order_id = ${order.id}`);
      expect(linked).toBe(2);
    });
  });

  test("a rerun of the same date creates nothing", async () => {
    await withTenantRolledBack(system(), async (tx) => {
      await pauseOtherContracts(tx);
      const s = await orderScenario(tx, A);
      await receive(tx, A.id, s.warehouses.north, s.products.gauze, 5);
      await deliveryContract(tx, A.id, { customerId: s.customerId, siteId: s.siteId, items: [{ productId: s.products.gauze, quantity: 2, first: "2026-03-02" }, { productId: s.products.gauze, quantity: 4, first: "2026-03-04", every: 2 }] });
      const first = await runAll(tx, "2026-03-16");
      expect(first.run.orders_created).toBe(4); // Mar 2, 9, 16 weekly; Mar 4 fortnightly (Mar 18 is after the date)
      const before = await counts(tx);
      const second = await runAll(tx, "2026-03-16");
      expect(second.run).toMatchObject({ done: 0, total: 0, orders_created: 0, exception_count: 0 });
      expect(await counts(tx)).toEqual(before);
    });
  });

  test("under shortage higher contract priority is served first, even when it falls in a later chunk by date", async () => {
    await withTenantRolledBack(system(), async (tx) => {
      await pauseOtherContracts(tx);
      const s = await orderScenario(tx, A, { allowSubstitutions: false });
      await receive(tx, A.id, s.warehouses.north, s.products.gauze, 10);
      const low = await deliveryContract(tx, A.id, { customerId: s.customerId, siteId: s.siteId, priority: 1, items: [{ productId: s.products.gauze, quantity: 6, first: "2026-03-02" }] });
      const high = await deliveryContract(tx, A.id, { customerId: s.customerId, siteId: s.siteId, priority: 9, items: [{ productId: s.products.gauze, quantity: 6, first: "2026-03-03" }] });
      // One delivery per chunk: the later-dated high-priority one must still come first.
      const { runId, run } = await runAll(tx, "2026-03-03", 1);
      expect(run).toMatchObject({ orders_created: 2, units_backordered: 2 });
      const rows = await tx.execute<{ subscription_id: string; backordered: number }>(sql`
        select o.subscription_id, sum(l.backordered_quantity)::int as backordered from orders o join order_lines l on l.order_id = o.id where o.replenishment_run_id = ${runId} group by o.subscription_id`);
      expect(Object.fromEntries(rows.map((r) => [r.subscription_id, r.backordered]))).toEqual({ [high.subscriptionId]: 0, [low.subscriptionId]: 2 });
      const exceptions = await tx.execute<{ kind: string; subscription_id: string; detail: string }>(sql`select kind, subscription_id, detail from replenishment_exceptions where run_id = ${runId}`);
      expect(exceptions).toEqual([{ kind: "backorder", subscription_id: low.subscriptionId, detail: "2 of 6 backordered" }]);
    });
  });

  test("held customers get held orders that reserve nothing; skipped deliveries and substitutions are exceptions", async () => {
    await withTenantRolledBack(system(), async (tx) => {
      await pauseOtherContracts(tx);
      const s = await orderScenario(tx, A);
      const poor = await orderScenario(tx, A, { creditLimitMinor: 1000n });
      const held = await orderScenario(tx, A);
      await tx.execute(sql`update customers set status = 'credit_hold' where id = ${held.customerId}`);
      await receive(tx, A.id, s.warehouses.north, s.products.gauzeLarge, 50);
      await receive(tx, A.id, poor.warehouses.north, poor.products.gauze, 50);
      await receive(tx, A.id, held.warehouses.north, held.products.gauze, 50);
      const ok = await deliveryContract(tx, A.id, {
        customerId: s.customerId, siteId: s.siteId,
        items: [
          { productId: s.products.gauze, quantity: 2, first: "2026-03-02" }, // out of stock: substituted by 4 gauze large
          { productId: s.products.archived, quantity: 1, first: "2026-03-02" },
          { productId: s.products.gauzeLarge, quantity: 1, first: "2026-03-02", siteId: poor.siteId }, // another customer's site
        ],
      });
      // 3 x 4.00 = 12.00 is over the 10.00 credit limit.
      const overLimit = await deliveryContract(tx, A.id, { customerId: poor.customerId, siteId: poor.siteId, items: [{ productId: poor.products.gauze, quantity: 3, first: "2026-03-02" }] });
      const onHold = await deliveryContract(tx, A.id, { customerId: held.customerId, siteId: held.siteId, items: [{ productId: held.products.gauze, quantity: 1, first: "2026-03-02" }] });
      const { runId, run } = await runAll(tx, "2026-03-02");
      expect(run).toMatchObject({ done: 5, total: 5, orders_created: 3, holds: 2 });

      const orders = await tx.execute<{ subscription_id: string; hold: string | null; hold_reason: string; reserved: number }>(sql`
        select o.subscription_id, o.hold, o.hold_reason, coalesce((select sum(quantity) from order_allocations a where a.order_id = o.id), 0)::int as reserved
          from orders o where o.replenishment_run_id = ${runId}`);
      const bySub = Object.fromEntries(orders.map((o) => [o.subscription_id, o]));
      expect(bySub[ok.subscriptionId]).toMatchObject({ hold: null, reserved: 4 });
      expect(bySub[overLimit.subscriptionId]).toMatchObject({ hold: "credit_limit", reserved: 0 });
      expect(bySub[onHold.subscriptionId]).toMatchObject({ hold: "credit_hold", reserved: 0, hold_reason: "The customer is on credit hold" });

      const exceptions = await tx.execute<{ kind: string; subscription_id: string }>(sql`select kind, subscription_id from replenishment_exceptions where run_id = ${runId} order by kind, subscription_id`);
      expect(exceptions.map((e) => [e.kind, e.subscription_id])).toEqual(
        [
          ["archived_product", ok.subscriptionId],
          ["hold", overLimit.subscriptionId],
          ["hold", onHold.subscriptionId],
          ["missing_ship_to", ok.subscriptionId],
          ["substitution", ok.subscriptionId],
        ].sort((a, b) => (a[0] + a[1] < b[0] + b[1] ? -1 : 1)),
      );
      // Skipped deliveries are recorded too, so the next run does not raise them again.
      const again = await runAll(tx, "2026-03-02");
      expect(again.run).toMatchObject({ done: 0, exception_count: 0 });
    });
  });
});
