import { sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import type { TenantTx } from "../../../db/with-tenant";
import { DomainError } from "../errors";
import { postJournalEntries, type PostingLine } from "../ledger/post";

/*
 * Monthly revenue recognition: for each month, every schedule with revenue left earns its share —
 * ratable schedules by day (what is left, spread over the days left, so a reversal by a credit note
 * is absorbed), point-in-time ones all in the month of their date — as recognition rows and ONE
 * journal entry per month (Dr deferred revenue / Cr revenue by category and currency). Months are
 * worked in order from the earliest with revenue left, so a job that missed a month catches up with
 * each month's own share. Idempotent per (schedule, month): the unique key on recognitions, and a
 * per-tenant lock so two jobs never post the same month twice.
 */

export const monthStart = (iso: string) => `${iso.slice(0, 7)}-01`;
export function nextMonth(month: string): string {
  const y = +month.slice(0, 4);
  const m = +month.slice(5, 7);
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, "0")}-01`;
}

export interface RecognitionResult {
  months: number;
  recognitions: number;
  /** All currencies together (a count for jobs and metrics); `byCurrency` is the money. */
  amountMinor: bigint;
  byCurrency: Record<string, bigint>;
  entries: number;
}

/** The last day an operator may recognize through on `today`: the end of the month before (a month is recognized once it is over). */
export function latestRecognizableDate(today: string): string {
  return lastDayOf(previousMonth(monthStart(today)));
}

/**
 * An operator's "recognize revenue through a date": only closed months. A month still open would
 * get its whole share now (the share is per month, not per day) and, being recognized once per
 * schedule and month, could not be corrected when the month ends.
 */
export async function recognizeClosedMonths(tx: TenantTx, tenantId: string, throughDate: string, today: string): Promise<RecognitionResult> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(throughDate)) throw new DomainError("BAD_REQUEST", "Recognize through a date (YYYY-MM-DD)", { throughDate: ["Enter a date (YYYY-MM-DD)"] });
  const latest = latestRecognizableDate(today);
  if (throughDate > latest) {
    throw new DomainError("BAD_REQUEST", `${monthStart(today).slice(0, 7)} is not over yet: recognize through ${latest} at the latest`, { throughDate: [`At most ${latest}: only months that are over`] });
  }
  return recognizeRevenue(tx, tenantId, throughDate);
}

/** Recognizes every month from the earliest with revenue left through `throughMonth` (any date in it). */
export async function recognizeRevenue(tx: TenantTx, tenantId: string, throughDate: string): Promise<RecognitionResult> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(throughDate)) throw new DomainError("BAD_REQUEST", "Recognize through a date (YYYY-MM-DD)");
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('revenue-recognition:' || ${tenantId}, 0))`);
  const through = monthStart(throughDate);
  const [{ first }] = await tx.execute<{ first: string | null }>(sql`
    select to_char(date_trunc('month', min(r.start_date)), 'YYYY-MM-DD') as first
      from revenue_schedules r
     where r.amount_minor <> coalesce((select sum(x.amount_minor) from revenue_recognized x where x.tenant_id = r.tenant_id and x.schedule_id = r.id), 0)`);
  const out: RecognitionResult = { months: 0, recognitions: 0, amountMinor: 0n, byCurrency: {}, entries: 0 };
  if (!first) return out;
  for (let month = first; month <= through; month = nextMonth(month)) {
    const r = await recognizeMonth(tx, tenantId, month);
    out.months++;
    out.recognitions += r.recognitions;
    out.amountMinor += r.amountMinor;
    for (const [currency, amount] of Object.entries(r.byCurrency)) out.byCurrency[currency] = (out.byCurrency[currency] ?? 0n) + amount;
    out.entries += r.entries;
  }
  return out;
}

