/**
 * `npm run bench:renewals`: subscriptions billed per second by the renewal run, on the demo stack.
 * Boots what it needs like `npm test` does, sets up (idempotently, set-based SQL) 20 bench tenants x
 * 5,000 subscriptions = 100,000 due on BENCH_THROUGH, a mix of
 *   n % 4 = 0  a flat monthly fee;
 *   n % 4 = 1  a flat fee and a usage meter with graduated tiers (usage of the closed month);
 *   n % 4 = 2  a minimum commit over a tiered meter (half fall short of it, half run over);
 *   n % 4 = 3  a flat fee and a stock item delivered weekly;
 * every 50th contract at its term end (every 100th of those renews, the others expire), customers in a
 * taxed jurisdiction (21% standard, 9% reduced).
 *
 * It times `driveBillingRun`, the function the BullMQ job calls (same chunks, same transactions), for
 * every tenant, BENCH_CONCURRENCY tenants at a time, to invoices with lines, revenue schedules (usage
 * recognized on them at issue), journal entries and lines, the outbox's events and the subscriptions
 * moved on. Then a rerun of the same date, which must create no row. Each invocation first deletes, as the tables' owner, what
 * earlier invocations billed and the events they emitted, so every invocation measures the same work.
 *
 * Prints `name=value` lines, `renewals=<subscriptions/s>` last.
 * Knobs (env): BENCH_TENANTS (20), BENCH_SUBS (5000 per tenant), BENCH_CONCURRENCY (2), BENCH_CHUNK (2000), BENCH_THROUGH (2026-06-01).
 */
