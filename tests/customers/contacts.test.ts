import { uuidv7 } from "uuidv7";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { closeAppPool } from "../../db/client";
import { withTenant } from "../../db/with-tenant";
import { checkSignIn } from "../../server/auth/sign-in";
import { loadTenantActor } from "../../server/domain/access/actor";
import { findOrCreateUser } from "../../server/domain/access/users";
import { closeRedis } from "../../server/redis";
import { suffix } from "../helpers/db";
import { createPlatformAdmin, createTenantFixture, tenantHostOf, TEST_PASSWORD, type TenantFixture } from "../helpers/fixtures";
import { callerAs, customerAudit, customerTableCounts } from "./helpers";
import { failure } from "../helpers/trpc";

/*
 * Contacts and "invite as customer-portal user": the invite makes a login (or finds one), a
 * membership for the customer with the chosen role, and links the contact. The proof is a sign-in
 * on the tenant's host.
 */

let T: TenantFixture;
let sales: Awaited<ReturnType<typeof callerAs>>;
let customerId: string;

beforeAll(async () => {
  const admin = await createPlatformAdmin("contacts");
  T = await createTenantFixture(admin, "contacts");
  sales = await callerAs(T, T.users.sales);
  customerId = (await sales.customers.create({ name: "Invite Clinic", currency: "EUR" })).customer.id;
});

afterAll(async () => {
  await closeAppPool();
  await closeRedis();
});

const INITIAL_PASSWORD = "initial-password-42";
const ip = () => `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;

async function signIn(email: string, password: string) {
  return checkSignIn(await tenantHostOf(T), { email, password }, ip());
}

describe("contacts", () => {
  test("add is idempotent on the email; another body for the same email is CONFLICT; bad email is BAD_REQUEST", async () => {
    const input = { customerId, name: "Dana Ops", email: `Dana.${suffix()}@clinic.test`, phone: "+31 10 123", role: "purchasing" };
    const first = await sales.customers.addContact(input);
    expect(first.contact.email).toBe(input.email.toLowerCase());
    expect(await sales.customers.addContact(input)).toMatchObject({ created: false, contact: { id: first.contact.id } });
    expect((await failure(sales.customers.addContact({ ...input, phone: "+31 99" }))).code).toBe("CONFLICT");
    const before = await customerTableCounts(T);
    const bad = await failure(sales.customers.addContact({ ...input, email: "dana at clinic" }));
    expect(bad.code).toBe("BAD_REQUEST");
    expect(bad.fields).toHaveProperty("email");
    expect(await customerTableCounts(T)).toEqual(before);
    const updated = await sales.customers.updateContact({ customerId, contactId: first.contact.id, role: "head of purchasing" });
    expect(updated.role).toBe("head of purchasing");
    const actions = (await customerAudit(T, customerId)).filter((a) => a.data.contactId === first.contact.id).map((a) => a.action);
    expect(actions).toEqual(["customer.contact_added", "customer.contact_updated"]);
  });
});

describe("invite to the customer portal", () => {
  test("a new login signs in on the tenant host with the invited role and this customer; inviting twice changes nothing", async () => {
    const email = `buyer.${suffix()}@clinic.test`;
    const { contact } = await sales.customers.addContact({ customerId, name: "Robin Buyer", email });
    expect(await signIn(email, INITIAL_PASSWORD)).toMatchObject({ ok: false, reason: "invalid_credentials" });

    const invited = await sales.customers.inviteContact({ customerId, contactId: contact.id, role: "customer_buyer", password: INITIAL_PASSWORD });
    expect(invited).toMatchObject({ email, role: "customer_buyer", loginCreated: true, membershipCreated: true });

    const signedIn = await signIn(email, INITIAL_PASSWORD);
    expect(signedIn).toMatchObject({ ok: true, user: { id: invited.userId, tenantId: T.id } });
    expect(await loadTenantActor(T.id, invited.userId)).toMatchObject({ role: "customer_buyer", portal: "customer", customerId });
    const detail = await sales.customers.get({ id: customerId });
    expect(detail.contacts.find((c) => c.id === contact.id)?.userId).toBe(invited.userId);

    const auditBefore = (await customerAudit(T, customerId)).length;
    const again = await sales.customers.inviteContact({ customerId, contactId: contact.id, role: "customer_admin", password: "another-password-1" });
    expect(again).toMatchObject({ userId: invited.userId, role: "customer_buyer", loginCreated: false, membershipCreated: false });
    expect(again.message).toMatch(/keep their own password/);
    expect(await loadTenantActor(T.id, invited.userId)).toMatchObject({ role: "customer_buyer" });
    expect(await signIn(email, "another-password-1")).toMatchObject({ ok: false });
    expect((await customerAudit(T, customerId)).length).toBe(auditBefore);
  });

  test("an existing login (a member of nothing here) keeps its own password and gets the admin role", async () => {
    const email = `known.${suffix()}@elsewhere.test`;
    await withTenant({ kind: "platform", tenantId: null, userId: uuidv7() }, (tx) => findOrCreateUser(tx, { email, name: "Known Person", password: TEST_PASSWORD }));
    const { contact } = await sales.customers.addContact({ customerId, name: "Known Person", email });
    const invited = await sales.customers.inviteContact({ customerId, contactId: contact.id, role: "customer_admin", password: INITIAL_PASSWORD });
    expect(invited).toMatchObject({ loginCreated: false, membershipCreated: true, role: "customer_admin" });
    expect(invited.message).toMatch(/keep their own password/);
    expect(await signIn(email, TEST_PASSWORD)).toMatchObject({ ok: true });
    expect(await signIn(email, INITIAL_PASSWORD)).toMatchObject({ ok: false, reason: "invalid_credentials" });
    expect(await loadTenantActor(T.id, invited.userId)).toMatchObject({ role: "customer_admin", customerId });
  });

  test("a person who already has another role in this workspace is CONFLICT and nothing changes", async () => {
    const { contact } = await sales.customers.addContact({ customerId, name: "Staff Member", email: T.users.ops.email });
    const before = await customerTableCounts(T);
    const error = await failure(sales.customers.inviteContact({ customerId, contactId: contact.id, role: "customer_buyer", password: INITIAL_PASSWORD }));
    expect(error.code).toBe("CONFLICT");
    expect(await customerTableCounts(T)).toEqual(before);
    expect(await loadTenantActor(T.id, T.users.ops.id)).toMatchObject({ role: "ops", customerId: null });
    expect((await sales.customers.get({ id: customerId })).contacts.find((c) => c.id === contact.id)?.userId).toBeNull();
  });

  test("a short initial password is BAD_REQUEST and creates no login", async () => {
    const email = `short.${suffix()}@clinic.test`;
    const { contact } = await sales.customers.addContact({ customerId, name: "Short Pw", email });
    const error = await failure(sales.customers.inviteContact({ customerId, contactId: contact.id, role: "customer_buyer", password: "short" }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.fields).toHaveProperty("password");
    expect(await signIn(email, "short")).toMatchObject({ ok: false, reason: "invalid_credentials" });
  });

  test("a customer admin manages its own contacts but cannot invite (creating logins is an operator right)", async () => {
    const c1Admin = await callerAs(T, T.users.customer_admin);
    const added = await c1Admin.customers.addContact({ customerId: T.customers.c1, name: "Self Added", email: `self.${suffix()}@c1.test` });
    expect(added.created).toBe(true);
    expect((await failure(c1Admin.customers.inviteContact({ customerId: T.customers.c1, contactId: added.contact.id, role: "customer_buyer", password: INITIAL_PASSWORD }))).code).toBe("FORBIDDEN");
  });
});
