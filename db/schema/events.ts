import { sql } from "drizzle-orm";
import { bigint, boolean, check, foreignKey, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { users } from "./access";
import { createdAtColumn, idColumn, scopePolicies, tenantIdColumn, tenantIsolationPolicy, tenantWideScope } from "./_rls";
import { tenants } from "./tenancy";

/** Integration data is the tenant's (staff and jobs); a customer's action emits through asSystem. */
const staffOnly = () => scopePolicies(tenantWideScope);

/**
 * The outbox and event log: one row per domain event, written in the transaction of the change
 * (`emitEvents`). `seq` is per tenant, taken from the tenant's `events` counter row whose lock is
 * held until commit, so events commit in seq order and a reader that saw seq N has seen 1..N.
 * Append-only: app_user may SELECT and INSERT, nothing else.
 */
export const events = pgTable(
  "events",
  {
    // tenant_id -> tenants.id is checked once per statement (migration 0038), not by a row-by-row
    // foreign key: a renewal chunk appends 2,000 events in one insert.
    tenantId: tenantIdColumn(),
    id: idColumn(),
    seq: bigint("seq", { mode: "number" }).notNull(),
    type: text("type").notNull(),
    version: smallint("version").notNull().default(1),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("events_seq").on(t.tenantId, t.seq),
    index("events_type_idx").on(t.tenantId, t.type, t.seq),
    check("events_seq_positive", sql`${t.seq} > 0`),
    tenantIsolationPolicy(t.tenantId),
    // Any session of the tenant may append (a customer's order emits order.created without a scope
    // switch inside the counter's lock); only staff and jobs read the log.
    ...scopePolicies(tenantWideScope, sql`true`, tenantWideScope),
  ],
).enableRLS();

/** How far a consumer of the log (the webhook relay) has got, per tenant. */
export const eventConsumerPositions = pgTable(
  "event_consumer_positions",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    consumer: text("consumer").notNull(),
    lastSeq: bigint("last_seq", { mode: "number" }).notNull().default(0),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("event_consumer_positions_consumer").on(t.tenantId, t.consumer),
    tenantIsolationPolicy(t.tenantId),
    ...staffOnly(),
  ],
).enableRLS();

/**
 * A tenant's webhook endpoint. `secret` signs deliveries (HMAC needs the secret itself, so it is
 * stored, never returned after creation or rotation); after a rotation `previous_secret` keeps
 * signing alongside until `previous_secret_expires_at`. `failing_since` is the start of the
 * current run of failed attempts; 24 hours of them disable the endpoint with `disabled_reason`.
 */
export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    url: text("url").notNull(),
    description: text("description").notNull().default(""),
    /** Event types delivered; empty means every type. */
    eventTypes: text("event_types").array().notNull().default(sql`'{}'::text[]`),
    active: boolean("active").notNull().default(true),
    secret: text("secret").notNull(),
    previousSecret: text("previous_secret"),
    previousSecretExpiresAt: timestamp("previous_secret_expires_at", { withTimezone: true }),
    failingSince: timestamp("failing_since", { withTimezone: true }),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    disabledReason: text("disabled_reason").notNull().default(""),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: createdAtColumn(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    check("webhook_endpoints_url", sql`${t.url} ~ '^https?://'`),
    tenantIsolationPolicy(t.tenantId),
    ...staffOnly(),
  ],
).enableRLS();

export const DELIVERY_STATUSES = ["pending", "succeeded", "failed"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * One event for one endpoint. (endpoint, event) is unique, so the relay handing an event over twice
 * (at-least-once) makes one delivery; a replay resets the row to pending. `next_attempt_at` is when
 * it is due; while a worker holds it, it is pushed out by a lease, so a crashed attempt is retried.
 */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    endpointId: uuid("endpoint_id").notNull(),
    eventId: uuid("event_id").notNull(),
    eventSeq: bigint("event_seq", { mode: "number" }).notNull(),
    eventType: text("event_type").notNull(),
    status: text("status", { enum: DELIVERY_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    /** Start of the 24-hour retry window (creation, or the last manual replay). */
    windowStartedAt: timestamp("window_started_at", { withTimezone: true }).notNull().defaultNow(),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }),
    lastAttemptAt: timestamp("last_attempt_at", { withTimezone: true }),
    lastResponseCode: integer("last_response_code"),
    lastLatencyMs: integer("last_latency_ms"),
    lastError: text("last_error").notNull().default(""),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
    createdAt: createdAtColumn(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("webhook_deliveries_event").on(t.tenantId, t.endpointId, t.eventId),
    foreignKey({ columns: [t.tenantId, t.endpointId], foreignColumns: [webhookEndpoints.tenantId, webhookEndpoints.id] }),
    foreignKey({ columns: [t.tenantId, t.eventId], foreignColumns: [events.tenantId, events.id] }),
    index("webhook_deliveries_endpoint_idx").on(t.tenantId, t.endpointId, t.eventSeq),
    index("webhook_deliveries_due_idx").on(t.tenantId, t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    check("webhook_deliveries_status", sql`${t.status} in ('pending', 'succeeded', 'failed')`),
    tenantIsolationPolicy(t.tenantId),
    ...staffOnly(),
  ],
).enableRLS();

/** Every attempt of a delivery: the endpoint's delivery log. Append-only. */
export const webhookAttempts = pgTable(
  "webhook_attempts",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    deliveryId: uuid("delivery_id").notNull(),
    endpointId: uuid("endpoint_id").notNull(),
    attempt: integer("attempt").notNull(),
    succeeded: boolean("succeeded").notNull(),
    responseCode: integer("response_code"),
    latencyMs: integer("latency_ms").notNull(),
    error: text("error").notNull().default(""),
    attemptedAt: timestamp("attempted_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.deliveryId], foreignColumns: [webhookDeliveries.tenantId, webhookDeliveries.id] }),
    foreignKey({ columns: [t.tenantId, t.endpointId], foreignColumns: [webhookEndpoints.tenantId, webhookEndpoints.id] }),
    index("webhook_attempts_delivery_idx").on(t.tenantId, t.deliveryId, t.attempt),
    index("webhook_attempts_endpoint_idx").on(t.tenantId, t.endpointId, t.attemptedAt),
    tenantIsolationPolicy(t.tenantId),
    ...staffOnly(),
  ],
).enableRLS();