import { readdirSync, readFileSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { closeAppPool } from "../db/client";
import { withTenant, type TenantTx } from "../db/with-tenant";
import { DATA_DIR, WEB_PORT } from "../scripts/lib/config";
import { bootstrapStack } from "../scripts/lib/stack";
import { createBillingRun, driveBillingRun, type BillingRunRow } from "../server/domain/billing/runs";
import { ensureBenchTenant } from "./lib";

const TENANTS = Number(process.env.BENCH_TENANTS ?? 20);
const SUBS = Number(process.env.BENCH_SUBS ?? 5000);
const CONCURRENCY = Math.max(1, Number(process.env.BENCH_CONCURRENCY ?? 2));
const CHUNK = Number(process.env.BENCH_CHUNK ?? 2000);
const THROUGH = process.env.BENCH_THROUGH ?? "2026-06-01";
const CUSTOMERS = 200;

const raw = (v: number | string) => sql.raw(String(v));

async function setUpTenants(): Promise<string[]> {
  const ids: string[] = [];
  for (let t = 1; t <= TENANTS; t++) {
    const slug = `bench-bill-${String(t).padStart(2, "0")}`;
    const { tenantId } = await ensureBenchTenant(slug, `Renewal bench ${t}`, "owner@bench-bill.test");
    await withTenant({ kind: "system", tenantId }, (tx) => seedTenant(tx, tenantId));
    ids.push(tenantId);
  }
  return ids;
}

const USAGE_PRICING = JSON.stringify({ resolvedOn: "2026-01-01", rule: null, terms: { model: "graduated", tiers: [{ from: "0", unitPrice: "0.01" }, { from: "1000", unitPrice: "0.008" }, { from: "10000", unitPrice: "0.005" }] } });
const FLAT = (price: string) => JSON.stringify({ resolvedOn: "2026-01-01", rule: null, terms: { model: "flat", unitPrice: price } });

/** Catalog, tax rules, customers, contracts and last month's usage of one bench tenant; every statement skips what exists. */
async function seedTenant(tx: TenantTx, t: string) {
  const id = (kind: string, n: unknown) => sql`md5(${t}::text || ${`:${kind}:`} || (${n})::text)::uuid`;
  await tx.execute(sql`insert into product_categories (tenant_id, id, code, name) values (${t}, ${id("cat", 0)}, 'plans', 'Plans'), (${t}, ${id("cat", 1)}, 'supplies', 'Supplies') on conflict do nothing`);
  await tx.execute(sql`
    insert into products (tenant_id, id, sku, name, kind, category_id, tax_class) values
      (${t}, ${id("p", 0)}, 'PLAN-FLAT', 'Platform plan', 'service', ${id("cat", 0)}, 'standard'),
      (${t}, ${id("p", 1)}, 'API-CALLS', 'API calls', 'service', ${id("cat", 0)}, 'standard'),
      (${t}, ${id("p", 2)}, 'COMMIT', 'Usage commitment', 'service', ${id("cat", 0)}, 'standard'),
      (${t}, ${id("p", 3)}, 'GLOVES', 'Nitrile gloves, box', 'stock_item', ${id("cat", 1)}, 'reduced')
    on conflict do nothing`);
  await tx.execute(sql`insert into meters (tenant_id, id, code, name, unit) values (${t}, ${id("m", 0)}, 'api_calls', 'API calls', 'call') on conflict do nothing`);
  await tx.execute(sql`
    insert into tax_rules (tenant_id, id, jurisdiction, tax_class, name, rate, effective_from)
    select ${t}, ${id("tax", 0)}, 'NL', 'standard', 'NL VAT 21%', 21, '2020-01-01' where not exists (select 1 from tax_rules where tax_class = 'standard')`);
  await tx.execute(sql`
    insert into tax_rules (tenant_id, id, jurisdiction, tax_class, name, rate, effective_from)
    select ${t}, ${id("tax", 1)}, 'NL', 'reduced', 'NL VAT 9%', 9, '2020-01-01' where not exists (select 1 from tax_rules where tax_class = 'reduced')`);
  await tx.execute(sql`
    insert into customers (tenant_id, id, name, currency, tax_jurisdiction, payment_terms_days)
    select ${t}, ${id("c", sql`c`)}, 'Bench customer ' || c, 'EUR', 'NL', 30 from generate_series(0, ${raw(CUSTOMERS - 1)}) c on conflict do nothing`);
  await tx.execute(sql`
    insert into customer_sites (tenant_id, id, customer_id, name, is_default)
    select ${t}, ${id("site", sql`c`)}, ${id("c", sql`c`)}, 'Site ' || c, true from generate_series(0, ${raw(CUSTOMERS - 1)}) c on conflict do nothing`);
  // Every 50th contract ends its term on the run date: every 100th renews (n % 100 = 7), the others expire.
  await tx.execute(sql`
    insert into subscriptions (tenant_id, id, number, customer_id, currency, status, term_start, term_end, auto_renew, anchor_day, next_period_start)
    select ${t}, ${id("s", sql`n`)}, 'SUB-R' || lpad(n::text, 6, '0'), ${id("c", sql`n % ${raw(CUSTOMERS)}`)}, 'EUR', 'active', '2026-01-01',
           case when n % 50 = 7 then ${THROUGH}::date else '2027-01-01'::date end, n % 100 = 7, 1, ${THROUGH}::date
      from generate_series(0, ${raw(SUBS - 1)}) n on conflict do nothing`);
  await tx.execute(sql`
    insert into subscription_versions (tenant_id, id, subscription_id, version, effective_from, status)
    select ${t}, ${id("s", sql`n`)}, ${id("s", sql`n`)}, 1, '2026-01-01', 'active' from generate_series(0, ${raw(SUBS - 1)}) n on conflict do nothing`);
  await tx.execute(sql`
    insert into subscription_items (tenant_id, id, subscription_id, version_id, kind, product_id, meter_id, quantity, rating, unit_price, discount_percent, pricing,
                                    commit_amount_minor, delivery_every, delivery_unit, first_delivery_date, ship_to_site_id, position)
    select ${t}, ${id("i", sql`n * 2 + j`)}, ${id("s", sql`n`)}, ${id("s", sql`n`)}, x.kind, x.product_id, x.meter_id, x.quantity, x.rating, x.unit_price,
           case when n % 5 = 0 then 10 else 0 end, x.pricing::jsonb, x.commit_minor, x.every, x.unit, x.first, x.site, j
      from generate_series(0, ${raw(SUBS - 1)}) n
      cross join generate_series(0, 1) j
      cross join lateral (
        select case when n % 4 = 2 and j = 0 then 'commit' when (n % 4 in (1, 2)) and j = 1 then 'usage' when n % 4 = 3 and j = 1 then 'delivery' else 'recurring_fee' end as kind
      ) k
      cross join lateral (
        select k.kind,
               case k.kind when 'recurring_fee' then ${id("p", 0)} when 'usage' then ${id("p", 1)} when 'commit' then ${id("p", 2)} else ${id("p", 3)} end as product_id,
               case when k.kind = 'usage' then ${id("m", 0)} end as meter_id,
               case when k.kind = 'delivery' then 5 when k.kind = 'recurring_fee' then 1 + n % 3 else 1 end as quantity,
               case when k.kind = 'usage' then 'tiered' end as rating,
               case k.kind when 'recurring_fee' then 49 + n % 7 when 'delivery' then 12.5 end as unit_price,
               case k.kind when 'usage' then ${USAGE_PRICING} when 'recurring_fee' then ${FLAT("49")} when 'delivery' then ${FLAT("12.5")} else '{}' end as pricing,
               case when k.kind = 'commit' then 5000 end as commit_minor,
               case when k.kind = 'delivery' then 1 end as every, case when k.kind = 'delivery' then 'week' end as unit,
               case when k.kind = 'delivery' then '2026-01-05'::date end as first,
               case when k.kind = 'delivery' then ${id("site", sql`n % ${raw(CUSTOMERS)}`)} end as site
      ) x
     where not (n % 4 = 0 and j = 1)
    on conflict do nothing`);
  // Last month's usage (one event per metered contract; the trigger keeps usage_period_totals).
  await tx.execute(sql`
    insert into usage_events (tenant_id, event_id, subscription_id, meter_id, quantity, occurred_at, period_start)
    select ${t}, 'bench-' || n, ${id("s", sql`n`)}, ${id("m", 0)}, (n * 37) % 20000, (${THROUGH}::date - 10)::timestamptz, (${THROUGH}::date - interval '1 month')::date
      from generate_series(0, ${raw(SUBS - 1)}) n
     where n % 4 in (1, 2)
    on conflict do nothing`);
}

const BILLING_TABLES = ["invoices", "invoice_lines", "revenue_schedules", "revenue_recognitions", "journal_entries", "journal_lines", "billing_run_exceptions"];

/** Deletes what earlier invocations billed in the bench tenants (as the owner: app_user may not delete these) and puts the contracts back. */
async function resetBench(owner: postgres.Sql, tenantIds: string[]): Promise<number> {
  let deleted = 0;
  for (const tenantId of tenantIds) {
    deleted += await owner.begin(async (tx) => {
      await tx`select set_config('app.tenant_id', ${tenantId}, true), set_config('app.scope', 'system', true)`;
      await tx`delete from revenue_recognitions where tenant_id = ${tenantId}`;
      await tx`delete from revenue_schedules where tenant_id = ${tenantId}`;
      await tx`delete from journal_lines where tenant_id = ${tenantId}`;
      await tx`delete from journal_entries where tenant_id = ${tenantId}`;
      await tx`delete from invoice_lines where tenant_id = ${tenantId}`;
      const inv = await tx`delete from invoices where tenant_id = ${tenantId}`;
      await tx`delete from billing_run_exceptions where tenant_id = ${tenantId}`;
      await tx`delete from billing_runs where tenant_id = ${tenantId}`;
      await tx`delete from tenant_counters where tenant_id = ${tenantId} and name = 'invoice'`;
      // The events earlier runs emitted (none has a webhook delivery in a bench tenant): left, they
      // piled up (13 M on a long-lived cluster) and every invocation counted them.
      await tx`delete from events e where e.tenant_id = ${tenantId} and not exists (select 1 from webhook_deliveries d where d.tenant_id = e.tenant_id and d.event_id = e.id)`;
      await tx`update subscriptions set next_period_start = ${THROUGH}, status = 'active',
                      term_end = case when substr(number, 6)::int % 50 = 7 then ${THROUGH}::date else '2027-01-01'::date end
                where tenant_id = ${tenantId}`;
      return inv.count;
    });
  }
  await owner.unsafe(`vacuum analyze subscriptions, events, ${BILLING_TABLES.join(", ")}`);
  return deleted;
}

/** Rows of the billing tables in the bench tenants (per tenant: RLS is forced, for the owner too). */
/** Rows of each written table (the billing tables and the outbox) in the bench tenants. */
async function rowCounts(owner: postgres.Sql, tenantIds: string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const tenantId of tenantIds) {
    await owner.begin(async (tx) => {
      await tx`select set_config('app.tenant_id', ${tenantId}, true), set_config('app.scope', 'system', true)`;
      for (const table of [...BILLING_TABLES, "events"]) counts[table] = (counts[table] ?? 0) + ((await tx`select count(*)::int as c from ${tx(table)}`)[0].c as number);
    });
  }
  return counts;
}
const totalRows = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

