/**
 * `npm run bench:usage-ingest`: events per second through the batch path (ingestUsageEvents, one
 * transaction per batch of 10,000, as an API call makes it) into Postgres with dedupe, on the demo
 * stack. Boots what it needs like `npm test` does and sets up (idempotently) a bench tenant with
 * contracts that carry a usage meter. Prints `name=value` lines, `usage_ingest=<events/s>` last.
 *
 * Knobs (env): BENCH_EVENTS (200000), BENCH_BATCH (10000), BENCH_SUBSCRIPTIONS (500),
 * BENCH_DUPLICATE_RATE (0.05), BENCH_CONCURRENCY (4: batches in flight, like four API clients).
 */
import { randomInt } from "node:crypto";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { closeAppPool } from "../db/client";
import { withTenant } from "../db/with-tenant";
import { WEB_PORT } from "../scripts/lib/config";
import { bootstrapStack } from "../scripts/lib/stack";
import { createCustomer } from "../server/domain/customers/customers";
import { ingestUsageEvents, MAX_USAGE_BATCH, type UsageEventInput } from "../server/domain/usage/ingest";
import { ensureBenchTenant, stableId } from "./lib";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 200_000);
const BATCH = Math.min(Number(process.env.BENCH_BATCH ?? MAX_USAGE_BATCH), MAX_USAGE_BATCH);
const SUBSCRIPTIONS = Number(process.env.BENCH_SUBSCRIPTIONS ?? 500);
const DUPLICATE_RATE = Number(process.env.BENCH_DUPLICATE_RATE ?? 0.05);
const CONCURRENCY = Math.max(1, Number(process.env.BENCH_CONCURRENCY ?? 4));
const SLUG = "bench-usage";
const METER = "bench_calls";

/** The bench tenant with one customer, a meter, a service product and SUBSCRIPTIONS metered contracts. */
async function setUpBenchTenant(): Promise<{ tenantId: string; subscriptionIds: string[] }> {
  const { tenantId } = await ensureBenchTenant(SLUG, "Usage bench");

  const customerId = stableId("customer");
  const productId = stableId("product");
  const meterId = stableId("meter");
  const subscriptionIds = Array.from({ length: SUBSCRIPTIONS }, (_, i) => stableId(`subscription:${i}`));
  await withTenant({ kind: "system", tenantId }, async (tx) => {
    await createCustomer(tx, { tenantId, id: customerId, name: "Bench customer" });
    await tx.execute(sql`insert into products (tenant_id, id, sku, name, kind, unit_of_measure) values (${tenantId}, ${productId}, 'BENCH-API', 'Bench API access', 'service', 'each') on conflict do nothing`);
    await tx.execute(sql`insert into meters (tenant_id, id, code, name, unit) values (${tenantId}, ${meterId}, ${METER}, 'Bench calls', 'call') on conflict do nothing`);
    // Set-based: every contract, its first version and its usage item in three statements.
    await tx.execute(sql`
      insert into subscriptions (tenant_id, id, number, customer_id, currency, status, term_start, term_end, anchor_day, billing_interval)
      select ${tenantId}, id::uuid, 'BENCH-' || lpad(n::text, 6, '0'), ${customerId}, 'EUR', 'active', '2026-01-01', '2036-01-01', 1 + (n % 28), 'month'
        from unnest(${`{${subscriptionIds.join(",")}}`}::text[]) with ordinality as s(id, n)
      on conflict do nothing`);
    await tx.execute(sql`
      insert into subscription_versions (tenant_id, id, subscription_id, version, effective_from, status)
      select ${tenantId}, s.id, s.id, 1, s.term_start, 'active' from subscriptions s where s.number like 'BENCH-%'
      on conflict do nothing`);
    await tx.execute(sql`
      insert into subscription_items (tenant_id, id, subscription_id, version_id, kind, product_id, meter_id, quantity, rating)
      select ${tenantId}, s.id, s.id, s.id, 'usage', ${productId}, ${meterId}, 1, 'tiered' from subscriptions s where s.number like 'BENCH-%'
      on conflict do nothing`);
  });
  return { tenantId, subscriptionIds };
}

