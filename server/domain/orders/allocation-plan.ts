import { Dec } from "../money/money";

/** What a stocked order line still needs, in the order lines are served (priority, then age). */
export interface Demand {
  lineId: string;
  orderId: string;
  productId: string;
  /** Units of the line's product not yet covered by a reservation. */
  need: number;
  /** Warehouses to try first, in order (the delivery's, then the customer's); then by warehouse priority. */
  preferredWarehouseIds: readonly string[];
  allowSubstitutes: boolean;
}

/** Stock that can still be reserved at one warehouse (on hand - reserved), read under lock. */
export interface Supply {
  warehouseId: string;
  productId: string;
  available: number;
  /** Higher is tried first; `code` breaks ties so the order is stable. */
  warehousePriority: number;
  warehouseCode: string;
}

/** A substitute of a product, in rank order: `ratio` substitute units replace one unit. */
export interface SubstituteRule {
  productId: string;
  substituteId: string;
  ratio: string;
}

export interface PlannedAllocation {
  lineId: string;
  orderId: string;
  warehouseId: string;
  productId: string;
  /** Units of `productId` reserved. */
  quantity: number;
  /** Units of the line's product this reservation fulfils (differs from quantity for a substitute). */
  covers: number;
  substitute: boolean;
}

export interface AllocationPlan {
  allocations: PlannedAllocation[];
  /** Per line: what is still uncovered after this plan (0 when fully reserved). */
  backordered: Map<string, number>;
}

/**
 * Greedy allocation in serving order, so when stock is short the first lines (higher contract
 * priority, then older) are served in full before later ones get anything. Each line takes from its
 * preferred warehouses first, then the others by priority, and may split across warehouses; what the
 * product cannot cover is taken from its substitutes in rank order (at the line's own price, which
 * the order keeps); the rest is backordered. Pure: it only plans against the supply it is given.
 */
export function planAllocations(demands: readonly Demand[], supplies: readonly Supply[], substitutes: readonly SubstituteRule[] = []): AllocationPlan {
  const byProduct = new Map<string, Supply[]>();
  const left = new Map<string, number>();
  for (const s of supplies) {
    (byProduct.get(s.productId) ?? byProduct.set(s.productId, []).get(s.productId)!).push(s);
    left.set(key(s.productId, s.warehouseId), Math.max(0, s.available));
  }
  for (const list of byProduct.values()) {
    list.sort((a, b) => b.warehousePriority - a.warehousePriority || a.warehouseCode.localeCompare(b.warehouseCode));
  }
  const substitutesOf = new Map<string, SubstituteRule[]>();
  for (const rule of substitutes) (substitutesOf.get(rule.productId) ?? substitutesOf.set(rule.productId, []).get(rule.productId)!).push(rule);

  const allocations: PlannedAllocation[] = [];
  const backordered = new Map<string, number>();

  for (const demand of demands) {
    let remaining = demand.need;
    for (const warehouseId of warehouseOrder(byProduct.get(demand.productId) ?? [], demand.preferredWarehouseIds)) {
      if (remaining === 0) break;
      const k = key(demand.productId, warehouseId);
      const take = Math.min(remaining, left.get(k) ?? 0);
      if (take === 0) continue;
      left.set(k, left.get(k)! - take);
      remaining -= take;
      allocations.push({ lineId: demand.lineId, orderId: demand.orderId, warehouseId, productId: demand.productId, quantity: take, covers: take, substitute: false });
    }
    if (remaining > 0 && demand.allowSubstitutes) {
      for (const rule of substitutesOf.get(demand.productId) ?? []) {
        const ratio = new Dec(rule.ratio);
        for (const warehouseId of warehouseOrder(byProduct.get(rule.substituteId) ?? [], demand.preferredWarehouseIds)) {
          if (remaining === 0) break;
          const k = key(rule.substituteId, warehouseId);
          const available = left.get(k) ?? 0;
          // Whole line units only: cover c units with ceil(c x ratio) substitute units.
          const covers = Math.min(remaining, new Dec(available).div(ratio).floor().toNumber());
          if (covers === 0) continue;
          const quantity = new Dec(covers).mul(ratio).ceil().toNumber();
          left.set(k, available - quantity);
          remaining -= covers;
          allocations.push({ lineId: demand.lineId, orderId: demand.orderId, warehouseId, productId: rule.substituteId, quantity, covers, substitute: true });
        }
        if (remaining === 0) break;
      }
    }
    backordered.set(demand.lineId, remaining);
  }
  return { allocations, backordered };
}

function key(productId: string, warehouseId: string): string {
  return `${productId}:${warehouseId}`;
}

/** Preferred warehouses (that stock the product) first, in the given order, then the rest by priority. */
function warehouseOrder(stocked: readonly Supply[], preferred: readonly string[]): string[] {
  const ids = stocked.map((s) => s.warehouseId);
  const first = preferred.filter((id, i) => ids.includes(id) && preferred.indexOf(id) === i);
  return [...first, ...ids.filter((id) => !first.includes(id))];
}
