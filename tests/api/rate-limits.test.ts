import { afterAll, beforeAll, expect, test } from "vitest";
import { closeAppPool } from "../../db/client";
import { createCaller } from "../../server/api/root";
import { TIER_LIMITS } from "../../server/domain/api/tiers";
import { closeRedis } from "../../server/redis";
import { consoleHost, context, createPlatformAdmin, createTenantFixture, type PlatformAdminFixture, type TenantFixture } from "../helpers/fixtures";
import { failure } from "../helpers/trpc";
import { createKey, keyCaller, rest } from "./helpers";

/*
 * Per-key and per-tenant request budgets by service tier, kept in Redis: a request over either is a
 * 429 with Retry-After. The platform console sets the tier. (A starter key allows 10 requests/s, a
 * starter tenant 20/s over all its keys.)
 */

let T: TenantFixture;
let admin: PlatformAdminFixture;

beforeAll(async () => {
  admin = await createPlatformAdmin("rl");
  T = await createTenantFixture(admin, "rl");
});

afterAll(async () => {
  await closeAppPool();
  await closeRedis();
});

const burst = (n: number, key: string) => Promise.all(Array.from({ length: n }, () => rest("GET", "/products?limit=1", { key })));

async function setTierAsConsole(tier: "starter" | "growth" | "enterprise") {
  const platform = createCaller(context(await consoleHost(), admin.actor));
  return platform.platform.setTenantTier({ slug: T.slug, tier });
}

test("a starter key over 10 requests/s gets 429 with Retry-After and the error body", async () => {
  expect(TIER_LIMITS.starter.perKey).toBe(10);
  const { secret } = await createKey(T, ["catalog:read"]);
  // Bursts of 30 until one is refused: on a busy machine a burst can straddle several 1-second
  // windows, so no fixed count of refusals is promised, but what passed never exceeds 10 per window.
  const results: Awaited<ReturnType<typeof burst>> = [];
  const started = Date.now();
  for (let i = 0; i < 5 && !results.some((r) => r.status === 429); i++) results.push(...(await burst(30, secret)));
  const windows = Math.floor(Date.now() / 1000) - Math.floor(started / 1000) + 1;
  const limited = results.filter((r) => r.status === 429);
  expect(limited.length).toBeGreaterThanOrEqual(1);
  expect(results.filter((r) => r.status === 200).length).toBeLessThanOrEqual(10 * windows);
  const one = limited[0];
  expect(Number(one.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  expect(one.body).toEqual({
    code: "TOO_MANY_REQUESTS",
    message: expect.stringMatching(/^Rate limit exceeded: at most 10 requests per second per API key/),
    details: { retryAfterSeconds: Number(one.headers.get("retry-after")) },
  });
  // tRPC callers with the key meet the same budget.
  const err = await failure((await keyCaller(secret)).v1.catalog.products({}));
  expect(err.code).toBe("TOO_MANY_REQUESTS");
});

test("the tenant budget caps all keys together: five keys under their own limit still hit the tenant's", async () => {
  await new Promise((r) => setTimeout(r, 1100)); // a fresh window for the tenant
  const keys = await Promise.all([1, 2, 3, 4, 5].map(() => createKey(T, ["catalog:read"])));
  const results = (await Promise.all(keys.map((k) => burst(9, k.secret)))).flat(); // 45 > 2 x 20, each key 9 < 10
  const limited = results.filter((r) => r.status === 429);
  expect(limited.length).toBeGreaterThanOrEqual(1);
  expect((limited[0].body as { message: string }).message).toMatch(/per tenant/);
  expect(limited[0].headers.get("retry-after")).toBeTruthy();
});

test("the console's tier change lifts the limits at once", async () => {
  expect(await setTierAsConsole("enterprise")).toEqual({ slug: T.slug, tier: "enterprise" });
  const { secret } = await createKey(T, ["catalog:read"]);
  const results = await burst(30, secret);
  expect(results.map((r) => r.status)).toEqual(Array(30).fill(200));
  const bad = await failure(createCaller(context(await consoleHost(), admin.actor)).platform.setTenantTier({ slug: T.slug, tier: "platinum" as never }));
  expect(bad.code).toBe("BAD_REQUEST");
});
