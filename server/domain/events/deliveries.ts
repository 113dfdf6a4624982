import { sql } from "drizzle-orm";
import { z } from "zod";
import { withTenant, type TenantTx } from "../../../db/with-tenant";
import { DomainError } from "../errors";
import { listInput, type Page } from "../lists";
import { postWebhook, type PostOutcome } from "./http";
import { DELIVERY_ID_HEADER, EVENT_ID_HEADER, EVENT_TYPE_HEADER, SIGNATURE_HEADER, signatureHeader, TIMESTAMP_HEADER } from "./signing";

/*
 * Webhook deliveries: the relay turns new events into delivery rows (one per matching active
 * endpoint), a sweep hands due ones to the fair queue under a lease, and an attempt posts one and
 * records the outcome. Everything is driven by the rows, so a lost job or a crashed worker only
 * delays a delivery: when its lease runs out the sweep hands it out again (at least once).
 */

export const RELAY_CONSUMER = "webhooks";
export const RELAY_BATCH = 1000;
/** Retries back off exponentially from BASE, capped, until the delivery's 24-hour window closes. */
export const RETRY_BASE_SECONDS = 30;
export const RETRY_CAP_SECONDS = 2 * 3600;
export const RETRY_WINDOW_HOURS = 24;
/** An endpoint failing for this long (no success in between) is disabled with a notice. */
export const DISABLE_AFTER_HOURS = 24;
/** How long a handed-out delivery is someone's: after that, the sweep hands it out again. */
export const LEASE_SECONDS = 120;

/** Seconds to wait after the `attempt`-th failed attempt (1-based): 30 s, 1 min, 2 min, ... capped at 2 h. */
export function retryDelaySeconds(attempt: number): number {
  return Math.min(RETRY_BASE_SECONDS * 2 ** Math.max(0, attempt - 1), RETRY_CAP_SECONDS);
}

/**
 * Moves the tenant's webhook relay past new events: a delivery row for each (event, active endpoint
 * subscribed to its type), and the relay's position, in one transaction. The position row is locked,
 * so two relays of one tenant take turns; a crash before commit leaves the position where it was,
 * and the unique (endpoint, event) key makes the redo create nothing twice. Returns events relayed.
 */
export async function relayNewEvents(tx: TenantTx, tenantId: string, batch = RELAY_BATCH, now = new Date()): Promise<{ events: number; deliveries: number; lastSeq: number }> {
  const [position] = await tx.execute<{ last_seq: string }>(sql`
    insert into event_consumer_positions (tenant_id, consumer) values (${tenantId}, ${RELAY_CONSUMER})
    on conflict (tenant_id, consumer) do update set consumer = excluded.consumer
    returning last_seq`);
  const from = Number(position.last_seq);
  const [moved] = await tx.execute<{ events: number; deliveries: number; last_seq: string | null }>(sql`
    with batch as (
      select id, seq, type from events where tenant_id = ${tenantId} and seq > ${from} order by seq limit ${batch}
    ), created as (
      insert into webhook_deliveries (tenant_id, endpoint_id, event_id, event_seq, event_type, window_started_at, next_attempt_at)
      select ${tenantId}, e.id, b.id, b.seq, b.type, ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz
        from batch b join webhook_endpoints e on e.tenant_id = ${tenantId} and e.active
                                                and (cardinality(e.event_types) = 0 or b.type = any(e.event_types))
       order by b.seq, e.id
      on conflict (tenant_id, endpoint_id, event_id) do nothing
      returning 1
    ), advanced as (
      update event_consumer_positions set last_seq = (select max(seq) from batch), updated_at = now()
       where tenant_id = ${tenantId} and consumer = ${RELAY_CONSUMER} and exists (select 1 from batch)
      returning last_seq
    )
    select (select count(*) from batch)::int as events, (select count(*) from created)::int as deliveries, (select last_seq from advanced) as last_seq`);
  return { events: moved.events, deliveries: moved.deliveries, lastSeq: moved.last_seq === null ? from : Number(moved.last_seq) };
}

