import { sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { withTenant } from "../../db/with-tenant";
import type { UsageEventInput } from "../../server/domain/usage/ingest";
import { suffix } from "../helpers/db";
import type { TenantFixture } from "../helpers/fixtures";

/** Another contract for the fixture's customer c1 with the fixture's meter ("api_calls") on its one active version. */
export async function addMeteredSubscription(t: TenantFixture, terms: { termStart: string; anchorDay: number; interval?: "month" | "quarter" | "year" }): Promise<string> {
  const id = uuidv7();
  const versionId = uuidv7();
  await withTenant({ kind: "system", tenantId: t.id }, async (tx) => {
    await tx.execute(sql`
      insert into subscriptions (tenant_id, id, number, customer_id, currency, status, term_start, term_end, anchor_day, billing_interval)
      values (${t.id}, ${id}, ${`SUB-T-${suffix()}`}, ${t.customers.c1}, 'EUR', 'active', ${terms.termStart}, ${terms.termStart}::date + interval '2 years', ${terms.anchorDay}, ${terms.interval ?? "month"})`);
    await tx.execute(sql`
      insert into subscription_versions (tenant_id, id, subscription_id, version, effective_from, status)
      values (${t.id}, ${versionId}, ${id}, 1, ${terms.termStart}, 'active')`);
    await tx.execute(sql`
      insert into subscription_items (tenant_id, subscription_id, version_id, kind, product_id, meter_id, quantity, rating)
      values (${t.id}, ${id}, ${versionId}, 'usage', ${t.contract.products.service}, ${t.contract.meterId}, 1, 'tiered')`);
  });
  return id;
}

/** Stored usage rows of these event ids, read as the tenant's system scope. */
export async function storedEvents(tenantId: string, eventIds: string[]) {
  return withTenant({ kind: "system", tenantId }, (tx) =>
    tx.execute<{ event_id: string; quantity: string; period_start: string; occurred_at: string }>(sql`
      select event_id, quantity::text, period_start::text, occurred_at::text from usage_events
       where event_id = any(${`{${eventIds.map((e) => `"${e}"`).join(",")}}`}::text[]) order by event_id`),
  );
}

/** A valid event on the fixture's contract, with a unique id. */
export function eventOn(t: TenantFixture, overrides: Partial<UsageEventInput> = {}): UsageEventInput {
  return { eventId: `e-${suffix(6)}`, meter: "api_calls", subscriptionId: t.contract.subscriptionId, quantity: "1", timestamp: new Date(Date.now() - 60_000).toISOString(), ...overrides };
}