/** Journal entries of the bench tenants whose lines do not balance (the trigger makes this 0; checked anyway). */
async function unbalancedEntries(owner: postgres.Sql, tenantIds: string[]): Promise<number> {
  let n = 0;
  for (const tenantId of tenantIds) {
    n += await owner.begin(async (tx) => {
      await tx`select set_config('app.tenant_id', ${tenantId}, true), set_config('app.scope', 'system', true)`;
      const [{ c }] = await tx`select count(*)::int as c from (select entry_id from journal_lines group by entry_id having sum(debit_minor) <> sum(credit_minor)) x`;
      return c as number;
    });
  }
  return n;
}

async function runAll(tenantIds: string[]): Promise<{ runs: BillingRunRow[]; seconds: number }> {
  const runIds = await Promise.all(tenantIds.map((tenantId) => createBillingRun(tenantId, THROUGH)));
  const runs: BillingRunRow[] = [];
  let next = 0;
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < tenantIds.length; i = next++) runs.push(await driveBillingRun(tenantIds[i], runIds[i], { chunkSize: CHUNK }));
    }),
  );
  return { runs, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}

/**
 * CPU seconds used so far by the local Postgres cluster: every live process under the postmaster
 * (backends, walwriter, autovacuum, ...) plus what its exited children used (cutime/cstime). Read from
 * /proc (Linux, embedded cluster); null where it cannot be read. The run's CPU, not its wall time, is
 * the figure that survives other work on a shared machine.
 */
