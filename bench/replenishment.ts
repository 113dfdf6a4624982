/**
 * `npm run bench:replenishment`: due deliveries per second through the replenishment run, on the
 * demo stack. Boots what it needs like `npm test` does, sets up (idempotently, set-based SQL) 20
 * bench tenants x (200 SKUs incl. 10 kits, 3 warehouses, 100 customers, 500 contracts of 5 delivery
 * items) = 50,000 deliveries due through BENCH_THROUGH (one per item in the 15-day catch-up window),
 * with every tenth SKU short of stock, some with a substitute, and two customers per tenant on credit hold.
 *
 * It times `driveRun`, the function the BullMQ job calls (same chunks, same transactions), for every
 * tenant, BENCH_CONCURRENCY tenants at a time (the queue's worker concurrency), without Redis in the
 * measured path. Then a second run of the same date (must create nothing), and the stock invariants.
 * Each invocation first deletes what earlier invocations created in the bench tenants (orders,
 * deliveries, runs; reserved back to 0) as the tables' owner, so every invocation measures the same work.
 *
 * Prints `name=value` lines, `replenishment=<deliveries/s>` last.
 * Knobs (env): BENCH_TENANTS (20), BENCH_CONCURRENCY (4), BENCH_CHUNK (1500), BENCH_THROUGH (2026-06-15).
 */
import { loadavg } from "node:os";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { closeAppPool } from "../db/client";
import { withTenant } from "../db/with-tenant";
import { WEB_PORT } from "../scripts/lib/config";
import { bootstrapStack } from "../scripts/lib/stack";
import { recordMovements } from "../server/domain/inventory/movements";
import { driveRun, requestRun, type RunRow } from "../server/domain/replenishment/runs";
import { ensureBenchTenant } from "./lib";
import { checkStockDrift, driftUnits } from "../server/domain/inventory/drift";

const TENANTS = Number(process.env.BENCH_TENANTS ?? 20);
const CONCURRENCY = Math.max(1, Number(process.env.BENCH_CONCURRENCY ?? 4));
const CHUNK = Number(process.env.BENCH_CHUNK ?? 1500);
const THROUGH = process.env.BENCH_THROUGH ?? "2026-06-15";
const SKUS = 200;
const KITS = 10;
const CUSTOMERS = 100;
const CONTRACTS = 500;
const ITEMS = 5;

/** A constant of this file inlined into SQL (a bind parameter would have no type for generate_series). */
const raw = (v: number) => sql.raw(String(v));

async function setUpTenants(): Promise<string[]> {
  const ids: string[] = [];
  for (let t = 1; t <= TENANTS; t++) {
    const slug = `bench-repl-${String(t).padStart(2, "0")}`;
    const { tenantId } = await ensureBenchTenant(slug, `Replenishment bench ${t}`, "owner@bench-repl.test");
    await withTenant({ kind: "system", tenantId }, (tx) => seedTenant(tx, tenantId));
    ids.push(tenantId);
  }
  return ids;
}

