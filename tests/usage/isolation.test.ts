import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { closeAppPool } from "../../db/client";
import { withTenant } from "../../db/with-tenant";
import { scopeOf } from "../../server/domain/access/actor";
import { ingestUsageEvents } from "../../server/domain/usage/ingest";
import { usageSummary } from "../../server/domain/usage/summary";
import { closeRedis } from "../../server/redis";
import { failureInSavepoint, pgFailure } from "../helpers/db";
import { createPlatformAdmin, createTenantFixture, tenantActorOf, type TenantFixture } from "../helpers/fixtures";
import { eventOn, storedEvents } from "./helpers";

let A: TenantFixture;
let B: TenantFixture;

beforeAll(async () => {
  const admin = await createPlatformAdmin("usage-rls");
  [A, B] = await Promise.all([createTenantFixture(admin, "usage-rls-a"), createTenantFixture(admin, "usage-rls-b")]);
});

afterAll(async () => {
  await closeAppPool();
  await closeRedis();
});

test("usage_events is append-only for app_user: UPDATE and DELETE are refused", async () => {
  await withTenant({ kind: "system", tenantId: A.id }, async (tx) => {
    const update = await failureInSavepoint(tx, (sp) => sp.execute(sql`update usage_events set quantity = 0`));
    expect(update.code).toBe("42501");
    const del = await failureInSavepoint(tx, (sp) => sp.execute(sql`delete from usage_events`));
    expect(del.code).toBe("42501");
    const [row] = await tx.execute<{ n: number }>(sql`select count(*)::int as n from usage_events where quantity = 42`);
    expect(row.n).toBe(1);
  });
});

test("a session of tenant A cannot ingest into tenant B's subscription", async () => {
  const opsOfA = scopeOf(await tenantActorOf(A, A.users.ops));
  const intoB = eventOn(B);

  // Through the domain function: B's contract is invisible to A, so it is an unknown subscription.
  const result = await withTenant(opsOfA, (tx) => ingestUsageEvents(tx, A.id, [intoB]));
  expect(result.rejected).toEqual([{ index: 0, eventId: intoB.eventId, reason: "unknown subscription" }]);

  // Claiming to be tenant B from A's session: the insert is refused by RLS (and by the composite FK).
  const claimB = await pgFailure(() => withTenant(opsOfA, (tx) => ingestUsageEvents(tx, B.id, [eventOn(A, { eventId: intoB.eventId })])));
  expect(claimB.code).toBe("42501");

  // A raw insert in A's session naming B's subscription fails the tenant-scoped foreign key.
  const raw = await pgFailure(() =>
    withTenant(opsOfA, (tx) =>
      tx.execute(sql`insert into usage_events (tenant_id, event_id, subscription_id, meter_id, quantity, occurred_at, period_start)
                     values (${A.id}, ${intoB.eventId}, ${B.contract.subscriptionId}, ${B.contract.meterId}, 1, now(), current_date)`),
    ),
  );
  expect(raw.code).toBe("23503");

  expect(await storedEvents(B.id, [intoB.eventId])).toEqual([]);
  expect(await storedEvents(A.id, [intoB.eventId])).toEqual([]);
});

test("an event id is unique per tenant, not globally: B may use an id A already used", async () => {
  const shared = `shared-${A.slug}`;
  expect((await withTenant({ kind: "system", tenantId: A.id }, (tx) => ingestUsageEvents(tx, A.id, [eventOn(A, { eventId: shared })]))).accepted).toBe(1);
  expect((await withTenant({ kind: "system", tenantId: B.id }, (tx) => ingestUsageEvents(tx, B.id, [eventOn(B, { eventId: shared })]))).accepted).toBe(1);
});

test("a customer session sees only its own contracts' usage in the summary", async () => {
  const directBuyer = scopeOf(await tenantActorOf(A, A.extra.directBuyer));
  const error = await withTenant(directBuyer, (tx) => usageSummary(tx, { subscriptionId: A.contract.subscriptionId })).catch((e: unknown) => e);
  expect((error as Error).message).toBe("Unknown subscription");
});
