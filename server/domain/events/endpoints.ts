import { sql } from "drizzle-orm";
import { z } from "zod";
import type { TenantTx } from "../../../db/with-tenant";
import { DomainError } from "../errors";
import { newWebhookSecret } from "./signing";
import { EVENT_TYPES } from "./types";
import { vetWebhookUrl } from "./url-safety";

/*
 * Webhook endpoints of a tenant. The signing secret is returned once, by create and by rotateSecret;
 * reads never include it. After a rotation the previous secret keeps signing (a second v1 signature)
 * for ROTATION_OVERLAP_HOURS, so receivers can switch without dropping deliveries.
 */

export const ROTATION_OVERLAP_HOURS = 24;
/** Active endpoints per workspace (inactive ones are kept for their delivery logs and do not count). */
const MAX_ENDPOINTS = 20;

const urlField = z.string().trim().min(1, "Enter the endpoint's URL").max(2000, "At most 2000 characters");
const eventTypesField = z.array(z.enum(EVENT_TYPES, { message: "Unknown event type" })).max(EVENT_TYPES.length).default([]);

export const createEndpointInput = z.object({
  url: urlField,
  description: z.string().trim().max(200, "At most 200 characters").default(""),
  /** Empty: every event type. */
  eventTypes: eventTypesField,
  active: z.boolean().default(true),
});
export type CreateEndpointInput = z.input<typeof createEndpointInput>;

export const updateEndpointInput = z.object({
  id: z.uuid(),
  url: urlField.optional(),
  description: z.string().trim().max(200, "At most 200 characters").optional(),
  eventTypes: z.array(z.enum(EVENT_TYPES, { message: "Unknown event type" })).max(EVENT_TYPES.length).optional(),
  active: z.boolean().optional(),
});
export type UpdateEndpointInput = z.input<typeof updateEndpointInput>;

export const endpointIdInput = z.object({ id: z.uuid() });

export interface EndpointView {
  id: string;
  url: string;
  description: string;
  eventTypes: string[];
  active: boolean;
  /** The last 4 characters of the current secret, so an admin can tell which one a receiver holds. */
  secretHint: string;
  previousSecretExpiresAt: Date | null;
  failingSince: Date | null;
  disabledAt: Date | null;
  disabledReason: string;
  createdAt: Date;
  updatedAt: Date;
  deliveries: { pending: number; succeeded: number; failed: number };
}

interface EndpointRow {
  id: string; url: string; description: string; event_types: string[]; active: boolean; secret: string;
  previous_secret_expires_at: string | null; failing_since: string | null; disabled_at: string | null; disabled_reason: string;
  created_at: string; updated_at: string; pending: number; succeeded: number; failed: number; [key: string]: unknown;
}

const date = (v: string | Date | null) => (v === null ? null : new Date(v));

function view(r: EndpointRow): EndpointView {
  return {
    id: r.id, url: r.url, description: r.description, eventTypes: r.event_types, active: r.active, secretHint: r.secret.slice(-4),
    previousSecretExpiresAt: date(r.previous_secret_expires_at), failingSince: date(r.failing_since), disabledAt: date(r.disabled_at),
    disabledReason: r.disabled_reason, createdAt: new Date(r.created_at), updatedAt: new Date(r.updated_at),
    deliveries: { pending: Number(r.pending ?? 0), succeeded: Number(r.succeeded ?? 0), failed: Number(r.failed ?? 0) },
  };
}

const selectEndpoints = sql`
  select e.*, coalesce(d.pending, 0)::int as pending, coalesce(d.succeeded, 0)::int as succeeded, coalesce(d.failed, 0)::int as failed
    from webhook_endpoints e
    left join lateral (
      select count(*) filter (where status = 'pending') as pending, count(*) filter (where status = 'succeeded') as succeeded,
             count(*) filter (where status = 'failed') as failed
        from webhook_deliveries w where w.tenant_id = e.tenant_id and w.endpoint_id = e.id
    ) d on true`;

export async function listEndpoints(tx: TenantTx): Promise<EndpointView[]> {
  // Active first, newest first; bounded (inactive endpoints pile up slowly, and only the last 100 are listed).
  const rows = await tx.execute<EndpointRow>(sql`${selectEndpoints} order by e.active desc, e.created_at desc, e.id limit 100`);
  return rows.map(view);
}

export async function getEndpoint(tx: TenantTx, id: string): Promise<EndpointView> {
  const [row] = await tx.execute<EndpointRow>(sql`${selectEndpoints} where e.id = ${id}`);
  if (!row) throw new DomainError("NOT_FOUND", "No such webhook endpoint");
  return view(row);
}

function parse<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const details: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (details[issue.path.map(String).join(".") || "_"] ??= []).push(issue.message);
    throw new DomainError("BAD_REQUEST", parsed.error.issues[0].message, details);
  }
  return parsed.data;
}

