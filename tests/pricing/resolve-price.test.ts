import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { closeAppPool } from "../../db/client";
import { withTenant, type Scope } from "../../db/with-tenant";
import { createProduct } from "../../server/domain/catalog/products";
import { addPriceEntry, createPriceBook, setPriceBookArchived } from "../../server/domain/pricing/price-books";
import { PRICE_LEVELS, resolvePrice, resolvePrices, type PriceLevel } from "../../server/domain/pricing/resolve-price";
import { closeRedis } from "../../server/redis";
import { createPlatformAdmin, createTenantFixture, type TenantFixture } from "../helpers/fixtures";

/*
 * The precedence matrix: customer book > reseller book > promotion > list. Each of the 16
 * combinations of levels present gets its own product; each level prices it differently, so the
 * resolved price proves which level won.
 */

let T: TenantFixture;
let system: Scope;
const books = {} as Record<PriceLevel, string>;
const PRICE: Record<PriceLevel, string> = { customer: "1.11", reseller: "2.22", promotion: "3.33", list: "4.44" };
const matrix: Array<{ present: PriceLevel[]; productId: string }> = [];

beforeAll(async () => {
  const admin = await createPlatformAdmin("resolve");
  T = await createTenantFixture(admin, "resolve");
  system = { kind: "system", tenantId: T.id };
  await withTenant(system, async (tx) => {
    books.list = T.contract.listBookId;
    books.promotion = (await createPriceBook(tx, { name: "Summer promo", kind: "promotion", currency: "EUR" })).book.id;
    books.reseller = (await createPriceBook(tx, { name: "R1 EUR", kind: "reseller", currency: "EUR", resellerId: T.resellers.r1 })).book.id;
    books.customer = (await createPriceBook(tx, { name: "C1 EUR", kind: "customer", currency: "EUR", customerId: T.customers.c1 })).book.id;
    for (let mask = 0; mask < 16; mask++) {
      const present = PRICE_LEVELS.filter((_, bit) => mask & (1 << bit));
      const { product } = await createProduct(tx, { sku: `MX-${mask}`, name: `Matrix ${present.join("+") || "none"}`, kind: "service" });
      for (const level of present) {
        await addPriceEntry(tx, {
          priceBookId: books[level], productId: product.id, model: "flat", unitPrice: PRICE[level], effectiveFrom: "2026-01-01",
          // The promotion is a window; the others are open-ended.
          effectiveTo: level === "promotion" ? "2026-12-01" : null,
        });
      }
      matrix.push({ present, productId: product.id });
    }
  });
});

afterAll(async () => {
  await closeAppPool();
  await closeRedis();
});

const resolve = (input: { customerId: string | null; productId: string; date?: string; currency?: string; quantity?: string }) =>
  withTenant(system, (tx) => resolvePrice(tx, { quantity: "1", date: "2026-06-01", currency: "EUR", ...input }));

describe("precedence matrix for customer C1 (under reseller R1)", () => {
  test.each(Array.from({ length: 16 }, (_, mask) => mask))("levels present: mask %i", async (mask) => {
    const { present, productId } = matrix[mask];
    if (present.length === 0) {
      await expect(resolve({ customerId: T.customers.c1, productId })).rejects.toThrow(/No EUR price/);
      return;
    }
    const winner = PRICE_LEVELS.find((l) => present.includes(l))!;
    const resolved = await resolve({ customerId: T.customers.c1, productId });
    expect({ level: resolved.rule.level, price: resolved.unitPrice, book: resolved.rule.priceBookId }).toEqual({
      level: winner,
      price: `${PRICE[winner]}0000`,
      book: books[winner],
    });
  });
});

describe("other customers only get the books that are theirs", () => {
  const all = () => matrix[15].productId;

  test("C2 (under R2) gets neither C1's nor R1's book: the promotion wins", async () => {
    const resolved = await resolve({ customerId: T.customers.c2, productId: all() });
    expect(resolved.rule.level).toBe("promotion");
  });

  test("a direct customer (no reseller) gets the promotion; with no customer at all too", async () => {
    expect((await resolve({ customerId: T.customers.direct, productId: all() })).rule.level).toBe("promotion");
    expect((await resolve({ customerId: null, productId: all() })).rule.level).toBe("promotion");
  });

  test("a reseller given explicitly applies to a quote without a customer", async () => {
    const resolved = await withTenant(system, (tx) => resolvePrice(tx, { customerId: null, resellerId: T.resellers.r1, productId: all(), quantity: "1", date: "2026-06-01", currency: "EUR" }));
    expect(resolved.rule.level).toBe("reseller");
  });

  test("the explanation names the rule and what it overrode", async () => {
    const resolved = await resolve({ customerId: T.customers.c1, productId: all() });
    expect(resolved.rule.explanation).toBe(
      `Flat price from the customer's own price book "C1 EUR", in effect from 2026-01-01; it takes precedence over reseller, promotion, list.`,
    );
  });
});

