import { sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { closeAppPool } from "../../db/client";
import { withTenant } from "../../db/with-tenant";
import { DomainError } from "../../server/domain/errors";
import { createSubscription, getSubscription, listSubscriptions } from "../../server/domain/subscriptions/contracts";
import { mySubscriptions } from "../../server/domain/subscriptions/customer-view";
import type { ItemPricing } from "../../server/domain/subscriptions/items";
import { closeRedis } from "../../server/redis";
import { createPlatformAdmin, createTenantFixture, type TenantFixture } from "../helpers/fixtures";
import { addPrices, sessionOf, type PricedCatalog, type Session } from "./helpers";

let T: TenantFixture;
let prices: PricedCatalog;
let sales: Session;
let c2Site: string;

beforeAll(async () => {
  T = await createTenantFixture(await createPlatformAdmin("subs"), "subs");
  prices = await addPrices(T);
  sales = await sessionOf(T, T.users.sales);
  c2Site = uuidv7();
  await withTenant({ kind: "system", tenantId: T.id }, (tx) =>
    tx.execute(sql`insert into customer_sites (tenant_id, id, customer_id, name) values (${T.id}, ${c2Site}, ${T.customers.c2}, 'C2 depot')`),
  );
});

afterAll(async () => {
  await closeAppPool();
  await closeRedis();
});

const system = <R>(q: ReturnType<typeof sql>) => withTenant({ kind: "system", tenantId: T.id }, (tx) => tx.execute<Record<string, R>>(q));
const counts = async () => {
  const [row] = await system<string>(sql`
    select (select count(*) from subscriptions)::text as subs, (select count(*) from subscription_versions)::text as versions,
           (select count(*) from subscription_items)::text as items, (select last_value::text from tenant_counters where name = 'subscription') as counter`);
  return row;
};
const errorOf = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as DomainError);

const weeklyGloves = (extra: Record<string, unknown> = {}) => ({
  kind: "delivery" as const,
  productId: T.contract.products.stock,
  quantity: "4",
  deliveryEvery: 1,
  deliveryUnit: "week" as const,
  shipToSiteId: T.contract.siteId,
  firstDeliveryDate: "2026-03-02",
  ...extra,
});

