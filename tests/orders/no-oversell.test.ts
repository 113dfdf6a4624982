// 40 connections race at once: set before the app's pool is first created (it reads this lazily).
process.env.DB_POOL_MAX = "40";

import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { closeAppPool } from "../../db/client";
import { withTenant, type Scope } from "../../db/with-tenant";
import { closeRedis } from "../../server/redis";
import { cancelOrder } from "../../server/domain/orders/fulfil";
import { placeOrder } from "../../server/domain/orders/place";
import { createPlatformAdmin, createTenantFixture, type TenantFixture } from "../helpers/fixtures";
import { orderScenario, receive, type OrderScenario } from "./helpers";
import { checkStockDrift } from "../../server/domain/inventory/drift";

/*
 * No oversell under concurrency (issue 4). 34 transactions place orders for the last units of one
 * product spread over three warehouses while 3 others cancel earlier orders and 3 receive more stock:
 * 40 connections, each holding an open transaction at a barrier before any of them starts its work,
 * all committed for real (a fresh product per run). Afterwards the balances are checked against the
 * movement ledger and the reservations. Every placement must succeed: without the row locks in
 * `lockStock` concurrent reservations trip the balance's check constraint (or, without that, oversell).
 */

const PLACERS = 34;
const CANCELS = 3;
const RECEIPTS = 3;
const CONNECTIONS = PLACERS + CANCELS + RECEIPTS;

let T: TenantFixture;
let s: OrderScenario;
let toCancel: string[];

beforeAll(async () => {
  T = await createTenantFixture(await createPlatformAdmin("oversell"), "oversell");
  s = await withTenant({ kind: "system", tenantId: T.id }, async (tx) => {
    const scenario = await orderScenario(tx, T, { allowSubstitutions: false });
    await receive(tx, T.id, scenario.warehouses.north, scenario.products.gauze, 7);
    await receive(tx, T.id, scenario.warehouses.south, scenario.products.gauze, 5);
    await receive(tx, T.id, scenario.warehouses.east, scenario.products.gauze, 3);
    await tx.execute(sql`update customers set credit_limit_minor = 100000000 where id = ${T.customers.c1}`);
    return scenario;
  });
  // Orders that hold reservations when the race starts, cancelled during it.
  toCancel = [];
  for (let i = 0; i < CANCELS; i++) {
    const placed = await withTenant({ kind: "operator", tenantId: T.id, userId: T.users.ops.id }, (tx) =>
      placeOrder(tx, { tenantId: T.id, userId: T.users.ops.id }, { customerId: s.customerId, source: "operator", lines: [{ productId: s.products.gauze, quantity: 1 }] }),
    );
    toCancel.push(placed.orderId);
  }
}, 120_000);

afterAll(async () => {
  await closeAppPool();
  await closeRedis();
});

/** Resolves for everyone once `n` callers arrived (or after a timeout, so one failure cannot hang the rest). */
function barrier(n: number) {
  let arrived = 0;
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const timeout = setTimeout(() => open(), 30_000);
  return async () => {
    if (++arrived === n) {
      clearTimeout(timeout);
      open();
    }
    await gate;
  };
}