function postgresCpuSeconds(): number | null {
  try {
    const postmaster = readFileSync(path.join(DATA_DIR, "pg", "postmaster.pid"), "utf8").split("\n")[0].trim();
    const fields = (pid: string) => {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    };
    const own = fields(postmaster);
    let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
    for (const pid of readdirSync("/proc")) {
      if (!/^\d+$/.test(pid) || pid === postmaster) continue;
      try {
        const f = fields(pid);
        if (f[1] === postmaster) ticks += Number(f[11]) + Number(f[12]);
      } catch {
        // exited meanwhile: counted in the postmaster's cutime once reaped
      }
    }
    return ticks / 100;
  } catch {
    return null;
  }
}

/** Bytes this process has written so far (Linux): during the run, the statements and their parameters sent to Postgres. */
function bytesWritten(): number {
  try {
    return Number(/^wchar: (\d+)$/m.exec(readFileSync("/proc/self/io", "utf8"))?.[1] ?? NaN);
  } catch {
    return NaN;
  }
}

/** CPU seconds so far of each Postgres backend serving app_user (the run's pool), by pid. */
async function appBackendCpu(owner: postgres.Sql): Promise<Map<number, number>> {
  const rows = await owner<{ pid: number }[]>`select pid from pg_stat_activity where usename = 'app_user' and datname = current_database()`;
  const out = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      out.set(pid, (Number(f[11]) + Number(f[12])) / 100);
    } catch {
      // gone
    }
  }
  return out;
}

