/**
 * `npm run bench:order-contention`: CLIENTS concurrent customer sessions place emergency orders through
 * the running app's HTTP API (tRPC `orders.place`, the same call the customer portal makes) on HOT_SKUS
 * hot products until their stock runs out; then checks the stock invariants against the ledger.
 * Boots what it needs like `npm test` (Postgres, Redis, migrations, a production build, the web server of `npm start`).
 * Prints `name=value` lines: orders, p50_ms, p99_ms, the web server's and the database's CPU per order, oversold, and
 * `order_contention=<orders per second>` last.
 *
 * Knobs (env): BENCH_CLIENTS (32), BENCH_HOT_SKUS (20), BENCH_UNITS_PER_SKU (200: per SKU, split over two
 * warehouses), BENCH_WARMUP_ROUNDS (10 untimed orders per client first, on a product of their own,
 * then the order tables are analyzed),
 * BENCH_PORT (3090), TRIBUTARY_SKIP_BUILD=1 to reuse an existing `next build`,
 * BENCH_EXTERNAL_WEB=1 to measure an app already running on BENCH_PORT, BENCH_WEB_NODE_ARGS for Node flags of
 * the web process the bench starts (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof").
 */
import { readdirSync, readFileSync } from "node:fs";
import http from "node:http";
import { randomInt } from "node:crypto";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { encode } from "next-auth/jwt";
import { closeAppPool } from "../db/client";
import { plainArray } from "../db/pg-arrays";
import { withTenant } from "../db/with-tenant";
import { startApp } from "../scripts/lib/apps";
import { BASE_DOMAIN, ROOT } from "../scripts/lib/config";
import { assertPortFree, portOpen, run, waitFor } from "../scripts/lib/proc";
import { bootstrapStack } from "../scripts/lib/stack";
import { addMembership, findOrCreateUser } from "../server/domain/access/users";
import { recordMovements } from "../server/domain/inventory/movements";
import { ensureBenchTenant, percentile, stableId } from "./lib";
import { checkStockDrift, driftUnits } from "../server/domain/inventory/drift";

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 32);
const HOT_SKUS = Number(process.env.BENCH_HOT_SKUS ?? 20);
const UNITS_PER_SKU = Number(process.env.BENCH_UNITS_PER_SKU ?? 200);
const PORT = Number(process.env.BENCH_PORT ?? 3090);
/** Untimed rounds (every client places one order on a separate warm-up product) before the timed run. */
const WARMUP_ROUNDS = Number(process.env.BENCH_WARMUP_ROUNDS ?? 10);
const SLUG = "bench-orders";
const HOST = `${SLUG}.${BASE_DOMAIN}:${PORT}`;

interface Client { userId: string; email: string; cookie: string }

/**
 * This run's customers with buyers and hot SKUs with stock and a list price (all fresh each run, so a
 * rerun measures what the first run does: no open orders of earlier runs in the credit checks), on
 * two warehouses.
 */
