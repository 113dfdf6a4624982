import { sql } from "drizzle-orm";
import type { TenantTx } from "../../../db/with-tenant";
import { DomainError } from "../errors";
import type { IsoDate } from "../subscriptions/periods";
import { tenantPolicy } from "../tenancy/settings";
import { ContractCalendar, loadMeteredContracts, meterOnContract, textArray, uuidArray, type MeteredContract } from "./contracts";
import { parseEvent, type ParsedEvent, type UsageEventInput } from "./event-input";

export type { UsageEventInput } from "./event-input";

/** The most events one call takes; a larger batch is refused whole. */
export const MAX_USAGE_BATCH = 10_000;

/**
 * Days after its end during which a billing period still takes usage. Invoicing does not exist yet,
 * so "closed" is a clock rule: a period is closed once it ended more than this many days ago, and a
 * late event for it counts toward the earliest open period instead (see docs/usage.md).
 */
export const CLOSED_PERIOD_GRACE_DAYS = 3;

export interface RejectedEvent { index: number; eventId: string; reason: string }

export interface IngestResult {
  /** Events stored by this call. */
  accepted: number;
  /** Event ids that were already stored, or repeated within the batch: counted once, never an error. */
  duplicates: string[];
  /** Of the accepted events, how many belonged to a closed period and now count toward the open one. */
  movedToOpenPeriod: number;
  /** Invalid events. When there are any, nothing of the batch is written (fix and resend it whole). */
  rejected: RejectedEvent[];
}

export interface IngestOptions {
  /** The clock, for tests: decides which periods are closed and what is "in the future". */
  now?: Date;
}

/** A valid, first-seen event, ready to store. */
interface Row { eventId: string; subscriptionId: string; meterId: string; quantity: string; occurredAt: string; periodStart: IsoDate; moved: boolean }

/**
 * Stores a batch of usage events for `tenantId` (the session's tenant) in set-based SQL: one query
 * loads every contract the batch names, one INSERT ... SELECT FROM unnest(...) stores the batch and
 * skips stored event ids. All-or-nothing for invalid events; duplicates are reported, not refused.
 */
export async function ingestUsageEvents(tx: TenantTx, tenantId: string, events: readonly UsageEventInput[], options: IngestOptions = {}): Promise<IngestResult> {
  if (!Array.isArray(events)) throw new DomainError("BAD_REQUEST", "events must be a list");
  if (events.length > MAX_USAGE_BATCH) {
    throw new DomainError("BAD_REQUEST", `A batch takes at most ${MAX_USAGE_BATCH.toLocaleString("en")} events; this one has ${events.length.toLocaleString("en")}. Nothing was stored: split it and resend.`, {
      events: [`At most ${MAX_USAGE_BATCH} events per batch`],
    });
  }
  if (events.length === 0) return { accepted: 0, duplicates: [], movedToOpenPeriod: 0, rejected: [] };
  const nowMs = (options.now ?? new Date()).getTime();

  // 1. Shape of each event; the first occurrence of an id wins, later ones are duplicates.
  const rejected: RejectedEvent[] = [];
  const duplicates: string[] = [];
  const seen = new Set<string>();
  const parsed: ParsedEvent[] = [];
  const subscriptionIds = new Set<string>();
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    const eventId = typeof e?.eventId === "string" ? e.eventId : "";
    if (eventId && seen.has(eventId)) {
      duplicates.push(eventId);
      continue;
    }
    const p = parseEvent(e, i, nowMs);
    if (typeof p === "string") {
      rejected.push({ index: i, eventId, reason: p });
      if (eventId) seen.add(eventId);
      continue;
    }
    seen.add(eventId);
    parsed.push(p);
    subscriptionIds.add(p.subscriptionId);
  }

  // 2. The contracts, one query for the batch; then the meter, version and period of each event.
  const policy = await tenantPolicy(tx);
  const contracts = await loadMeteredContracts(tx, [...subscriptionIds]);
  const localDate = localDateIn(policy.timeZone);
  const today = localDate(nowMs);
  const calendars = new Map<string, ContractCalendar>();
  const rows: Row[] = [];
  for (const p of parsed) {
    const contract: MeteredContract | undefined = contracts.get(p.subscriptionId);
    if (!contract) {
      rejected.push({ index: p.index, eventId: p.eventId, reason: "unknown subscription" });
      continue;
    }
    const date = localDate(p.at);
    const meterId = meterOnContract(contract, p.meter, date);
    if (typeof meterId !== "string") {
      rejected.push({ index: p.index, eventId: p.eventId, reason: meterId.reason });
      continue;
    }
    let calendar = calendars.get(contract.id);
    if (!calendar) calendars.set(contract.id, (calendar = new ContractCalendar(contract, today, CLOSED_PERIOD_GRACE_DAYS)));
    const { periodStart, moved } = calendar.periodFor(date);
    rows.push({ eventId: p.eventId, subscriptionId: p.subscriptionId, meterId, quantity: p.quantity, occurredAt: p.timestamp, periodStart, moved });
  }

  // 3. Duplicates are never errors: a rejected event whose id is already stored is a resend.
  if (rejected.length > 0) {
    const stored = await storedEventIds(tx, rejected.map((r) => r.eventId).filter(Boolean));
    const stillRejected = rejected.filter((r) => !stored.has(r.eventId));
    if (stillRejected.length > 0) {
      return { accepted: 0, duplicates: [], movedToOpenPeriod: 0, rejected: stillRejected.sort((a, b) => a.index - b.index) };
    }
    duplicates.push(...rejected.map((r) => r.eventId));
  }

  // 4. One statement stores the batch; stored ids are skipped and come back as duplicates.
  const stored = await insertRows(tx, tenantId, rows);
  return { accepted: stored.accepted, duplicates: [...stored.duplicates, ...duplicates], movedToOpenPeriod: stored.moved, rejected: [] };
}

