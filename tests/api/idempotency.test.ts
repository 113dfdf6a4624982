import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { closeAppPool } from "../../db/client";
import { withTenant } from "../../db/with-tenant";
import { createCaller } from "../../server/api/root";
import { closeRedis } from "../../server/redis";
import { suffix } from "../helpers/db";
import { context, createPlatformAdmin, createTenantFixture, tenantActorOf, tenantHostOf, type TenantFixture } from "../helpers/fixtures";
import { failure } from "../helpers/trpc";
import { createKey, rest, setTier } from "./helpers";

/*
 * Idempotency-Key on mutations: the first response is stored per tenant and replayed for the same
 * request, another request under the same key is a 409, a too-long key a 400, and concurrent
 * requests with one key run the mutation once.
 */

let T: TenantFixture;
let U: TenantFixture;

beforeAll(async () => {
  const admin = await createPlatformAdmin("idem");
  [T, U] = await Promise.all([createTenantFixture(admin, "idem"), createTenantFixture(admin, "idem2")]);
  await setTier(T, "enterprise"); // 100 concurrent requests stay under the tier's limits
});

afterAll(async () => {
  await closeAppPool();
  await closeRedis();
});

async function ownerCaller(t: TenantFixture, idempotencyKey?: string) {
  return createCaller({ ...context(await tenantHostOf(t), await tenantActorOf(t, t.users.owner)), idempotencyKey });
}

const customersNamed = (t: TenantFixture, name: string) =>
  withTenant({ kind: "system", tenantId: t.id }, async (tx) => Number((await tx.execute<{ n: string }>(sql`select count(*) as n from customers where name = ${name}`))[0].n));

describe("tRPC mutations (a session user)", () => {
  test("the same key and body returns the first response and changes nothing more", async () => {
    const key = `k-${suffix()}`;
    const name = `Idem ${suffix()}`;
    const first = await (await ownerCaller(T, key)).customers.create({ name, currency: "EUR" });
    const again = await (await ownerCaller(T, key)).customers.create({ name, currency: "EUR" });
    expect(again).toEqual(first);
    expect(again.customer.creditLimitMinor).toBe(0n); // replayed with its types (superjson), not as JSON text
    expect(await customersNamed(T, name)).toBe(1);
    // Without the key the same body is a new request: a second customer.
    await (await ownerCaller(T)).customers.create({ name, currency: "EUR" });
    expect(await customersNamed(T, name)).toBe(2);
  });

  test("the same key with another body is a 409 and creates nothing", async () => {
    const key = `k-${suffix()}`;
    const name = `Idem ${suffix()}`;
    await (await ownerCaller(T, key)).customers.create({ name, currency: "EUR" });
    const err = await failure((await ownerCaller(T, key)).customers.create({ name: `${name} other`, currency: "EUR" }));
    expect(err.code).toBe("CONFLICT");
    expect(err.message).toMatch(/different request body/);
    expect(await customersNamed(T, `${name} other`)).toBe(0);
    // ... and with another operation too.
    const other = await failure((await ownerCaller(T, key)).customers.placeCreditHold({ id: T.customers.c1, reason: "overdue invoices" }));
    expect(other.code).toBe("CONFLICT");
    expect(other.message).toMatch(/another operation \(customers.create\)/);
  });

  test("keys are per tenant: the same key in another tenant is a new request", async () => {
    const key = `k-${suffix()}`;
    const name = `Idem ${suffix()}`;
    await (await ownerCaller(T, key)).customers.create({ name, currency: "EUR" });
    await (await ownerCaller(U, key)).customers.create({ name, currency: "EUR" });
    expect(await customersNamed(T, name)).toBe(1);
    expect(await customersNamed(U, name)).toBe(1);
  });

  test("a key over 255 characters is a clear 400 and changes nothing", async () => {
    const name = `Idem ${suffix()}`;
    const err = await failure((await ownerCaller(T, "x".repeat(256))).customers.create({ name, currency: "EUR" }));
    expect(err.code).toBe("BAD_REQUEST");
    expect(err.message).toBe("Idempotency-Key is 256 characters long; at most 255 are allowed");
    expect(await customersNamed(T, name)).toBe(0);
    // 255 is fine.
    await (await ownerCaller(T, "y".repeat(250) + suffix(2).slice(0, 5))).customers.create({ name, currency: "EUR" });
    expect(await customersNamed(T, name)).toBe(1);
  });

  test("a failed mutation stores nothing: the key can be retried with a corrected body", async () => {
    const key = `k-${suffix()}`;
    const name = `Idem ${suffix()}`;
    expect((await failure((await ownerCaller(T, key)).customers.create({ name, currency: "EURO" }))).code).toBe("BAD_REQUEST");
    await (await ownerCaller(T, key)).customers.create({ name, currency: "EUR" });
    expect(await customersNamed(T, name)).toBe(1);
  });

  test("a new API key's secret is never stored: a replay says it succeeded, without the secret", async () => {
    const key = `k-${suffix()}`;
    const first = await (await ownerCaller(T, key)).apiKeys.create({ name: "Replayed", scopes: ["orders:read"] });
    expect(first.secret).toMatch(/^trb_/);
    const again = await failure((await ownerCaller(T, key)).apiKeys.create({ name: "Replayed", scopes: ["orders:read"] }));
    expect(again).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/shown only once/) });
    const stored = await withTenant({ kind: "system", tenantId: T.id }, (tx) => tx.execute<{ response: unknown }>(sql`select response from idempotency_keys where key = ${key}`));
    expect(stored[0].response).toEqual({ redacted: true });
    expect(JSON.stringify(stored)).not.toContain(first.secret);
    const keys = await (await ownerCaller(T)).apiKeys.list({ pageSize: 100 });
    expect(keys.keys.rows.filter((k) => k.name === "Replayed")).toHaveLength(1);
  });

  test("100 concurrent identical tRPC calls with one key: one customer, one answer", async () => {
    const key = `k-${suffix()}`;
    const name = `Idem ${suffix()}`;
    const callers = await Promise.all(Array.from({ length: 100 }, () => ownerCaller(T, key)));
    const results = await Promise.all(callers.map((c) => c.customers.create({ name, currency: "EUR" })));
    expect(await customersNamed(T, name)).toBe(1);
    expect(new Set(results.map((r) => r.customer.id)).size).toBe(1);
  });
});

