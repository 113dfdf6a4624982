import { sql, type SQL } from "drizzle-orm";
import { plainArray } from "../../../db/pg-arrays";
import { asSystem, type TenantTx } from "../../../db/with-tenant";
import { emitEvents, type NewEvent } from "../events/emit";
import { belowReorderPointEvents, type StockLevel } from "../inventory/stock-events";
import { planAllocations, type AllocationPlan, type Demand, type SubstituteRule, type Supply } from "./allocation-plan";

export interface AllocationResult {
  reservedUnits: number;
  backorderedLines: number;
  backorderedUnits: number;
  substitutions: number;
  /** Per line: units still backordered after this allocation. */
  backordered: Map<string, number>;
  /** `order.allocated` / `order.backordered` for the orders touched: the caller emits them (`emitAllocationEvents`) after its own. */
  events: NewEvent[];
}

const EMPTY: AllocationResult = { reservedUnits: 0, backorderedLines: 0, backorderedUnits: 0, substitutions: 0, backordered: new Map(), events: [] };

/**
 * Emits an allocation's events. Separate from `allocateOrders` so a caller that creates the orders
 * emits `order.created` first: events of one transaction keep the order they were emitted in.
 */
export function emitAllocationEvents(tx: TenantTx, tenantId: string, result: AllocationResult): void {
  emitEvents(tx, tenantId, result.events);
}

/**
 * Reserves stock for the released, open orders given (all their stocked lines that are not fully
 * covered yet). Set-based whatever the number of orders: three reads and three writes.
 */
export function allocateOrders(tx: TenantTx, tenantId: string, orderIds: readonly string[]): Promise<AllocationResult> {
  if (orderIds.length === 0) return Promise.resolve(EMPTY);
  // Filtering on the line's order_id lets even a generic (cached) plan use order_lines' index.
  return allocate(tx, tenantId, sql`l.order_id = any(${plainArray(orderIds)}::uuid[])`, true);
}

/** The active stock-item substitutes of these products, in rank order (what `allocateOrders` reads for itself). */
export async function substituteRules(tx: TenantTx, productIds: readonly string[]): Promise<SubstituteRule[]> {
  if (productIds.length === 0) return [];
  const rows = await tx.execute<{ product_id: string; substitute_id: string; ratio: string }>(sql`
    select ps.product_id, ps.substitute_id, ps.ratio::text as ratio from product_substitutes ps
      join products p on p.tenant_id = ps.tenant_id and p.id = ps.substitute_id and p.status = 'active' and p.kind = 'stock_item'
     where ps.product_id = any(${plainArray([...new Set(productIds)])}::uuid[])
     order by ps.product_id, ps.rank`);
  return rows.map((r) => ({ productId: r.product_id, substituteId: r.substitute_id, ratio: r.ratio }));
}

/**
 * After stock arrived: serves the backordered lines of these products, higher order priority first,
 * then the oldest. Only the product itself fills a backorder (a substitute was already tried when the
 * order was allocated). Call it in the transaction that received the stock, after `lockStock`.
 */
export function fillBackorders(tx: TenantTx, tenantId: string, productIds: readonly string[]): Promise<AllocationResult> {
  if (productIds.length === 0) return Promise.resolve(EMPTY);
  return allocate(tx, tenantId, sql`l.backordered_quantity > 0 and l.product_id = any(${plainArray(productIds)}::uuid[])`, false);
}

/**
 * Locks the balance rows of these products in every warehouse, in (product, warehouse) order: the
 * order every stock writer uses, so concurrent writers queue instead of deadlocking. A receipt locks
 * first and then fills backorders; allocation locks before it reads what lines still need, so it
 * sees every reservation committed before it got the lock.
 */
export async function lockStock(tx: TenantTx, productIds: readonly string[]): Promise<Supply[]> {
  return (await lockStockLevels(tx, productIds)).supplies;
}

/**
 * `lockStock`, and each product's level over all warehouses as locked (what a reservation made now
 * changes, for `belowReorderPointEvents` without a read after it).
 */