const loadSamples: number[] = [];
const stack = await bootstrapStack("demo", WEB_PORT);
const owner = postgres(stack.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
const tSeed = Date.now();
const tenantIds = await setUpTenants();
const cleared = await resetBench(owner, tenantIds);
console.log(`[bench] ${tenantIds.length} tenants x ${SUBS} subscriptions ready in ${((Date.now() - tSeed) / 1000).toFixed(1)} s; cleared ${cleared} invoices of earlier invocations`);

const loadBefore = loadavg()[0];
const sampler = setInterval(() => loadSamples.push(loadavg()[0]), 1000);
const countsBefore = await rowCounts(owner, tenantIds);
const walNow = async () =>
  (await owner<{ records: string; fpi: string; bytes: string; full: string }[]>`select wal_records::text as records, wal_fpi::text as fpi, wal_bytes::text as bytes, wal_buffers_full::text as full from pg_stat_wal`)[0];
// Table and index pages the cluster's backends read in, wrote out, evicted and added (shared buffers too
// small for what a run touches show up here, and in WAL written by backends because its buffers were
// full), and the bytes written to create new WAL segment files (any process).
const ioNow = async () =>
  (await owner<{ reads: string; writes: string; evictions: string; extends: string; walInit: string }[]>`
    select coalesce(sum(reads) filter (where object = 'relation' and backend_type = 'client backend'), 0)::text as reads,
           coalesce(sum(writes) filter (where object = 'relation' and backend_type = 'client backend'), 0)::text as writes,
           coalesce(sum(evictions) filter (where object = 'relation' and backend_type = 'client backend'), 0)::text as evictions,
           coalesce(sum(extends) filter (where object = 'relation' and backend_type = 'client backend'), 0)::text as extends,
           coalesce(sum(write_bytes) filter (where object = 'wal' and context = 'init'), 0)::text as "walInit"
      from pg_stat_io`)[0];
const walBefore = await walNow();
const ioBefore = await ioNow();
const backendsBefore = await appBackendCpu(owner);
const [nodeCpuBefore, pgCpuBefore, sentBefore] = [process.cpuUsage(), postgresCpuSeconds(), bytesWritten()];
const first = await runAll(tenantIds);
const nodeCpu = process.cpuUsage(nodeCpuBefore);
const sent = bytesWritten() - sentBefore;
const pgCpuAfter = postgresCpuSeconds();
const backendsAfter = await appBackendCpu(owner);
// The pool's backends only (a backend opened during the run counts from zero): the statements' own
// CPU, without autovacuum and the cluster's background processes, which the total above includes.
const backendCpu = [...backendsAfter].reduce((sum, [pid, cpu]) => sum + cpu - (backendsBefore.get(pid) ?? 0), 0);
const walAfter = await walNow();
const ioAfter = await ioNow();
const countsAfterFirst = await rowCounts(owner, tenantIds);
const rerun = await runAll(tenantIds);
const [rowsBefore, rowsAfterFirst, rowsAfterRerun] = [countsBefore, countsAfterFirst, await rowCounts(owner, tenantIds)].map(totalRows);
clearInterval(sampler);

const unbalanced = await unbalancedEntries(owner, tenantIds);
await owner.end();

const sum = (runs: BillingRunRow[], k: keyof BillingRunRow) => runs.reduce((n, r) => n + Number(r[k]), 0);
const billed = sum(first.runs, "done");
// Rows the run wrote: the billing tables' and the outbox's new rows, plus the subscriptions it moved on (updated, one each).
const rows = rowsAfterFirst - rowsBefore + billed;
const rerunRows = rowsAfterRerun - rowsAfterFirst;
if (first.runs.some((r) => r.status !== "completed") || rerunRows !== 0 || unbalanced !== 0) {
  console.error(`bench: unexpected outcome: statuses=${first.runs.map((r) => r.status).join(",")} rerun_rows=${rerunRows} unbalanced=${unbalanced}`);
  process.exitCode = 1;
}
console.log(`tenants=${tenantIds.length}`);
console.log(`concurrency=${CONCURRENCY}`);
console.log(`chunk=${CHUNK}`);
console.log(`through_date=${THROUGH}`);
console.log(`subscriptions=${billed}`);
console.log(`invoices=${sum(first.runs, "invoices_created")}`);
console.log(`lines=${sum(first.runs, "lines_created")}`);
console.log(`renewed=${sum(first.runs, "renewed")}`);
console.log(`expired=${sum(first.runs, "expired")}`);
console.log(`exceptions=${sum(first.runs, "exception_count")}`);
console.log(`rows=${rows}`);
console.log(`events=${countsAfterFirst.events - countsBefore.events}`);
console.log(`unbalanced_entries=${unbalanced}`);
console.log(`seconds=${first.seconds.toFixed(3)}`);
console.log(`rows_per_s=${Math.round(rows / first.seconds)}`);
if (Number.isFinite(sent)) console.log(`sent_mb=${(sent / 1048576).toFixed(0)}`);
console.log(`node_cpu_s=${((nodeCpu.user + nodeCpu.system) / 1e6).toFixed(1)}`);
if (pgCpuBefore !== null && pgCpuAfter !== null) console.log(`postgres_cpu_s=${(pgCpuAfter - pgCpuBefore).toFixed(1)}`);
if (backendsAfter.size > 0) console.log(`postgres_backend_cpu_s=${backendCpu.toFixed(1)}`);
// WAL the run wrote (all of the cluster's, so other databases' writes in the meantime count too).
console.log(`wal_records=${Number(walAfter.records) - Number(walBefore.records)}`);
console.log(`wal_fpi=${Number(walAfter.fpi) - Number(walBefore.fpi)}`);
console.log(`wal_mb=${((Number(walAfter.bytes) - Number(walBefore.bytes)) / 1048576).toFixed(0)}`);
console.log(`wal_buffers_full=${Number(walAfter.full) - Number(walBefore.full)}`);
console.log(`page_reads=${Number(ioAfter.reads) - Number(ioBefore.reads)}`);
console.log(`page_writes=${Number(ioAfter.writes) - Number(ioBefore.writes)}`);
console.log(`page_evictions=${Number(ioAfter.evictions) - Number(ioBefore.evictions)}`);
console.log(`page_extends=${Number(ioAfter.extends) - Number(ioBefore.extends)}`);
console.log(`wal_init_mb=${((Number(ioAfter.walInit) - Number(ioBefore.walInit)) / 1048576).toFixed(0)}`);
console.log(`peak_rss_mb=${Math.round(process.resourceUsage().maxRSS / 1024)}`);
console.log(`load_before=${loadBefore.toFixed(2)}`);
console.log(`load_avg_during=${(loadSamples.reduce((a, b) => a + b, 0) / Math.max(1, loadSamples.length)).toFixed(2)}`);
console.log(`rerun_s=${rerun.seconds.toFixed(3)}`);
console.log(`rerun_rows=${rerunRows}`);
console.log(`renewals=${Math.round(billed / first.seconds)}`);
await closeAppPool();
