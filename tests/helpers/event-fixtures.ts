import { sql } from "drizzle-orm";
import type { TenantTx } from "../../db/with-tenant";
import { emitEvents, flushEvents } from "../../server/domain/events/emit";

export interface EventRows { eventId: string; spareEventId: string; endpointId: string; deliveryId: string }

/**
 * One row in each events and webhooks table, for the isolation suite: two events in the log, an
 * inactive endpoint (inserted directly: its URL is never called), one delivery of the first event with one
 * failed attempt, and the relay's position.
 */
export async function addEventRows(tx: TenantTx, tenantId: string, staffUserId: string): Promise<EventRows> {
  emitEvents(tx, tenantId, [
    { type: "order.created", payload: { fixture: true } },
    { type: "order.shipped", payload: { fixture: true } },
  ]);
  await flushEvents(tx);
  const [first, second] = await tx.execute<{ id: string; seq: string }>(sql`select id, seq from events order by seq desc limit 2`).then((r) => r.reverse());
  const [endpoint] = await tx.execute<{ id: string }>(sql`
    insert into webhook_endpoints (tenant_id, url, description, secret, active, created_by)
    values (${tenantId}, 'https://hooks.fixture.tests.test/tributary', 'Fixture endpoint', 'whsec_fixture', false, ${staffUserId}) returning id`);
  const [delivery] = await tx.execute<{ id: string }>(sql`
    insert into webhook_deliveries (tenant_id, endpoint_id, event_id, event_seq, event_type, attempts, last_response_code, last_error)
    values (${tenantId}, ${endpoint.id}, ${first.id}, ${first.seq}, 'order.created', 1, 500, 'HTTP 500') returning id`);
  await tx.execute(sql`
    insert into webhook_attempts (tenant_id, delivery_id, endpoint_id, attempt, succeeded, response_code, latency_ms, error)
    values (${tenantId}, ${delivery.id}, ${endpoint.id}, 1, false, 500, 12, 'HTTP 500')`);
  await tx.execute(sql`insert into event_consumer_positions (tenant_id, consumer, last_seq) values (${tenantId}, 'fixture', ${first.seq})`);
  return { eventId: first.id, spareEventId: second.id, endpointId: endpoint.id, deliveryId: delivery.id };
}