async function setUp(tenantId: string, run: string): Promise<{ clients: Array<Omit<Client, "cookie">>; skus: string[]; warmSku: string; received: number }> {
  const warehouses = [stableId("orders:wh:1"), stableId("orders:wh:2")];
  const skus = Array.from({ length: HOT_SKUS }, (_, i) => stableId(`orders:${run}:sku:${i}`));
  const warmSku = stableId(`orders:${run}:warm-up`);
  const products = [...skus, warmSku];
  const clients: Array<Omit<Client, "cookie">> = [];
  await withTenant({ kind: "system", tenantId }, async (tx) => {
    await tx.execute(sql`
      insert into warehouses (tenant_id, id, code, name, priority) values
        (${tenantId}, ${warehouses[0]}, 'HOT-1', 'Hot one', 2), (${tenantId}, ${warehouses[1]}, 'HOT-2', 'Hot two', 1)
      on conflict do nothing`);
    const book = stableId("orders:book");
    await tx.execute(sql`insert into price_books (tenant_id, id, name, kind, currency) values (${tenantId}, ${book}, 'List EUR', 'list', 'EUR') on conflict do nothing`);
    await tx.execute(sql`
      insert into products (tenant_id, id, sku, name, kind)
      select ${tenantId}, id, 'HOT-' || ${run} || '-' || n, 'Hot item ' || n, 'stock_item' from unnest(${plainArray(products)}::uuid[]) with ordinality as s(id, n)`);
    await tx.execute(sql`
      insert into price_book_entries (tenant_id, price_book_id, product_id, model, unit_price, effective_from)
      select ${tenantId}, ${book}, id, 'flat', 9.95, '2020-01-01' from unnest(${plainArray(products)}::uuid[]) as s(id)`);
    const half = Math.floor(UNITS_PER_SKU / 2);
    await recordMovements(
      tx,
      tenantId,
      null,
      [
        ...skus.flatMap((productId) => [
          { warehouseId: warehouses[0], productId, kind: "receipt" as const, quantity: half, reason: "bench stock" },
          { warehouseId: warehouses[1], productId, kind: "receipt" as const, quantity: UNITS_PER_SKU - half, reason: "bench stock" },
        ]),
        { warehouseId: warehouses[0], productId: warmSku, kind: "receipt" as const, quantity: CLIENTS * WARMUP_ROUNDS + 1, reason: "bench warm-up stock" },
      ],
    );
    for (let i = 0; i < CLIENTS; i++) {
      const customerId = stableId(`orders:${run}:customer:${i}`);
      await tx.execute(sql`
        insert into customers (tenant_id, id, name, currency, credit_limit_minor) values (${tenantId}, ${customerId}, ${`Bench clinic ${i} (${run})`}, 'EUR', 1000000000000)
        on conflict do nothing`);
      await tx.execute(sql`
        insert into customer_sites (tenant_id, id, customer_id, name, is_default) values (${tenantId}, ${stableId(`orders:${run}:site:${i}`)}, ${customerId}, 'Main', true)
        on conflict do nothing`);
      const email = `buyer${i}-${run}@${SLUG}.test`;
      const user = await findOrCreateUser(tx, { email, name: `Bench buyer ${i}`, password: "tributary-bench" });
      await addMembership(tx, { tenantId, userId: user.id, role: "customer_buyer", customerId });
      clients.push({ userId: user.id, email });
    }
  });
  return { clients, skus, warmSku, received: HOT_SKUS * UNITS_PER_SKU };
}

/** A session cookie as Auth.js issues it at sign-in (same secret, salt and claims), so 32 sign-ins do not trip the sign-in rate limit. */
async function sessionCookie(userId: string, email: string, tenantId: string): Promise<string> {
  const name = "authjs.session-token";
  const token = await encode({ token: { sub: userId, email, tenantId }, secret: process.env.AUTH_SECRET!, salt: name, maxAge: 3600 });
  return `${name}=${token}`;
}

/**
 * CPU seconds used so far by the processes that serve the orders: the web server (its process group)
 * and the app's Postgres backends, read from /proc (Linux; where it cannot be read, nothing is printed).
 * They say where an order's cost goes, which the throughput alone does not.
 */
async function cpuSeconds(webGroup: number | null): Promise<{ web: number; db: number } | null> {
  const ticks = (stat: string) => {
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { group: Number(fields[2]), ticks: Number(fields[11]) + Number(fields[12]) };
  };
  try {
    const backends = new Set((await appPoolBackends()).map(String));
    let web = 0;
    let db = 0;
    for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
      let stat: string;
      try { stat = readFileSync(`/proc/${pid}/stat`, "utf8"); } catch { continue; }
      const t = ticks(stat);
      if (webGroup !== null && t.group === webGroup) web += t.ticks;
      if (backends.has(pid)) db += t.ticks;
    }
    return { web: web / 100, db: db / 100 };
  } catch {
    return null;
  }
}

/**
 * Statistics for the tables an order reads and writes, taken after the warm-up as the other benches take
 * them after their set-up: in a fresh clone's new cluster autovacuum has not analyzed them when the run
 * starts (it wakes once a minute), and the plans the app prepares would be made for empty tables
 * (a first run there gave 420-460 orders/s with 3 warm-up rounds and no analyze, 646 with both).
 */
