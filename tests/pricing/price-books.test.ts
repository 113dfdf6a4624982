import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { closeAppPool } from "../../db/client";
import { withTenant, type Scope } from "../../db/with-tenant";
import { createCaller } from "../../server/api/root";
import { scopeOf } from "../../server/domain/access/actor";
import { addPriceEntry, createPriceBook, getPriceBook, listPriceBooks } from "../../server/domain/pricing/price-books";
import { closeRedis } from "../../server/redis";
import { context, createPlatformAdmin, createTenantFixture, tenantActorOf, tenantHostOf, type TenantFixture } from "../helpers/fixtures";
import { failure } from "../helpers/trpc";

let T: TenantFixture;
let other: TenantFixture;
let finance: ReturnType<typeof createCaller>;
let scopes: Record<"operator" | "r1" | "r2" | "c1" | "direct", Scope>;
const book = {} as Record<"promo" | "r1" | "r2" | "c1" | "c2" | "direct", string>;

beforeAll(async () => {
  const admin = await createPlatformAdmin("books");
  [T, other] = await Promise.all([createTenantFixture(admin, "books"), createTenantFixture(admin, "books-x")]);
  const actor = await tenantActorOf(T, T.users.finance);
  finance = createCaller(context(await tenantHostOf(T), actor));
  scopes = {
    operator: scopeOf(actor),
    r1: scopeOf(await tenantActorOf(T, T.users.reseller_agent)),
    r2: scopeOf(await tenantActorOf(T, T.extra.r2Admin)),
    c1: scopeOf(await tenantActorOf(T, T.users.customer_buyer)),
    direct: scopeOf(await tenantActorOf(T, T.extra.directBuyer)),
  };
  await withTenant({ kind: "system", tenantId: T.id }, async (tx) => {
    book.promo = (await createPriceBook(tx, { name: "Spring promo", kind: "promotion", currency: "EUR" })).book.id;
    book.r1 = (await createPriceBook(tx, { name: "R1 book", kind: "reseller", currency: "EUR", resellerId: T.resellers.r1 })).book.id;
    book.r2 = (await createPriceBook(tx, { name: "R2 book", kind: "reseller", currency: "EUR", resellerId: T.resellers.r2 })).book.id;
    book.c1 = (await createPriceBook(tx, { name: "C1 book", kind: "customer", currency: "EUR", customerId: T.customers.c1 })).book.id;
    book.c2 = (await createPriceBook(tx, { name: "C2 book", kind: "customer", currency: "EUR", customerId: T.customers.c2 })).book.id;
    book.direct = (await createPriceBook(tx, { name: "Direct book", kind: "customer", currency: "EUR", customerId: T.customers.direct })).book.id;
    for (const id of Object.values(book)) {
      await addPriceEntry(tx, { priceBookId: id, productId: T.contract.products.stock, model: "flat", unitPrice: "9", effectiveFrom: "2026-01-01" });
    }
  });
});

afterAll(async () => {
  await closeAppPool();
  await closeRedis();
});

/** Every pricing row of the tenant, to prove a rejected call changed nothing. */
const snapshot = () =>
  withTenant(scopes.operator, (tx) =>
    tx.execute(sql`select
      (select count(*)::int from price_books) as books, (select count(*)::int from price_book_entries) as entries, (select count(*)::int from price_tiers) as tiers,
      (select string_agg(id::text || ':' || coalesce(effective_to::text, '-'), ',' order by id) from price_book_entries) as windows`),
  );

