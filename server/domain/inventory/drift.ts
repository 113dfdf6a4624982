import { sql } from "drizzle-orm";
import { plainArray } from "../../../db/pg-arrays";
import type { TenantTx } from "../../../db/with-tenant";

/** A balance that disagrees with what the ledger and the allocations say it should be. */
export type StockDrift = {
  warehouseId: string;
  warehouseCode: string | null;
  productId: string;
  sku: string | null;
  /** Stored on the balance row (0 when a ledger entry has no balance row at all). */
  onHand: number;
  /** Sum of the location's stock movements. */
  ledgerOnHand: number;
  reserved: number;
  /** Sum of open allocations there: quantity - shipped - released. */
  allocated: number;
};

/**
 * Rebuilds every balance the transaction can see from the ledger and the allocations and returns
 * the rows that disagree: on hand vs the sum of movements, reserved vs the open allocations. A full
 * outer join, so a ledger or an allocation without a balance row is drift too; so is a balance below
 * zero or reserved above on hand (which the balance's checks forbid). Run it per tenant (system
 * scope): RLS keeps it to that tenant's rows. `productIds` narrows it to those products.
 */
export async function checkStockDrift(tx: TenantTx, productIds?: readonly string[]): Promise<StockDrift[]> {
  const only = productIds ? sql`where product_id = any(${plainArray([...productIds])}::uuid[])` : sql``;
  const rows = await tx.execute<StockDrift>(sql`
    with ledger as (
      select tenant_id, warehouse_id, product_id, sum(quantity)::bigint as on_hand from stock_movements ${only} group by tenant_id, warehouse_id, product_id
    ),
    allocated as (
      select tenant_id, warehouse_id, product_id, sum(quantity - shipped_quantity - released_quantity)::bigint as reserved
        from order_allocations ${only} group by tenant_id, warehouse_id, product_id
    ),
    balances as (select * from stock_balances ${only}),
    expected as (
      select coalesce(l.tenant_id, a.tenant_id) as tenant_id, coalesce(l.warehouse_id, a.warehouse_id) as warehouse_id, coalesce(l.product_id, a.product_id) as product_id,
             coalesce(l.on_hand, 0) as on_hand, coalesce(a.reserved, 0) as reserved
        from ledger l full join allocated a on a.tenant_id = l.tenant_id and a.warehouse_id = l.warehouse_id and a.product_id = l.product_id
    ),
    compared as (
      select coalesce(b.tenant_id, e.tenant_id) as tenant_id, coalesce(b.warehouse_id, e.warehouse_id) as warehouse_id, coalesce(b.product_id, e.product_id) as product_id,
             coalesce(b.on_hand, 0) as on_hand, coalesce(e.on_hand, 0) as ledger_on_hand, coalesce(b.reserved, 0) as reserved, coalesce(e.reserved, 0) as allocated
        from balances b
        full join expected e on e.tenant_id = b.tenant_id and e.warehouse_id = b.warehouse_id and e.product_id = b.product_id
    )
    select c.warehouse_id as "warehouseId", w.code as "warehouseCode", c.product_id as "productId", p.sku,
           c.on_hand::int as "onHand", c.ledger_on_hand::int as "ledgerOnHand", c.reserved::int as reserved, c.allocated::int as allocated
      from compared c
      left join warehouses w on w.tenant_id = c.tenant_id and w.id = c.warehouse_id
      left join products p on p.tenant_id = c.tenant_id and p.id = c.product_id
     where c.on_hand <> c.ledger_on_hand or c.reserved <> c.allocated or c.on_hand < 0 or c.reserved > c.on_hand
     order by p.sku, w.code`);
  return [...rows];
}

/** Units a drift report accounts for: the differences from the ledger, negatives and over-reservation. */
export function driftUnits(rows: readonly StockDrift[]): number {
  return rows.reduce(
    (sum, r) => sum + Math.abs(r.onHand - r.ledgerOnHand) + Math.abs(r.reserved - r.allocated) + Math.max(0, -r.onHand) + Math.max(0, r.reserved - r.onHand),
    0,
  );
}
