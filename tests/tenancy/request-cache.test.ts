import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { closeAppPool } from "../../db/client";
import { withTenant } from "../../db/with-tenant";
import { processCache, TtlCache } from "../../server/cache/ttl-cache";
import { ACTOR_CACHE_TTL_MS, cachedTenantActor, forgetTenantActor } from "../../server/domain/access/actor";
import { addMembership, findOrCreateUser, removeMembership } from "../../server/domain/access/users";
import { forgetResolvedHosts, HOST_CACHE_TTL_MS, resolveHostCached } from "../../server/domain/tenancy/hosts";
import { closeRedis } from "../../server/redis";
import { suffix } from "../helpers/db";
import { createPlatformAdmin, createTenantFixture, type PlatformAdminFixture, type TenantFixture } from "../helpers/fixtures";

/*
 * The API's request context caches the host resolution and the membership briefly. A change made in
 * this process takes effect at once; one made elsewhere (another replica, or SQL) once the entry's
 * TTL has passed. No timed assertions: the clock is moved by hand.
 */

let T: TenantFixture;
let admin: PlatformAdminFixture;

beforeAll(async () => {
  admin = await createPlatformAdmin("reqcache");
  T = await createTenantFixture(admin, "reqcache");
});
afterEach(() => vi.useRealTimers());
afterAll(async () => {
  await closeAppPool();
  await closeRedis();
});

async function newBuyer() {
  return withTenant({ kind: "system", tenantId: T.id }, async (tx) => {
    const user = await findOrCreateUser(tx, { email: `cache-${suffix()}@reqcache.test`, name: "Cache buyer", password: "correct-horse-battery-staple" });
    await addMembership(tx, { tenantId: T.id, userId: user.id, role: "customer_buyer", customerId: T.customers.c1 });
    return user.id;
  });
}

describe("TtlCache", () => {
  test("entries expire after their TTL and the oldest goes first when full", () => {
    let now = 1_000;
    const cache = new TtlCache<string, number>(100, 2, () => now);
    cache.set("a", 1);
    cache.set("b", 2);
    cache.set("c", 3);
    expect([cache.get("a"), cache.get("b"), cache.get("c")]).toEqual([undefined, 2, 3]);
    now += 99;
    expect(cache.get("b")).toBe(2);
    now += 1;
    expect(cache.get("b")).toBeUndefined();
  });

  test("a process cache is one per name for the whole process (kept on globalThis, where a second copy of the module finds it)", () => {
    const name = `test-${suffix()}`;
    const cache = processCache<string, number>(name, 60_000, 10);
    cache.set("a", 1);
    expect(processCache<string, number>(name, 60_000, 10)).toBe(cache);
    const shared = (globalThis as unknown as { tributaryCaches: Map<string, TtlCache<string, number>> }).tributaryCaches.get(name);
    expect(shared?.get("a")).toBe(1);
    expect(processCache<string, number>(`${name}-other`, 60_000, 10).get("a")).toBeUndefined();
  });
});

describe("the membership cache", () => {
  test("a membership removed in this process is gone at once", async () => {
    const userId = await newBuyer();
    expect(await cachedTenantActor(T.id, userId)).toMatchObject({ role: "customer_buyer", customerId: T.customers.c1 });
    await withTenant({ kind: "system", tenantId: T.id }, (tx) => removeMembership(tx, { tenantId: T.id, userId }));
    expect(await cachedTenantActor(T.id, userId)).toBeNull();
  });

  test("a membership removed elsewhere stops working once the TTL has passed", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const userId = await newBuyer();
    expect(await cachedTenantActor(T.id, userId)).not.toBeNull();
    // Another replica (or plain SQL) removes it: this process does not hear of it.
    await withTenant({ kind: "system", tenantId: T.id }, (tx) => tx.execute(sql`delete from memberships where user_id = ${userId}`));
    expect(await cachedTenantActor(T.id, userId)).not.toBeNull();
    vi.setSystemTime(Date.now() + ACTOR_CACHE_TTL_MS);
    expect(await cachedTenantActor(T.id, userId)).toBeNull();
  });

  test("a new membership is not hidden by a cached 'not a member'", async () => {
    const userId = await withTenant({ kind: "system", tenantId: T.id }, async (tx) => (await findOrCreateUser(tx, { email: `late-${suffix()}@reqcache.test`, name: "Late", password: "correct-horse-battery-staple" })).id);
    expect(await cachedTenantActor(T.id, userId)).toBeNull();
    await withTenant({ kind: "system", tenantId: T.id }, (tx) => addMembership(tx, { tenantId: T.id, userId, role: "customer_buyer", customerId: T.customers.c1 }));
    expect(await cachedTenantActor(T.id, userId)).toMatchObject({ role: "customer_buyer" });
    forgetTenantActor(T.id);
  });
});

describe("the host cache", () => {
  test("a suspended tenant's host stops resolving after the TTL, or at once when forgotten", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const other = await createTenantFixture(admin, "reqcache2");
    expect(await resolveHostCached(other.host)).toMatchObject({ kind: "tenant", tenant: { id: other.id } });
    const setStatus = (status: string) =>
      withTenant({ kind: "platform", tenantId: null, userId: admin.id }, (tx) => tx.execute(sql`update tenants set status = ${status} where id = ${other.id}`));
    await setStatus("suspended");
    expect(await resolveHostCached(other.host)).toMatchObject({ kind: "tenant" }); // still cached
    vi.setSystemTime(Date.now() + HOST_CACHE_TTL_MS);
    expect(await resolveHostCached(other.host)).toEqual({ kind: "unknown", host: other.host });

    await setStatus("active");
    forgetResolvedHosts();
    expect(await resolveHostCached(other.host)).toMatchObject({ kind: "tenant" });
    await setStatus("suspended");
    forgetResolvedHosts();
    expect(await resolveHostCached(other.host)).toEqual({ kind: "unknown", host: other.host });
    await setStatus("active");
    forgetResolvedHosts();
  });
});
