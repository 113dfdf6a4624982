import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { closeAppPool } from "../../db/client";
import { withTenant } from "../../db/with-tenant";
import { createCaller } from "../../server/api/root";
import { DomainError } from "../../server/domain/errors";
import { CLOSED_PERIOD_GRACE_DAYS, ingestUsageEvents, MAX_USAGE_BATCH, type UsageEventInput } from "../../server/domain/usage/ingest";
import { closeRedis } from "../../server/redis";
import { suffix } from "../helpers/db";
import { context, createPlatformAdmin, createTenantFixture, tenantActorOf, tenantHostOf, type TenantFixture } from "../helpers/fixtures";
import { addMeteredSubscription, eventOn, storedEvents } from "./helpers";

let A: TenantFixture;
let B: TenantFixture;

beforeAll(async () => {
  const admin = await createPlatformAdmin("usage");
  [A, B] = await Promise.all([createTenantFixture(admin, "usage-a"), createTenantFixture(admin, "usage-b")]);
});

afterAll(async () => {
  await closeAppPool();
  await closeRedis();
});

const ingestAsSystem = (t: TenantFixture, events: UsageEventInput[], now?: Date) =>
  withTenant({ kind: "system", tenantId: t.id }, (tx) => ingestUsageEvents(tx, t.id, events, { now }));

describe("dedupe", () => {
  test("an id repeated within a batch is stored once and reported as a duplicate", async () => {
    const [e1, e2] = [eventOn(A, { quantity: "5" }), eventOn(A, { quantity: "7" })];
    const result = await ingestAsSystem(A, [e1, e2, { ...e1, quantity: "100" }]);
    expect(result).toEqual({ accepted: 2, duplicates: [e1.eventId], movedToOpenPeriod: 0, rejected: [] });
    const rows = await storedEvents(A.id, [e1.eventId, e2.eventId]);
    expect(rows.map((r) => [r.event_id, Number(r.quantity)])).toEqual([[e1.eventId, 5], [e2.eventId, 7]].sort());
  });

  test("a resent batch is all duplicates and doubles nothing", async () => {
    const batch = [eventOn(A, { quantity: "2.5" }), eventOn(A, { quantity: "3" }), eventOn(A, { quantity: "0" })];
    expect((await ingestAsSystem(A, batch)).accepted).toBe(3);
    const again = await ingestAsSystem(A, batch);
    expect(again.accepted).toBe(0);
    expect([...again.duplicates].sort()).toEqual(batch.map((e) => e.eventId).sort());
    const rows = await storedEvents(A.id, batch.map((e) => e.eventId));
    expect(rows.length).toBe(3);
    expect(rows.reduce((s, r) => s + Number(r.quantity), 0)).toBe(5.5);
  });

  test("a resent event that would now be rejected (meter gone) is still just a duplicate", async () => {
    const e = eventOn(A);
    await ingestAsSystem(A, [e]);
    const resent = await ingestAsSystem(A, [{ ...e, meter: "no_such_meter" }]);
    expect(resent).toEqual({ accepted: 0, duplicates: [e.eventId], movedToOpenPeriod: 0, rejected: [] });
  });
});

describe("batch limit", () => {
  test(`${MAX_USAGE_BATCH + 1} events are refused with BAD_REQUEST and nothing is written`, async () => {
    const prefix = `big-${suffix()}`;
    const events = Array.from({ length: MAX_USAGE_BATCH + 1 }, (_, i) => eventOn(A, { eventId: `${prefix}-${i}` }));
    const error = await ingestAsSystem(A, events).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe("BAD_REQUEST");
    expect((error as DomainError).message).toMatch(/at most 10,000 events/);
    expect(await storedEvents(A.id, [`${prefix}-0`, `${prefix}-${MAX_USAGE_BATCH}`])).toEqual([]);

    // Through the API too: a typed BAD_REQUEST before anything runs.
    const ops = createCaller(context(await tenantHostOf(A), await tenantActorOf(A, A.users.ops)));
    const apiError = await ops.usage.ingest({ events }).catch((e: unknown) => e);
    expect(apiError).toBeInstanceOf(TRPCError);
    expect((apiError as TRPCError).code).toBe("BAD_REQUEST");
    expect(await storedEvents(A.id, [`${prefix}-0`])).toEqual([]);
  });

  test(`exactly ${MAX_USAGE_BATCH} events are stored in one call`, async () => {
    const prefix = `full-${suffix()}`;
    const events = Array.from({ length: MAX_USAGE_BATCH }, (_, i) => eventOn(A, { eventId: `${prefix}-${i}` }));
    const result = await ingestAsSystem(A, events);
    expect(result.accepted).toBe(MAX_USAGE_BATCH);
    expect((await storedEvents(A.id, [`${prefix}-0`, `${prefix}-${MAX_USAGE_BATCH - 1}`])).length).toBe(2);
  });
});