export interface DueDelivery { tenantId: string; deliveryId: string; attempt: number }

/**
 * Takes up to `limit` due deliveries of active endpoints and leases them (next attempt pushed out by
 * LEASE_SECONDS), oldest event first; the caller enqueues them after commit. SKIP LOCKED lets two
 * sweeps share the work. A due delivery of an inactive endpoint fails at once, with the reason.
 */
export async function leaseDueDeliveries(tx: TenantTx, tenantId: string, limit = 500, now = new Date()): Promise<DueDelivery[]> {
  await tx.execute(sql`
    update webhook_deliveries d set status = 'failed', next_attempt_at = null, last_error = 'The endpoint is inactive'
      from webhook_endpoints e
     where d.tenant_id = ${tenantId} and d.status = 'pending' and d.next_attempt_at <= ${now.toISOString()}::timestamptz
       and e.tenant_id = d.tenant_id and e.id = d.endpoint_id and not e.active`);
  const rows = await tx.execute<{ id: string; attempts: number }>(sql`
    with due as (
      select d.id from webhook_deliveries d
       where d.tenant_id = ${tenantId} and d.status = 'pending' and d.next_attempt_at <= ${now.toISOString()}::timestamptz
       order by d.next_attempt_at, d.event_seq limit ${limit}
         for update skip locked
    )
    update webhook_deliveries d set next_attempt_at = ${now.toISOString()}::timestamptz + make_interval(secs => ${LEASE_SECONDS})
      from due where d.tenant_id = ${tenantId} and d.id = due.id
    returning d.id, d.attempts`);
  return rows.map((r) => ({ tenantId, deliveryId: r.id, attempt: Number(r.attempts) + 1 }));
}

interface AttemptContext {
  delivery_id: string; attempts: number; status: string; endpoint_id: string; url: string; active: boolean;
  secret: string; previous_secret: string | null; previous_secret_expires_at: string | null;
  event_id: string; seq: string; type: string; version: number; occurred_at: string; payload: Record<string, unknown>;
  [key: string]: unknown;
}

/** The JSON body of a delivery: the event as events.list returns it, plus the tenant. */
export function deliveryBody(tenantId: string, c: Pick<AttemptContext, "event_id" | "seq" | "type" | "version" | "occurred_at" | "payload">): string {
  return JSON.stringify({
    id: c.event_id, seq: Number(c.seq), type: c.type, version: Number(c.version), occurredAt: new Date(c.occurred_at).toISOString(), tenantId, data: c.payload,
  });
}

export interface AttemptResult { skipped: boolean; succeeded: boolean; status: string; responseCode: number | null; disabledEndpoint: boolean }

/**
 * Makes attempt number `attempt` of a delivery (the job's), outside any transaction while the HTTP
 * request runs, then records it: a 2xx succeeds; anything else schedules the next try with backoff,
 * or fails the delivery when its 24-hour window has closed, and disables an endpoint that has had
 * nothing but failures for 24 hours. `now` is injectable so tests can travel in time.
 */
