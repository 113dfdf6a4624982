import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { closeAppPool } from "../../db/client";
import { closeRedis } from "../../server/redis";
import { createPlatformAdmin, createTenantFixture, type TenantFixture } from "../helpers/fixtures";
import { callerAs, customerAudit, customerTableCounts } from "./helpers";
import { failure } from "../helpers/trpc";

/*
 * Customer accounts through the API as staff use it: create (idempotent on the code), update,
 * credit hold and release, ship-to sites; every change leaves an audit entry and bad input leaves
 * nothing at all.
 */

let T: TenantFixture;
let owner: Awaited<ReturnType<typeof callerAs>>;
let finance: Awaited<ReturnType<typeof callerAs>>;

beforeAll(async () => {
  const admin = await createPlatformAdmin("customers");
  T = await createTenantFixture(admin, "cust");
  owner = await callerAs(T, T.users.owner);
  finance = await callerAs(T, T.users.finance);
});

afterAll(async () => {
  await closeAppPool();
  await closeRedis();
});

const account = {
  name: "Harbor Dental Group",
  currency: "USD",
  paymentTermsDays: 45,
  taxJurisdiction: "US-CA",
  creditLimitMinor: 2_500_000n,
  billToName: "Accounts Payable",
  billToEmail: "AP@Harbor-Dental.test",
  addressLine1: "500 Market St",
  city: "San Francisco",
  postalCode: "94105",
  countryCode: "us",
};

describe("create", () => {
  test("without a code: the next C-number, normalised fields, one audit entry by the actor", async () => {
    const { customer, created } = await owner.customers.create(account);
    expect(created).toBe(true);
    expect(customer.code).toMatch(/^C-\d{6}$/);
    expect(customer).toMatchObject({ name: "Harbor Dental Group", currency: "USD", paymentTermsDays: 45, creditLimitMinor: 2_500_000n, billToEmail: "ap@harbor-dental.test", countryCode: "US", status: "active", resellerId: null });
    const second = await owner.customers.create({ ...account, name: "Second Dental" });
    expect(Number(second.customer.code!.slice(2))).toBe(Number(customer.code!.slice(2)) + 1);
    const audit = await customerAudit(T, customer.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "customer.created", actor_user_id: T.users.owner.id, data: { code: customer.code } });
  });

  test("with a code: the same body again returns the same customer; another body is CONFLICT and changes nothing", async () => {
    const first = await owner.customers.create({ ...account, code: "acme-01" });
    expect(first.customer.code).toBe("ACME-01");
    const retry = await owner.customers.create({ ...account, code: "ACME-01" });
    expect(retry).toMatchObject({ created: false, customer: { id: first.customer.id } });
    const before = await customerTableCounts(T);
    const clash = await failure(owner.customers.create({ ...account, code: "ACME-01", creditLimitMinor: 1n }));
    expect(clash.code).toBe("CONFLICT");
    expect(clash.fields).toHaveProperty("code");
    expect(await customerTableCounts(T)).toEqual(before);
    expect(await customerAudit(T, first.customer.id)).toHaveLength(1);
  });

  test("concurrent creates of one code make one customer", async () => {
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => owner.customers.create({ ...account, code: "RACE-1" })));
    const ids = new Set(results.map((r) => (r.status === "fulfilled" ? r.value.customer.id : `rejected: ${String(r.reason)}`)));
    expect(ids.size).toBe(1);
    expect([...ids][0]).not.toMatch(/^rejected/);
  });

  test.each([
    ["an unknown currency", { currency: "XYZ" }, "currency"],
    ["a malformed currency", { currency: "euro" }, "currency"],
    ["a negative credit limit", { creditLimitMinor: -1n }, "creditLimitMinor"],
    ["a fractional credit limit", { creditLimitMinor: 10.5 }, "creditLimitMinor"],
    ["a bad bill-to email", { billToEmail: "not-an-email" }, "billToEmail"],
    ["payment terms over a year", { paymentTermsDays: 400 }, "paymentTermsDays"],
    ["a three-letter country", { countryCode: "USA" }, "countryCode"],
    ["an unknown reseller", { resellerId: "0190c0de-0000-7000-8000-000000000000" }, "resellerId"],
  ])("%s is BAD_REQUEST on that field and creates nothing", async (_label, change, field) => {
    const before = await customerTableCounts(T);
    const error = await failure(owner.customers.create({ ...account, code: `BAD-${field}`, ...change } as never));
    expect(error.code).toBe("BAD_REQUEST");
    expect(Object.keys(error.fields)).toContain(field);
    expect(await customerTableCounts(T)).toEqual(before);
  });
});

describe("update", () => {
  test("changes only the given fields and audits old and new values", async () => {
    const { customer } = await owner.customers.create({ ...account, code: "UPD-1" });
    const updated = await owner.customers.update({ id: customer.id, paymentTermsDays: 60, creditLimitMinor: "900000", city: "Oakland" });
    expect(updated).toMatchObject({ paymentTermsDays: 60, creditLimitMinor: 900_000n, city: "Oakland", name: account.name, currency: "USD" });
    const audit = await customerAudit(T, customer.id);
    expect(audit.map((a) => a.action)).toEqual(["customer.created", "customer.updated"]);
    expect(audit[1].data).toEqual({
      changes: { paymentTermsDays: { from: 45, to: 60 }, creditLimitMinor: { from: "2500000", to: "900000" }, city: { from: "San Francisco", to: "Oakland" } },
    });
    // The same update again changes nothing and writes no entry.
    await owner.customers.update({ id: customer.id, paymentTermsDays: 60 });
    expect(await customerAudit(T, customer.id)).toHaveLength(2);
  });

  test("bad input changes nothing: unknown currency, negative credit limit, bad email, a code taken by another customer", async () => {
    const { customer } = await owner.customers.create({ ...account, code: "UPD-2" });
    await owner.customers.create({ ...account, code: "UPD-3" });
    const before = await customerTableCounts(T);
    expect((await failure(owner.customers.update({ id: customer.id, currency: "XYZ", city: "Elsewhere" }))).code).toBe("BAD_REQUEST");
    expect((await failure(owner.customers.update({ id: customer.id, creditLimitMinor: -5n }))).code).toBe("BAD_REQUEST");
    expect((await failure(owner.customers.update({ id: customer.id, billToEmail: "nope" }))).code).toBe("BAD_REQUEST");
    expect((await failure(owner.customers.update({ id: customer.id, code: "UPD-3", city: "Elsewhere" }))).code).toBe("CONFLICT");
    expect((await owner.customers.get({ id: customer.id })).customer).toMatchObject({ city: "San Francisco", currency: "USD", code: "UPD-2" });
    expect(await customerTableCounts(T)).toEqual(before);
  });
});

