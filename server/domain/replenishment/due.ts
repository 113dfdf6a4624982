import { sql, type SQL } from "drizzle-orm";
import type { TenantTx } from "../../../db/with-tenant";
import { addDaysIso, type IsoDate } from "../subscriptions/periods";

/**
 * A run through date D creates the deliveries dated in [D - CATCH_UP_DAYS, D]. Older ones that no
 * run turned into an order (the job was down for weeks) are not created late: an operator decides
 * what to ship instead. Two weeks covers a missed weekend, a holiday and a failed job's retries.
 */
export const CATCH_UP_DAYS = 14;

/** The scheduled daily run orders deliveries this many days ahead, so they can be picked and shipped in time. */
export const LEAD_DAYS = 3;

export interface DueDelivery {
  subscription_id: string;
  item_id: string;
  product_id: string;
  delivery_date: string;
  ship_to_site_id: string;
  priority: number;
  [key: string]: unknown;
}

export function catchUpFrom(throughDate: IsoDate): IsoDate {
  return addDaysIso(throughDate, -CATCH_UP_DAYS);
}

/**
 * Every delivery due through `throughDate` that no run created yet, as one set-based select (RLS
 * keeps it to the transaction's tenant). The rule is `upcomingDeliveries` in schedule.ts, in SQL:
 * - active contracts only; dates from the term start and the first delivery date on, before the
 *   service end (cancel date, else the term end when the contract does not renew);
 * - the item must belong to the version in force on the date: versions that took effect
 *   (active or superseded), each from its effective date until the next one's;
 * - the k-th date is first + k * N weeks, or first + k * N months counted from the first date, which
 *   Postgres clamps to the month's end like date-fns (Jan 31 + 1 month = Feb 28, + 2 = Mar 31);
 * - not in scheduled_deliveries (subscription, product, date): the key that makes reruns no-ops.
 * Columns: subscription_id, item_id, product_id, delivery_date, ship_to_site_id, priority, position.
 */
export function dueDeliveriesSql(throughDate: IsoDate): SQL {
  const from = catchUpFrom(throughDate);
  return sql`
    with versions as (
      select v.subscription_id, v.id as version_id, v.effective_from,
             lead(v.effective_from) over (partition by v.subscription_id order by v.effective_from, v.version) as effective_until
        from subscription_versions v
        join subscriptions s on s.tenant_id = v.tenant_id and s.id = v.subscription_id and s.status = 'active'
       where v.status in ('active', 'superseded') and v.effective_from <= ${throughDate}::date
    ), windows as (
      select i.subscription_id, i.id as item_id, i.product_id, i.ship_to_site_id, i.position, i.first_delivery_date as first,
             i.delivery_every as every, i.delivery_unit as unit, s.priority,
             greatest(${from}::date, s.term_start, i.first_delivery_date, vv.effective_from) as lo,
             least(${throughDate}::date + 1,
                   coalesce(s.cancel_at, case when not s.auto_renew then s.term_end end, 'infinity'::date),
                   coalesce(vv.effective_until, 'infinity'::date)) as hi
        from versions vv
        join subscription_items i on i.tenant_id = current_setting('app.tenant_id')::uuid and i.version_id = vv.version_id and i.kind = 'delivery'
        join subscriptions s on s.tenant_id = i.tenant_id and s.id = i.subscription_id
    ), steps as (
      select w.*,
             case when w.unit = 'week' then greatest(0, ceil((w.lo - w.first)::numeric / (7 * w.every)))::int
                  else greatest(0, floor(((extract(year from w.lo) - extract(year from w.first)) * 12 + extract(month from w.lo) - extract(month from w.first)) / w.every))::int end as k_lo,
             case when w.unit = 'week' then floor((w.hi - 1 - w.first)::numeric / (7 * w.every))::int
                  else floor(((extract(year from w.hi - 1) - extract(year from w.first)) * 12 + extract(month from w.hi - 1) - extract(month from w.first)) / w.every)::int end as k_hi
        from windows w
       where w.lo < w.hi
    )
    select st.subscription_id, st.item_id, st.product_id, d.delivery_date::text as delivery_date, st.ship_to_site_id, st.priority, st.position
      from steps st
      cross join lateral generate_series(st.k_lo, st.k_hi) k
      cross join lateral (
        select case when st.unit = 'week' then st.first + k * 7 * st.every
                    else (st.first + make_interval(months => k * st.every))::date end as delivery_date
      ) d
     where d.delivery_date >= st.lo and d.delivery_date < st.hi
       and not exists (
         select 1 from scheduled_deliveries sd
          where sd.tenant_id = current_setting('app.tenant_id')::uuid and sd.subscription_id = st.subscription_id
            and sd.product_id = st.product_id and sd.delivery_date = d.delivery_date)`;
}

/** The due deliveries, in the order a run takes them (higher contract priority first, then date). */
export async function dueDeliveries(tx: TenantTx, throughDate: IsoDate): Promise<DueDelivery[]> {
  return tx.execute<DueDelivery>(sql`
    select * from (${dueDeliveriesSql(throughDate)}) due
     order by priority desc, delivery_date, subscription_id, ship_to_site_id, position, item_id`);
}

export async function countDueDeliveries(tx: TenantTx, throughDate: IsoDate): Promise<number> {
  const [row] = await tx.execute<{ n: number }>(sql`select count(*)::int as n from (${dueDeliveriesSql(throughDate)}) due`);
  return row.n;
}
