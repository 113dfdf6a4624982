import { sql } from "drizzle-orm";
import { plainArray } from "../../../db/pg-arrays";
import type { TenantTx } from "../../../db/with-tenant";
import type { NewEvent } from "../events/emit";

/**
 * `inventory.below_reorder_point` for the products whose available stock (on hand less reserved,
 * over all warehouses) has just crossed below their reorder point: it was at or above it before this
 * change (`availableChange`: product -> change of available) and is below it now. A product that
 * stays below is not reported again until it has been restocked. One read for the whole batch.
 */
export async function stockLevelEvents(tx: TenantTx, availableChange: ReadonlyMap<string, number>): Promise<NewEvent[]> {
  const dropped = [...availableChange].filter(([, change]) => change < 0);
  if (dropped.length === 0) return [];
  const rows = await tx.execute<{ product_id: string; sku: string; reorder_point: number; available: number; change: number }>(sql`
    select p.id as product_id, p.sku, p.reorder_point, coalesce(s.available, 0)::int as available, x.change
      from unnest(${plainArray(dropped.map(([id]) => id))}::uuid[], ${plainArray(dropped.map(([, c]) => c))}::int[]) as x(product_id, change)
      join products p on p.id = x.product_id and p.reorder_point is not null
      left join lateral (select sum(b.on_hand - b.reserved) as available from stock_balances b where b.product_id = p.id) s on true
     where coalesce(s.available, 0) < p.reorder_point and coalesce(s.available, 0) - x.change >= p.reorder_point
     order by p.sku`);
  return rows.map((r) => ({
    type: "inventory.below_reorder_point",
    payload: { productId: r.product_id, sku: r.sku, reorderPoint: Number(r.reorder_point), available: Number(r.available) },
  }));
}