describe("creating a contract", () => {
  test("a draft numbered SUB-nnnnnn with version 1, anchored on the term start's day, items priced by resolvePrice", async () => {
    const { subscription, version, created } = await sales.run((tx) =>
      createSubscription(tx, sales.who, {
        customerId: T.customers.c1,
        currency: "EUR",
        termStart: "2026-03-17",
        termEnd: "2027-03-17",
        items: [
          { kind: "recurring_fee", productId: prices.support, quantity: 2 },
          { kind: "usage", productId: T.contract.products.service, meterId: T.contract.meterId, rating: "tiered" },
          weeklyGloves(),
          { kind: "commit", productId: prices.support, commitAmountMinor: 5000 },
        ],
      }),
    );
    expect(created).toBe(true);
    expect(subscription).toMatchObject({ status: "draft", anchorDay: 17, billingInterval: "month", currency: "EUR" });
    expect(subscription.number).toMatch(/^SUB-\d{6}$/);
    expect(version).toMatchObject({ version: 1, status: "active", effectiveFrom: "2026-03-17" });

    const detail = await sales.run((tx) => getSubscription(tx, subscription.id, "2026-03-17"));
    const [fee, usage, delivery, commit] = detail.versions[0].items;
    expect([fee.kind, fee.quantity, fee.unitPrice]).toEqual(["recurring_fee", "2.000000", "100.000000"]);
    expect((fee.pricing as unknown as ItemPricing).rule?.level).toBe("list");
    // The usage item keeps the book's tiers as its contract terms, rated graduated ("tiered").
    expect((usage.pricing as unknown as ItemPricing).terms).toEqual({ model: "graduated", tiers: [{ from: "0", unitPrice: "0.01" }, { from: "1000", unitPrice: "0.008" }] });
    expect([delivery.kind, delivery.deliveryEvery, delivery.deliveryUnit, delivery.shipToSiteId]).toEqual(["delivery", 1, "week", T.contract.siteId]);
    expect([commit.kind, commit.commitAmountMinor]).toEqual(["commit", 5000n]);
  });

  test("the pricing snapshot comes from resolvePrice: the customer's own book (10.00) overrides the list price (12.50)", async () => {
    const { subscription } = await sales.run((tx) =>
      createSubscription(tx, sales.who, { customerId: T.customers.c1, currency: "EUR", termStart: "2026-03-01", termEnd: "2027-03-01", items: [weeklyGloves()] }),
    );
    const detail = await sales.run((tx) => getSubscription(tx, subscription.id, "2026-03-01"));
    const item = detail.versions[0].items[0];
    const pricing = item.pricing as unknown as ItemPricing;
    expect(item.unitPrice).toBe("10.000000");
    expect(pricing.rule).toMatchObject({ level: "customer", priceBookId: prices.customerBookId });
    expect(pricing.rule?.explanation).toMatch(/customer's own price book/);

    // The direct customer has no book of its own: the same product resolves to the list price.
    const { subscription: direct } = await sales.run(async (tx) => {
      const [site] = await tx.execute<{ id: string }>(sql`insert into customer_sites (tenant_id, customer_id, name) values (${T.id}, ${T.customers.direct}, 'Direct HQ') returning id`);
      return createSubscription(tx, sales.who, { customerId: T.customers.direct, currency: "EUR", termStart: "2026-03-01", termEnd: "2027-03-01", items: [weeklyGloves({ shipToSiteId: site.id })] });
    });
    const directItem = (await sales.run((tx) => getSubscription(tx, direct.id, "2026-03-01"))).versions[0].items[0];
    expect([directItem.unitPrice, (directItem.pricing as unknown as ItemPricing).rule?.level]).toEqual(["12.500000", "list"]);
  });

  test("a currency other than the customer's is a clear BAD_REQUEST and writes nothing (not even a number)", async () => {
    const before = await counts();
    const error = await errorOf(
      sales.run((tx) => createSubscription(tx, sales.who, { customerId: T.customers.c1, currency: "USD", termStart: "2026-03-01", termEnd: "2027-03-01", items: [{ kind: "recurring_fee", productId: prices.support }] })),
    );
    expect(error?.code).toBe("BAD_REQUEST");
    expect(error?.message).toMatch(/billed in EUR.*USD/);
    expect(error?.details).toEqual({ currency: ["Must be the customer's currency (EUR)"] });
    expect(await counts()).toEqual(before);
  });

  test.each([
    ["negative", "-1"],
    ["zero", "0"],
    ["non-numeric", "ten"],
  ])("a %s quantity is a BAD_REQUEST on the item's field and writes nothing", async (_label, quantity) => {
    const before = await counts();
    const error = await errorOf(
      sales.run((tx) => createSubscription(tx, sales.who, { customerId: T.customers.c1, currency: "EUR", termStart: "2026-03-01", termEnd: "2027-03-01", items: [weeklyGloves({ quantity })] })),
    );
    expect(error?.code).toBe("BAD_REQUEST");
    expect(error?.details?.["items.0.quantity"]).toEqual(["Quantity must be greater than zero (at most 6 decimals)"]);
    expect(await counts()).toEqual(before);
  });

  test("a delivery to another customer's site is refused", async () => {
    const error = await errorOf(
      sales.run((tx) => createSubscription(tx, sales.who, { customerId: T.customers.c1, currency: "EUR", termStart: "2026-03-01", termEnd: "2027-03-01", items: [weeklyGloves({ shipToSiteId: c2Site })] })),
    );
    expect([error?.code, error?.message]).toEqual(["BAD_REQUEST", "Item 1: the ship-to site is not a site of this customer"]);
  });

  test("a term that ends before it starts, and a contract without items, are refused", async () => {
    const bad = await errorOf(sales.run((tx) => createSubscription(tx, sales.who, { customerId: T.customers.c1, currency: "EUR", termStart: "2026-03-01", termEnd: "2026-02-01", items: [] })));
    expect(bad?.details).toMatchObject({ termEnd: ["Term end must be after the term start"], items: ["Add at least one item, or start from a plan"] });
  });

  test("creating twice with the same client id returns the first contract", async () => {
    const id = uuidv7();
    const input = { id, customerId: T.customers.c1, currency: "EUR", termStart: "2026-03-01", termEnd: "2027-03-01", items: [{ kind: "recurring_fee" as const, productId: prices.support }] };
    const first = await sales.run((tx) => createSubscription(tx, sales.who, input));
    const before = await counts();
    const second = await sales.run((tx) => createSubscription(tx, sales.who, input));
    expect([first.created, second.created, second.subscription.number]).toEqual([true, false, first.subscription.number]);
    expect(await counts()).toEqual(before);
  });

  test("starting from a plan copies its items (a usage meter and a fortnightly delivery to the default site)", async () => {
    const { subscription } = await sales.run((tx) =>
      createSubscription(tx, sales.who, { customerId: T.customers.c1, currency: "EUR", termStart: "2026-04-01", termEnd: "2027-04-01", planId: T.contract.products.plan }),
    );
    const items = (await sales.run((tx) => getSubscription(tx, subscription.id, "2026-04-01"))).versions[0].items;
    expect(items.map((i) => [i.kind, i.productId, i.deliveryEvery, i.shipToSiteId, i.firstDeliveryDate])).toEqual([
      ["usage", T.contract.products.service, null, null, null],
      ["delivery", T.contract.products.stock, 2, T.contract.siteId, "2026-04-01"],
    ]);
    expect(subscription.planId).toBe(T.contract.products.plan);
  });
});

describe("schedule and usage this period", () => {
  test("weekly deliveries are independent of monthly invoices", async () => {
    const { subscription } = await sales.run((tx) =>
      createSubscription(tx, sales.who, {
        customerId: T.customers.c1,
        currency: "EUR",
        termStart: "2026-03-01",
        termEnd: "2027-03-01",
        billingInterval: "month",
        items: [{ kind: "recurring_fee", productId: prices.support }, weeklyGloves()],
      }),
    );
    const { schedule } = await sales.run((tx) => getSubscription(tx, subscription.id, "2026-03-01"));
    expect(schedule.invoices.map((p) => p.start)).toEqual(["2026-03-01", "2026-04-01", "2026-05-01"]);
    // 90 days from Mar 1 (until May 30): every Monday from Mar 2, 13 deliveries of 4 boxes.
    expect(schedule.deliveries.map((d) => d.date)).toEqual([
      "2026-03-02", "2026-03-09", "2026-03-16", "2026-03-23", "2026-03-30", "2026-04-06", "2026-04-13",
      "2026-04-20", "2026-04-27", "2026-05-04", "2026-05-11", "2026-05-18", "2026-05-25",
    ]);
    expect(new Set(schedule.deliveries.map((d) => d.quantity))).toEqual(new Set(["4.000000"]));
  });

  test("usage this period is rated with the contract's tiers, and the commit's shortfall is shown", async () => {
    const { subscription } = await sales.run((tx) =>
      createSubscription(tx, sales.who, {
        customerId: T.customers.c1,
        currency: "EUR",
        termStart: "2026-03-01",
        termEnd: "2027-03-01",
        items: [
          { kind: "usage", productId: T.contract.products.service, meterId: T.contract.meterId, rating: "tiered" },
          { kind: "commit", productId: prices.support, commitAmountMinor: 2000 },
        ],
      }),
    );
    await system(sql`
      insert into usage_events (tenant_id, event_id, subscription_id, meter_id, quantity, occurred_at, period_start) values
        (${T.id}, ${`e1-${subscription.id}`}, ${subscription.id}, ${T.contract.meterId}, 1200, '2026-04-03T10:00:00Z', '2026-04-01'),
        (${T.id}, ${`e2-${subscription.id}`}, ${subscription.id}, ${T.contract.meterId}, 300, '2026-04-05T10:00:00Z', '2026-04-01'),
        (${T.id}, ${`e3-${subscription.id}`}, ${subscription.id}, ${T.contract.meterId}, 999, '2026-03-05T10:00:00Z', '2026-03-01')`);
    const { usage } = await sales.run((tx) => getSubscription(tx, subscription.id, "2026-04-10"));
    expect(usage.period).toEqual({ start: "2026-04-01", end: "2026-05-01" });
    // 1500 calls: 1000 x 0.01 + 500 x 0.008 = 14.00 (March's 999 are another period).
    expect(usage.lines.map((l) => [l.quantity, l.amountMinor])).toEqual([["1500", 1400n]]);
    expect(usage.commits.map((c) => [c.commitMinor, c.usageMinor, c.shortfallMinor, c.overageMinor])).toEqual([[2000n, 1400n, 600n, 0n]]);
    expect(usage.totalMinor).toBe(2000n);
  });
});

describe("row-level security", () => {
  test("a reseller lists only its customers' contracts; a customer sees only its own", async () => {
    const c2Sub = await sales.run((tx) =>
      createSubscription(tx, sales.who, { customerId: T.customers.c2, currency: "EUR", termStart: "2026-03-01", termEnd: "2027-03-01", items: [{ kind: "recurring_fee", productId: prices.support }] }),
    );
    const all = await sales.run((tx) => listSubscriptions(tx, { pageSize: 100 }));
    expect(all.rows.map((r) => r.customerId)).toContain(T.customers.c2);

    const r1 = await sessionOf(T, T.users.reseller_agent);
    const r1Rows = (await r1.run((tx) => listSubscriptions(tx, { pageSize: 100 }))).rows;
    expect(r1Rows.length).toBeGreaterThan(0);
    expect(new Set(r1Rows.map((r) => r.customerId))).toEqual(new Set([T.customers.c1]));

    const r2 = await sessionOf(T, T.extra.r2Admin);
    expect((await r2.run((tx) => listSubscriptions(tx, { pageSize: 100 }))).rows.map((r) => r.id)).toEqual([c2Sub.subscription.id]);
    await expect(r2.run((tx) => getSubscription(tx, T.contract.subscriptionId))).rejects.toThrow(/No such subscription/);

    const c1 = await sessionOf(T, T.users.customer_buyer);
    const mine = await c1.run((tx) => mySubscriptions(tx, "2026-03-01"));
    expect(mine.length).toBe(r1Rows.filter((r) => r.status !== "expired").length);
    expect(mine.map((s) => s.id)).not.toContain(c2Sub.subscription.id);

    const directBuyer = await sessionOf(T, T.extra.directBuyer);
    const directIds = (await directBuyer.run((tx) => mySubscriptions(tx, "2026-03-01"))).map((s) => s.id);
    expect(directIds.some((id) => r1Rows.some((r) => r.id === id))).toBe(false);
  });

  test("the customer's view lists next deliveries and usage so far with the price it will cost", async () => {
    const { subscription } = await sales.run((tx) =>
      createSubscription(tx, sales.who, {
        customerId: T.customers.c1,
        currency: "EUR",
        termStart: "2026-06-01",
        termEnd: "2027-06-01",
        items: [{ kind: "usage", productId: prices.sms, meterId: prices.smsMeter, rating: "package" }, weeklyGloves({ firstDeliveryDate: "2026-06-03", deliveryEvery: 2 })],
      }),
    );
    await system(sql`
      insert into usage_events (tenant_id, event_id, subscription_id, meter_id, quantity, occurred_at, period_start)
      values (${T.id}, ${`sms-${subscription.id}`}, ${subscription.id}, ${prices.smsMeter}, 2500, '2026-06-05T10:00:00Z', '2026-06-01')`);
    const c1 = await sessionOf(T, T.users.customer_admin);
    const mine = (await c1.run((tx) => mySubscriptions(tx, "2026-06-10"))).find((s) => s.id === subscription.id)!;
    expect(mine.deliveries.slice(0, 3).map((d) => [d.date, d.product])).toEqual([
      ["2026-06-17", "Nitrile gloves, box of 100"],
      ["2026-07-01", "Nitrile gloves, box of 100"],
      ["2026-07-15", "Nitrile gloves, box of 100"],
    ]);
    // 2500 messages in packages of 1000 at 50.00: three started packages = 150.00.
    expect(mine.usage.lines.map((l) => [l.product, l.quantity, l.amountMinor])).toEqual([["SMS alerts", "2500", 15000n]]);
    expect(mine.nextInvoice).toEqual({ start: "2026-07-01", end: "2026-08-01" });
  });
});

describe("listing", () => {
  test("filters by status and customer, searches number or customer name, and sorts on the server", async () => {
    const byCustomer = await sales.run((tx) => listSubscriptions(tx, { customerId: T.customers.c2, pageSize: 100 }));
    expect(new Set(byCustomer.rows.map((r) => r.customerId))).toEqual(new Set([T.customers.c2]));
    const active = await sales.run((tx) => listSubscriptions(tx, { status: "active", pageSize: 100 }));
    expect(active.rows.map((r) => r.id)).toEqual([T.contract.subscriptionId]);
    const search = await sales.run((tx) => listSubscriptions(tx, { search: "C2 of", pageSize: 100 }));
    expect(search.total).toBe(byCustomer.total);
    const desc = await sales.run((tx) => listSubscriptions(tx, { sort: "number", dir: "desc", pageSize: 2 }));
    const asc = await sales.run((tx) => listSubscriptions(tx, { sort: "number", dir: "asc", pageSize: 100 }));
    expect(desc.rows.map((r) => r.number)).toEqual(asc.rows.map((r) => r.number).reverse().slice(0, 2));
    expect(desc.total).toBe(asc.total);
  });
});

describe("idempotency under concurrency", () => {
  test("two concurrent creates with the same client id make one contract", async () => {
    const id = uuidv7();
    const input = { id, customerId: T.customers.c1, currency: "EUR", termStart: "2026-03-01", termEnd: "2027-03-01", items: [{ kind: "recurring_fee" as const, productId: prices.support }] };
    const results = await Promise.all([sales.run((tx) => createSubscription(tx, sales.who, input)), sales.run((tx) => createSubscription(tx, sales.who, input))]);
    expect(results.map((r) => r.created).sort()).toEqual([false, true]);
    expect(new Set(results.map((r) => r.subscription.number)).size).toBe(1);
    const [row] = await system<string>(sql`select count(*)::text as n from subscription_versions where subscription_id = ${id}`);
    expect(row.n).toBe("1");
  });
});
