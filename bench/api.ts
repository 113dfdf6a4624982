/**
 * `npm run bench:api`: the embedding API's REST handler in process (no web server, so the figure is
 * the app's own cost: key lookup, rate limit in Redis, RLS transaction, JSON), on the demo stack.
 * Prints `name=value` lines, `api_get_rps=<requests/s>` last.
 *
 * - api_get_rps: GET /customers?limit=25 at BENCH_CONCURRENCY (16) in flight;
 * - api_post_rps: POST /customers, each with its own Idempotency-Key (claim + store in the same transaction);
 * - api_replay_p50_ms / p99: the same POST replayed under one key (no mutation runs);
 * - api_same_key_100_ms: 100 concurrent identical POSTs under one key, until all have answered (one effect).
 * Requests spread over BENCH_TENANTS (4) enterprise-tier tenants, so the tier limits (500/s a tenant)
 * are not the bottleneck; any 429 is counted and printed.
 */
import { sql } from "drizzle-orm";
import { closeAppPool } from "../db/client";
import { withTenant } from "../db/with-tenant";
import { WEB_PORT } from "../scripts/lib/config";
import { bootstrapStack } from "../scripts/lib/stack";
import { createApiKey } from "../server/domain/api/keys";
import { closeRedis } from "../server/redis";
import { ensureBenchTenant, percentile } from "./lib";

(process.env as Record<string, string>).NODE_ENV = "production"; // trpc-to-openapi re-validates the router per request otherwise
const { handleRestRequest } = await import("../server/api/rest");

const GETS = Number(process.env.BENCH_GETS ?? 3000);
const POSTS = Number(process.env.BENCH_POSTS ?? 1000);
const CONCURRENCY = Math.max(1, Number(process.env.BENCH_CONCURRENCY ?? 16));
const TENANTS = Math.max(1, Number(process.env.BENCH_TENANTS ?? 4));

const stack = await bootstrapStack("demo", WEB_PORT);
const run = Date.now().toString(36);

const keys: string[] = [];
for (let i = 0; i < TENANTS; i++) {
  const { tenantId, adminId } = await ensureBenchTenant(`bench-api-${i}`, `API bench ${i}`);
  await withTenant({ kind: "platform", tenantId, userId: adminId }, (tx) => tx.execute(sql`update tenants set service_tier = 'enterprise' where id = ${tenantId}`));
  const { secret } = await withTenant({ kind: "system", tenantId }, (tx) => createApiKey(tx, { tenantId, userId: adminId }, { name: `bench ${run}`, scopes: ["customers:write"] }));
  keys.push(secret);
}

let limited = 0;
async function call(method: string, path: string, key: string, body?: unknown, idempotencyKey?: string): Promise<number> {
  const headers = new Headers({ host: "localhost", authorization: `Bearer ${key}` });
  if (body !== undefined) headers.set("content-type", "application/json");
  if (idempotencyKey) headers.set("idempotency-key", idempotencyKey);
  const res = await handleRestRequest(new Request(`http://localhost/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }));
  await res.arrayBuffer();
  if (res.status === 429) limited++;
  else if (res.status !== 200) throw new Error(`${method} ${path}: ${res.status}`);
  return res.status;
}

/** n calls at `concurrency` in flight; returns requests/s and per-call latencies (ms, sorted). */
async function load(n: number, concurrency: number, one: (i: number) => Promise<unknown>) {
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (let i = next++; i < n; i = next++) {
      const s = performance.now();
      await one(i);
      latencies.push(performance.now() - s);
    }
  }));
  return { rps: n / ((performance.now() - t0) / 1000), latencies: latencies.sort((a, b) => a - b) };
}

try {
  await load(200, CONCURRENCY, (i) => call("GET", "/customers?limit=25", keys[i % TENANTS])); // warm-up
  const posts = await load(POSTS, CONCURRENCY, (i) => call("POST", "/customers", keys[i % TENANTS], { name: `Bench ${run} ${i}`, currency: "EUR" }, `bench-${run}-${i}`));
  const replays = await load(POSTS, CONCURRENCY, (i) => call("POST", "/customers", keys[i % TENANTS], { name: `Bench ${run} ${i % TENANTS}`, currency: "EUR" }, `bench-${run}-${i % TENANTS}`));
  const sameKey = `bench-${run}-same`;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: 100 }, () => call("POST", "/customers", keys[0], { name: `Bench ${run} same`, currency: "EUR" }, sameKey)));
  const sameKeyMs = performance.now() - t0;
  const gets = await load(GETS, CONCURRENCY, (i) => call("GET", "/customers?limit=25", keys[i % TENANTS]));

  console.log(`api_post_rps=${posts.rps.toFixed(0)}`);
  console.log(`api_post_p50_ms=${percentile(posts.latencies, 50).toFixed(1)}`);
  console.log(`api_replay_p50_ms=${percentile(replays.latencies, 50).toFixed(1)}`);
  console.log(`api_replay_p99_ms=${percentile(replays.latencies, 99).toFixed(1)}`);
  console.log(`api_same_key_100_ms=${sameKeyMs.toFixed(0)}`);
  console.log(`api_get_p50_ms=${percentile(gets.latencies, 50).toFixed(1)}`);
  console.log(`api_get_p99_ms=${percentile(gets.latencies, 99).toFixed(1)}`);
  console.log(`api_rate_limited=${limited}`);
  console.log(`api_get_rps=${gets.rps.toFixed(0)}`);
} finally {
  await closeAppPool();
  await closeRedis();
  await stack.stopStartedServices();
}
