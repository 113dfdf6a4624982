import { sql } from "drizzle-orm";
import { z } from "zod";
import type { TenantTx } from "../../../db/with-tenant";
import { nextMonth, monthStart } from "./recognition";

/*
 * Finance reports over billing and the ledger: receivables aging by customer, and the deferred
 * revenue waterfall (what was recognized per month, and what the schedules will recognize next).
 * The trial balance is the ledger's (server/domain/ledger/reports.ts).
 */

export const AGING_BUCKETS = ["current", "d1_30", "d31_60", "d61_90", "d90_plus"] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

export interface AgingRow { customer_id: string; customer: string; currency: string; current: string; d1_30: string; d31_60: string; d61_90: string; d90_plus: string; total: string; [key: string]: unknown }

export interface AgingTotal { currency: string; current: string; d1_30: string; d31_60: string; d61_90: string; d90_plus: string; total: string }

export const arAgingInput = z.object({ asOf: z.iso.date("As of must be a date (YYYY-MM-DD)") });

/**
 * Open receivables (issued and partly paid invoices, by their open balance) per customer and currency,
 * by days past due on `asOf`: not yet due, 1-30, 31-60, 61-90, over 90. Invoices issued after `asOf` are left out.
 */
export async function arAging(tx: TenantTx, raw: z.input<typeof arAgingInput>): Promise<{ rows: AgingRow[]; totals: AgingTotal[] }> {
  const { asOf } = arAgingInput.parse(raw);
  const rows = await tx.execute<AgingRow>(sql`
    with open as (
      select i.customer_id, i.currency, i.balance_minor as open, ${asOf}::date - i.due_date as late
        from invoices i
       where i.status in ('issued', 'partially_paid') and i.balance_minor > 0 and i.issue_date <= ${asOf}::date
    )
    select o.customer_id, c.name as customer, o.currency,
           sum(open) filter (where late <= 0)::text as current,
           coalesce(sum(open) filter (where late between 1 and 30), 0)::text as d1_30,
           coalesce(sum(open) filter (where late between 31 and 60), 0)::text as d31_60,
           coalesce(sum(open) filter (where late between 61 and 90), 0)::text as d61_90,
           coalesce(sum(open) filter (where late > 90), 0)::text as d90_plus,
           sum(open)::text as total
      from open o join customers c on c.tenant_id = current_setting('app.tenant_id')::uuid and c.id = o.customer_id
     group by o.customer_id, c.name, o.currency
     order by sum(open) desc, c.name`);
  for (const r of rows) r.current ??= "0";
  const totals = new Map<string, AgingTotal>();
  for (const r of rows) {
    const t = totals.get(r.currency) ?? { currency: r.currency, current: "0", d1_30: "0", d31_60: "0", d61_90: "0", d90_plus: "0", total: "0" };
    for (const k of [...AGING_BUCKETS, "total"] as const) t[k] = (BigInt(t[k]) + BigInt(r[k])).toString();
    totals.set(r.currency, t);
  }
  return { rows, totals: [...totals.values()] };
}

export const waterfallInput = z.object({
  asOf: z.iso.date("As of must be a date (YYYY-MM-DD)"),
  monthsBack: z.number().int().min(0).max(24).default(6),
  monthsAhead: z.number().int().min(1).max(36).default(12),
});

export interface WaterfallMonth { month: string; currency: string; recognized: string; scheduled: string; [key: string]: unknown }

/**
 * Per month and currency: revenue recognized (recognition rows, past months) and revenue the schedules
 * will recognize (what is left of each schedule, spread by day like the recognition job, from the month
 * after `asOf`'s), plus the deferred balance left at `asOf`.
 */
export async function deferredWaterfall(tx: TenantTx, raw: z.input<typeof waterfallInput>): Promise<{ months: WaterfallMonth[]; deferred: Array<{ currency: string; remaining: string }> }> {
  const input = waterfallInput.parse(raw);
  const current = monthStart(input.asOf);
  let from = current;
  for (let i = 0; i < input.monthsBack; i++) from = previousMonth(from);
  let until = current;
  for (let i = 0; i < input.monthsAhead; i++) until = nextMonth(until);
  const months = await tx.execute<WaterfallMonth>(sql`
    with m as (select generate_series(${from}::date, ${until}::date, interval '1 month')::date as month),
    left_ as (
      select r.id, r.currency, r.method, r.start_date, r.end_date,
             r.amount_minor - coalesce((select sum(x.amount_minor) from revenue_recognized x where x.tenant_id = r.tenant_id and x.schedule_id = r.id), 0) as remaining
        from revenue_schedules r
    ),
    projected as (
      -- What is left is earned from the later of its start and next month on, by day.
      select l.currency, m.month,
             case when l.method = 'point_in_time' then l.remaining
                  else l.remaining * (least(l.end_date, (m.month + interval '1 month')::date) - greatest(l.start_date, m.month))::numeric
                       / greatest(1, l.end_date - greatest(l.start_date, ${nextMonth(current)}::date)) end as amount
        from left_ l
        join m on m.month > ${current}::date and l.remaining <> 0
               and greatest(l.start_date, ${nextMonth(current)}::date) < (m.month + interval '1 month')::date and l.end_date > m.month
               and (l.method <> 'point_in_time' or date_trunc('month', greatest(l.start_date, ${nextMonth(current)}::date)) = m.month)
    ),
    recognized as (
      select r.currency, x.period_month as month, sum(x.amount_minor) as amount
        from revenue_recognized x join revenue_schedules r on r.tenant_id = x.tenant_id and r.id = x.schedule_id
       where x.kind = 'recognition' and x.period_month between ${from}::date and ${current}::date
       group by 1, 2
    )
    select to_char(m.month, 'YYYY-MM') as month, c.currency,
           coalesce((select amount from recognized r where r.currency = c.currency and r.month = m.month), 0)::text as recognized,
           coalesce((select round(sum(p.amount)) from projected p where p.currency = c.currency and p.month = m.month), 0)::bigint::text as scheduled
      from m cross join (select distinct currency from revenue_schedules) c
     order by c.currency, m.month`);
  const deferred = await tx.execute<{ currency: string; remaining: string }>(sql`
    select r.currency, sum(r.amount_minor - coalesce((select sum(x.amount_minor) from revenue_recognized x where x.tenant_id = r.tenant_id and x.schedule_id = r.id), 0))::text as remaining
      from revenue_schedules r group by r.currency order by r.currency`);
  return { months, deferred };
}

function previousMonth(month: string): string {
  const y = +month.slice(0, 4);
  const m = +month.slice(5, 7);
  return m === 1 ? `${y - 1}-12-01` : `${y}-${String(m - 1).padStart(2, "0")}-01`;
}