async function insertRows(tx: TenantTx, tenantId: string, rows: Row[]): Promise<{ accepted: number; moved: number; duplicates: string[] }> {
  if (rows.length === 0) return { accepted: 0, moved: 0, duplicates: [] };
  // Rows go in event-id order so that two concurrent batches sharing ids wait on each other instead of deadlocking.
  rows.sort((a, b) => (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0));
  const n = rows.length;
  const eventIds = new Array<string>(n), subs = new Array<string>(n), meters = new Array<string>(n), quantities = new Array<string>(n);
  const occurred = new Array<string>(n), periods = new Array<string>(n), moved = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    eventIds[i] = r.eventId; subs[i] = r.subscriptionId; meters[i] = r.meterId; quantities[i] = r.quantity;
    occurred[i] = r.occurredAt; periods[i] = r.periodStart; moved[i] = r.moved ? "t" : "f";
  }
  const [result] = await tx.execute<{ accepted: number; moved: number; duplicates: string }>(sql`
    with input as (
      select * from unnest(${textArray(eventIds)}::text[], ${uuidArray(subs)}::uuid[], ${uuidArray(meters)}::uuid[], ${`{${quantities.join(",")}}`}::numeric[],
                           ${`{${occurred.join(",")}}`}::timestamptz[], ${`{${periods.join(",")}}`}::date[], ${`{${moved.join(",")}}`}::boolean[])
             as u(event_id, subscription_id, meter_id, quantity, occurred_at, period_start, moved)
    ), inserted as (
      insert into usage_events (tenant_id, event_id, subscription_id, meter_id, quantity, occurred_at, period_start)
      select ${tenantId}::uuid, event_id, subscription_id, meter_id, quantity, occurred_at, period_start from input
      on conflict (tenant_id, event_id) do nothing
      returning event_id
    )
    select (select count(*) from inserted)::int as accepted,
           (select count(*) from input i join inserted n on n.event_id = i.event_id where i.moved)::int as moved,
           (select coalesce(json_agg(i.event_id), '[]') from input i where not exists (select 1 from inserted n where n.event_id = i.event_id))::text as duplicates`);
  return { accepted: Number(result.accepted), moved: Number(result.moved), duplicates: JSON.parse(result.duplicates) as string[] };
}

async function storedEventIds(tx: TenantTx, eventIds: string[]): Promise<Set<string>> {
  if (eventIds.length === 0) return new Set();
  const rows = await tx.execute<{ event_id: string }>(sql`select event_id from usage_events where event_id = any(${textArray(eventIds)}::text[])`);
  return new Set(rows.map((r) => r.event_id));
}

/** The calendar date of an instant in the tenant's time zone, cached per quarter hour (every zone's offset is a multiple of 15 minutes). */
export function localDateIn(timeZone: string): (ms: number) => IsoDate {
  const utc = timeZone === "UTC" || timeZone === "Etc/UTC";
  const format = utc ? null : new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
  const bucket = utc ? 86_400_000 : 900_000;
  const cache = new Map<number, IsoDate>();
  return (ms) => {
    const key = Math.floor(ms / bucket);
    let date = cache.get(key);
    if (date === undefined) cache.set(key, (date = format ? format.format(ms) : new Date(ms).toISOString().slice(0, 10)));
    return date;
  };
}