describe("validation", () => {
  test("negative quantity, unknown meter and another tenant's subscription are rejected by index; nothing is written", async () => {
    const good = eventOn(A);
    const batch = [
      good,
      eventOn(A, { quantity: "-1" }),
      eventOn(A, { meter: "not_on_contract" }),
      eventOn(A, { subscriptionId: B.contract.subscriptionId }),
      eventOn(A, { quantity: "1.1234567" }),
      eventOn(A, { timestamp: "2026-02-30T10:00:00Z" }),
      eventOn(A, { timestamp: "yesterday" }),
      eventOn(A, { timestamp: new Date(Date.now() + 3 * 3600_000).toISOString() }),
      eventOn(A, { timestamp: "2025-12-31T12:00:00Z" }),
      eventOn(A, { timestamp: "2026-06-01T10:00:00+20:00" }),
    ];
    const result = await ingestAsSystem(A, batch);
    expect(result.accepted).toBe(0);
    expect(result.rejected.map((r) => [r.index, r.eventId, r.reason])).toEqual([
      [1, batch[1].eventId, "quantity must not be negative"],
      [2, batch[2].eventId, 'meter "not_on_contract" is not on the subscription'],
      [3, batch[3].eventId, "unknown subscription"],
      [4, batch[4].eventId, "quantity has more than 6 decimals"],
      [5, batch[5].eventId, expect.stringMatching(/^timestamp must be an ISO 8601/)],
      [6, batch[6].eventId, expect.stringMatching(/^timestamp must be an ISO 8601/)],
      [7, batch[7].eventId, "timestamp is in the future"],
      [8, batch[8].eventId, "timestamp is before the contract starts"],
      [9, batch[9].eventId, expect.stringMatching(/^timestamp must be an ISO 8601/)],
    ]);
    expect(await storedEvents(A.id, batch.map((e) => e.eventId))).toEqual([]);
    // Fixed and resent, the valid event goes in.
    expect((await ingestAsSystem(A, [good])).accepted).toBe(1);
  });

  test("a single bad event through usage.record is a BAD_REQUEST with a field error, and nothing is stored", async () => {
    const ops = createCaller(context(await tenantHostOf(A), await tenantActorOf(A, A.users.ops)));
    const bad = eventOn(A, { quantity: -3 });
    const error = await ops.usage.record(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("BAD_REQUEST");
    expect((error as TRPCError).message).toMatch(/quantity must not be negative/);
    expect(await storedEvents(A.id, [bad.eventId])).toEqual([]);

    const good = eventOn(A, { quantity: 4 });
    expect(await ops.usage.record(good)).toEqual({ eventId: good.eventId, duplicate: false, movedToOpenPeriod: false });
    expect(await ops.usage.record(good)).toEqual({ eventId: good.eventId, duplicate: true, movedToOpenPeriod: false });
    expect((await storedEvents(A.id, [good.eventId])).map((r) => Number(r.quantity))).toEqual([4]);
  });
});

describe("billing periods", () => {
  test("an event of a closed period counts toward the next open one; within the grace days it stays", async () => {
    const sub = await addMeteredSubscription(A, { termStart: "2026-01-01", anchorDay: 1 });
    const on = (timestamp: string) => eventOn(A, { subscriptionId: sub, timestamp });
    // May ended 9 days before June 10: closed. June is open.
    const late = on("2026-05-20T08:00:00Z");
    const current = on("2026-06-05T08:00:00Z");
    const r1 = await ingestAsSystem(A, [late, current], new Date("2026-06-10T12:00:00Z"));
    expect(r1).toMatchObject({ accepted: 2, movedToOpenPeriod: 1 });
    // May 31 on June 2: May ended 1 day ago, within the grace days, still open.
    expect(CLOSED_PERIOD_GRACE_DAYS).toBeGreaterThan(1);
    const inGrace = on("2026-05-31T23:00:00Z");
    const r2 = await ingestAsSystem(A, [inGrace], new Date("2026-06-02T09:00:00Z"));
    expect(r2).toMatchObject({ accepted: 1, movedToOpenPeriod: 0 });
    const rows = await storedEvents(A.id, [late.eventId, current.eventId, inGrace.eventId]);
    const period = Object.fromEntries(rows.map((r) => [r.event_id, r.period_start]));
    expect(period).toEqual({ [late.eventId]: "2026-06-01", [current.eventId]: "2026-06-01", [inGrace.eventId]: "2026-05-01" });
    // The timestamp itself is kept as sent.
    expect(new Date(rows.find((r) => r.event_id === late.eventId)!.occurred_at).toISOString()).toBe("2026-05-20T08:00:00.000Z");
  });

  test("period_start follows the contract's anchor day, clamped at month end, and its interval", async () => {
    const anchored31 = await addMeteredSubscription(A, { termStart: "2026-01-31", anchorDay: 31 });
    const quarterly15 = await addMeteredSubscription(A, { termStart: "2026-01-15", anchorDay: 15, interval: "quarter" });
    const cases: Array<[string, string, string]> = [
      [anchored31, "2026-03-15T10:00:00Z", "2026-02-28"],
      [anchored31, "2026-03-30T23:59:59Z", "2026-02-28"],
      [anchored31, "2026-03-31T00:00:00Z", "2026-03-31"],
      [quarterly15, "2026-04-14T12:00:00Z", "2026-01-15"],
      [quarterly15, "2026-04-15T00:00:00Z", "2026-04-15"],
    ];
    const events = cases.map(([sub, timestamp]) => eventOn(A, { subscriptionId: sub, timestamp }));
    // Clocks at which each period is still open: April 2 (Feb 28 - Mar 31 ended within the grace days), April 16.
    const r1 = await ingestAsSystem(A, events.slice(0, 3), new Date("2026-04-02T12:00:00Z"));
    const r2 = await ingestAsSystem(A, events.slice(3), new Date("2026-04-16T12:00:00Z"));
    expect([r1, r2]).toMatchObject([{ accepted: 3, movedToOpenPeriod: 0, rejected: [] }, { accepted: 2, movedToOpenPeriod: 0, rejected: [] }]);
    const rows = await storedEvents(A.id, events.map((e) => e.eventId));
    const period = Object.fromEntries(rows.map((r) => [r.event_id, r.period_start]));
    expect(events.map((e) => period[e.eventId])).toEqual(cases.map((c) => c[2]));
  });

  test("the usage summary adds up the period per meter", async () => {
    const sub = await addMeteredSubscription(A, { termStart: "2026-01-01", anchorDay: 1 });
    await ingestAsSystem(A, [
      eventOn(A, { subscriptionId: sub, quantity: "1.5", timestamp: "2026-03-02T00:00:00Z" }),
      eventOn(A, { subscriptionId: sub, quantity: "2", timestamp: "2026-03-30T00:00:00Z" }),
      eventOn(A, { subscriptionId: sub, quantity: "9", timestamp: "2026-04-01T00:00:00Z" }),
    ], new Date("2026-04-02T00:00:00Z"));
    const finance = createCaller(context(await tenantHostOf(A), await tenantActorOf(A, A.users.finance)));
    const summary = await finance.usage.summary({ subscriptionId: sub, date: "2026-03-15" });
    expect(summary.period).toEqual({ start: "2026-03-01", end: "2026-04-01" });
    expect(summary.meters).toEqual([{ meterId: A.contract.meterId, code: "api_calls", name: "API calls", unit: "call", quantity: "3.5", events: 2 }]);
  });
});