/** Catalog, warehouses, customers, contracts and stock of one bench tenant; every statement skips what exists. */
async function seedTenant(tx: Parameters<Parameters<typeof withTenant>[1]>[0], t: string) {
  // Deterministic ids: md5(tenant:kind:n) as a uuid, so a second invocation finds the first one's rows.
  const id = (kind: string, n: unknown) => sql`md5(${t}::text || ${`:${kind}:`} || (${n})::text)::uuid`;
  await tx.execute(sql`
    insert into warehouses (tenant_id, id, code, name, priority)
    select ${t}, ${id("wh", sql`w`)}, 'WH' || w, 'Warehouse ' || w, 10 * (4 - w) from generate_series(1, 3) w on conflict do nothing`);
  await tx.execute(sql`
    insert into products (tenant_id, id, sku, name, kind, status)
    select ${t}, ${id("p", sql`p`)}, 'SKU-' || lpad(p::text, 3, '0'), 'Bench item ' || p, case when p >= ${raw(SKUS - KITS)} then 'kit' else 'stock_item' end, 'active'
      from generate_series(0, ${raw(SKUS - 1)}) p on conflict do nothing`);
  await tx.execute(sql`
    insert into kit_components (tenant_id, kit_id, component_id, quantity)
    select ${t}, ${id("p", sql`k`)}, ${id("p", sql`(k - ${raw(SKUS - KITS)}) * 2 + c`)}, c + 1
      from generate_series(${raw(SKUS - KITS)}, ${raw(SKUS - 1)}) k, generate_series(0, 1) c on conflict do nothing`);
  // Every tenth stock item is short; every twentieth has the next SKU as a one-for-one substitute.
  await tx.execute(sql`
    insert into product_substitutes (tenant_id, product_id, substitute_id, rank, ratio)
    select ${t}, ${id("p", sql`p`)}, ${id("p", sql`p + 1`)}, 1, 1 from generate_series(3, ${raw(SKUS - KITS - 2)}, 20) p on conflict do nothing`);
  await tx.execute(sql`
    insert into customers (tenant_id, id, name, currency, credit_limit_minor, status)
    select ${t}, ${id("c", sql`c`)}, 'Bench clinic ' || c, 'EUR', 1000000000, case when c < 2 then 'credit_hold' else 'active' end
      from generate_series(0, ${raw(CUSTOMERS - 1)}) c on conflict do nothing`);
  await tx.execute(sql`
    insert into customer_sites (tenant_id, id, customer_id, name, is_default)
    select ${t}, ${id("site", sql`c`)}, ${id("c", sql`c`)}, 'Ward ' || c, true from generate_series(0, ${raw(CUSTOMERS - 1)}) c on conflict do nothing`);
  await tx.execute(sql`
    insert into subscriptions (tenant_id, id, number, customer_id, currency, status, term_start, term_end, anchor_day, priority)
    select ${t}, ${id("s", sql`n`)}, 'SUB-B' || lpad(n::text, 5, '0'), ${id("c", sql`n % ${raw(CUSTOMERS)}`)}, 'EUR', 'active', ${THROUGH}::date - 200, ${THROUGH}::date + 1000, 1, n % 4
      from generate_series(0, ${raw(CONTRACTS - 1)}) n on conflict do nothing`);
  await tx.execute(sql`
    insert into subscription_versions (tenant_id, id, subscription_id, version, effective_from, status)
    select ${t}, ${id("s", sql`n`)}, ${id("s", sql`n`)}, 1, ${THROUGH}::date - 200, 'active' from generate_series(0, ${raw(CONTRACTS - 1)}) n on conflict do nothing`);
  // Five items per contract, each with exactly one delivery in [through - 14, through]: items 0-2 on one
  // day, 3-4 on another (two orders per contract). Even contracts monthly, odd ones every two weeks.
  await tx.execute(sql`
    insert into subscription_items (tenant_id, id, subscription_id, version_id, kind, product_id, quantity, unit_price, discount_percent,
                                    delivery_every, delivery_unit, first_delivery_date, ship_to_site_id, position)
    select ${t}, ${id("i", sql`n * ${raw(ITEMS)} + j`)}, ${id("s", sql`n`)}, ${id("s", sql`n`)}, 'delivery', ${id("p", sql`(n * ${raw(ITEMS)} + j) % ${raw(SKUS)}`)},
           1 + (n + j) % 4, 2.5 + ((n * ${raw(ITEMS)} + j) % ${raw(SKUS)}) % 20, case when n % 5 = 0 then 5 else 0 end,
           case when n % 2 = 0 then 1 else 2 end, case when n % 2 = 0 then 'month' else 'week' end,
           case when n % 2 = 0 then (${THROUGH}::date - 13 + (n / 2 + (j / 3) * 5) % 13 - interval '4 months')::date
                else ${THROUGH}::date - 13 + (n / 2 + (j / 3) * 5) % 13 - 140 end,
           ${id("site", sql`n % ${raw(CUSTOMERS)}`)}, j
      from generate_series(0, ${raw(CONTRACTS - 1)}) n, generate_series(0, ${raw(ITEMS - 1)}) j on conflict do nothing`);
  const [{ moved }] = await tx.execute<{ moved: boolean }>(sql`select exists (select 1 from stock_movements) as moved`);
  if (!moved) {
    const [wh, products] = await Promise.all([
      tx.execute<{ id: string }>(sql`select id from warehouses order by code`),
      tx.execute<{ id: string; n: number }>(sql`select id, substr(sku, 5)::int as n from products where kind = 'stock_item' order by sku`),
    ]);
    await recordMovements(tx, t, null, products.flatMap((p) => wh.map((w) => ({ warehouseId: w.id, productId: p.id, kind: "receipt" as const, quantity: p.n % 10 === 3 ? 4 : 80 }))));
  }
}