describe("entries: scheduled changes and windows", () => {
  test("graduated tiers are stored and read back with the book; the same entry again is returned, not duplicated", async () => {
    const input = {
      priceBookId: book.promo, productId: T.contract.products.service, model: "graduated" as const, effectiveFrom: "2026-02-01", effectiveTo: "2026-03-01",
      tiers: [{ from: "0", unitPrice: "0.009" }, { from: "500", unitPrice: "0.007" }],
    };
    const first = await finance.pricing.addEntry(input);
    expect(first.created).toBe(true);
    expect(first.entry.tiers).toEqual([{ from: "0", unitPrice: "0.009" }, { from: "500", unitPrice: "0.007" }]);
    const before = await snapshot();
    const again = await finance.pricing.addEntry({ ...input, tiers: [{ from: 0, unitPrice: "0.0090" }, { from: "500.000", unitPrice: 0.007 }] });
    expect(again).toMatchObject({ created: false, entry: { id: first.entry.id } });
    expect(await snapshot()).toEqual(before);
    const detail = await finance.pricing.book({ id: book.promo });
    expect(detail.entries.find((e) => e.id === first.entry.id)?.tiers).toHaveLength(2);
  });

  test("other terms on a taken date are a CONFLICT that points to scheduling a change", async () => {
    const before = await snapshot();
    const f = await failure(finance.pricing.addEntry({ priceBookId: book.c1, productId: T.contract.products.stock, model: "flat", unitPrice: "8", effectiveFrom: "2026-01-01" }));
    expect(f.code).toBe("CONFLICT");
    expect(f.message).toMatch(/schedule a change with a later effective date/);
    expect(await snapshot()).toEqual(before);
  });

  test("a window overlapping another window in the same book is a BAD_REQUEST naming it, and changes nothing", async () => {
    await finance.pricing.addEntry({ priceBookId: book.promo, productId: T.contract.products.stock, model: "flat", unitPrice: "7", effectiveFrom: "2026-05-01", effectiveTo: "2026-06-01" });
    const before = await snapshot();
    const f = await failure(
      finance.pricing.addEntry({ priceBookId: book.promo, productId: T.contract.products.stock, model: "volume", effectiveFrom: "2026-05-15", effectiveTo: "2026-07-01", tiers: [{ from: "0", unitPrice: "6" }] }),
    );
    expect(f.code).toBe("BAD_REQUEST");
    expect(f.message).toBe("The window 2026-05-15 to 2026-07-01 overlaps the window 2026-05-01 to 2026-06-01 for GLV-100 in this book; end that one first or pick other dates");
    expect(await snapshot()).toEqual(before);
    // Adjacent windows do not overlap (effective_to is exclusive), nor does the same window in another book.
    await finance.pricing.addEntry({ priceBookId: book.promo, productId: T.contract.products.stock, model: "flat", unitPrice: "6.5", effectiveFrom: "2026-06-01", effectiveTo: "2026-07-01" });
    await finance.pricing.addEntry({ priceBookId: book.c1, productId: T.contract.products.stock, model: "flat", unitPrice: "6.5", effectiveFrom: "2026-05-15", effectiveTo: "2026-07-01" });
  });

  const bad: Array<[string, () => Record<string, unknown>, string, RegExp]> = [
    ["a negative unit price", () => ({ model: "flat", unitPrice: "-0.01" }), "unitPrice", /cannot be negative/],
    ["a negative number as unit price", () => ({ model: "flat", unitPrice: -5 }), "unitPrice", /cannot be negative/],
    ["a negative band price", () => ({ model: "graduated", tiers: [{ from: "0", unitPrice: "-1" }] }), "tiers.0.unitPrice", /cannot be negative/],
    ["a negative band start", () => ({ model: "volume", tiers: [{ from: "-10", unitPrice: "1" }] }), "tiers.0.from", /cannot be negative/],
    ["a zero package size", () => ({ model: "package", unitPrice: "5", packageSize: "0" }), "packageSize", /greater than zero/],
    ["bands that do not start at 0", () => ({ model: "volume", tiers: [{ from: "10", unitPrice: "1" }] }), "tiers.0.from", /starts at 0/],
    ["bands out of order", () => ({ model: "graduated", tiers: [{ from: "0", unitPrice: "2" }, { from: "100", unitPrice: "1" }, { from: "50", unitPrice: "1" }] }), "tiers.2.from", /increasing/],
    ["a flat price without a unit price", () => ({ model: "flat" }), "unitPrice", /needs a unit price/],
    ["a window that ends before it starts", () => ({ model: "flat", unitPrice: "1", effectiveTo: "2026-08-01" }), "effectiveTo", /after effective from/],
    ["more than 6 decimals", () => ({ model: "flat", unitPrice: "0.0000001" }), "unitPrice", /at most 6 decimals/],
  ];

  test.each(bad)("%s is a field error and changes nothing", async (_label, terms, path, message) => {
    const before = await snapshot();
    const f = await failure(finance.pricing.addEntry({ priceBookId: book.c1, productId: T.contract.products.service, effectiveFrom: "2026-08-01", ...terms() } as never));
    expect(f.code).toBe("BAD_REQUEST");
    expect(f.fields[path]?.join(" ")).toMatch(message);
    expect(await snapshot()).toEqual(before);
  });

  test("another tenant's product or book cannot be priced", async () => {
    const before = await snapshot();
    expect((await failure(finance.pricing.addEntry({ priceBookId: book.c1, productId: other.contract.products.stock, model: "flat", unitPrice: "1", effectiveFrom: "2026-01-01" }))).message).toBe("No such product");
    expect((await failure(finance.pricing.addEntry({ priceBookId: other.contract.listBookId, productId: T.contract.products.stock, model: "flat", unitPrice: "1", effectiveFrom: "2026-01-01" }))).message).toBe("No such price book");
    expect(await snapshot()).toEqual(before);
  });
});

