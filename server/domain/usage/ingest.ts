import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import type { TenantTx } from "../../../db/with-tenant";
import { DomainError } from "../errors";
import type { IsoDate } from "../subscriptions/periods";
import { tenantPolicy } from "../tenancy/settings";
import { plainArray as uuidArray, textArray } from "../../../db/pg-arrays";
import { ContractCalendar, loadMeteredContracts, meterOnContract, type MeteredContract } from "./contracts";
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
  const wellFormedIds = new Set<string>();
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    const eventId = typeof e?.eventId === "string" ? e.eventId : "";
    if (eventId && seen.has(eventId)) {
      duplicates.push(eventId);
      continue;
    }
    const p = parseEvent(e, i, nowMs, wellFormedIds);
    if (typeof p === "string") {
      rejected.push({ index: i, eventId, reason: p });
      if (eventId) seen.add(eventId);
      continue;
    }
    seen.add(eventId);
    parsed.push(p);
    subscriptionIds.add(p.subscriptionId);
  }
  // Rows go in one fixed order (event ids descending) so that two concurrent batches sharing ids wait
  // on each other instead of deadlocking. Descending because client ids mostly grow with time: a resend
  // carries older ids than the batch's new events, so a batch that must wait for an in-flight one
  // holding the same ids waits at the end, with its own rows written, instead of before them.
  parsed.sort((a, b) => (a.eventId < b.eventId ? 1 : a.eventId > b.eventId ? -1 : 0));

  // 2. The contracts, one query for the batch; then the meter, version and period of each event,
  // written straight into the columns of the INSERT.
  const policy = await tenantPolicy(tx);
  const contracts = await loadMeteredContracts(tx, [...subscriptionIds]);
  const localDate = localDateIn(policy.timeZone);
  const today = localDate(nowMs);
  const calendars = new Map<string, ContractCalendar>();
  const rows: Columns = { eventIds: [], subscriptionIds: [], meterIds: [], quantities: [], occurredAt: [], periodStarts: [], moved: [] };
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
    rows.eventIds.push(p.eventId);
    rows.subscriptionIds.push(p.subscriptionId);
    rows.meterIds.push(meterId);
    rows.quantities.push(p.quantity);
    rows.occurredAt.push(p.timestamp);
    rows.periodStarts.push(calendar.periodFor(date));
    rows.moved.push(date < calendar.open.start);
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

/** The batch to store, column by column, in descending event-id order. */
interface Columns { eventIds: string[]; subscriptionIds: string[]; meterIds: string[]; quantities: string[]; occurredAt: string[]; periodStarts: string[]; moved: boolean[] }

async function insertRows(tx: TenantTx, tenantId: string, rows: Columns): Promise<{ accepted: number; moved: number; duplicates: string[] }> {
  const n = rows.eventIds.length;
  if (n === 0) return { accepted: 0, moved: 0, duplicates: [] };
  // A batch names few contracts and meters: each goes once, rows carry its position (1-based).
  const subscriptions = dictionary(rows.subscriptionIds), meters = dictionary(rows.meterIds);
  const [result] = await tx.execute<{ accepted: number; duplicates: string }>(sql`
    with input as (
      select * from unnest(${uuidv7Run(n)}::uuid[], ${textArray(rows.eventIds)}::text[], ${`{${subscriptions.positions.join(",")}}`}::int[], ${`{${meters.positions.join(",")}}`}::int[],
                           ${`{${rows.quantities.join(",")}}`}::numeric[], ${`{${rows.occurredAt.join(",")}}`}::timestamptz[], ${`{${rows.periodStarts.join(",")}}`}::date[])
             as u(id, event_id, subscription, meter, quantity, occurred_at, period_start)
    ), inserted as (
      insert into usage_events (tenant_id, id, event_id, subscription_id, meter_id, quantity, occurred_at, period_start)
      select ${tenantId}::uuid, id, event_id, (${uuidArray(subscriptions.values)}::uuid[])[subscription], (${uuidArray(meters.values)}::uuid[])[meter], quantity, occurred_at, period_start
        from input
      on conflict (tenant_id, event_id) do nothing
      returning event_id
    )
    select (select count(*) from inserted)::int as accepted,
           (select coalesce(json_agg(i.event_id), '[]') from input i where not exists (select 1 from inserted n where n.event_id = i.event_id))::text as duplicates`);
  const duplicates = JSON.parse(result.duplicates) as string[];
  let moved = 0;
  if (duplicates.length === 0) {
    for (let i = 0; i < n; i++) if (rows.moved[i]) moved++;
  } else {
    const skipped = new Set(duplicates);
    for (let i = 0; i < n; i++) if (rows.moved[i] && !skipped.has(rows.eventIds[i])) moved++;
  }
  return { accepted: Number(result.accepted), moved, duplicates };
}

/** The distinct values of a column and, for each row, the 1-based position of its value. */
function dictionary(column: readonly string[]): { values: string[]; positions: number[] } {
  const index = new Map<string, number>();
  const values: string[] = [];
  const positions = new Array<number>(column.length);
  for (let i = 0; i < column.length; i++) {
    let at = index.get(column[i]);
    if (at === undefined) index.set(column[i], (at = values.push(column[i])));
    positions[i] = at;
  }
  return { values, positions };
}

/**
 * `n` fresh UUIDv7 ids as an array literal, made here rather than by the column default (Postgres
 * draws 10 random bytes per uuidv7() call, a tenth of the INSERT's time): one timestamp and random
 * draw per batch, the low bits counting up from a random start (RFC 9562, monotonic random).
 */
function uuidv7Run(n: number): string {
  const time = Date.now().toString(16).padStart(12, "0");
  const random = randomBytes(10);
  const head = `${time.slice(0, 8)}-${time.slice(8, 12)}-7${random.toString("hex", 0, 2).slice(1)}-${(0x8000 | (random.readUInt16BE(2) & 0x3fff)).toString(16)}-${random.toString("hex", 4, 7)}`;
  // The last 24 bits count from a random start that leaves room for n ids (n <= MAX_USAGE_BATCH).
  const start = random.readUIntBE(7, 3) % (0x1000000 - n);
  const ids = new Array<string>(n);
  for (let i = 0; i < n; i++) ids[i] = head + (start + i).toString(16).padStart(6, "0");
  return `{${ids.join(",")}}`;
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
