import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { closeAppPool } from "../../db/client";
import { withTenant } from "../../db/with-tenant";
import { relayTenant } from "../../jobs/events-relay";
import { closeEventQueues } from "../../jobs/queues";
import { webhookFairQueue } from "../../jobs/webhooks";
import { RELAY_CONSUMER, relayNewEvents } from "../../server/domain/events/deliveries";
import { createEndpoint } from "../../server/domain/events/endpoints";
import { emitEvents } from "../../server/domain/events/emit";
import { closeRedis } from "../../server/redis";
import { createPlatformAdmin, createTenantFixture, type TenantFixture } from "../helpers/fixtures";

let A: TenantFixture;
const system = () => ({ kind: "system" as const, tenantId: A.id });
const WORKER = { kind: "platform" as const, tenantId: null, userId: "00000000-0000-7000-8000-000000000000" };

beforeAll(async () => {
  process.env.TRIBUTARY_WEBHOOKS_ALLOW_LOOPBACK = "1";
  A = await createTenantFixture(await createPlatformAdmin("relay"), "relay");
});
afterAll(async () => {
  await withTenant(system(), (tx) => tx.execute(sql`update webhook_endpoints set active = false`));
  await webhookFairQueue().obliterate();
  await closeEventQueues();
  await closeAppPool();
  await closeRedis();
});

const tenantsWithWork = (now = new Date()) =>
  withTenant(WORKER, (tx) => tx.execute<{ tenant_id: string }>(sql`select tenant_id from app_tenants_with_webhook_work(${now.toISOString()}::timestamptz)`)).then((r) => r.map((x) => x.tenant_id));
const position = () =>
  withTenant(system(), (tx) => tx.execute<{ last_seq: string }>(sql`select last_seq from event_consumer_positions where consumer = ${RELAY_CONSUMER}`)).then(([r]) => (r ? Number(r.last_seq) : 0));
const latest = () => withTenant(system(), (tx) => tx.execute<{ n: string }>(sql`select max(seq) as n from events`)).then(([r]) => Number(r.n));
const emit = (n: number) => withTenant(system(), async (tx) => emitEvents(tx, A.id, Array.from({ length: n }, (_, i) => ({ type: "order.created" as const, payload: { i } }))));

describe("the outbox relay", () => {
  test("the tick's lookup names a tenant only while it has unrelayed events or due deliveries", async () => {
    expect(await tenantsWithWork()).toContain(A.id); // the fixture's events were never relayed
    await relayTenant(A.id);
    expect(await position()).toBe(await latest());
    expect(await tenantsWithWork()).not.toContain(A.id);
    await emit(1);
    expect(await tenantsWithWork()).toContain(A.id);
  });

  test("at least once, nothing skipped: a relay that fails before commit moves nothing; a redo creates each delivery once", async () => {
    const { endpoint } = await withTenant(system(), (tx) => createEndpoint(tx, { tenantId: A.id, userId: null }, { url: "http://127.0.0.1:9/relay", eventTypes: ["order.created"] }));
    await relayTenant(A.id); // catch up first
    const from = await position();
    await emit(3);

    await expect(
      withTenant(system(), async (tx) => {
        await relayNewEvents(tx, A.id);
        throw new Error("worker crashed before commit");
      }),
    ).rejects.toThrow("crashed");
    expect(await position()).toBe(from);

    const moved = await withTenant(system(), (tx) => relayNewEvents(tx, A.id));
    expect(moved).toMatchObject({ events: 3, deliveries: 3, lastSeq: from + 3 });
    // A relay that committed its deliveries but whose position was lost (rewound here) redoes the batch: no duplicates.
    await withTenant(system(), (tx) => tx.execute(sql`update event_consumer_positions set last_seq = ${from} where consumer = ${RELAY_CONSUMER}`));
    expect(await withTenant(system(), (tx) => relayNewEvents(tx, A.id))).toMatchObject({ events: 3, deliveries: 0, lastSeq: from + 3 });

    const rows = await withTenant(system(), (tx) => tx.execute<{ event_seq: string }>(sql`select event_seq from webhook_deliveries where endpoint_id = ${endpoint.id} and event_seq > ${from} order by event_seq`));
    expect(rows.map((r) => Number(r.event_seq))).toEqual([from + 1, from + 2, from + 3]);

    // The sweep hands the due deliveries to the fair queue (leased), once.
    const { enqueued } = await relayTenant(A.id);
    expect(enqueued).toBe(3); // (the catch-up above handed out its own delivery already)
    expect((await relayTenant(A.id)).enqueued).toBe(0); // leased: not handed out again until the lease runs out
  });
});
