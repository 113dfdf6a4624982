import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { withTenant } from "../../db/with-tenant";
import { stackUrls } from "../../scripts/lib/config";
import type { TenantFixture } from "../helpers/fixtures";

export { callerAs } from "../customers/helpers";

/** A fresh idempotency key, as a form makes one per opened form. */
export const key = () => `test-${randomUUID()}`;

/**
 * Runs statements as the tables' owner (the migrations' role), outside app_user's grants: how a test
 * injects what the app can never write, e.g. a balance that disagrees with its ledger.
 */
export async function asOwner<T>(tenantId: string, fn: (tx: postgres.TransactionSql) => Promise<T>): Promise<T> {
  const owner = postgres(stackUrls("test").ownerUrl, { max: 1, onnotice: () => {} });
  try {
    return (await owner.begin(async (tx) => {
      await tx`select set_config('app.tenant_id', ${tenantId}, true), set_config('app.scope', 'system', true)`;
      return fn(tx);
    })) as T;
  } finally {
    await owner.end();
  }
}

/** Everything a stock operation can touch, counted tenant-wide: a refused call must leave all of it alone. */
export async function stockCounts(T: TenantFixture) {
  const [row] = await withTenant({ kind: "system", tenantId: T.id }, (tx) =>
    tx.execute<{ movements: number; receipts: number; lines: number; balances: string }>(sql`
      select (select count(*)::int from stock_movements) as movements,
             (select count(*)::int from goods_receipts) as receipts,
             (select count(*)::int from goods_receipt_lines) as lines,
             (select coalesce(string_agg(warehouse_id || ':' || product_id || '=' || on_hand || '/' || reserved, ',' order by warehouse_id, product_id), '') from stock_balances) as balances`),
  );
  return row;
}

/** On hand / reserved / available of one location, read tenant-wide. */
export async function balance(T: TenantFixture, warehouseId: string, productId: string) {
  const [row] = await withTenant({ kind: "system", tenantId: T.id }, (tx) =>
    tx.execute<{ on_hand: number; reserved: number; available: number }>(sql`
      select on_hand, reserved, available from stock_balances where warehouse_id = ${warehouseId} and product_id = ${productId}`),
  );
  return row ? { onHand: row.on_hand, reserved: row.reserved, available: row.available } : null;
}
