import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { closeAppPool } from "../../db/client";
import { withTenant } from "../../db/with-tenant";
import { createCaller } from "../../server/api/root";
import { attemptDelivery, leaseDueDeliveries, relayNewEvents, retryDelaySeconds } from "../../server/domain/events/deliveries";
import { emitEvent } from "../../server/domain/events/emit";
import { signatureHeader, verifySignature } from "../../server/domain/events/signing";
import { addressRefusal } from "../../server/domain/events/url-safety";
import { closeRedis } from "../../server/redis";
import { failure } from "../helpers/trpc";
import { context, createPlatformAdmin, createTenantFixture, tenantActorOf, tenantHostOf, type TenantFixture } from "../helpers/fixtures";
import { startReceiver } from "./receiver";

let A: TenantFixture;
const system = () => ({ kind: "system" as const, tenantId: A.id });
const admin = async () => createCaller(context(await tenantHostOf(A), await tenantActorOf(A, A.users.admin)));
const allowLoopback = (on: boolean) => {
  process.env.TRIBUTARY_WEBHOOKS_ALLOW_LOOPBACK = on ? "1" : "0";
};

beforeAll(async () => {
  A = await createTenantFixture(await createPlatformAdmin("hooks"), "hooks");
});
afterEach(() => allowLoopback(true));
afterAll(async () => {
  // The receivers are gone: a worker process (other test files spawn one) must not keep retrying them.
  await withTenant(system(), (tx) => tx.execute(sql`update webhook_endpoints set active = false`));
  await closeAppPool();
  await closeRedis();
});

/** Emits one event, relays it, leases it, and returns the new delivery of `endpointId`. */
async function deliverNewEvent(endpointId: string, now = new Date()) {
  await withTenant(system(), async (tx) => emitEvent(tx, A.id, "order.shipped", { orderId: "o-1", note: "héllo \"quoted\"" }));
  await withTenant(system(), (tx) => relayNewEvents(tx, A.id, 1000, now));
  const due = await withTenant(system(), (tx) => leaseDueDeliveries(tx, A.id, 500, now));
  const [d] = await withTenant(system(), (tx) =>
    tx.execute<{ id: string }>(sql`select id from webhook_deliveries where endpoint_id = ${endpointId} order by event_seq desc limit 1`),
  );
  expect(due.some((x) => x.deliveryId === d.id)).toBe(true);
  return d.id;
}

const deliveryRow = (id: string) =>
  withTenant(system(), (tx) => tx.execute<Record<string, unknown>>(sql`select * from webhook_deliveries where id = ${id}`)).then(([r]) => r);
const endpointRow = (id: string) =>
  withTenant(system(), (tx) => tx.execute<Record<string, unknown>>(sql`select * from webhook_endpoints where id = ${id}`)).then(([r]) => r);

describe("endpoints", () => {
  test("an admin registers an endpoint and sees its secret once; reads never return it", async () => {
    allowLoopback(true);
    const receiver = await startReceiver();
    try {
      const api = await admin();
      const created = await api.webhooks.create({ url: receiver.url, description: "ERP", eventTypes: ["order.shipped"] });
      expect(created.secret).toMatch(/^whsec_[\w-]{43}$/);
      const listed = await api.webhooks.list();
      const got = await api.webhooks.get({ id: created.endpoint.id });
      for (const view of [listed, got]) expect(JSON.stringify(view)).not.toContain(created.secret);
      expect(got).toMatchObject({ url: receiver.url, eventTypes: ["order.shipped"], active: true, secretHint: created.secret.slice(-4) });
    } finally {
      await receiver.close();
    }
  });
});