async function analyzeOrderTables(): Promise<void> {
  const owner = postgres(stack.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
  try {
    await owner`vacuum analyze orders, order_lines, order_allocations, customers, customer_sites, products, stock_balances, invoices, price_book_entries, product_substitutes, kit_components, events, tenant_counters`;
  } finally {
    await owner.end();
  }
}

/** Pids of the Postgres backends serving app_user on this database (the web process's pool). */
async function appPoolBackends(): Promise<number[]> {
  const owner = postgres(stack.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
  try {
    const rows = await owner<{ pid: number }[]>`select pid from pg_stat_activity where usename = 'app_user' and datname = current_database() and pid <> pg_backend_pid()`;
    return rows.map((r) => r.pid);
  } finally {
    await owner.end();
  }
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });

/** POST a tRPC mutation to the app on 127.0.0.1 with the tenant's Host header (Node cannot resolve *.localhost). */
function trpcMutation(path: string, input: unknown, cookie: string): Promise<{ status: number; body: string }> {
  const payload = JSON.stringify({ json: input });
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port: PORT, method: "POST", path: `/api/trpc/${path}`, agent, headers: { host: HOST, cookie, "content-type": "application/json", "content-length": Buffer.byteLength(payload) } },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

async function available(tenantId: string, skus: string[]): Promise<number> {
  const [row] = await withTenant({ kind: "system", tenantId }, (tx) =>
    tx.execute<{ n: number }>(sql`select coalesce(sum(on_hand - reserved), 0)::int as n from stock_balances where product_id = any(${plainArray(skus)}::uuid[])`),
  );
  return row.n;
}

/**
 * Units promised beyond what exists: the drift check over the hot SKUs (balances against the ledger
 * and the reservations, negatives, over-reservation) plus anything allocated beyond what was received.
 * 0 means no oversell.
 */
async function oversold(tenantId: string, skus: string[], received: number): Promise<{ oversold: number; reserved: number }> {
  return withTenant({ kind: "system", tenantId }, async (tx) => {
    const drift = await checkStockDrift(tx, skus);
    const [row] = await tx.execute<{ reserved: number; allocated: number }>(sql`
      select (select coalesce(sum(reserved), 0)::int from stock_balances where product_id = any(${plainArray(skus)}::uuid[])) as reserved,
             (select coalesce(sum(quantity), 0)::int from order_allocations where product_id = any(${plainArray(skus)}::uuid[])) as allocated`);
    return { oversold: driftUnits(drift) + Math.max(0, row.allocated - received), reserved: row.reserved };
  });
}

const stack = await bootstrapStack("demo", PORT);
const { tenantId } = await ensureBenchTenant(SLUG, "Order contention bench");
const runTag = Date.now().toString(36);
const { clients: people, skus, warmSku, received } = await setUp(tenantId, runTag);
const clients: Client[] = await Promise.all(people.map(async (p) => ({ ...p, cookie: await sessionCookie(p.userId, p.email, tenantId) })));

const external = process.env.BENCH_EXTERNAL_WEB === "1";
if (!external && process.env.TRIBUTARY_SKIP_BUILD !== "1") {
  console.log("[bench] building the web app (next build)...");
  await run("npx", ["next", "build"], { cwd: ROOT, env: { ...stack.env, NODE_ENV: "production" } });
}
// Its own pid file name, so a running `npm run demo` keeps its web app.
if (!external) await assertPortFree(PORT, "BENCH_PORT");
// BENCH_WEB_NODE_ARGS: Node flags for the web process, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
const webNodeArgs = (process.env.BENCH_WEB_NODE_ARGS ?? "").split(" ").filter(Boolean);
const web = external ? null : startApp("bench-web", "tsx", [...webNodeArgs, "server/http/main.ts"], { ...stack.env, NODE_ENV: "production", PORT: String(PORT) });
await waitFor(() => portOpen(PORT), `the web app on port ${PORT}`, 60_000);

let failures = 0;
let lastFailure = "";
try {
  // Warm-up outside the timing, on its own product: the first requests load the router's code, open
  // the pool's connections and prepare their statements, and get the JIT going.
  const probe = await trpcMutation("orders.place", { source: "emergency", lines: [{ productId: warmSku, quantity: 1 }], requestKey: `warm-${runTag}` }, clients[0].cookie);
  if (probe.status !== 200) throw new Error(`orders.place answered ${probe.status}: ${probe.body.slice(0, 500)}`);
  for (let round = 0; round < WARMUP_ROUNDS; round++) {
    const answers = await Promise.all(
      clients.map((client, c) => trpcMutation("orders.place", { source: "emergency", lines: [{ productId: warmSku, quantity: 1 }], requestKey: `warm-${runTag}-${round}-${c}` }, client.cookie)),
    );
    const refused = answers.find((a) => a.status !== 200);
    if (refused) throw new Error(`warm-up: orders.place answered ${refused.status}: ${refused.body.slice(0, 500)}`);
  }
  await analyzeOrderTables();

  let soldOut = false;
  const monitor = (async () => {
    while (!soldOut) {
      await new Promise((r) => setTimeout(r, 100));
      if ((await available(tenantId, skus)) === 0) soldOut = true;
    }
  })();

  const latencies: number[] = [];
  let placed = 0;
  const webGroup = web?.pid ?? null;
  const cpuBefore = await cpuSeconds(webGroup);
  const clientCpuBefore = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    clients.map(async (client, c) => {
      for (let i = 0; !soldOut; i++) {
        const input = { source: "emergency", lines: [{ productId: skus[randomInt(skus.length)], quantity: randomInt(1, 4) }], requestKey: `${runTag}-${c}-${i}` };
        const started = performance.now();
        const res = await trpcMutation("orders.place", input, client.cookie);
        latencies.push(performance.now() - started);
        if (res.status === 200) placed++;
        else {
          failures++;
          lastFailure = `${res.status} ${res.body.slice(0, 300)}`;
        }
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const clientCpu = process.cpuUsage(clientCpuBefore);
  const cpuAfter = await cpuSeconds(webGroup);
  await monitor;

  const check = await oversold(tenantId, skus, received);
  latencies.sort((a, b) => a - b);
  console.log(`clients=${CLIENTS}`);
  console.log(`warmup_orders=${1 + CLIENTS * WARMUP_ROUNDS}`);
  console.log(`hot_skus=${HOT_SKUS}`);
  console.log(`units_received=${received}`);
  console.log(`units_reserved=${check.reserved}`);
  console.log(`orders=${placed}`);
  console.log(`failed_requests=${failures}`);
  console.log(`seconds=${seconds.toFixed(3)}`);
  console.log(`p50_ms=${percentile(latencies, 50).toFixed(1)}`);
  console.log(`p99_ms=${percentile(latencies, 99).toFixed(1)}`);
  if (cpuBefore && cpuAfter && placed > 0) {
    if (webGroup !== null) console.log(`web_cpu_ms_per_order=${(((cpuAfter.web - cpuBefore.web) * 1000) / placed).toFixed(2)}`);
    console.log(`db_cpu_ms_per_order=${(((cpuAfter.db - cpuBefore.db) * 1000) / placed).toFixed(2)}`);
  }
  // This process: the 32 clients' HTTP and the sold-out monitor, on the same cores as the app.
  if (placed > 0) console.log(`bench_cpu_ms_per_order=${((clientCpu.user + clientCpu.system) / 1000 / placed).toFixed(2)}`);
  console.log(`oversold=${check.oversold}`);
  console.log(`order_contention=${Math.round(placed / seconds)}`);
  if (failures > 0) console.error(`bench: ${failures} requests failed; last: ${lastFailure}`);
  if (check.oversold !== 0 || failures > 0) process.exitCode = 1;
} finally {
  if (web) {
    try { process.kill(-web.pid!, "SIGTERM"); } catch { /* already gone */ }
  }
  agent.destroy();
  await closeAppPool();
  await stack.stopStartedServices();
}