/** The run's events: fresh ids except ~DUPLICATE_RATE of them, which repeat an earlier id (same batch or an earlier one). */
function makeEvents(subscriptionIds: string[]): { events: UsageEventInput[]; repeated: number } {
  const run = Date.now().toString(36);
  const now = Date.now();
  const events: UsageEventInput[] = [];
  let repeated = 0;
  for (let i = 0; i < EVENTS; i++) {
    if (i > 0 && Math.random() < DUPLICATE_RATE) {
      events.push({ ...events[randomInt(Math.max(0, i - 2 * BATCH), i)] });
      repeated++;
      continue;
    }
    events.push({
      eventId: `${run}-${i}`,
      meter: METER,
      subscriptionId: subscriptionIds[randomInt(subscriptionIds.length)],
      quantity: i % 4 === 0 ? `${randomInt(1, 1000)}.${randomInt(0, 999_999)}` : String(randomInt(1, 100)),
      // Within the last hour: usage of the current period, as a live feed sends it.
      timestamp: new Date(now - randomInt(3_600_000)).toISOString(),
    });
  }
  return { events, repeated };
}

/**
 * Each run starts from an empty bench tenant, so runs measure the same thing instead of an ever larger
 * table. usage_events is append-only for app_user; the tables' owner (migrations' role) clears it, and
 * vacuums it so that the run does not pay for the previous run's dead rows.
 */
async function clearBenchUsage(ownerUrl: string, tenantId: string): Promise<number> {
  const owner = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  try {
    const cleared = await owner.begin(async (tx) => {
      await tx`select set_config('app.tenant_id', ${tenantId}, true), set_config('app.scope', 'system', true)`;
      return (await tx`delete from usage_events where tenant_id = ${tenantId}`).count;
    });
    // Without this, autovacuum cleans the earlier run's rows during the timed part and inserts trip over
    // their dead index entries: neither happens to an append-only table in production.
    if (cleared > 0) await owner`vacuum (analyze) usage_events, usage_period_totals`;
    return cleared;
  } finally {
    await owner.end();
  }
}

const stack = await bootstrapStack("demo", WEB_PORT);
const { tenantId, subscriptionIds } = await setUpBenchTenant();
const cleared = await clearBenchUsage(stack.env.DATABASE_URL!, tenantId);
if (cleared > 0) console.log(`[bench] cleared ${cleared} usage events of earlier runs`);
const { events, repeated } = makeEvents(subscriptionIds);
const batches: UsageEventInput[][] = [];
for (let i = 0; i < events.length; i += BATCH) batches.push(events.slice(i, i + BATCH));

// Warm-up: one small batch outside the timing (connections, prepared plans).
await withTenant({ kind: "system", tenantId }, (tx) => ingestUsageEvents(tx, tenantId, batches[0].slice(0, 100)));

let accepted = 0, duplicates = 0, moved = 0, rejected = 0, next = 0;
const t0 = process.hrtime.bigint();
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    for (let b = next++; b < batches.length; b = next++) {
      const result = await withTenant({ kind: "system", tenantId }, (tx) => ingestUsageEvents(tx, tenantId, batches[b]));
      accepted += result.accepted;
      duplicates += result.duplicates.length;
      moved += result.movedToOpenPeriod;
      rejected += result.rejected.length;
    }
  }),
);
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;

const uniqueIds = new Set(events.map((e) => e.eventId)).size;
if (rejected > 0 || accepted + duplicates !== events.length || accepted < uniqueIds - 100) {
  console.error(`bench: unexpected outcome: accepted=${accepted} duplicates=${duplicates} rejected=${rejected} unique=${uniqueIds}`);
  process.exitCode = 1;
}
console.log(`events=${events.length}`);
console.log(`batches=${batches.length}`);
console.log(`batch_size=${BATCH}`);
console.log(`concurrency=${CONCURRENCY}`);
console.log(`subscriptions=${subscriptionIds.length}`);
console.log(`repeated_ids=${repeated}`);
console.log(`accepted=${accepted}`);
console.log(`duplicates=${duplicates}`);
console.log(`moved_to_open_period=${moved}`);
console.log(`seconds=${seconds.toFixed(3)}`);
console.log(`usage_ingest=${Math.round(events.length / seconds)}`);
await closeAppPool();