describe("REST mutations (an API key)", () => {
  test("100 concurrent identical POST /customers with one Idempotency-Key: one customer, 100 equal 200s", async () => {
    const { secret } = await createKey(T, ["customers:write"]);
    const key = `rest-${suffix()}`;
    const name = `Rest idem ${suffix()}`;
    const responses = await Promise.all(Array.from({ length: 100 }, () => rest("POST", "/customers", { key: secret, idempotencyKey: key, body: { name, currency: "EUR" } })));
    expect(responses.map((r) => r.status)).toEqual(Array(100).fill(200));
    expect(new Set(responses.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(await customersNamed(T, name)).toBe(1);
  });

  test("same key, other body: 409 with the error body; key over 255: 400", async () => {
    const { secret } = await createKey(T, ["customers:write"]);
    const key = `rest-${suffix()}`;
    const name = `Rest idem ${suffix()}`;
    expect((await rest("POST", "/customers", { key: secret, idempotencyKey: key, body: { name, currency: "EUR" } })).status).toBe(200);
    const conflict = await rest("POST", "/customers", { key: secret, idempotencyKey: key, body: { name, currency: "USD" } });
    expect(conflict.status).toBe(409);
    expect(conflict.body).toEqual({ code: "CONFLICT", message: expect.stringMatching(/different request body/), details: null });
    const long = await rest("POST", "/customers", { key: secret, idempotencyKey: "z".repeat(300), body: { name: `${name} 2`, currency: "EUR" } });
    expect(long.status).toBe(400);
    expect(long.body).toMatchObject({ code: "BAD_REQUEST", message: "Idempotency-Key is 300 characters long; at most 255 are allowed" });
    expect(await customersNamed(T, `${name} 2`)).toBe(0);
  });

  test("another key of the same tenant reusing an Idempotency-Key gets a 409, not the first key's response", async () => {
    const a = await createKey(T, ["customers:write"]);
    const b = await createKey(T, ["customers:write"]);
    const key = `rest-${suffix()}`;
    const body = { name: `Rest idem ${suffix()}`, currency: "EUR" };
    expect((await rest("POST", "/customers", { key: a.secret, idempotencyKey: key, body })).status).toBe(200);
    expect((await rest("POST", "/customers", { key: b.secret, idempotencyKey: key, body })).status).toBe(409);
  });
});