/** Registers an endpoint (URL checked for SSRF, resolving its host) and returns its secret: the only time it is shown. */
export async function createEndpoint(tx: TenantTx, acting: { tenantId: string; userId: string | null }, raw: CreateEndpointInput): Promise<{ endpoint: EndpointView; secret: string }> {
  const input = parse(createEndpointInput, raw);
  const { url } = await vetWebhookUrl(input.url);
  const [{ n }] = await tx.execute<{ n: number }>(sql`select count(*)::int as n from webhook_endpoints where active`);
  if (input.active && n >= MAX_ENDPOINTS) throw new DomainError("BAD_REQUEST", `A workspace may have at most ${MAX_ENDPOINTS} active webhook endpoints: deactivate one first`);
  const secret = newWebhookSecret();
  const [row] = await tx.execute<{ id: string }>(sql`
    insert into webhook_endpoints (tenant_id, url, description, event_types, active, secret, created_by)
    values (${acting.tenantId}, ${url.toString()}, ${input.description}, ${`{${input.eventTypes.join(",")}}`}::text[], ${input.active}, ${secret}, ${acting.userId})
    returning id`);
  return { endpoint: await getEndpoint(tx, row.id), secret };
}

/**
 * Changes an endpoint. Reactivating one that was disabled for failing clears the notice and the
 * failure run; deliveries that failed meanwhile are not resent by themselves (replay them).
 */
export async function updateEndpoint(tx: TenantTx, raw: UpdateEndpointInput): Promise<EndpointView> {
  const input = parse(updateEndpointInput, raw);
  const [current] = await tx.execute<{ id: string }>(sql`select id from webhook_endpoints where id = ${input.id} for update`);
  if (!current) throw new DomainError("NOT_FOUND", "No such webhook endpoint");
  const url = input.url === undefined ? null : (await vetWebhookUrl(input.url)).url.toString();
  if (input.active === true) {
    const [{ n }] = await tx.execute<{ n: number }>(sql`select count(*)::int as n from webhook_endpoints where active and id <> ${input.id}`);
    if (n >= MAX_ENDPOINTS) throw new DomainError("BAD_REQUEST", `A workspace may have at most ${MAX_ENDPOINTS} active webhook endpoints: deactivate one first`);
  }
  await tx.execute(sql`
    update webhook_endpoints set
      url = coalesce(${url}, url),
      description = coalesce(${input.description ?? null}, description),
      event_types = coalesce(${input.eventTypes ? `{${input.eventTypes.join(",")}}` : null}::text[], event_types),
      active = coalesce(${input.active ?? null}, active),
      failing_since = case when ${input.active === true} and not active then null else failing_since end,
      disabled_at = case when ${input.active === true} then null when ${input.active === false} then disabled_at else disabled_at end,
      disabled_reason = case when ${input.active === true} then '' else disabled_reason end,
      updated_at = now()
     where id = ${input.id}`);
  return getEndpoint(tx, input.id);
}

/** A new secret (returned once); the old one keeps signing, next to it, for ROTATION_OVERLAP_HOURS. */
export async function rotateSecret(tx: TenantTx, raw: z.input<typeof endpointIdInput>, now = new Date()): Promise<{ endpoint: EndpointView; secret: string }> {
  const { id } = parse(endpointIdInput, raw);
  const secret = newWebhookSecret();
  const [row] = await tx.execute<{ id: string }>(sql`
    update webhook_endpoints set previous_secret = secret, secret = ${secret},
           previous_secret_expires_at = ${now.toISOString()}::timestamptz + make_interval(hours => ${ROTATION_OVERLAP_HOURS}), updated_at = now()
     where id = ${id} returning id`);
  if (!row) throw new DomainError("NOT_FOUND", "No such webhook endpoint");
  return { endpoint: await getEndpoint(tx, id), secret };
}

// Output shapes (for the REST mapping of these procedures; the tRPC router declares them) -------

export const endpointOutput = z.object({
  id: z.uuid(),
  url: z.string(),
  description: z.string(),
  eventTypes: z.array(z.string()),
  active: z.boolean(),
  secretHint: z.string(),
  previousSecretExpiresAt: z.date().nullable(),
  failingSince: z.date().nullable(),
  disabledAt: z.date().nullable(),
  disabledReason: z.string(),
  createdAt: z.date(),
  updatedAt: z.date(),
  deliveries: z.object({ pending: z.number().int(), succeeded: z.number().int(), failed: z.number().int() }),
});

/** create and rotateSecret: the endpoint, and its signing secret (the only time it is returned). */
export const endpointWithSecretOutput = z.object({ endpoint: endpointOutput, secret: z.string() });