describe("deliveries are signed", () => {
  test("the receiver gets the event as JSON with id, timestamp and an HMAC-SHA256 signature over timestamp.body", async () => {
    allowLoopback(true);
    const receiver = await startReceiver();
    try {
      const api = await admin();
      const { endpoint, secret } = await api.webhooks.create({ url: receiver.url, eventTypes: ["order.shipped"] });
      const deliveryId = await deliverNewEvent(endpoint.id);
      const row = await deliveryRow(deliveryId);
      const result = await attemptDelivery(A.id, deliveryId, 1);
      expect(result).toMatchObject({ succeeded: true, status: "succeeded", responseCode: 200 });

      const [got] = receiver.received;
      const body = JSON.parse(got.body);
      expect(body).toMatchObject({ id: row.event_id, type: "order.shipped", tenantId: A.id, data: { orderId: "o-1" } });
      expect(got.headers["tributary-event-id"]).toBe(row.event_id);
      expect(got.headers["content-type"]).toBe("application/json");
      const timestamp = got.headers["tributary-timestamp"] as string;
      const signature = got.headers["tributary-signature"] as string;
      expect(verifySignature(secret, signature, timestamp, got.body)).toBe(true);
      // Any change to the body, the timestamp or the secret breaks it; so does an old timestamp.
      expect(verifySignature(secret, signature, timestamp, got.body.replace("o-1", "o-2"))).toBe(false);
      expect(verifySignature(secret, signature, String(Number(timestamp) + 1), got.body)).toBe(false);
      expect(verifySignature("whsec_other", signature, timestamp, got.body)).toBe(false);
      expect(verifySignature(secret, signature, timestamp, got.body, 300, Number(timestamp) + 301)).toBe(false);

      const log = await api.webhooks.deliveries({ endpointId: endpoint.id });
      expect(log.rows[0]).toMatchObject({ id: deliveryId, status: "succeeded", attempts: 1, lastResponseCode: 200 });
      expect(log.rows[0].lastLatencyMs).toBeGreaterThanOrEqual(0);
      expect(await api.webhooks.attempts({ deliveryId })).toEqual([expect.objectContaining({ attempt: 1, succeeded: true, responseCode: 200 })]);
    } finally {
      await receiver.close();
    }
  });

  test("after a rotation both the new and the previous secret sign, so receivers can switch", async () => {
    allowLoopback(true);
    const receiver = await startReceiver();
    try {
      const api = await admin();
      const { endpoint, secret: oldSecret } = await api.webhooks.create({ url: receiver.url, eventTypes: ["order.shipped"] });
      const { secret: newSecret } = await api.webhooks.rotateSecret({ id: endpoint.id });
      expect(newSecret).not.toBe(oldSecret);
      const deliveryId = await deliverNewEvent(endpoint.id);
      await attemptDelivery(A.id, deliveryId, 1);
      const [got] = receiver.received;
      const sig = got.headers["tributary-signature"] as string;
      expect(sig.split(",")).toHaveLength(2);
      expect(verifySignature(newSecret, sig, got.headers["tributary-timestamp"] as string, got.body)).toBe(true);
      expect(verifySignature(oldSecret, sig, got.headers["tributary-timestamp"] as string, got.body)).toBe(true);
      expect(signatureHeader([newSecret], 1, "{}")).toMatch(/^v1=[0-9a-f]{64}$/);
    } finally {
      await receiver.close();
    }
  });
});