test(`${CONNECTIONS} connections race for the last units: nothing oversold, balances agree with the ledger and the reservations`, async () => {
  const product = s.products.gauze;
  const warehouses = [s.warehouses.north, s.warehouses.south, s.warehouses.east];
  const arrive = barrier(CONNECTIONS);
  let concurrentlyOpen = 0;
  let maxOpen = 0;
  const run = <R>(scope: Scope, work: (tx: Parameters<Parameters<typeof withTenant>[1]>[0]) => Promise<R>) =>
    withTenant(scope, async (tx) => {
      await tx.execute(sql`select 1`); // the connection is checked out and the transaction open
      maxOpen = Math.max(maxOpen, ++concurrentlyOpen);
      await arrive();
      try {
        return await work(tx);
      } finally {
        concurrentlyOpen--;
      }
    });

  const ops = { kind: "operator" as const, tenantId: T.id, userId: T.users.ops.id };
  const buyer = { kind: "customer" as const, tenantId: T.id, userId: T.users.customer_buyer.id, customerId: T.customers.c1 };
  const demanded: number[] = [];
  const tasks: Array<Promise<unknown>> = [];
  for (let i = 0; i < PLACERS; i++) {
    const quantity = 1 + (i % 3);
    demanded.push(quantity);
    // A quarter of the orders come from the customer portal (customer scope; stock written as the tenant).
    const asCustomer = i % 4 === 0;
    tasks.push(
      run(asCustomer ? buyer : ops, (tx) =>
        placeOrder(tx, { tenantId: T.id, userId: asCustomer ? buyer.userId : ops.userId }, {
          customerId: asCustomer ? T.customers.c1 : s.customerId,
          source: asCustomer ? "emergency" : "operator",
          // Every order prefers another warehouse, so the racers cross each other's rows.
          preferredWarehouseId: warehouses[i % 3],
          lines: [{ productId: product, quantity }],
        }),
      ),
    );
  }
  for (const id of toCancel) tasks.push(run(ops, (tx) => cancelOrder(tx, { tenantId: T.id, userId: ops.userId, portal: "operator" }, { id })));
  for (let i = 0; i < RECEIPTS; i++) tasks.push(run({ kind: "system", tenantId: T.id }, (tx) => receive(tx, T.id, warehouses[(i + 1) % 3], product, 2)));

  const results = await Promise.allSettled(tasks);
  const failures = results.flatMap((r, i) => (r.status === "rejected" ? [`task ${i}: ${String((r.reason as Error)?.cause ?? r.reason)}`] : []));
  expect(failures).toEqual([]);
  expect(maxOpen).toBe(CONNECTIONS);

  await withTenant({ kind: "system", tenantId: T.id }, async (tx) => {
    // On hand never below zero, reserved never above on hand; both agree with the ledger and the open reservations.
    expect(await checkStockDrift(tx, [product])).toEqual([]);
    const [totals] = await tx.execute<{ on_hand: number; reserved: number; received: number; ledger: number }>(sql`
      select (select sum(on_hand)::int from stock_balances where product_id = ${product}) as on_hand,
             (select sum(reserved)::int from stock_balances where product_id = ${product}) as reserved,
             (select sum(quantity)::int from stock_movements where product_id = ${product} and kind = 'receipt') as received,
             (select sum(quantity)::int from stock_movements where product_id = ${product}) as ledger`);
    expect(totals.received).toBe(15 + RECEIPTS * 2);
    expect(totals.on_hand).toBe(totals.ledger);
    expect(totals.reserved).toBeLessThanOrEqual(totals.received);
    expect(totals.reserved).toBeLessThanOrEqual(totals.on_hand);

    // Every unit demanded by a live order is either reserved or backordered, line by line and in total.
    const lines = await tx.execute<{ quantity: number; reserved: number; backordered: number }>(sql`
      select l.quantity, coalesce(sum(a.quantity - a.released_quantity), 0)::int as reserved, l.backordered_quantity as backordered
        from order_lines l join orders o on o.id = l.order_id
        left join order_allocations a on a.order_line_id = l.id
       where l.product_id = ${product} and o.status <> 'cancelled'
       group by l.id, l.quantity, l.backordered_quantity`);
    expect(lines.filter((l) => l.reserved + l.backordered !== l.quantity)).toEqual([]);
    const sum = (k: "quantity" | "reserved" | "backordered") => lines.reduce((acc, l) => acc + l[k], 0);
    expect(sum("quantity")).toBe(demanded.reduce((a, b) => a + b, 0));
    expect(sum("reserved") + sum("backordered")).toBe(sum("quantity"));
    expect(sum("reserved")).toBe(totals.reserved);
    // The race was real: demand outran supply, so some orders wait.
    expect(sum("backordered")).toBeGreaterThan(0);

    const cancelled = await tx.execute<{ status: string }>(sql`select status from orders where id = any(${`{${toCancel.join(",")}}`}::uuid[])`);
    expect(cancelled.map((o) => o.status)).toEqual(toCancel.map(() => "cancelled"));
  });
}, 120_000);
