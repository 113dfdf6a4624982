import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { closeAppPool } from "../../db/client";
import { plainArray } from "../../db/pg-arrays";
import { withTenant, type TenantTx } from "../../db/with-tenant";
import { emitEvent, emitEvents, flushEvents } from "../../server/domain/events/emit";
import { placeOrder } from "../../server/domain/orders/place";
import { shipOrder } from "../../server/domain/orders/fulfil";
import { createSubscription, transitionSubscription } from "../../server/domain/subscriptions/contracts";
import { closeRedis } from "../../server/redis";
import { withTenantRolledBack } from "../helpers/db";
import { createPlatformAdmin, createTenantFixture, type TenantFixture } from "../helpers/fixtures";
import { orderScenario, receive } from "../orders/helpers";

let A: TenantFixture;
const system = () => ({ kind: "system" as const, tenantId: A.id });
const ops = () => ({ tenantId: A.id, userId: A.users.ops.id });

beforeAll(async () => {
  A = await createTenantFixture(await createPlatformAdmin("outbox"), "outbox");
});
afterAll(async () => {
  await closeAppPool();
  await closeRedis();
});

async function eventsAfter(seq: number) {
  return withTenant(system(), (tx) =>
    tx.execute<{ seq: string; type: string; payload: Record<string, unknown> }>(sql`select seq, type, payload from events where seq > ${seq} order by seq`),
  ).then((rows) => rows.map((r) => ({ seq: Number(r.seq), type: r.type, payload: r.payload })));
}
const lastSeq = () => withTenant(system(), (tx) => tx.execute<{ n: string | null }>(sql`select max(seq) as n from events`)).then(([r]) => Number(r.n ?? 0));

/** A subscription for c1 with one stock item, as the contract tests make them. */
const subscriptionInput = (id?: string) => ({
  ...(id ? { id } : {}),
  customerId: A.customers.c1,
  currency: "EUR",
  termStart: "2026-01-01",
  termEnd: "2027-01-01",
  billingInterval: "month" as const,
  items: [{ kind: "recurring_fee" as const, productId: A.contract.products.service, quantity: "1" }],
});

describe("payloads are stored as emitted", () => {
  test("text with quotes, backslashes, newlines, control characters (the payloads' separator among them) and non-ASCII, nested values and types, in one batch", async () => {
    const before = await lastSeq();
    const odd = { note: 'a "quoted" \\ back\\slash\nnew line, café ✓, {braces}, NULL', nested: { list: [1, "two", null, true] }, empty: "", ctl: "tab\tand\u0001", separator: "one\u001etwo\u001e", emoji: "😀 {\"x\":[1]}" };
    await withTenant(system(), async (tx) => {
      emitEvents(tx, A.id, [
        { type: "invoice.issued", payload: odd },
        { type: "subscription.renewed", version: 2, payload: { n: 1 } },
        { type: "order.created", payload: {} },
      ]);
    });
    const rows = await withTenant(system(), (tx) =>
      tx.execute<{ type: string; version: number; payload: unknown }>(sql`select type, version, payload from events where seq > ${before} order by seq`),
    );
    expect(rows).toEqual([
      { type: "invoice.issued", version: 1, payload: odd },
      { type: "subscription.renewed", version: 2, payload: { n: 1 } },
      { type: "order.created", version: 1, payload: {} },
    ]);
  });
});

