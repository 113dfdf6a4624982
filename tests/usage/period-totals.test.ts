import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, expect, test } from "vitest";
import { closeAppPool } from "../../db/client";
import { withTenant } from "../../db/with-tenant";
import { ingestUsageEvents } from "../../server/domain/usage/ingest";
import { usageSummary } from "../../server/domain/usage/summary";
import { stackUrls } from "../../scripts/lib/config";
import { closeRedis } from "../../server/redis";
import { suffix } from "../helpers/db";
import { createPlatformAdmin, createTenantFixture, type TenantFixture } from "../helpers/fixtures";
import { addMeteredSubscription, eventOn } from "./helpers";

/*
 * usage_period_totals is what readers use instead of summing events (docs/usage.md): it must equal the
 * events' sums per (contract, meter, period) after any mix of concurrent batches and duplicates.
 */

let A: TenantFixture;

beforeAll(async () => {
  A = await createTenantFixture(await createPlatformAdmin("totals"), "totals-a");
});

afterAll(async () => {
  await closeAppPool();
  await closeRedis();
});

const system = () => ({ kind: "system" as const, tenantId: A.id });

/** Totals rows next to the sums recomputed from the events, per contract, meter and period. */
async function totalsAndSums(subscriptionIds: string[]) {
  const ids = `{${subscriptionIds.join(",")}}`;
  return withTenant(system(), async (tx) => ({
    totals: await tx.execute<{ key: string; quantity: string; events: number }>(sql`
      select subscription_id || '/' || meter_id || '/' || period_start as key, quantity::text, events::int
        from usage_period_totals where subscription_id = any(${ids}::uuid[]) order by key`),
    sums: await tx.execute<{ key: string; quantity: string; events: number }>(sql`
      select subscription_id || '/' || meter_id || '/' || period_start as key, sum(quantity)::numeric(24, 6)::text as quantity, count(*)::int as events
        from usage_events where subscription_id = any(${ids}::uuid[]) group by 1 order by key`),
  }));
}

test("concurrent batches with shared ids and several contracts and periods: totals equal the stored events' sums", async () => {
  const subs = [await addMeteredSubscription(A, { termStart: "2026-01-01", anchorDay: 1 }), await addMeteredSubscription(A, { termStart: "2026-01-01", anchorDay: 15 })];
  const now = new Date("2026-06-17T12:00:00Z");
  const prefix = `tot-${suffix()}`;
  // Four batches of 300 over two contracts and three periods (June 1; May 15 and June 15, within the
  // grace days of the closed one), each sharing
  // half its ids with the next batch: duplicates must not count twice, whichever batch wins.
  const batch = (b: number) => Array.from({ length: 300 }, (_, i) => {
    const n = b * 150 + i;
    return eventOn(A, { eventId: `${prefix}-${n}`, subscriptionId: subs[n % 2], quantity: `${(n % 7) + 0.25}`, timestamp: new Date(now.getTime() - (n % 3) * 2 * 86_400_000).toISOString() });
  });
  const results = await Promise.all([0, 1, 2, 3].map((b) => withTenant(system(), (tx) => ingestUsageEvents(tx, A.id, batch(b), { now }))));
  expect(results.reduce((s, r) => s + r.accepted, 0)).toBe(750);

  const { totals, sums } = await totalsAndSums(subs);
  expect(sums.length).toBeGreaterThanOrEqual(3);
  expect(totals).toEqual(sums);
  expect(totals.reduce((s, r) => s + r.events, 0)).toBe(750);

  // The usage page reads the totals: the same figure as the events.
  const summary = await withTenant(system(), (tx) => usageSummary(tx, { subscriptionId: subs[0], date: "2026-06-17" }, now));
  const juneSum = sums.find((r) => r.key.startsWith(subs[0]) && r.key.endsWith("2026-06-01"))!;
  expect(Number(summary.meters[0].quantity)).toBe(Number(juneSum.quantity));
  expect(summary.meters[0].events).toBe(juneSum.events);
});

test("the owner deleting events subtracts them, a totals row left empty goes (and its contract can go), and no one updates an event", async () => {
  const sub = await addMeteredSubscription(A, { termStart: "2026-01-01", anchorDay: 1 });
  const now = new Date("2026-06-20T12:00:00Z");
  const events = ["2", "3", "5"].map((quantity) => eventOn(A, { subscriptionId: sub, quantity, timestamp: "2026-06-10T10:00:00Z" }));
  await withTenant(system(), (tx) => ingestUsageEvents(tx, A.id, events, { now }));
  expect((await totalsAndSums([sub])).totals.map((r) => [r.quantity, r.events])).toEqual([["10.000000", 3]]);

  const owner = postgres(stackUrls("test").ownerUrl, { max: 1, onnotice: () => {} });
  try {
    const asOwner = <T>(fn: (tx: postgres.TransactionSql) => Promise<T>) =>
      owner.begin(async (tx) => {
        await tx`select set_config('app.tenant_id', ${A.id}, true), set_config('app.scope', 'system', true)`;
        return fn(tx);
      }) as Promise<T>;
    await asOwner((tx) => tx`delete from usage_events where event_id = ${events[0].eventId}`);
    expect((await totalsAndSums([sub])).totals.map((r) => [r.quantity, r.events])).toEqual([["8.000000", 2]]);

    const update = await asOwner((tx) => tx`update usage_events set quantity = 1 where event_id = ${events[1].eventId}`).catch((e: postgres.PostgresError) => e);
    expect(update).toMatchObject({ code: "0A000" });
    expect(String((update as Error).message)).toMatch(/never updated/);

    await asOwner((tx) => tx`delete from usage_events where subscription_id = ${sub}`);
    const { totals, sums } = await totalsAndSums([sub]);
    expect([totals.length, sums.length]).toEqual([0, 0]);
    // Nothing references the contract any more, so it can be deleted (with its versions and items).
    await asOwner(async (tx) => {
      await tx`delete from subscription_items where subscription_id = ${sub}`;
      await tx`delete from subscription_versions where subscription_id = ${sub}`;
      expect((await tx`delete from subscriptions where id = ${sub} returning id`).length).toBe(1);
    });
  } finally {
    await owner.end();
  }
});
