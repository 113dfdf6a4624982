import { sql } from "drizzle-orm";
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
 * outer join, so a ledger or an allocation without a balance row is drift too. Run it per tenant
 * (system scope): RLS keeps it to that tenant's rows.
 */
export async function checkStockDrift(tx: TenantTx): Promise<StockDrift[]> {
  const rows = await tx.execute<StockDrift>(sql`
    with ledger as (
      select tenant_id, warehouse_id, product_id, sum(quantity)::bigint as on_hand from stock_movements group by tenant_id, warehouse_id, product_id
    ),
    allocated as (
      select tenant_id, warehouse_id, product_id, sum(quantity - shipped_quantity - released_quantity)::bigint as reserved
        from order_allocations group by tenant_id, warehouse_id, product_id
    ),
    expected as (
      select coalesce(l.tenant_id, a.tenant_id) as tenant_id, coalesce(l.warehouse_id, a.warehouse_id) as warehouse_id, coalesce(l.product_id, a.product_id) as product_id,
             coalesce(l.on_hand, 0) as on_hand, coalesce(a.reserved, 0) as reserved
        from ledger l full join allocated a on a.tenant_id = l.tenant_id and a.warehouse_id = l.warehouse_id and a.product_id = l.product_id
    ),
    compared as (
      select coalesce(b.tenant_id, e.tenant_id) as tenant_id, coalesce(b.warehouse_id, e.warehouse_id) as warehouse_id, coalesce(b.product_id, e.product_id) as product_id,
             coalesce(b.on_hand, 0) as on_hand, coalesce(e.on_hand, 0) as ledger_on_hand, coalesce(b.reserved, 0) as reserved, coalesce(e.reserved, 0) as allocated
        from stock_balances b
        full join expected e on e.tenant_id = b.tenant_id and e.warehouse_id = b.warehouse_id and e.product_id = b.product_id
    )
    select c.warehouse_id as "warehouseId", w.code as "warehouseCode", c.product_id as "productId", p.sku,
           c.on_hand::int as "onHand", c.ledger_on_hand::int as "ledgerOnHand", c.reserved::int as reserved, c.allocated::int as allocated
      from compared c
      left join warehouses w on w.tenant_id = c.tenant_id and w.id = c.warehouse_id
      left join products p on p.tenant_id = c.tenant_id and p.id = c.product_id
     where c.on_hand <> c.ledger_on_hand or c.reserved <> c.allocated
     order by p.sku, w.code`);
  return [...rows];
}
