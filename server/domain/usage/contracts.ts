import { plainArray as uuidArray } from "../../../db/pg-arrays";
import { sql } from "drizzle-orm";
import type { TenantTx } from "../../../db/with-tenant";
import { addDaysIso, periodContaining, type BillingInterval, type IsoDate, type Period } from "../subscriptions/periods";

/**
 * What ingestion needs to know of a contract: its term and billing calendar, and for each version in
 * force at some date (active, or superseded by a later one) the usage meters it carries, by code.
 */
export interface MeteredContract {
  id: string;
  status: string;
  termStart: IsoDate;
  /** For a cancelled or expired contract, the date usage stops counting (cancel date or term end). */
  endedOn: IsoDate | null;
  anchorDay: number;
  interval: BillingInterval;
  /** Oldest first. */
  versions: Array<{ effectiveFrom: IsoDate; meters: Record<string, string> }>;
}

/**
 * The contracts of the given ids that this session can see (RLS hides other tenants' and, for narrow
 * scopes, other customers'), in one query for the whole batch.
 */
export async function loadMeteredContracts(tx: TenantTx, subscriptionIds: string[]): Promise<Map<string, MeteredContract>> {
  if (subscriptionIds.length === 0) return new Map();
  const rows = await tx.execute<{
    id: string; status: string; term_start: string; term_end: string; cancel_at: string | null; anchor_day: number; billing_interval: BillingInterval;
    versions: string;
  }>(sql`
    select s.id, s.status, s.term_start::text, s.term_end::text, s.cancel_at::text, s.anchor_day, s.billing_interval,
           coalesce((
             select json_agg(json_build_object(
                      'effectiveFrom', v.effective_from,
                      'meters', (select coalesce(json_object_agg(m.code, m.id), '{}')
                                   from subscription_items i
                                   join meters m on m.tenant_id = i.tenant_id and m.id = i.meter_id
                                  where i.tenant_id = v.tenant_id and i.version_id = v.id and i.kind = 'usage'))
                    order by v.effective_from, v.version)
               from subscription_versions v
              where v.tenant_id = s.tenant_id and v.subscription_id = s.id and v.status in ('active', 'superseded')
           ), '[]')::text as versions
      from subscriptions s
     where s.id = any(${uuidArray(subscriptionIds)}::uuid[])`);
  const out = new Map<string, MeteredContract>();
  for (const r of rows) {
    const ended = r.status === "cancelled" || r.status === "expired";
    out.set(r.id, {
      id: r.id,
      status: r.status,
      termStart: r.term_start,
      endedOn: ended ? (r.cancel_at && r.cancel_at < r.term_end ? r.cancel_at : r.term_end) : null,
      anchorDay: Number(r.anchor_day),
      interval: r.billing_interval,
      versions: JSON.parse(r.versions) as MeteredContract["versions"],
    });
  }
  return out;
}

/** The meter id of `code` on the version in force on `date`, or the reason the event cannot count. */
export function meterOnContract(contract: MeteredContract, code: string, date: IsoDate): string | { reason: string } {
  if (date < contract.termStart) return { reason: "timestamp is before the contract starts" };
  if (contract.endedOn && date >= contract.endedOn) return { reason: `timestamp is after the contract ended (${contract.status})` };
  let version: MeteredContract["versions"][number] | undefined;
  for (const v of contract.versions) if (v.effectiveFrom <= date) version = v;
  if (!version) return { reason: "the subscription has no active version on that date" };
  return version.meters[code] ?? { reason: `meter "${code}" is not on the subscription` };
}

/**
 * Billing periods of one contract. A period is closed once it ended more than `graceDays` ago, so the
 * earliest open period is the one containing (today - graceDays); events of an earlier period count
 * toward that one. Period lookups are cached per date: a batch's events share few dates.
 */
export class ContractCalendar {
  readonly open: Period;
  private readonly cache = new Map<IsoDate, IsoDate>();

  constructor(private readonly contract: MeteredContract, today: IsoDate, graceDays: number) {
    this.open = this.periodOf(openDateMemo(today, graceDays));
  }

  private periodOf(date: IsoDate): Period {
    const c = this.contract;
    return memoPeriodContaining(date, c.termStart, c.anchorDay, c.interval);
  }

  /** The start of the period the event counts toward; a date before `open.start` was moved out of a closed period. */
  periodFor(date: IsoDate): IsoDate {
    if (date < this.open.end) return this.open.start;
    let start = this.cache.get(date);
    if (start === undefined) this.cache.set(date, (start = this.periodOf(date).start));
    return start;
  }
}

// A batch builds one calendar per contract, all with the same today.
let openDateKey = "", openDate: IsoDate = "";
function openDateMemo(today: IsoDate, graceDays: number): IsoDate {
  const key = `${today}|${graceDays}`;
  if (key !== openDateKey) [openDateKey, openDate] = [key, addDaysIso(today, -graceDays)];
  return openDate;
}

// periodContaining is pure; contracts share term starts and anchors, so batches mostly hit this cache.
const periodMemo = new Map<string, Period>();
function memoPeriodContaining(date: IsoDate, termStart: IsoDate, anchorDay: number, interval: BillingInterval): Period {
  const key = `${date}|${termStart}|${anchorDay}|${interval}`;
  let period = periodMemo.get(key);
  if (!period) {
    if (periodMemo.size >= 50_000) periodMemo.clear();
    periodMemo.set(key, (period = periodContaining(date, termStart, anchorDay, interval)));
  }
  return period;
}
