import { sql } from "drizzle-orm";
import { withTenant } from "../db/with-tenant";
import { leaseDueDeliveries, relayNewEvents, RELAY_BATCH } from "../server/domain/events/deliveries";
import { eventsRelayQueue } from "./queues";
import { webhookFairQueue } from "./webhooks";

/*
 * The outbox relay. Every tick (a BullMQ job scheduler, once a second), per tenant:
 *  1. new events past the tenant's relay position become webhook deliveries, and the position
 *     moves, in one transaction (at-least-once: a crash before commit redoes the batch, and the
 *     unique (endpoint, event) key makes the redo create nothing twice; no event is skipped because
 *     events commit in seq order);
 *  2. due deliveries are leased and handed to the fair queue after commit (a crash between the two
 *     only delays them by the lease: the next sweep hands them out again).
 * The tick is one job at a time (the scheduler's id), so relays never overlap.
 */

export const RELAY_EVERY_MS = Number(process.env.EVENTS_RELAY_EVERY_MS ?? 1000);
/** The worker's tenant listing runs with the platform scope (tenants are global rows), with no real user. */
const WORKER_PLATFORM_USER = "00000000-0000-7000-8000-000000000000";

export interface RelayTickResult { tenants: number; events: number; deliveries: number; dispatched: number }

/** One tenant: relay its new events (in batches until caught up, bounded), then hand out what is due. */
export async function relayTenant(tenantId: string, now = new Date()): Promise<{ events: number; deliveries: number; enqueued: number }> {
  let events = 0;
  let deliveries = 0;
  for (let round = 0; round < 10; round++) {
    const moved = await withTenant({ kind: "system", tenantId }, (tx) => relayNewEvents(tx, tenantId, RELAY_BATCH, now));
    events += moved.events;
    deliveries += moved.deliveries;
    if (moved.events < RELAY_BATCH) break;
  }
  const due = await withTenant({ kind: "system", tenantId }, (tx) => leaseDueDeliveries(tx, tenantId, 500, now));
  if (due.length > 0) {
    await webhookFairQueue().enqueue(tenantId, due.map((d) => ({ jobId: `${d.deliveryId}-${d.attempt}`, data: { deliveryId: d.deliveryId, attempt: d.attempt } })));
  }
  return { events, deliveries, enqueued: due.length };
}

/**
 * The tick: the tenants with webhook work (one cross-tenant lookup that returns ids only, see
 * migration 0014: new events past the relay's position, or deliveries due), then one dispatch round.
 */
export async function relayTick(now = new Date()): Promise<RelayTickResult> {
  const tenants = await withTenant({ kind: "platform", tenantId: null, userId: WORKER_PLATFORM_USER }, (tx) =>
    tx.execute<{ id: string }>(sql`select tenant_id as id from app_tenants_with_webhook_work(${now.toISOString()}::timestamptz)`),
  );
  const total: RelayTickResult = { tenants: tenants.length, events: 0, deliveries: 0, dispatched: 0 };
  for (const t of tenants) {
    const r = await relayTenant(t.id, now);
    total.events += r.events;
    total.deliveries += r.deliveries;
  }
  total.dispatched = await webhookFairQueue().pump();
  return total;
}

/** Upserts the relay's scheduler (idempotent: one scheduler id). */
export async function scheduleRelay(): Promise<void> {
  await eventsRelayQueue().upsertJobScheduler("events-relay", { every: RELAY_EVERY_MS }, { name: "tick", data: {}, opts: { removeOnComplete: 100, removeOnFail: 1000 } });
}
