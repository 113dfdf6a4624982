import { sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import type { TenantTx } from "../../db/with-tenant";
import { recordMovements } from "../../server/domain/inventory/movements";
import { fillBackorders, lockStock } from "../../server/domain/orders/allocate";
import { suffix } from "../helpers/db";
import type { TenantFixture } from "../helpers/fixtures";

export interface OrderScenario {
  customerId: string;
  siteId: string;
  warehouses: { north: string; south: string; east: string };
  products: { gauze: string; gauzeLarge: string; kit: string; archived: string };
}

/**
 * A customer with credit, three warehouses (north 30, south 20, east 10 priority) and stock items
 * priced in the tenant's EUR list book: gauze at 4.00, its substitute "gauze large" (2 replace 1),
 * a kit of 2 gauze at 15.00, and an archived item. No stock yet: tests receive what they need.
 */
export async function orderScenario(tx: TenantTx, tenant: TenantFixture, opts: { creditLimitMinor?: bigint; allowSubstitutions?: boolean } = {}): Promise<OrderScenario> {
  const id = () => uuidv7();
  const s: OrderScenario = {
    customerId: id(),
    siteId: id(),
    warehouses: { north: id(), south: id(), east: id() },
    products: { gauze: id(), gauzeLarge: id(), kit: id(), archived: id() },
  };
  const t = tenant.id;
  const tag = suffix();
  await tx.execute(sql`
    insert into customers (tenant_id, id, name, currency, credit_limit_minor, allow_substitutions)
    values (${t}, ${s.customerId}, ${`Clinic ${tag}`}, 'EUR', ${opts.creditLimitMinor ?? 100_000_000n}, ${opts.allowSubstitutions ?? true})`);
  await tx.execute(sql`insert into customer_sites (tenant_id, id, customer_id, name, is_default) values (${t}, ${s.siteId}, ${s.customerId}, 'Ward A', true)`);
  await tx.execute(sql`
    insert into warehouses (tenant_id, id, code, name, priority) values
      (${t}, ${s.warehouses.north}, ${`N-${tag}`}, 'North', 30), (${t}, ${s.warehouses.south}, ${`S-${tag}`}, 'South', 20), (${t}, ${s.warehouses.east}, ${`E-${tag}`}, 'East', 10)`);
  const p = s.products;
  await tx.execute(sql`
    insert into products (tenant_id, id, sku, name, kind, status) values
      (${t}, ${p.gauze}, ${`GZ-${tag}`}, 'Gauze 10cm', 'stock_item', 'active'),
      (${t}, ${p.gauzeLarge}, ${`GZL-${tag}`}, 'Gauze 5cm', 'stock_item', 'active'),
      (${t}, ${p.kit}, ${`KIT-${tag}`}, 'Dressing kit', 'kit', 'active'),
      (${t}, ${p.archived}, ${`OLD-${tag}`}, 'Old gauze', 'stock_item', 'archived')`);
  await tx.execute(sql`insert into kit_components (tenant_id, kit_id, component_id, quantity) values (${t}, ${p.kit}, ${p.gauze}, 2)`);
  await tx.execute(sql`insert into product_substitutes (tenant_id, product_id, substitute_id, rank, ratio) values (${t}, ${p.gauze}, ${p.gauzeLarge}, 1, 2)`);
  await tx.execute(sql`
    insert into price_book_entries (tenant_id, price_book_id, product_id, model, unit_price, effective_from) values
      (${t}, ${tenant.contract.listBookId}, ${p.gauze}, 'flat', 4, '2020-01-01'),
      (${t}, ${tenant.contract.listBookId}, ${p.gauzeLarge}, 'flat', 2.5, '2020-01-01'),
      (${t}, ${tenant.contract.listBookId}, ${p.kit}, 'flat', 15, '2020-01-01'),
      (${t}, ${tenant.contract.listBookId}, ${p.archived}, 'flat', 1, '2020-01-01')`);
  return s;
}

/** Receives stock the way a goods receipt does: lock, move, then fill backorders. */
export async function receive(tx: TenantTx, tenantId: string, warehouseId: string, productId: string, quantity: number) {
  await lockStock(tx, [productId]);
  await recordMovements(tx, tenantId, null, [{ warehouseId, productId, kind: "receipt", quantity }]);
  return fillBackorders(tx, tenantId, [productId]);
}

export async function balances(tx: TenantTx, productId: string) {
  return tx.execute<{ warehouse_id: string; on_hand: number; reserved: number }>(sql`
    select warehouse_id, on_hand, reserved from stock_balances where product_id = ${productId} order by warehouse_id`);
}

export async function allocationsOf(tx: TenantTx, orderId: string) {
  return tx.execute<{ warehouse_id: string; product_id: string; quantity: number; covers: number; substitute: boolean }>(sql`
    select warehouse_id, product_id, quantity, covers, substitute from order_allocations where order_id = ${orderId} order by created_at, warehouse_id`);
}

export async function orderRow(tx: TenantTx, orderId: string) {
  const [row] = await tx.execute<{ number: string; status: string; hold: string | null; hold_reason: string; total_minor: string }>(sql`
    select number, status, hold, hold_reason, total_minor::text from orders where id = ${orderId}`);
  return row;
}