/** Deletes what earlier invocations made in the bench tenants (as the owner: app_user may not delete these). */
async function resetBenchRuns(ownerUrl: string, tenantIds: string[]): Promise<number> {
  const owner = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  let deleted = 0;
  try {
    for (const tenantId of tenantIds) {
      deleted += await owner.begin(async (tx) => {
        await tx`select set_config('app.tenant_id', ${tenantId}, true), set_config('app.scope', 'system', true)`;
        await tx`delete from order_allocations where tenant_id = ${tenantId}`;
        await tx`delete from replenishment_exceptions where tenant_id = ${tenantId}`;
        const sd = await tx`delete from scheduled_deliveries where tenant_id = ${tenantId}`;
        await tx`delete from order_lines where tenant_id = ${tenantId}`;
        await tx`delete from orders where tenant_id = ${tenantId}`;
        await tx`delete from replenishment_runs where tenant_id = ${tenantId}`;
        await tx`update stock_balances set reserved = 0 where tenant_id = ${tenantId} and reserved <> 0`;
        return sd.count;
      });
    }
    await owner`vacuum analyze orders, order_lines, order_allocations, scheduled_deliveries, stock_balances, replenishment_exceptions, subscription_items`;
  } finally {
    await owner.end();
  }
  return deleted;
}

/** One run per tenant through THROUGH, CONCURRENCY tenants at a time; returns the runs and the wall time. */
async function runAll(tenantIds: string[]): Promise<{ runs: RunRow[]; seconds: number }> {
  const runIds = await Promise.all(tenantIds.map((tenantId) => withTenant({ kind: "system", tenantId }, (tx) => requestRun(tx, { tenantId, userId: null }, { throughDate: THROUGH }, THROUGH))));
  const runs: RunRow[] = [];
  let next = 0;
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < tenantIds.length; i = next++) runs.push(await driveRun(tenantIds[i], runIds[i].runId, { chunkSize: CHUNK }));
    }),
  );
  return { runs, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}

/** Units oversold or out of line with the ledger, over every bench tenant (the drift check of `npm run stock:check`). */
async function oversold(tenantIds: string[]): Promise<number> {
  let units = 0;
  for (const tenantId of tenantIds) units += driftUnits(await withTenant({ kind: "system", tenantId }, (tx) => checkStockDrift(tx)));
  return units;
}

const loadSamples: number[] = [];
const sampleLoad = () => loadSamples.push(loadavg()[0]);

const stack = await bootstrapStack("demo", WEB_PORT);
const tSeed = Date.now();
const tenantIds = await setUpTenants();
const cleared = await resetBenchRuns(stack.env.DATABASE_URL!, tenantIds);
console.log(`[bench] ${tenantIds.length} tenants ready in ${((Date.now() - tSeed) / 1000).toFixed(1)} s; cleared ${cleared} deliveries of earlier invocations`);

const loadBefore = loadavg()[0];
const sampler = setInterval(sampleLoad, 1000);
const first = await runAll(tenantIds);
const rerun = await runAll(tenantIds);
clearInterval(sampler);
const overs = await oversold(tenantIds);

const sum = (runs: RunRow[], k: keyof RunRow) => runs.reduce((n, r) => n + Number(r[k]), 0);
const deliveries = sum(first.runs, "done");
const rerunCreated = sum(rerun.runs, "done") + sum(rerun.runs, "orders_created");
if (first.runs.some((r) => r.status !== "completed") || rerunCreated > 0 || overs > 0) {
  console.error(`bench: unexpected outcome: statuses=${first.runs.map((r) => r.status).join(",")} rerun_created=${rerunCreated} oversold=${overs}`);
  process.exitCode = 1;
}
console.log(`tenants=${tenantIds.length}`);
console.log(`concurrency=${CONCURRENCY}`);
console.log(`chunk=${CHUNK}`);
console.log(`through_date=${THROUGH}`);
console.log(`deliveries=${deliveries}`);
console.log(`orders=${sum(first.runs, "orders_created")}`);
console.log(`held_orders=${sum(first.runs, "holds")}`);
console.log(`backordered_lines=${sum(first.runs, "lines_backordered")}`);
console.log(`backordered_units=${sum(first.runs, "units_backordered")}`);
console.log(`substitutions=${sum(first.runs, "substitutions")}`);
console.log(`exceptions=${sum(first.runs, "exception_count")}`);
console.log(`seconds=${first.seconds.toFixed(3)}`);
console.log(`load_before=${loadBefore.toFixed(2)}`);
console.log(`load_avg_during=${(loadSamples.reduce((a, b) => a + b, 0) / Math.max(1, loadSamples.length)).toFixed(2)}`);
console.log(`rerun_created=${rerunCreated}`);
console.log(`rerun_s=${rerun.seconds.toFixed(3)}`);
console.log(`oversold=${overs}`);
console.log(`replenishment=${Math.round(deliveries / first.seconds)}`);
await closeAppPool();
