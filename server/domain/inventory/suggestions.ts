import { sql } from "drizzle-orm";
import type { TenantTx } from "../../../db/with-tenant";
import { containsPattern } from "../errors";
import { offsetOf, type Page } from "../lists";
import type { SuggestionListInput } from "./schemas";

/**
 * Replenishment suggestions: which stock items to buy, and how many.
 *
 * The rule (docs/inventory.md): for every active stock item with a reorder point,
 *   available   = on hand - reserved, summed over active warehouses
 *   backordered = units ordered but not yet reserved (open and partially shipped orders)
 *   net         = available - backordered
 * The item is suggested when net < reorder point, for 2 x reorder point - net units: enough to
 * cover the backorders and bring stock back up to twice the reorder point. Purchasing is out of
 * scope, so nothing is "on order" yet to subtract.
 */
export type SuggestionRow = {
  id: string;
  sku: string;
  name: string;
  unitOfMeasure: string;
  reorderPoint: number;
  onHand: number;
  reserved: number;
  available: number;
  backordered: number;
  suggested: number;
};

const SORT_SQL = {
  sku: sql`sku`,
  name: sql`name`,
  available: sql`available`,
  reorderPoint: sql`reorder_point`,
  suggested: sql`suggested`,
} as const;

export async function listSuggestions(tx: TenantTx, input: SuggestionListInput): Promise<Page<SuggestionRow>> {
  const search = input.search ? sql`and (p.sku ilike ${containsPattern(input.search)} or p.name ilike ${containsPattern(input.search)})` : sql``;
  const sortKey = input.sort ?? "suggested";
  const dir = input.sort ? (input.dir === "desc" ? sql`desc` : sql`asc`) : sql`desc`;
  const rows = await tx.execute<SuggestionRow & { total: number }>(sql`
    with stock as (
      select b.product_id, sum(b.on_hand)::int as on_hand, sum(b.reserved)::int as reserved, sum(b.available)::int as available
        from stock_balances b join warehouses w on w.tenant_id = b.tenant_id and w.id = b.warehouse_id
       where w.status = 'active'
       group by b.product_id
    ),
    backorders as (
      select l.product_id, sum(l.backordered_quantity)::int as backordered
        from order_lines l join orders o on o.tenant_id = l.tenant_id and o.id = l.order_id
       where l.backordered_quantity > 0 and o.status in ('open', 'partially_shipped')
       group by l.product_id
    ),
    suggestions as (
      select p.id, p.sku, p.name, p.unit_of_measure as "unitOfMeasure", p.reorder_point,
             coalesce(s.on_hand, 0) as on_hand, coalesce(s.reserved, 0) as reserved, coalesce(s.available, 0) as available,
             coalesce(bo.backordered, 0) as backordered,
             2 * p.reorder_point - (coalesce(s.available, 0) - coalesce(bo.backordered, 0)) as suggested
        from products p
        left join stock s on s.product_id = p.id
        left join backorders bo on bo.product_id = p.id
       where p.kind = 'stock_item' and p.status = 'active' and p.reorder_point is not null ${search}
         and coalesce(s.available, 0) - coalesce(bo.backordered, 0) < p.reorder_point
    )
    select id, sku, name, "unitOfMeasure", reorder_point as "reorderPoint", on_hand as "onHand", reserved, available, backordered, suggested,
           count(*) over ()::int as total
      from suggestions
     order by ${SORT_SQL[sortKey]} ${dir}, sku
     limit ${input.pageSize} offset ${offsetOf(input)}`);
  const total = rows[0]?.total ?? (input.page > 1 ? await countSuggestions(tx, input) : 0);
  return { rows: rows.map(({ total: _total, ...r }) => r), total, page: input.page, pageSize: input.pageSize };
}

/** The total when the requested page is past the end (the window count came back with no rows). */
async function countSuggestions(tx: TenantTx, input: SuggestionListInput): Promise<number> {
  const first = await listSuggestions(tx, { ...input, page: 1, pageSize: 1 });
  return first.total;
}