export async function lockStockLevels(tx: TenantTx, productIds: readonly string[]): Promise<{ supplies: Supply[]; levels: Map<string, StockLevel> }> {
  if (productIds.length === 0) return { supplies: [], levels: new Map() };
  const rows = await asSystem(tx, () =>
    tx.execute<{ warehouse_id: string; product_id: string; available: number; priority: number; code: string; active: boolean; sku: string; reorder_point: number | null }>(sql`
      select b.warehouse_id, b.product_id, b.on_hand - b.reserved as available, w.priority, w.code, w.status = 'active' as active, p.sku, p.reorder_point
        from stock_balances b join warehouses w on w.tenant_id = b.tenant_id and w.id = b.warehouse_id
        join products p on p.tenant_id = b.tenant_id and p.id = b.product_id
       where b.product_id = any(${plainArray([...new Set(productIds)])}::uuid[])
       order by b.product_id, b.warehouse_id
         for update of b`),
  );
  const levels = new Map<string, StockLevel>();
  for (const r of rows) {
    const level = levels.get(r.product_id) ?? { sku: r.sku, reorderPoint: r.reorder_point === null ? null : Number(r.reorder_point), available: 0 };
    level.available += Number(r.available);
    levels.set(r.product_id, level);
  }
  const supplies = rows
    .filter((r) => r.active)
    .map((r) => ({ warehouseId: r.warehouse_id, productId: r.product_id, available: Number(r.available), warehousePriority: r.priority, warehouseCode: r.code }));
  return { supplies, levels };
}

/**
 * The reorder-point events of reserving `allocations` from stock whose levels `lockStockLevels` returned
 * when it locked them: nothing else changes them before the reservations, so no read after those.
 */
export function reservationStockEvents(levels: ReadonlyMap<string, StockLevel>, allocations: AllocationPlan["allocations"]): NewEvent[] {
  const availableChange = new Map<string, number>();
  for (const a of allocations) availableChange.set(a.productId, (availableChange.get(a.productId) ?? 0) - a.quantity);
  return belowReorderPointEvents(levels, availableChange);
}

async function allocate(tx: TenantTx, tenantId: string, lineFilter: SQL, substitutesAllowed: boolean): Promise<AllocationResult> {
  return asSystem(tx, async () => {
    const where = sql`l.stocked and o.hold is null and o.status in ('open', 'partially_shipped') and ${lineFilter}`;

    // 1. Which products (and substitutes) are involved, so their stock can be locked before reading needs.
    const involved = await tx.execute<{ product_id: string; substitute_id: string | null; ratio: string | null; allow: boolean }>(sql`
      select distinct l.product_id, s.substitute_id, s.ratio::text as ratio, s.rank,
             (o.allow_substitutions and c.allow_substitutions) as allow
        from order_lines l
        join orders o on o.tenant_id = l.tenant_id and o.id = l.order_id
        join customers c on c.tenant_id = o.tenant_id and c.id = o.customer_id
        left join lateral (
          select ps.substitute_id, ps.ratio, ps.rank from product_substitutes ps
            join products p on p.tenant_id = ps.tenant_id and p.id = ps.substitute_id and p.status = 'active' and p.kind = 'stock_item'
           where ${substitutesAllowed} and ps.tenant_id = l.tenant_id and ps.product_id = l.product_id
        ) s on true
       where ${where}
       order by l.product_id, s.rank`);
    if (involved.length === 0) return EMPTY;

    const substitutes: SubstituteRule[] = [];
    const seenRules = new Set<string>();
    for (const r of involved) {
      if (!r.substitute_id || !r.allow || seenRules.has(`${r.product_id}:${r.substitute_id}`)) continue;
      seenRules.add(`${r.product_id}:${r.substitute_id}`);
      substitutes.push({ productId: r.product_id, substituteId: r.substitute_id, ratio: r.ratio! });
    }

    // 2. Lock, then 3. read what every line still needs, in serving order, with a snapshot taken after the lock.
    const { supplies, levels } = await lockStockLevels(tx, [...involved.map((r) => r.product_id), ...substitutes.map((s) => s.substituteId)]);
    const lines = await tx.execute<{
      line_id: string;
      order_id: string;
      product_id: string;
      need: number;
      order_wh: string | null;
      customer_wh: string | null;
      allow: boolean;
    }>(sql`
      select l.id as line_id, l.order_id, l.product_id,
             l.quantity - coalesce((select sum(a.covers) from order_allocations a where a.tenant_id = l.tenant_id and a.order_line_id = l.id), 0)::int as need,
             o.preferred_warehouse_id as order_wh, c.preferred_warehouse_id as customer_wh,
             (o.allow_substitutions and c.allow_substitutions) as allow
        from order_lines l
        join orders o on o.tenant_id = l.tenant_id and o.id = l.order_id
        join customers c on c.tenant_id = o.tenant_id and c.id = o.customer_id
       where ${where}
       order by o.priority desc, o.created_at, o.id, l.line_no`);

    const demands: Demand[] = lines
      .filter((l) => l.need > 0)
      .map((l) => ({
        lineId: l.line_id,
        orderId: l.order_id,
        productId: l.product_id,
        need: l.need,
        preferredWarehouseIds: [l.order_wh, l.customer_wh].filter((id): id is string => id !== null),
        allowSubstitutes: substitutesAllowed && l.allow,
      }));
    if (demands.length === 0) return EMPTY;

    const plan = planAllocations(demands, supplies, substitutes);
    await writePlan(tx, tenantId, plan.allocations, plan.backordered);
    const events = [...allocationEvents(demands, plan, substitutesAllowed), ...reservationStockEvents(levels, plan.allocations)];

    let backorderedUnits = 0;
    let backorderedLines = 0;
    for (const units of plan.backordered.values()) {
      backorderedUnits += units;
      if (units > 0) backorderedLines++;
    }
    return {
      reservedUnits: plan.allocations.reduce((sum, a) => sum + a.quantity, 0),
      backorderedLines,
      backorderedUnits,
      substitutions: plan.allocations.filter((a) => a.substitute).length,
      backordered: plan.backordered,
      events,
    };
  });
}

