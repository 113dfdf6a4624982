import { afterAll, beforeAll, expect, test } from "vitest";
import { closeAppPool } from "../../db/client";
import { closeRedis } from "../../server/redis";
import { createPlatformAdmin, createTenantFixture, type TenantFixture } from "../helpers/fixtures";
import { callerAs } from "./helpers";
import { failure } from "../helpers/trpc";

/* The customers list: sort by a whitelisted column, filter and page, all in the database. */

let T: TenantFixture;
let ops: Awaited<ReturnType<typeof callerAs>>;
const ids: Record<string, string> = {};

// Five customers sharing the search token "Lst"; the fixture's own customers (c1, c2, direct) do not match it.
const ROWS = [
  { code: "L-05", name: "Lst Echo", city: "Utrecht", countryCode: "NL", hold: false, reseller: "r1" },
  { code: "L-02", name: "Lst Bravo", city: "Antwerp", countryCode: "BE", hold: true, reseller: null },
  { code: "L-04", name: "Lst Delta", city: "Berlin", countryCode: "DE", hold: false, reseller: "r2" },
  { code: "L-01", name: "Lst Alpha", city: "Zwolle", countryCode: "NL", hold: true, reseller: "r1" },
  { code: "L-03", name: "Lst Charlie", city: "Cologne", countryCode: "DE", hold: false, reseller: null },
] as const;

beforeAll(async () => {
  const admin = await createPlatformAdmin("custlist");
  T = await createTenantFixture(admin, "custlist");
  const owner = await callerAs(T, T.users.owner);
  ops = await callerAs(T, T.users.ops);
  for (const r of ROWS) {
    const resellerId = r.reseller ? T.resellers[r.reseller] : null;
    const { customer } = await owner.customers.create({ code: r.code, name: r.name, city: r.city, countryCode: r.countryCode, currency: "EUR", resellerId });
    ids[r.name] = customer.id;
    if (r.hold) await owner.customers.placeCreditHold({ id: customer.id, reason: "test" });
  }
});

afterAll(async () => {
  await closeAppPool();
  await closeRedis();
});

const names = (page: { rows: Array<{ name: string }> }) => page.rows.map((r) => r.name);

test("search matches name, code and city; default sort is by name", async () => {
  expect(names(await ops.customers.list({ search: "lst" }))).toEqual(["Lst Alpha", "Lst Bravo", "Lst Charlie", "Lst Delta", "Lst Echo"]);
  expect(names(await ops.customers.list({ search: "L-04" }))).toEqual(["Lst Delta"]);
  expect(names(await ops.customers.list({ search: "zwol" }))).toEqual(["Lst Alpha"]);
  expect((await ops.customers.list({ search: "%" })).total).toBe(0);
});

test.each([
  ["city", "asc", ["Lst Bravo", "Lst Delta", "Lst Charlie", "Lst Echo", "Lst Alpha"]],
  ["city", "desc", ["Lst Alpha", "Lst Echo", "Lst Charlie", "Lst Delta", "Lst Bravo"]],
  ["code", "desc", ["Lst Echo", "Lst Delta", "Lst Charlie", "Lst Bravo", "Lst Alpha"]],
  ["name", "desc", ["Lst Echo", "Lst Delta", "Lst Charlie", "Lst Bravo", "Lst Alpha"]],
  ["created", "asc", ROWS.map((r) => r.name)],
  // status asc puts active before credit_hold; the tiebreak is the id (creation order, UUIDv7).
  ["status", "asc", ["Lst Echo", "Lst Delta", "Lst Charlie", "Lst Bravo", "Lst Alpha"]],
] as const)("sort by %s %s", async (sort, dir, expected) => {
  expect(names(await ops.customers.list({ search: "Lst", sort, dir }))).toEqual(expected);
});

test("a sort key outside the whitelist falls back to name", async () => {
  expect(names(await ops.customers.list({ search: "Lst", sort: "constructor", dir: "desc" }))).toEqual(["Lst Echo", "Lst Delta", "Lst Charlie", "Lst Bravo", "Lst Alpha"]);
  expect(names(await ops.customers.list({ search: "Lst", sort: "password_hash", dir: "desc" }))).toEqual(["Lst Echo", "Lst Delta", "Lst Charlie", "Lst Bravo", "Lst Alpha"]);
});

test("filters: status, reseller (or direct), country; combined with search", async () => {
  expect(names(await ops.customers.list({ search: "Lst", status: "credit_hold" }))).toEqual(["Lst Alpha", "Lst Bravo"]);
  expect(names(await ops.customers.list({ search: "Lst", reseller: T.resellers.r1 }))).toEqual(["Lst Alpha", "Lst Echo"]);
  expect(names(await ops.customers.list({ search: "Lst", reseller: "direct" }))).toEqual(["Lst Bravo", "Lst Charlie"]);
  expect(names(await ops.customers.list({ search: "Lst", country: "de" }))).toEqual(["Lst Charlie", "Lst Delta"]);
  expect(names(await ops.customers.list({ search: "Lst", status: "active", country: "NL" }))).toEqual(["Lst Echo"]);
  // Without search the reseller filter includes the fixture's own customer of r1.
  const r1 = await ops.customers.list({ reseller: T.resellers.r1 });
  expect(r1.rows.map((r) => r.id).sort()).toEqual([ids["Lst Alpha"], ids["Lst Echo"], T.customers.c1].sort());
  expect(r1.rows.find((r) => r.id === ids["Lst Echo"])?.reseller).toBe(`R1 of ${T.slug}`);
});

test("paging: page size, page number and total", async () => {
  const first = await ops.customers.list({ search: "Lst", sort: "code", pageSize: 2, page: 1 });
  const third = await ops.customers.list({ search: "Lst", sort: "code", pageSize: 2, page: 3 });
  expect(names(first)).toEqual(["Lst Alpha", "Lst Bravo"]);
  expect(names(third)).toEqual(["Lst Echo"]);
  expect([first.total, third.total, third.page, third.pageSize]).toEqual([5, 5, 3, 2]);
  expect((await ops.customers.list({ search: "Lst", pageSize: 2, page: 9 })).rows).toEqual([]);
});

test("bad filter values are BAD_REQUEST", async () => {
  expect((await failure(ops.customers.list({ status: "deleted" as never }))).code).toBe("BAD_REQUEST");
  expect((await failure(ops.customers.list({ reseller: "nobody" }))).code).toBe("BAD_REQUEST");
  expect((await failure(ops.customers.list({ pageSize: 1000 }))).code).toBe("BAD_REQUEST");
});

test("the filter options list the tenant's resellers and the countries in use", async () => {
  const options = await ops.customers.filterOptions();
  expect(options.resellers.map((r) => r.id).sort()).toEqual([T.resellers.r1, T.resellers.r2].sort());
  expect(options.countries).toEqual(expect.arrayContaining(["BE", "DE", "NL"]));
});