describe("books", () => {
  test("a customer book in a currency that does not match the customer's is a BAD_REQUEST, and changes nothing", async () => {
    const before = await snapshot();
    const f = await failure(finance.pricing.createBook({ name: "C1 USD", kind: "customer", currency: "USD", customerId: T.customers.c1 }));
    expect(f.code).toBe("BAD_REQUEST");
    expect(f.message).toMatch(/USD is a currency that does not match the customer's currency \(.* buys in EUR\)/);
    expect(f.fields.currency).toBeDefined();
    expect(await snapshot()).toEqual(before);
  });

  test("one active list book per currency: the same request returns it, another name is a CONFLICT", async () => {
    const same = await finance.pricing.createBook({ name: "List EUR", kind: "list", currency: "EUR" });
    expect(same).toMatchObject({ created: false, book: { id: T.contract.listBookId } });
    const before = await snapshot();
    const f = await failure(finance.pricing.createBook({ name: "Another list", kind: "list", currency: "EUR" }));
    expect(f.code).toBe("CONFLICT");
    expect(f.message).toMatch(/already an active list price book in EUR .*"List EUR"/);
    expect(await snapshot()).toEqual(before);
  });

  test("a client-chosen id makes a retried create return the same book", async () => {
    const id = "01900000-0000-7000-8000-00000000abcd";
    const a = await finance.pricing.createBook({ id, name: "Autumn promo", kind: "promotion", currency: "EUR" });
    const b = await finance.pricing.createBook({ id, name: "Autumn promo", kind: "promotion", currency: "EUR" });
    expect([a.created, b.created, b.book.id]).toEqual([true, false, id]);
  });

  test("a book with an owner of the wrong kind is a field error", async () => {
    const f = await failure(finance.pricing.createBook({ name: "X", kind: "list", currency: "EUR", customerId: T.customers.c1 }));
    expect([f.code, f.fields.customerId]).toEqual(["BAD_REQUEST", ["Only customer books belong to a customer"]]);
  });

  test("the list filters by kind and currency and counts entries", async () => {
    const customerBooks = await finance.pricing.books({ kind: "customer", sort: "name" });
    expect(customerBooks.rows.map((r) => r.name)).toEqual(["C1 book", "C2 book", "Direct book"]);
    expect(customerBooks.rows[0].customer).toMatch(/^C1 of/);
    expect((await finance.pricing.books({ currency: "USD" })).total).toBe(0);
    const list = (await finance.pricing.books({ kind: "list" })).rows[0];
    expect(list.entries).toBe(2);
  });
});

describe("RLS: who sees which books (queries without WHERE, and the domain list)", () => {
  const visible = async (scope: Scope) => (await withTenant(scope, (tx) => tx.execute<{ id: string }>(sql`select id from price_books`))).map((r) => r.id).sort();
  const names = async (scope: Scope) => (await withTenant(scope, (tx) => listPriceBooks(tx, { pageSize: 100, sort: "name" }))).rows.map((r) => r.name);

  test("reseller R1 sees the list and promotion books, its own book and its customer C1's, not R2's nor C2's", async () => {
    expect(await names(scopes.r1)).toEqual(["Autumn promo", "C1 book", "List EUR", "R1 book", "Spring promo"]);
    const ids = await visible(scopes.r1);
    expect(ids).not.toContain(book.r2);
    expect(ids).not.toContain(book.c2);
    expect(ids).not.toContain(book.direct);
  });

  test("reseller R2 sees its own and C2's, not R1's", async () => {
    expect(await names(scopes.r2)).toEqual(["Autumn promo", "C2 book", "List EUR", "R2 book", "Spring promo"]);
  });

  test("customer C1 sees its own book and the shared ones, not another customer's nor any reseller's", async () => {
    expect(await names(scopes.c1)).toEqual(["Autumn promo", "C1 book", "List EUR", "Spring promo"]);
    expect(await names(scopes.direct)).toEqual(["Autumn promo", "Direct book", "List EUR", "Spring promo"]);
  });

  test("entries and tiers follow their book: C1 cannot read C2's entries even by id", async () => {
    const c2Entries = await withTenant(scopes.c1, (tx) => tx.execute(sql`select id from price_book_entries where price_book_id = ${book.c2}`));
    expect(c2Entries).toHaveLength(0);
    await expect(withTenant(scopes.c1, (tx) => getPriceBook(tx, book.c2))).rejects.toMatchObject({ code: "NOT_FOUND" });
    const own = await withTenant(scopes.c1, (tx) => getPriceBook(tx, book.c1));
    expect(own.entries.length).toBeGreaterThan(0);
  });

  test("a reseller or customer session cannot write prices, even through the domain function", async () => {
    await expect(
      withTenant(scopes.r1, (tx) => addPriceEntry(tx, { priceBookId: book.r1, productId: T.contract.products.spare, model: "flat", unitPrice: "0", effectiveFrom: "2026-01-01" })),
    ).rejects.toThrow();
    await expect(withTenant(scopes.c1, (tx) => createPriceBook(tx, { name: "Mine", kind: "promotion", currency: "EUR" }))).rejects.toThrow();
    expect((await snapshot())[0]).toBeDefined();
  });
});

describe("explain (why this price)", () => {
  test("returns the price, amount, bands and the rule with its explanation", async () => {
    const result = await finance.pricing.explain({ customerId: T.customers.c1, productId: T.contract.products.stock, quantity: "3", date: "2026-04-01", currency: "EUR" });
    expect(result).toMatchObject({ unitPrice: "9.000000", amount: "27", product: { sku: "GLV-100" }, rule: { level: "customer", priceBookName: "C1 book" } });
    expect(result.bands).toHaveLength(1);
    expect(result.rule.explanation).toMatch(/customer's own price book "C1 book"/);
  });

  test("a reseller may explain a price for its own customer, not for another reseller's", async () => {
    const host = await tenantHostOf(T);
    const r1 = createCaller(context(host, await tenantActorOf(T, T.users.reseller_agent)));
    const own = await r1.pricing.explain({ customerId: T.customers.c1, productId: T.contract.products.stock, quantity: "1", date: "2026-04-01", currency: "EUR" });
    expect(own.rule.level).toBe("customer");
    const f = await failure(r1.pricing.explain({ customerId: T.customers.c2, productId: T.contract.products.stock, quantity: "1", date: "2026-04-01", currency: "EUR" }));
    expect([f.code, f.message]).toEqual(["NOT_FOUND", "No such customer"]);
  });

  test("a negative quantity is a field error", async () => {
    const f = await failure(finance.pricing.explain({ productId: T.contract.products.stock, quantity: "-1", date: "2026-04-01", currency: "EUR" }));
    expect(f.code).toBe("BAD_REQUEST");
    expect(f.fields.quantity?.join(" ")).toMatch(/cannot be negative/);
  });
});
