import { sql } from "drizzle-orm";
import type { TenantTx } from "../../../db/with-tenant";

/** What the staff order form offers besides customers and products: the active warehouses, tried-first on top. */
export async function orderFormOptions(tx: TenantTx): Promise<{ warehouses: Array<{ id: string; code: string; name: string }> }> {
  const warehouses = await tx.execute<{ id: string; code: string; name: string }>(sql`
    select id, code, name from warehouses where status = 'active' order by priority desc, code`);
  return { warehouses: warehouses.map((w) => ({ id: w.id, code: w.code, name: w.name })) };
}