describe("events are written in the transaction of the change", () => {
  test("a committed subscription has its subscription.created event; a rolled-back one leaves no event and no gap", async () => {
    const before = await lastSeq();
    await expect(
      withTenant(system(), async (tx) => {
        await createSubscription(tx, { tenantId: A.id, userId: A.users.sales.id }, subscriptionInput());
        throw new Error("the request failed after the change");
      }),
    ).rejects.toThrow("the request failed");
    expect(await eventsAfter(before)).toEqual([]);

    const { subscription } = await withTenant(system(), (tx) => createSubscription(tx, { tenantId: A.id, userId: A.users.sales.id }, subscriptionInput()));
    const events = await eventsAfter(before);
    // The rolled-back transaction gave its number back: the committed event is the very next one.
    expect(events).toEqual([{ seq: before + 1, type: "subscription.created", payload: expect.objectContaining({ subscriptionId: subscription.id, number: subscription.number, status: "draft" }) }]);

    await withTenant(system(), (tx) => transitionSubscription(tx, { tenantId: A.id, userId: A.users.sales.id }, { id: subscription.id, to: "cancelled" }));
    expect((await eventsAfter(before + 1)).map((e) => e.type)).toEqual(["subscription.cancelled"]);
  });

  test("a failed savepoint drops the events emitted inside it; the transaction's others stay", async () => {
    const before = await lastSeq();
    await withTenant(system(), async (tx) => {
      emitEvent(tx, A.id, "order.created", { n: 1 });
      await tx
        .transaction(async (sp: TenantTx) => {
          emitEvent(sp, A.id, "order.created", { n: 2 });
          throw new Error("savepoint fails");
        })
        .catch(() => undefined);
      emitEvent(tx, A.id, "order.created", { n: 3 });
    });
    expect((await eventsAfter(before)).map((e) => e.payload.n)).toEqual([1, 3]);
  });

  test("concurrent transactions get gapless, unique sequence numbers, in commit order", async () => {
    const before = await lastSeq();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        withTenant(system(), async (tx) => {
          emitEvents(tx, A.id, [{ type: "order.created", payload: { i, k: 0 } }, { type: "order.created", payload: { i, k: 1 } }]);
        }),
      ),
    );
    const events = await eventsAfter(before);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 40 }, (_, i) => before + 1 + i));
    // One transaction's events are consecutive: each batch took its block of numbers at once.
    for (let i = 0; i < 40; i += 2) expect(events[i].payload.i).toBe(events[i + 1].payload.i);
  });

  test("a customer's or reseller's session appends to the log but cannot read it", async () => {
    const before = await lastSeq();
    const customer = { kind: "customer" as const, tenantId: A.id, userId: A.users.customer_buyer.id, customerId: A.customers.c1 };
    const seen = await withTenant(customer, async (tx) => {
      emitEvent(tx, A.id, "order.created", { by: "customer" });
      await flushEvents(tx);
      return tx.execute<{ n: number }>(sql`select count(*)::int as n from events`);
    });
    expect(seen[0].n).toBe(0);
    expect((await eventsAfter(before)).map((e) => e.payload)).toEqual([{ by: "customer" }]);
  });

  test("emitting needs a withTenant transaction (a bare drizzle transaction would lose the events)", async () => {
    const { appPool } = await import("../../db/client");
    await expect(appPool().db.transaction(async (tx) => emitEvent(tx, A.id, "order.created", {}))).rejects.toThrow(/withTenant/);
  });
});

describe("domain flows emit their events", () => {
  test("placing, allocating, backordering and shipping an order", async () => {
    await withTenantRolledBack(system(), async (tx) => {
      const s = await orderScenario(tx, A);
      await tx.execute(sql`update products set reorder_point = 4 where id = ${s.products.gauze}`);
      await receive(tx, A.id, s.warehouses.north, s.products.gauze, 6);
      const { orderId } = await placeOrder(tx, ops(), { customerId: s.customerId, source: "operator", lines: [{ productId: s.products.gauze, quantity: 8 }] });
      const [allocation] = await tx.execute<{ id: string }>(sql`select id from order_allocations where order_id = ${orderId} and product_id = ${s.products.gauze}`);
      await shipOrder(tx, ops(), { orderId, warehouseId: s.warehouses.north, carrier: "DHL", lines: [{ allocationId: allocation.id, quantity: 2 }] });
      const seqs = await flushEvents(tx);
      const events = await tx.execute<{ type: string; payload: Record<string, unknown> }>(sql`select type, payload from events where seq = any(${plainArray(seqs)}::bigint[]) order by seq`);
      // Without the gauze substitute's stock, 6 are reserved and 2 wait; the reservation takes available
      // from 6 to 0, below the reorder point 4 (the receipt of 6 did not cross it: 0 -> 6 is a rise).
      expect(events.map((e) => e.type)).toEqual(["order.created", "order.allocated", "order.backordered", "inventory.below_reorder_point", "order.shipped", "invoice.issued"]);
      expect(events[0].payload).toMatchObject({ orderId, source: "operator", totalMinor: "3200", lines: [expect.objectContaining({ productId: s.products.gauze, quantity: 8 })] });
      expect(events[1].payload).toMatchObject({ orderId, reservedUnits: 6 });
      expect(events[2].payload).toMatchObject({ orderId, backorderedUnits: 2 });
      expect(events[3].payload).toMatchObject({ productId: s.products.gauze, reorderPoint: 4, available: 0 });
      // Shipping takes on hand and reserved down together: available is unchanged, so no second stock event.
      expect(events[4].payload).toMatchObject({ orderId, carrier: "DHL", lines: [{ allocationId: allocation.id, quantity: 2 }] });
      // Goods outside a subscription are invoiced at shipment: 2 x 4.00, the invoice's number and total in the event.
      const [invoice] = await tx.execute<{ id: string; number: string; total: string }>(sql`select id, number, total_minor::text as total from invoices where shipment_id = ${events[4].payload.shipmentId as string}`);
      expect(events[5].payload).toMatchObject({ invoiceId: invoice.id, number: invoice.number, customerId: s.customerId, totalMinor: invoice.total });
    });
  });
});
