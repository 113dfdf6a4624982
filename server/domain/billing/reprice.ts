import { sql } from "drizzle-orm";
import { plainArray } from "../../../db/pg-arrays";
import type { TenantTx } from "../../../db/with-tenant";

/*
 * Scheduled price changes at renewal: a contract that renews on `on_date` takes, for each flat-priced
 * fee and stock item, the price its own price book (the one the item's price was resolved from, kept in
 * `pricing.rule.priceBookId`) has in effect on that date. When any price differs, the renewal makes a
 * new version effective on that date with the items repriced (the others copied as they are) and the
 * old one superseded: the new term bills at the new prices, the history keeps the old ones. Set-based:
 * one statement for all renewing contracts of a chunk.
 */
export async function repriceAtRenewal(tx: TenantTx, tenantId: string, renewals: ReadonlyArray<{ subscriptionId: string; onDate: string }>): Promise<number> {
  if (renewals.length === 0) return 0;
  const rows = await tx.execute<{ subscription_id: string }>(sql`
    with renewing as (
      select * from unnest(${plainArray(renewals.map((r) => r.subscriptionId))}::uuid[], ${plainArray(renewals.map((r) => r.onDate))}::date[]) as r(subscription_id, on_date)
    ), current_version as (
      select distinct on (v.subscription_id) v.subscription_id, v.id as version_id, r.on_date,
             (select max(x.version) from subscription_versions x where x.tenant_id = v.tenant_id and x.subscription_id = v.subscription_id) as last_version
        from renewing r
        join subscription_versions v on v.tenant_id = ${tenantId} and v.subscription_id = r.subscription_id and v.status in ('active', 'superseded') and v.effective_from <= r.on_date
       order by v.subscription_id, v.effective_from desc, v.version desc
    ), priced as (
      select i.*, c.on_date, c.last_version,
             (select e.unit_price from price_book_entries e
               where e.tenant_id = i.tenant_id and e.price_book_id = (i.pricing -> 'rule' ->> 'priceBookId')::uuid and e.product_id = i.product_id and e.model = 'flat'
                 and e.effective_from <= c.on_date and (e.effective_to is null or e.effective_to > c.on_date)
               order by e.effective_from desc limit 1) as scheduled_price
        from current_version c
        join subscription_items i on i.tenant_id = ${tenantId} and i.version_id = c.version_id
    ), changed as (
      select distinct subscription_id, on_date, last_version, version_id
        from priced p
       where p.kind in ('recurring_fee', 'delivery') and p.scheduled_price is not null and p.scheduled_price is distinct from p.unit_price
    ), superseded as (
      update subscription_versions v set status = 'superseded' from changed c where v.tenant_id = ${tenantId} and v.id = c.version_id and v.status = 'active'
    ), versions as (
      insert into subscription_versions (tenant_id, subscription_id, version, effective_from, status, note)
      select ${tenantId}, subscription_id, last_version + 1, on_date, 'active', 'Renewal at the price book''s prices in effect on ' || on_date
        from changed
      returning id, subscription_id
    )
    insert into subscription_items (tenant_id, subscription_id, version_id, kind, product_id, meter_id, quantity, rating, package_size, commit_amount_minor,
                                    delivery_every, delivery_unit, position, unit_price, discount_percent, pricing, ship_to_site_id, preferred_warehouse_id, first_delivery_date)
    select ${tenantId}, p.subscription_id, v.id, p.kind, p.product_id, p.meter_id, p.quantity, p.rating, p.package_size, p.commit_amount_minor,
           p.delivery_every, p.delivery_unit, p.position,
           case when p.kind in ('recurring_fee', 'delivery') and p.scheduled_price is not null then p.scheduled_price else p.unit_price end,
           p.discount_percent,
           case when p.kind in ('recurring_fee', 'delivery') and p.scheduled_price is not null
                then jsonb_set(jsonb_set(p.pricing, '{terms,unitPrice}', to_jsonb(p.scheduled_price::text)), '{resolvedOn}', to_jsonb(p.on_date::text))
                else p.pricing end,
           p.ship_to_site_id, p.preferred_warehouse_id, p.first_delivery_date
      from priced p join versions v on v.subscription_id = p.subscription_id
    returning subscription_id`);
  return new Set(rows.map((r) => r.subscription_id)).size;
}
