import { sql } from "drizzle-orm";
import { z } from "zod";
import { textArray } from "../../../db/pg-arrays";
import type { TenantTx } from "../../../db/with-tenant";
import { DomainError } from "../errors";
import { EVENT_TYPES } from "./types";

/*
 * Reading the event log by cursor. A cursor is opaque to consumers: base64url of
 * `ev1.<tenant id>.<seq>`, the last event a page returned. It carries the tenant so a cursor taken
 * from another workspace is refused with a clear error instead of silently paging this one.
 */

const CURSOR_PREFIX = "ev1";

export function encodeCursor(tenantId: string, seq: number): string {
  return Buffer.from(`${CURSOR_PREFIX}.${tenantId}.${seq}`).toString("base64url");
}

/** The seq a cursor points after; BAD_REQUEST for a malformed cursor or one of another tenant. */
export function decodeCursor(tenantId: string, cursor: string): number {
  const parts = Buffer.from(cursor, "base64url").toString("utf8").split(".");
  const [prefix, owner, seq] = parts;
  if (parts.length !== 3 || prefix !== CURSOR_PREFIX || !z.uuid().safeParse(owner).success || !/^\d{1,15}$/.test(seq ?? "")) {
    throw new DomainError("BAD_REQUEST", "This cursor is not valid: pass a cursor returned by events.list", { after: ["Not a valid cursor"] });
  }
  if (owner !== tenantId) {
    throw new DomainError("BAD_REQUEST", "This cursor belongs to another workspace", { after: ["Cursor from another workspace"] });
  }
  return Number(seq);
}

export const listEventsInput = z.object({
  /** Cursor of the last event seen (`nextCursor` of the previous page); omitted: from the first event. */
  after: z.string().trim().min(1).max(200).optional(),
  limit: z.number().int().min(1, "limit is at least 1").max(500, "limit is at most 500").default(100),
  /** Only these types (the cursor still advances over the others). */
  types: z.array(z.enum(EVENT_TYPES, { message: "Unknown event type" })).max(EVENT_TYPES.length).optional(),
});
export type ListEventsInput = z.input<typeof listEventsInput>;

export const eventOutput = z.object({
  id: z.uuid(),
  seq: z.number().int(),
  type: z.string(),
  version: z.number().int(),
  occurredAt: z.date(),
  payload: z.record(z.string(), z.unknown()),
});
export type EventRow = z.infer<typeof eventOutput>;

export const listEventsOutput = z.object({
  events: z.array(eventOutput),
  /** Pass as `after` to get the next page; when no event follows yet, it still marks where to resume. */
  nextCursor: z.string().nullable(),
  hasMore: z.boolean(),
  /** The newest seq in the log now (0 when empty): how far behind the consumer is. */
  latestSeq: z.number().int(),
});
export type ListEventsOutput = z.infer<typeof listEventsOutput>;

/**
 * Events after the cursor, oldest first. Because events commit in seq order (emitEvents), a consumer
 * that stores `nextCursor` and polls again never misses one and sees each once.
 */
export async function listEvents(tx: TenantTx, tenantId: string, raw: ListEventsInput): Promise<ListEventsOutput> {
  const input = listEventsInput.parse(raw);
  const after = input.after ? decodeCursor(tenantId, input.after) : 0;
  const types = input.types?.length ? input.types : null;
  const rows = await tx.execute<{ id: string; seq: string; type: string; version: number; occurred_at: string; payload: Record<string, unknown> }>(sql`
    select id, seq, type, version, occurred_at, payload from events
     where tenant_id = ${tenantId} and seq > ${after}
       and (${types === null} or type = any(${textArray(types ?? [])}::text[]))
     order by seq limit ${input.limit + 1}`);
  const hasMore = rows.length > input.limit;
  const page = rows.slice(0, input.limit).map((r) => ({
    id: r.id,
    seq: Number(r.seq),
    type: r.type,
    version: Number(r.version),
    occurredAt: new Date(r.occurred_at),
    payload: r.payload,
  }));
  const last = page.at(-1)?.seq ?? (after || null);
  const [{ latest }] = await tx.execute<{ latest: string }>(sql`
    select coalesce((select last_value from tenant_counters where tenant_id = ${tenantId} and name = 'events' and period = ''), 0) as latest`);
  return { events: page, nextCursor: last === null ? null : encodeCursor(tenantId, last), hasMore, latestSeq: Number(latest) };
}