describe("credit hold", () => {
  test("hold with a reason, shown on the account; holding again is a no-op; release audits too", async () => {
    const { customer } = await owner.customers.create({ ...account, code: "HOLD-1" });
    const held = await finance.customers.placeCreditHold({ id: customer.id, reason: "Invoice INV-7 90 days overdue" });
    expect(held).toMatchObject({ changed: true, customer: { status: "credit_hold" } });
    expect((await owner.customers.get({ id: customer.id })).creditHold).toMatchObject({ reason: "Invoice INV-7 90 days overdue" });
    expect(await finance.customers.placeCreditHold({ id: customer.id, reason: "again" })).toMatchObject({ changed: false });

    const released = await finance.customers.releaseCreditHold({ id: customer.id, reason: "Paid in full" });
    expect(released).toMatchObject({ changed: true, customer: { status: "active" } });
    expect((await owner.customers.get({ id: customer.id })).creditHold).toBeNull();

    const audit = await customerAudit(T, customer.id);
    expect(audit.map((a) => [a.action, a.actor_user_id, a.data.reason])).toEqual([
      ["customer.created", T.users.owner.id, undefined],
      ["customer.credit_hold_placed", T.users.finance.id, "Invoice INV-7 90 days overdue"],
      ["customer.credit_hold_released", T.users.finance.id, "Paid in full"],
    ]);
  });

  test("a hold without a reason is rejected and changes nothing", async () => {
    const { customer } = await owner.customers.create({ ...account, code: "HOLD-2" });
    const error = await failure(finance.customers.placeCreditHold({ id: customer.id, reason: " " }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.fields).toHaveProperty("reason");
    expect((await owner.customers.get({ id: customer.id })).customer.status).toBe("active");
  });

  test("sales may not place a hold", async () => {
    const sales = await callerAs(T, T.users.sales);
    expect((await failure(sales.customers.placeCreditHold({ id: T.customers.direct, reason: "because" }))).code).toBe("FORBIDDEN");
  });
});

describe("ship-to sites", () => {
  test("the first site is the default; one default at a time; a retry with the same id adds nothing", async () => {
    const { customer } = await owner.customers.create({ ...account, code: "SITE-1" });
    const first = await owner.customers.addSite({ customerId: customer.id, name: "Main warehouse", addressLine1: "1 Dock Rd", city: "Oakland", countryCode: "US" });
    expect(first.site.isDefault).toBe(true);
    const id = "0190c0de-1111-7000-8000-000000000001";
    const second = await owner.customers.addSite({ id, customerId: customer.id, name: "Clinic", city: "Berkeley", countryCode: "US", isDefault: true });
    const retry = await owner.customers.addSite({ id, customerId: customer.id, name: "Clinic", city: "Berkeley", countryCode: "US", isDefault: true });
    expect(retry).toMatchObject({ created: false, site: { id: second.site.id } });
    const defaults = async () => (await owner.customers.get({ id: customer.id })).sites.filter((s) => s.isDefault).map((s) => s.id);
    expect(await defaults()).toEqual([second.site.id]);
    await owner.customers.setDefaultSite({ customerId: customer.id, siteId: first.site.id });
    expect(await defaults()).toEqual([first.site.id]);
    expect((await customerAudit(T, customer.id)).map((a) => a.action)).toEqual(["customer.created", "customer.site_added", "customer.site_added", "customer.default_site_set"]);
  });

  test("a site of another customer cannot be made default or edited here; nothing changes", async () => {
    const { customer } = await owner.customers.create({ ...account, code: "SITE-2" });
    await owner.customers.addSite({ customerId: customer.id, name: "Own site" });
    const before = await customerTableCounts(T);
    const foreignSite = T.contract.siteId;
    const error = await failure(owner.customers.setDefaultSite({ customerId: customer.id, siteId: foreignSite }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.fields).toHaveProperty("siteId");
    expect((await failure(owner.customers.updateSite({ customerId: customer.id, siteId: foreignSite, name: "Hijacked" }))).code).toBe("BAD_REQUEST");
    expect(await customerTableCounts(T)).toEqual(before);
    expect((await owner.customers.get({ id: T.customers.c1 })).sites.find((s) => s.id === foreignSite)?.name).toBe("Main clinic");
  });

  test("the same id with another body is CONFLICT", async () => {
    const { customer } = await owner.customers.create({ ...account, code: "SITE-3" });
    const id = "0190c0de-1111-7000-8000-000000000003";
    await owner.customers.addSite({ id, customerId: customer.id, name: "Dock A" });
    expect((await failure(owner.customers.addSite({ id, customerId: customer.id, name: "Dock B" }))).code).toBe("CONFLICT");
  });
});
