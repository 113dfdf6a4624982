import { sql } from "drizzle-orm";
import { plainArray } from "../../../db/pg-arrays";
import type { TenantTx } from "../../../db/with-tenant";
import type { NewEvent } from "../events/emit";

/** A product's stock before a change: available = on hand less reserved, over all warehouses. */
export interface StockLevel { sku: string; reorderPoint: number | null; available: number }

/**
 * `inventory.below_reorder_point` for the products whose available stock has just crossed below
 * their reorder point: it was at or above it before this change (`availableChange`: product -> change
 * of available) and is below it now. A product that stays below is not reported again until it has
 * been restocked. Events in SKU order.
 */
export function belowReorderPointEvents(before: ReadonlyMap<string, StockLevel>, availableChange: ReadonlyMap<string, number>): NewEvent[] {
  const crossed: Array<{ productId: string; sku: string; reorderPoint: number; available: number }> = [];
  for (const [productId, change] of availableChange) {
    const level = before.get(productId);
    if (change >= 0 || !level || level.reorderPoint === null) continue;
    const after = level.available + change;
    if (after < level.reorderPoint && level.available >= level.reorderPoint) crossed.push({ productId, sku: level.sku, reorderPoint: level.reorderPoint, available: after });
  }
  crossed.sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
  return crossed.map((payload) => ({ type: "inventory.below_reorder_point", payload }));
}

/** `belowReorderPointEvents` for a change already written: the levels are read (one read for the whole batch). */
export async function stockLevelEvents(tx: TenantTx, availableChange: ReadonlyMap<string, number>): Promise<NewEvent[]> {
  const dropped = [...availableChange].filter(([, change]) => change < 0);
  if (dropped.length === 0) return [];
  const rows = await tx.execute<{ product_id: string; sku: string; reorder_point: number; available: number }>(sql`
    select p.id as product_id, p.sku, p.reorder_point, coalesce(s.available, 0)::int as available
      from products p
      left join lateral (select sum(b.on_hand - b.reserved) as available from stock_balances b where b.product_id = p.id) s on true
     where p.id = any(${plainArray(dropped.map(([id]) => id))}::uuid[]) and p.reorder_point is not null`);
  const before = new Map(rows.map((r) => [r.product_id, { sku: r.sku, reorderPoint: Number(r.reorder_point), available: Number(r.available) - availableChange.get(r.product_id)! }]));
  return belowReorderPointEvents(before, availableChange);
}
