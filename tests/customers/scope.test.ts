import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { closeAppPool } from "../../db/client";
import { withTenant } from "../../db/with-tenant";
import { scopeOf } from "../../server/domain/access/actor";
import { closeRedis } from "../../server/redis";
import { createPlatformAdmin, createTenantFixture, tenantActorOf, type TenantFixture } from "../helpers/fixtures";
import { callerAs, customerTableCounts } from "./helpers";
import { failure } from "../helpers/trpc";

/*
 * Reseller and customer sessions through the customers API. RLS narrows them: R1 works only on
 * R1's customers, a customer only on itself. The other side's rows read as "not found".
 */

let T: TenantFixture;
let r1: Awaited<ReturnType<typeof callerAs>>;
let r2: Awaited<ReturnType<typeof callerAs>>;
/** c2 (under r2) with a site and a contact. */
let c2Site: string;
let c2Contact: string;

beforeAll(async () => {
  const admin = await createPlatformAdmin("custscope");
  T = await createTenantFixture(admin, "custscope");
  r1 = await callerAs(T, T.users.reseller_admin);
  r2 = await callerAs(T, T.extra.r2Admin);
  c2Site = (await r2.customers.addSite({ customerId: T.customers.c2, name: "R2 depot", city: "Ghent" })).site.id;
  c2Contact = (await r2.customers.addContact({ customerId: T.customers.c2, name: "R2 Person", email: "person@r2-customer.test" })).contact.id;
});

afterAll(async () => {
  await closeAppPool();
  await closeRedis();
});

describe("reseller R1", () => {
  test("lists and reads only its own customers", async () => {
    const list = await r1.customers.list({});
    expect(list.rows.map((r) => r.id)).toEqual([T.customers.c1]);
    expect((await r1.customers.get({ id: T.customers.c1 })).sites.map((s) => s.id)).toEqual([T.contract.siteId]);
    expect((await failure(r1.customers.get({ id: T.customers.c2 }))).code).toBe("NOT_FOUND");
    expect((await failure(r1.customers.get({ id: T.customers.direct }))).code).toBe("NOT_FOUND");
    expect((await r1.customers.filterOptions()).resellers.map((r) => r.id)).toEqual([T.resellers.r1]);
  });

  test("cannot update R2's customer, its sites or its contacts; nothing changes", async () => {
    const before = await customerTableCounts(T);
    expect((await failure(r1.customers.update({ id: T.customers.c2, name: "Taken over" }))).code).toBe("NOT_FOUND");
    expect((await failure(r1.customers.addSite({ customerId: T.customers.c2, name: "Sneaky" }))).code).toBe("NOT_FOUND");
    expect((await failure(r1.customers.updateSite({ customerId: T.customers.c2, siteId: c2Site, name: "Sneaky" }))).code).toBe("NOT_FOUND");
    expect((await failure(r1.customers.setDefaultSite({ customerId: T.customers.c1, siteId: c2Site }))).code).toBe("BAD_REQUEST");
    // Re-using the id of R2's site (invisible to R1) for a new site of R1's own customer.
    expect((await failure(r1.customers.addSite({ id: c2Site, customerId: T.customers.c1, name: "Collides" }))).code).toBe("CONFLICT");
    expect((await failure(r1.customers.addContact({ customerId: T.customers.c2, name: "Sneaky", email: "sneaky@r1.test" }))).code).toBe("NOT_FOUND");
    expect((await failure(r1.customers.updateContact({ customerId: T.customers.c2, contactId: c2Contact, name: "Sneaky" }))).code).toBe("NOT_FOUND");
    expect(await customerTableCounts(T)).toEqual(before);
    const c2 = await r2.customers.get({ id: T.customers.c2 });
    expect(c2.customer.name).toBe(`C2 of ${T.slug} (r2)`);
    expect(c2.sites.map((s) => s.name)).toEqual(["R2 depot"]);
    expect(c2.contacts.map((c) => c.name)).toEqual(["R2 Person"]);
  });

  test("even a query without WHERE sees none of R2's sites or contacts", async () => {
    const scope = scopeOf(await tenantActorOf(T, T.users.reseller_agent));
    const seen = await withTenant(scope, async (tx) => ({
      sites: await tx.execute<{ id: string }>(sql`select id from customer_sites`),
      contacts: await tx.execute<{ customer_id: string }>(sql`select customer_id from customer_contacts`),
    }));
    expect(seen.sites.map((s) => s.id)).not.toContain(c2Site);
    expect(new Set(seen.contacts.map((c) => c.customer_id))).toEqual(new Set([T.customers.c1]));
  });

  test("creates customers under itself only, whatever reseller the input names", async () => {
    const agent = await callerAs(T, T.users.reseller_agent);
    const { customer } = await agent.customers.create({ name: "R1 New Account", currency: "EUR", resellerId: T.resellers.r2 });
    expect(customer.resellerId).toBe(T.resellers.r1);
    expect((await r1.customers.list({ search: "R1 New Account" })).total).toBe(1);
    expect((await r2.customers.list({ search: "R1 New Account" })).total).toBe(0);
    // An update from the reseller cannot move the account to another reseller either.
    const updated = await r1.customers.update({ id: customer.id, resellerId: T.resellers.r2, city: "Delft" });
    expect(updated).toMatchObject({ resellerId: T.resellers.r1, city: "Delft" });
  });
});

describe("customer session", () => {
  test("sees only its own account, sites and contacts", async () => {
    const buyer = await callerAs(T, T.users.customer_buyer);
    const own = await buyer.customers.get({ id: T.customers.c1 });
    expect(own.sites.map((s) => s.id)).toEqual([T.contract.siteId]);
    expect(own.contacts.every((c) => c.customerId === T.customers.c1)).toBe(true);
    expect(own.contacts.length).toBeGreaterThan(0);
    expect((await failure(buyer.customers.get({ id: T.customers.c2 }))).code).toBe("NOT_FOUND");

    const scope = scopeOf(await tenantActorOf(T, T.users.customer_buyer));
    const seen = await withTenant(scope, async (tx) => ({
      customers: await tx.execute<{ id: string }>(sql`select id from customers`),
      sites: await tx.execute<{ customer_id: string }>(sql`select customer_id from customer_sites`),
      contacts: await tx.execute<{ customer_id: string }>(sql`select customer_id from customer_contacts`),
    }));
    expect(seen.customers.map((c) => c.id)).toEqual([T.customers.c1]);
    expect(new Set(seen.sites.map((s) => s.customer_id))).toEqual(new Set([T.customers.c1]));
    expect(new Set(seen.contacts.map((c) => c.customer_id))).toEqual(new Set([T.customers.c1]));
  });

  test("a customer admin updates its own contacts but not another customer's", async () => {
    const admin = await callerAs(T, T.users.customer_admin);
    const own = (await admin.customers.get({ id: T.customers.c1 })).contacts[0];
    expect((await admin.customers.updateContact({ customerId: T.customers.c1, contactId: own.id, phone: "+31 10 555" })).phone).toBe("+31 10 555");
    expect((await failure(admin.customers.updateContact({ customerId: T.customers.c2, contactId: c2Contact, phone: "0" }))).code).toBe("NOT_FOUND");
    expect((await failure(admin.customers.update({ id: T.customers.c1, name: "Renamed by customer" }))).code).toBe("FORBIDDEN");
  });
});