/**
 * One `order.allocated` per order that got stock, and (on a first allocation, not a backorder fill)
 * one `order.backordered` per order with lines left short, listing them.
 */
export function allocationEvents(demands: readonly Demand[], plan: AllocationPlan, firstAllocation: boolean): NewEvent[] {
  const lineOf = new Map(demands.map((d) => [d.lineId, d]));
  const reserved = new Map<string, { units: number; substitutions: number; lines: Array<{ lineId: string; productId: string; warehouseId: string; quantity: number; substitute: boolean }> }>();
  for (const a of plan.allocations) {
    const r = reserved.get(a.orderId) ?? { units: 0, substitutions: 0, lines: [] };
    r.units += a.quantity;
    if (a.substitute) r.substitutions++;
    r.lines.push({ lineId: a.lineId, productId: a.productId, warehouseId: a.warehouseId, quantity: a.quantity, substitute: a.substitute });
    reserved.set(a.orderId, r);
  }
  const events: NewEvent[] = [...reserved].map(([orderId, r]) => ({
    type: "order.allocated",
    payload: { orderId, reservedUnits: r.units, substitutions: r.substitutions, allocations: r.lines },
  }));
  if (!firstAllocation) return events;
  const short = new Map<string, Array<{ lineId: string; productId: string; units: number }>>();
  for (const [lineId, units] of plan.backordered) {
    if (units <= 0) continue;
    const d = lineOf.get(lineId)!;
    short.set(d.orderId, [...(short.get(d.orderId) ?? []), { lineId, productId: d.productId, units }]);
  }
  for (const [orderId, lines] of short) events.push({ type: "order.backordered", payload: { orderId, backorderedUnits: lines.reduce((n, l) => n + l.units, 0), lines } });
  return events;
}

/** The plan in one statement: reservations (added to existing ones), reserved balances, and each line's backorder. */
// `id = any(ids)` beside each join on an unnest: it names the rows for the index, where a generic plan
// (postgres.js prepares statements) cannot tell the array's size and may hash-join a whole table.
export async function writePlan(tx: TenantTx, tenantId: string, allocations: ReturnType<typeof planAllocations>["allocations"], backordered: Map<string, number>) {
  const col = <K extends keyof (typeof allocations)[number]>(k: K) => plainArray(allocations.map((a) => a[k] as string | number));
  const lineIds = [...backordered.keys()];
  await tx.execute(sql`
    with plan as (
      select * from unnest(${col("orderId")}::uuid[], ${col("lineId")}::uuid[], ${col("warehouseId")}::uuid[], ${col("productId")}::uuid[],
                           ${col("quantity")}::int[], ${col("covers")}::int[], ${plainArray(allocations.map((a) => String(a.substitute)))}::boolean[])
        as x(order_id, line_id, warehouse_id, product_id, quantity, covers, substitute)
    ),
    reservations as (
      insert into order_allocations (tenant_id, order_id, order_line_id, warehouse_id, product_id, quantity, covers, substitute)
      select ${tenantId}, order_id, line_id, warehouse_id, product_id, quantity, covers, substitute from plan
      on conflict (tenant_id, order_line_id, product_id, warehouse_id) do update
        set quantity = order_allocations.quantity + excluded.quantity, covers = order_allocations.covers + excluded.covers
    ),
    balances as (
      update stock_balances b set reserved = b.reserved + x.quantity, updated_at = now()
        from (select warehouse_id, product_id, sum(quantity)::int as quantity from plan group by warehouse_id, product_id) x
       where b.tenant_id = ${tenantId} and b.product_id = x.product_id and b.warehouse_id = x.warehouse_id
    )
    update order_lines l set backordered_quantity = x.units
      from unnest(${plainArray(lineIds)}::uuid[], ${plainArray(lineIds.map((id) => backordered.get(id)!))}::int[]) as x(line_id, units)
     where l.tenant_id = ${tenantId} and l.id = any(${plainArray(lineIds)}::uuid[]) and l.id = x.line_id and l.backordered_quantity <> x.units`);
}