describe("effective dates within a book", () => {
  let productId: string;

  beforeAll(async () => {
    await withTenant(system, async (tx) => {
      productId = (await createProduct(tx, { sku: "SCHED-1", name: "Scheduled", kind: "service" })).product.id;
      await addPriceEntry(tx, { priceBookId: books.list, productId, model: "flat", unitPrice: "10", effectiveFrom: "2026-01-01" });
      // A scheduled change: a later effective_from in the same book.
      await addPriceEntry(tx, { priceBookId: books.list, productId, model: "flat", unitPrice: "12", effectiveFrom: "2026-03-01" });
      // A promotion window [Apr 1, May 1): effective_to is exclusive.
      await addPriceEntry(tx, { priceBookId: books.promotion, productId, model: "flat", unitPrice: "8", effectiveFrom: "2026-04-01", effectiveTo: "2026-05-01" });
    });
  });

  test.each([
    ["2025-12-31", null, null],
    ["2026-01-01", "list", "10.000000"],
    ["2026-02-28", "list", "10.000000"],
    ["2026-03-01", "list", "12.000000"], // the scheduled change takes over on its date
    ["2026-03-31", "list", "12.000000"],
    ["2026-04-01", "promotion", "8.000000"], // the promotion starts
    ["2026-04-30", "promotion", "8.000000"],
    ["2026-05-01", "list", "12.000000"], // effective_to is exclusive: the promotion has ended
  ])("on %s: %s at %s", async (date, level, price) => {
    if (!level) {
      await expect(resolve({ customerId: null, productId, date })).rejects.toThrow(/No EUR price for this product on 2025-12-31/);
      return;
    }
    const resolved = await resolve({ customerId: null, productId, date });
    expect([resolved.rule.level, resolved.unitPrice]).toEqual([level, price]);
  });

  test("the latest effective row wins even when an older one is still open-ended", async () => {
    const resolved = await resolve({ customerId: null, productId, date: "2027-01-01" });
    expect(resolved.rule.effectiveFrom).toBe("2026-03-01");
  });
});

describe("currency and archived books", () => {
  let productId: string;

  beforeAll(async () => {
    await withTenant(system, async (tx) => {
      productId = (await createProduct(tx, { sku: "CUR-1", name: "Currency", kind: "service" })).product.id;
      const usdList = (await createPriceBook(tx, { name: "List USD", kind: "list", currency: "USD" })).book.id;
      const usdPromo = (await createPriceBook(tx, { name: "USD promo", kind: "promotion", currency: "USD" })).book.id;
      await addPriceEntry(tx, { priceBookId: books.list, productId, model: "flat", unitPrice: "20", effectiveFrom: "2026-01-01" });
      await addPriceEntry(tx, { priceBookId: usdList, productId, model: "flat", unitPrice: "21", effectiveFrom: "2026-01-01" });
      await addPriceEntry(tx, { priceBookId: usdPromo, productId, model: "flat", unitPrice: "1", effectiveFrom: "2026-01-01" });
    });
  });

  test("a book in another currency is ignored, however attractive", async () => {
    const eur = await resolve({ customerId: T.customers.c1, productId });
    expect([eur.rule.level, eur.unitPrice, eur.currency]).toEqual(["list", "20.000000", "EUR"]);
    const usd = await resolve({ customerId: T.customers.c1, productId, currency: "USD" });
    expect([usd.rule.level, usd.unitPrice, usd.currency]).toEqual(["promotion", "1.000000", "USD"]);
  });

  test("no price in a currency without a book is NOT_FOUND", async () => {
    await expect(resolve({ customerId: null, productId, currency: "JPY" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  test("an archived book no longer prices anything", async () => {
    const product = matrix[15].productId;
    await withTenant(system, async (tx) => {
      await setPriceBookArchived(tx, books.customer, true);
      const resolved = await resolvePrice(tx, { customerId: T.customers.c1, productId: product, quantity: "1", date: "2026-06-01", currency: "EUR" });
      expect(resolved.rule.level).toBe("reseller");
      await setPriceBookArchived(tx, books.customer, false);
    });
    expect((await resolve({ customerId: T.customers.c1, productId: product })).rule.level).toBe("customer");
  });
});

describe("banded entries through the resolution", () => {
  test("the fixture's graduated list price rates 1500 API calls over two bands", async () => {
    const resolved = await resolve({ customerId: T.customers.c1, productId: T.contract.products.service, quantity: "1500" });
    expect(resolved.amount).toBe("14"); // 1000 x 0.01 + 500 x 0.008
    expect(resolved.bands.map((b) => [b.from, b.quantity, b.amount])).toEqual([["0", "1000", "10"], ["1000", "500", "4"]]);
    expect(resolved.unitPrice).toBe("0.009333");
  });

  test("a negative or malformed quantity is a BAD_REQUEST", async () => {
    await expect(resolve({ customerId: null, productId: T.contract.products.stock, quantity: "-1" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("resolvePrices (order placement: every line in one statement)", () => {
  test("gives each item what resolvePrice gives it, also in the customer's own currency when the caller passes none", async () => {
    const items = matrix.map(({ productId }) => ({ customerId: T.customers.c1, productId, quantity: 2 }));
    const [inEur, inOwn] = await withTenant(system, (tx) =>
      Promise.all([resolvePrices(tx, "2026-06-01", items.map((i) => ({ ...i, currency: "EUR" }))), resolvePrices(tx, "2026-06-01", items.map((i) => ({ ...i, currency: null })))]),
    );
    for (const [n, { present, productId }] of matrix.entries()) {
      if (present.length === 0) {
        // C1 is invoiced in EUR: the error names the currency it was looked up in, whichever way it came.
        for (const r of [inEur[n], inOwn[n]]) expect(r).toMatchObject({ code: "NOT_FOUND", message: expect.stringContaining("No EUR price") });
        continue;
      }
      const single = await resolve({ customerId: T.customers.c1, productId, quantity: "2" });
      for (const r of [inEur[n], inOwn[n]]) expect(r).toMatchObject({ currency: "EUR", unitPrice: single.unitPrice, amount: single.amount, rule: { level: single.rule.level } });
    }
  });
});
