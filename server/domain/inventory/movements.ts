import { sql } from "drizzle-orm";
import type { StockMovementKind } from "../../../db/schema";
import { plainArray, textArray } from "../../../db/pg-arrays";
import type { TenantTx } from "../../../db/with-tenant";
import { DomainError } from "../errors";
import { emitEvents } from "../events/emit";
import { stockLevelEvents } from "./stock-events";

export interface MovementInput {
  warehouseId: string;
  productId: string;
  kind: StockMovementKind;
  /** Change of on hand: positive into stock, negative out of it. */
  quantity: number;
  /** Change of reserved in the same step (a shipment takes its units out of reserved: -quantity). */
  reservedChange?: number;
  reason?: string;
  referenceType?: string | null;
  referenceId?: string | null;
  requestKey?: string | null;
}

/**
 * Appends stock movements and moves the balances with them, in the caller's transaction: the only way on hand
 * changes, so balances can always be rebuilt from the ledger. Balance rows are updated in
 * (product, warehouse) order, the order every stock writer locks in, so writers queue instead of
 * deadlocking. Going below zero, or below what is reserved, is refused by the balance's check
 * constraints and reported as a clear error; the caller's transaction then rolls back whole.
 */
export async function recordMovements(tx: TenantTx, tenantId: string, createdBy: string | null, movements: readonly MovementInput[]): Promise<void> {
  if (movements.length === 0) return;
  for (const m of movements) {
    if (!Number.isSafeInteger(m.quantity) || m.quantity === 0) throw new DomainError("BAD_REQUEST", "A stock movement needs a whole, non-zero quantity");
  }
  const col = <K extends keyof MovementInput>(key: K) => movements.map((m) => m[key] ?? null) as Array<Exclude<MovementInput[K], undefined> | null>;
  const input = sql`unnest(${plainArray(col("warehouseId"))}::uuid[], ${plainArray(col("productId"))}::uuid[], ${textArray(col("kind"))}::text[],
                           ${plainArray(col("quantity"))}::int[], ${plainArray(movements.map((m) => m.reservedChange ?? 0))}::int[],
                           ${textArray(movements.map((m) => m.reason ?? ""))}::text[], ${textArray(col("referenceType"))}::text[],
                           ${plainArray(col("referenceId"))}::uuid[], ${textArray(col("requestKey"))}::text[])
        as m(warehouse_id, product_id, kind, quantity, reserved_change, reason, reference_type, reference_id, request_key)`;
  try {
    // 1. The ledger rows, and an empty balance row for a location seen for the first time. (Not one
    // upsert: Postgres checks an INSERT's proposed row against the check constraints before it finds
    // the conflict, so a negative movement would fail even where the stock is there.)
    await tx.execute(sql`
      with ledger as (
        insert into stock_movements (tenant_id, warehouse_id, product_id, kind, quantity, reason, reference_type, reference_id, request_key, created_by)
        select ${tenantId}, warehouse_id, product_id, kind, quantity, reason, reference_type, reference_id, request_key, ${createdBy} from ${input}
      )
      insert into stock_balances (tenant_id, warehouse_id, product_id, on_hand, reserved)
      select distinct ${tenantId}::uuid, warehouse_id, product_id, 0, 0 from ${input} order by 3, 2
      on conflict (tenant_id, product_id, warehouse_id) do nothing`);
    // 2. Move the balances, rows locked in (product, warehouse) order first.
    await tx.execute(sql`
      with change as (
        select warehouse_id, product_id, sum(quantity)::int as quantity, sum(reserved_change)::int as reserved from ${input} group by warehouse_id, product_id
      ),
      locked as (
        select b.id, c.quantity, c.reserved from stock_balances b join change c on c.warehouse_id = b.warehouse_id and c.product_id = b.product_id
         where b.tenant_id = ${tenantId} order by b.product_id, b.warehouse_id for update of b
      )
      update stock_balances b set on_hand = b.on_hand + l.quantity, reserved = b.reserved + l.reserved, updated_at = now()
        from locked l where b.tenant_id = ${tenantId} and b.id = l.id`);
  } catch (error) {
    throw stockConstraintError(error) ?? error;
  }
  const availableChange = new Map<string, number>();
  for (const m of movements) availableChange.set(m.productId, (availableChange.get(m.productId) ?? 0) + m.quantity - (m.reservedChange ?? 0));
  emitEvents(tx, tenantId, await stockLevelEvents(tx, availableChange));
}

/** A balance check failing means the request asked for stock that is not there: say so plainly. */
export function stockConstraintError(error: unknown): DomainError | null {
  const pg = ((error as { cause?: unknown })?.cause ?? error) as { code?: string; constraint_name?: string };
  if (pg?.code !== "23514") return null;
  if (pg.constraint_name === "stock_balances_on_hand") return new DomainError("BAD_REQUEST", "Not enough stock on hand in that warehouse");
  if (pg.constraint_name === "stock_balances_reserved") return new DomainError("BAD_REQUEST", "That stock is reserved for orders: release or ship the reservations first");
  return null;
}