describe("retries and disabling (time travels, no waiting)", () => {
  test("failures back off exponentially; after 24 hours the delivery fails and the endpoint is disabled with a notice", async () => {
    allowLoopback(true);
    const receiver = await startReceiver(() => 500);
    try {
      const api = await admin();
      const { endpoint } = await api.webhooks.create({ url: receiver.url, eventTypes: ["order.shipped"] });
      const t0 = new Date("2030-01-01T00:00:00Z");
      const deliveryId = await deliverNewEvent(endpoint.id, t0);

      let now = t0;
      const clock = () => now;
      const first = await attemptDelivery(A.id, deliveryId, 1, { now: clock });
      expect(first).toMatchObject({ succeeded: false, status: "pending", responseCode: 500, disabledEndpoint: false });
      expect(new Date((await deliveryRow(deliveryId)).next_attempt_at as string)).toEqual(new Date(t0.getTime() + 30_000));
      expect(new Date((await endpointRow(endpoint.id)).failing_since as string)).toEqual(t0);

      // The same job delivered twice (a lease ran out) does not make a second attempt.
      expect(await attemptDelivery(A.id, deliveryId, 1, { now: clock })).toMatchObject({ skipped: true });

      // Attempts 2..n at their due times: 30 s, 1 min, 2 min, ... capped at 2 h.
      const gaps: number[] = [];
      let attempt = 1;
      for (;;) {
        const row = await deliveryRow(deliveryId);
        if (row.status !== "pending") break;
        const due = new Date(row.next_attempt_at as string);
        gaps.push((due.getTime() - now.getTime()) / 1000);
        now = due;
        attempt++;
        await attemptDelivery(A.id, deliveryId, attempt, { now: clock });
        if (attempt > 40) throw new Error("never gave up");
      }
      expect(gaps.slice(0, 5)).toEqual([30, 60, 120, 240, 480]);
      expect(Math.max(...gaps)).toBe(7200);
      expect(gaps).toEqual(gaps.map((_, i) => retryDelaySeconds(i + 1)));
      const final = await deliveryRow(deliveryId);
      expect(final).toMatchObject({ status: "failed", attempts: attempt, next_attempt_at: null });
      expect(now.getTime() - t0.getTime()).toBeLessThanOrEqual(24 * 3600_000);
      expect(receiver.received).toHaveLength(attempt);

      // The endpoint has failed since t0; the first failure 24 hours on disables it, with the reason.
      const late = new Date(t0.getTime() + 24 * 3600_000 + 1000);
      await withTenant(system(), async (tx) => emitEvent(tx, A.id, "order.shipped", { late: true }));
      await withTenant(system(), (tx) => relayNewEvents(tx, A.id, 1000, late));
      const [next] = await withTenant(system(), (tx) => tx.execute<{ id: string }>(sql`select id from webhook_deliveries where endpoint_id = ${endpoint.id} and status = 'pending'`));
      const disabling = await attemptDelivery(A.id, next.id, 1, { now: () => late });
      expect(disabling).toMatchObject({ succeeded: false, disabledEndpoint: true });
      const view = await api.webhooks.get({ id: endpoint.id });
      expect(view).toMatchObject({ active: false, disabledAt: late, disabledReason: expect.stringMatching(/failed for 24 hours.*HTTP 500/) });

      // An inactive endpoint gets no new deliveries and its pending ones fail with the reason.
      await withTenant(system(), (tx) => leaseDueDeliveries(tx, A.id, 500, new Date(late.getTime() + 3 * 3600_000)));
      expect(await deliveryRow(next.id)).toMatchObject({ status: "failed", last_error: "The endpoint is inactive" });

      // Reactivated and replayed: the failed delivery goes again, with a fresh window.
      await api.webhooks.update({ id: endpoint.id, active: true });
      expect(await api.webhooks.get({ id: endpoint.id })).toMatchObject({ active: true, failingSince: null, disabledReason: "" });
      await api.webhooks.replay({ deliveryId });
      expect(await deliveryRow(deliveryId)).toMatchObject({ status: "pending" });
    } finally {
      await receiver.close();
    }
  });

  test("replaying a range re-sends the endpoint's events in it, creating deliveries for events from before the endpoint", async () => {
    allowLoopback(true);
    const api = await admin();
    await withTenant(system(), async (tx) => emitEvent(tx, A.id, "order.created", { early: true }));
    const { events } = await api.events.list({ limit: 500 });
    const { endpoint } = await api.webhooks.create({ url: "http://127.0.0.1:9/never", eventTypes: ["order.created"] });
    const first = events[0].seq;
    const last = events.at(-1)!.seq;
    const { replayed } = await api.webhooks.replayRange({ endpointId: endpoint.id, fromSeq: first, toSeq: last });
    expect(replayed).toBe(events.filter((e) => e.type === "order.created").length);
    const log = await api.webhooks.deliveries({ endpointId: endpoint.id, pageSize: 100 });
    expect(log.total).toBe(replayed);
    expect(new Set(log.rows.map((r) => r.status))).toEqual(new Set(["pending"]));
    expect(await failure(api.webhooks.replayRange({ endpointId: endpoint.id, fromSeq: 5, toSeq: 1 }))).toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("SSRF: webhook URLs must reach public addresses", () => {
  test("private, loopback and link-local targets are refused when saving, and nothing is created", async () => {
    const api = await admin();
    const before = (await api.webhooks.list()).length;
    allowLoopback(false);
    expect(await failure(api.webhooks.create({ url: "https://10.0.0.1/hook" }))).toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/public address.*10\.0\.0\.1 is a private/) });
    // localhost resolves to 127.0.0.1: refused by what it resolves to, not by its name.
    expect(await failure(api.webhooks.create({ url: "https://localhost/hook" }))).toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/localhost resolves to .*loopback/) });
    expect(await failure(api.webhooks.create({ url: "http://example.com/hook" }))).toMatchObject({ code: "BAD_REQUEST" });
    expect(await failure(api.webhooks.create({ url: "https://169.254.169.254/latest/meta-data" }))).toMatchObject({ message: expect.stringMatching(/link-local/) });
    expect(await failure(api.webhooks.create({ url: "https://[::ffff:192.168.1.1]/x" }))).toMatchObject({ code: "BAD_REQUEST" });
    expect(await failure(api.webhooks.create({ url: "not a url" }))).toMatchObject({ code: "BAD_REQUEST", fields: { url: [expect.any(String)] } });
    // The development setting opens loopback only: private and link-local stay refused.
    allowLoopback(true);
    expect(await failure(api.webhooks.create({ url: "http://10.0.0.1/hook" }))).toMatchObject({ code: "BAD_REQUEST" });
    expect(await failure(api.webhooks.create({ url: "http://169.254.169.254/" }))).toMatchObject({ code: "BAD_REQUEST" });
    expect((await api.webhooks.list()).length).toBe(before);
    expect(addressRefusal("8.8.8.8", false)).toBeNull();
    expect(addressRefusal("2606:4700:4700::1111", false)).toBeNull();
    expect(addressRefusal("fd00::1", false)).toMatch(/private/);
  });

  test("the address is checked again at delivery: without the development setting a loopback endpoint gets no request", async () => {
    allowLoopback(true);
    const receiver = await startReceiver();
    try {
      const api = await admin();
      const { endpoint } = await api.webhooks.create({ url: receiver.url, eventTypes: ["order.shipped"] });
      const deliveryId = await deliverNewEvent(endpoint.id);
      allowLoopback(false);
      const result = await attemptDelivery(A.id, deliveryId, 1);
      expect(result).toMatchObject({ succeeded: false, responseCode: null });
      expect(receiver.received).toHaveLength(0);
      expect(await deliveryRow(deliveryId)).toMatchObject({ status: "pending", last_error: expect.stringMatching(/loopback/) });
    } finally {
      await receiver.close();
    }
  });
});