export async function attemptDelivery(tenantId: string, deliveryId: string, attempt: number, opts: { now?: () => Date; timeoutMs?: number } = {}): Promise<AttemptResult> {
  const now = opts.now ?? (() => new Date());
  const system = { kind: "system" as const, tenantId };
  const [c] = await withTenant(system, (tx) =>
    tx.execute<AttemptContext>(sql`
      select d.id as delivery_id, d.attempts, d.status, e.id as endpoint_id, e.url, e.active, e.secret, e.previous_secret, e.previous_secret_expires_at,
             v.id as event_id, v.seq, v.type, v.version, v.occurred_at, v.payload
        from webhook_deliveries d
        join webhook_endpoints e on e.tenant_id = d.tenant_id and e.id = d.endpoint_id
        join events v on v.tenant_id = d.tenant_id and v.id = d.event_id
       where d.id = ${deliveryId}`),
  );
  // Handed out twice (a lease ran out while the job waited): only the job for the current attempt runs.
  if (!c || c.status !== "pending" || Number(c.attempts) !== attempt - 1) return { skipped: true, succeeded: false, status: c?.status ?? "missing", responseCode: null, disabledEndpoint: false };

  let outcome: PostOutcome;
  if (!c.active) {
    outcome = { ok: false, responseCode: null, latencyMs: 0, error: "The endpoint is inactive" };
  } else {
    const body = deliveryBody(tenantId, c);
    const timestamp = Math.floor(now().getTime() / 1000);
    const secrets = [c.secret, ...(c.previous_secret && c.previous_secret_expires_at && new Date(c.previous_secret_expires_at) > now() ? [c.previous_secret] : [])];
    outcome = await postWebhook(c.url, body, {
      "content-type": "application/json",
      "user-agent": "Tributary-Webhooks/1",
      [EVENT_ID_HEADER]: c.event_id,
      [EVENT_TYPE_HEADER]: c.type,
      [DELIVERY_ID_HEADER]: c.delivery_id,
      [TIMESTAMP_HEADER]: String(timestamp),
      [SIGNATURE_HEADER]: signatureHeader(secrets, timestamp, body),
    }, opts.timeoutMs);
  }
  return recordAttempt(tenantId, deliveryId, attempt, c.endpoint_id, outcome, now());
}

async function recordAttempt(tenantId: string, deliveryId: string, attempt: number, endpointId: string, o: PostOutcome, at: Date): Promise<AttemptResult> {
  return withTenant({ kind: "system", tenantId }, async (tx) => {
    const [d] = await tx.execute<{ attempts: number; status: string; window_started_at: string }>(sql`
      select attempts, status, window_started_at from webhook_deliveries where id = ${deliveryId} for update`);
    if (!d || d.status !== "pending" || Number(d.attempts) !== attempt - 1) return { skipped: true, succeeded: false, status: d?.status ?? "missing", responseCode: o.responseCode, disabledEndpoint: false };
    const next = new Date(at.getTime() + retryDelaySeconds(attempt) * 1000);
    const windowEnd = new Date(new Date(d.window_started_at).getTime() + RETRY_WINDOW_HOURS * 3600_000);
    const status = o.ok ? "succeeded" : next > windowEnd ? "failed" : "pending";
    await tx.execute(sql`
      insert into webhook_attempts (tenant_id, delivery_id, endpoint_id, attempt, succeeded, response_code, latency_ms, error, attempted_at)
      values (${tenantId}, ${deliveryId}, ${endpointId}, ${attempt}, ${o.ok}, ${o.responseCode}, ${o.latencyMs}, ${o.error}, ${at.toISOString()}::timestamptz)`);
    await tx.execute(sql`
      update webhook_deliveries set attempts = ${attempt}, status = ${status}, last_attempt_at = ${at.toISOString()}::timestamptz, last_response_code = ${o.responseCode},
             last_latency_ms = ${o.latencyMs}, last_error = ${o.error}, delivered_at = ${o.ok ? at.toISOString() : null}::timestamptz,
             next_attempt_at = ${status === "pending" ? next.toISOString() : null}::timestamptz
       where id = ${deliveryId}`);
    // The endpoint's failure run: started by its first failure, ended by any success; 24 hours of it disable the endpoint.
    const [endpoint] = await tx.execute<{ disabled: boolean }>(sql`
      update webhook_endpoints set
        failing_since = case when ${o.ok} then null else coalesce(failing_since, ${at.toISOString()}::timestamptz) end,
        active = case when not ${o.ok} and coalesce(failing_since, ${at.toISOString()}::timestamptz) <= ${at.toISOString()}::timestamptz - make_interval(hours => ${DISABLE_AFTER_HOURS}) then false else active end,
        disabled_at = case when not ${o.ok} and active and coalesce(failing_since, ${at.toISOString()}::timestamptz) <= ${at.toISOString()}::timestamptz - make_interval(hours => ${DISABLE_AFTER_HOURS}) then ${at.toISOString()}::timestamptz else disabled_at end,
        disabled_reason = case when not ${o.ok} and active and coalesce(failing_since, ${at.toISOString()}::timestamptz) <= ${at.toISOString()}::timestamptz - make_interval(hours => ${DISABLE_AFTER_HOURS})
                               then ${`Disabled automatically: every delivery failed for ${DISABLE_AFTER_HOURS} hours (last error: ${o.error || `HTTP ${o.responseCode}`}). Fix the receiver, reactivate the endpoint and replay what it missed.`}
                               else disabled_reason end
       where id = ${endpointId}
      returning (disabled_at = ${at.toISOString()}::timestamptz) as disabled`);
    return { skipped: false, succeeded: o.ok, status, responseCode: o.responseCode, disabledEndpoint: Boolean(endpoint?.disabled) };
  });
}