async function recognizeMonth(tx: TenantTx, tenantId: string, month: string): Promise<Omit<RecognitionResult, "months">> {
  const end = nextMonth(month);
  const due = await tx.execute<{ id: string; category_id: string | null; currency: string; amount: string }>(sql`
    with s as (
      select r.id, r.category_id, r.currency, r.method, r.start_date, r.end_date,
             r.amount_minor - coalesce(sum(x.amount_minor), 0) as remaining
        from revenue_schedules r
        left join revenue_recognized x on x.tenant_id = r.tenant_id and x.schedule_id = r.id
       where r.start_date < ${end}::date
         and not exists (select 1 from revenue_recognized y where y.tenant_id = r.tenant_id and y.schedule_id = r.id and y.period_month = ${month}::date and y.kind = 'recognition')
       group by r.tenant_id, r.id
      having r.amount_minor - coalesce(sum(x.amount_minor), 0) <> 0
    )
    select id, category_id, currency,
           (case when method = 'point_in_time' or end_date <= ${end}::date then remaining
                 else round(remaining * (least(end_date, ${end}::date) - greatest(start_date, ${month}::date))::numeric
                                      / (end_date - greatest(start_date, ${month}::date)))
            end)::bigint::text as amount
      from s`);
  const rows = due.filter((d) => d.amount !== "0");
  if (rows.length === 0) return { recognitions: 0, amountMinor: 0n, byCurrency: {}, entries: 0 };

  const byAccount = new Map<string, { categoryId: string | null; currency: string; amount: bigint }>();
  for (const r of rows) {
    const key = `${r.currency}|${r.category_id ?? ""}`;
    const agg = byAccount.get(key) ?? { categoryId: r.category_id, currency: r.currency, amount: 0n };
    agg.amount += BigInt(r.amount);
    byAccount.set(key, agg);
  }
  const lines: PostingLine[] = [];
  for (const a of byAccount.values()) {
    if (a.amount === 0n) continue;
    const positive = a.amount > 0n;
    const abs = positive ? a.amount : -a.amount;
    lines.push({ account: "deferred_revenue", currency: a.currency, ...(positive ? { debitMinor: abs } : { creditMinor: abs }) });
    lines.push({ account: { revenueCategoryId: a.categoryId }, currency: a.currency, ...(positive ? { creditMinor: abs } : { debitMinor: abs }) });
  }
  const batchId = uuidv7();
  await postJournalEntries(tx, tenantId, null, [{ sourceType: "revenue_recognition", sourceId: batchId, eventKey: month.slice(0, 7), entryDate: lastDayOf(month), memo: `Revenue recognized in ${month.slice(0, 7)}`, lines }]);
  const [entry] = await tx.execute<{ id: string }>(sql`select id from journal_entries where source_type = 'revenue_recognition' and source_id = ${batchId}`);
  await tx.execute(sql`
    insert into revenue_recognitions (tenant_id, schedule_id, period_month, kind, amount_minor, journal_entry_id)
    select ${tenantId}, schedule_id, ${month}::date, 'recognition', amount, ${entry?.id ?? null}
      from unnest(${`{${rows.map((r) => r.id).join(",")}}`}::uuid[], ${`{${rows.map((r) => r.amount).join(",")}}`}::bigint[]) as x(schedule_id, amount)`);
  const byCurrency: Record<string, bigint> = {};
  for (const r of rows) byCurrency[r.currency] = (byCurrency[r.currency] ?? 0n) + BigInt(r.amount);
  return { recognitions: rows.length, amountMinor: rows.reduce((s, r) => s + BigInt(r.amount), 0n), byCurrency, entries: entry ? 1 : 0 };
}

function previousMonth(month: string): string {
  const y = +month.slice(0, 4);
  const m = +month.slice(5, 7);
  return m === 1 ? `${y - 1}-12-01` : `${y}-${String(m - 1).padStart(2, "0")}-01`;
}

function lastDayOf(month: string): string {
  const d = new Date(Date.parse(`${nextMonth(month)}T00:00:00Z`) - 86_400_000);
  return d.toISOString().slice(0, 10);
}