// Delivery log and replays ---------------------------------------------------------------------

export const listDeliveriesInput = listInput.pick({ page: true, pageSize: true }).extend({
  endpointId: z.uuid(),
  status: z.enum(["pending", "succeeded", "failed"]).optional(),
});

export interface DeliveryRow {
  id: string; eventId: string; eventSeq: number; eventType: string; status: string; attempts: number;
  nextAttemptAt: Date | null; lastAttemptAt: Date | null; lastResponseCode: number | null; lastLatencyMs: number | null;
  lastError: string; deliveredAt: Date | null; createdAt: Date;
}

/** An endpoint's deliveries, newest event first, paged by the database. */
export async function listDeliveries(tx: TenantTx, raw: z.input<typeof listDeliveriesInput>): Promise<Page<DeliveryRow>> {
  const input = listDeliveriesInput.parse(raw);
  const filter = sql`endpoint_id = ${input.endpointId} and (${input.status ?? null}::text is null or status = ${input.status ?? null})`;
  const [{ total }] = await tx.execute<{ total: number }>(sql`select count(*)::int as total from webhook_deliveries where ${filter}`);
  const rows = await tx.execute<Record<string, unknown>>(sql`
    select id, event_id, event_seq, event_type, status, attempts, next_attempt_at, last_attempt_at, last_response_code, last_latency_ms, last_error, delivered_at, created_at
      from webhook_deliveries where ${filter} order by event_seq desc, id limit ${input.pageSize} offset ${(input.page - 1) * input.pageSize}`);
  const d = (v: unknown) => (v === null ? null : new Date(v as string));
  return {
    rows: rows.map((r) => ({
      id: r.id as string, eventId: r.event_id as string, eventSeq: Number(r.event_seq), eventType: r.event_type as string, status: r.status as string,
      attempts: Number(r.attempts), nextAttemptAt: d(r.next_attempt_at), lastAttemptAt: d(r.last_attempt_at),
      lastResponseCode: r.last_response_code === null ? null : Number(r.last_response_code), lastLatencyMs: r.last_latency_ms === null ? null : Number(r.last_latency_ms),
      lastError: r.last_error as string, deliveredAt: d(r.delivered_at), createdAt: new Date(r.created_at as string),
    })),
    total, page: input.page, pageSize: input.pageSize,
  };
}

export const deliveryIdInput = z.object({ deliveryId: z.uuid() });

/** Every attempt of one delivery, in order: the detail of the delivery log. */
export async function deliveryAttempts(tx: TenantTx, raw: z.input<typeof deliveryIdInput>) {
  const { deliveryId } = deliveryIdInput.parse(raw);
  const rows = await tx.execute<{ attempt: number; succeeded: boolean; response_code: number | null; latency_ms: number; error: string; attempted_at: string }>(sql`
    select attempt, succeeded, response_code, latency_ms, error, attempted_at from webhook_attempts where delivery_id = ${deliveryId} order by attempt, attempted_at limit 200`);
  return rows.map((r) => ({ attempt: Number(r.attempt), succeeded: r.succeeded, responseCode: r.response_code, latencyMs: Number(r.latency_ms), error: r.error, attemptedAt: new Date(r.attempted_at) }));
}

/** Sends one delivery again, whatever its state: pending now, with a fresh 24-hour window. */
export async function replayDelivery(tx: TenantTx, raw: z.input<typeof deliveryIdInput>, now = new Date()): Promise<{ replayed: number }> {
  const { deliveryId } = deliveryIdInput.parse(raw);
  const [row] = await tx.execute<{ id: string }>(sql`
    update webhook_deliveries set status = 'pending', next_attempt_at = ${now.toISOString()}::timestamptz, window_started_at = ${now.toISOString()}::timestamptz
     where id = ${deliveryId} returning id`);
  if (!row) throw new DomainError("NOT_FOUND", "No such delivery");
  return { replayed: 1 };
}

export const replayRangeInput = z
  .object({
    endpointId: z.uuid(),
    fromSeq: z.number().int().min(1, "Sequence numbers start at 1"),
    toSeq: z.number().int().min(1, "Sequence numbers start at 1"),
  })
  .refine((r) => r.toSeq >= r.fromSeq, { message: "The range ends before it starts", path: ["toSeq"] })
  .refine((r) => r.toSeq - r.fromSeq < 10_000, { message: "Replay at most 10,000 events at a time", path: ["toSeq"] });

/**
 * Sends the events fromSeq..toSeq that the endpoint subscribes to (again): existing deliveries are
 * reset to pending, missing ones (events from before the endpoint existed) are created. One statement.
 */
export async function replayRange(tx: TenantTx, tenantId: string, raw: z.input<typeof replayRangeInput>, now = new Date()): Promise<{ replayed: number }> {
  const parsed = replayRangeInput.safeParse(raw);
  if (!parsed.success) throw new DomainError("BAD_REQUEST", parsed.error.issues[0].message);
  const input = parsed.data;
  const [endpoint] = await tx.execute<{ id: string; active: boolean }>(sql`select id, active from webhook_endpoints where id = ${input.endpointId}`);
  if (!endpoint) throw new DomainError("NOT_FOUND", "No such webhook endpoint");
  if (!endpoint.active) throw new DomainError("CONFLICT", "Activate the endpoint before replaying to it");
  const [{ n }] = await tx.execute<{ n: number }>(sql`
    with upserted as (
      insert into webhook_deliveries (tenant_id, endpoint_id, event_id, event_seq, event_type, window_started_at, next_attempt_at)
      select ${tenantId}, e.id, v.id, v.seq, v.type, ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz
        from events v join webhook_endpoints e on e.tenant_id = v.tenant_id and e.id = ${input.endpointId}
       where v.tenant_id = ${tenantId} and v.seq between ${input.fromSeq} and ${input.toSeq}
         and (cardinality(e.event_types) = 0 or v.type = any(e.event_types))
       order by v.seq
      on conflict (tenant_id, endpoint_id, event_id) do update
        set status = 'pending', next_attempt_at = excluded.next_attempt_at, window_started_at = excluded.window_started_at
      returning 1
    ) select count(*)::int as n from upserted`);
  return { replayed: n };
}

// Output shapes (for the REST mapping; the tRPC router declares them) ------------------------

export const deliveryOutput = z.object({
  id: z.uuid(), eventId: z.uuid(), eventSeq: z.number().int(), eventType: z.string(), status: z.string(), attempts: z.number().int(),
  nextAttemptAt: z.date().nullable(), lastAttemptAt: z.date().nullable(), lastResponseCode: z.number().int().nullable(), lastLatencyMs: z.number().int().nullable(),
  lastError: z.string(), deliveredAt: z.date().nullable(), createdAt: z.date(),
});
export const deliveriesPageOutput = z.object({ rows: z.array(deliveryOutput), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
export const attemptsOutput = z.array(z.object({
  attempt: z.number().int(), succeeded: z.boolean(), responseCode: z.number().int().nullable(), latencyMs: z.number().int(), error: z.string(), attemptedAt: z.date(),
}));
export const replayOutput = z.object({ replayed: z.number().int() });
