import { sql } from "drizzle-orm";
import type { TenantTx } from "../../../db/with-tenant";

/**
 * The next number of a per-tenant sequence, in the caller's transaction. The upsert takes a row lock
 * on the counter, so concurrent issuers queue and a rolled-back document gives its number back:
 * numbers are gapless.
 */
export function nextNumber(tx: TenantTx, tenantId: string, name: string, period = ""): Promise<number> {
  return reserveNumbers(tx, tenantId, name, 1, period);
}

/** `SUB-000042` style references. */
export function formatReference(prefix: string, value: number, width = 6): string {
  return `${prefix}-${String(value).padStart(width, "0")}`;
}

/**
 * `count` consecutive numbers of a sequence in one bump (a replenishment chunk numbers a thousand
 * orders at once); returns the first. The upsert takes the counter's row lock, as `nextNumber` does.
 */
export async function reserveNumbers(tx: TenantTx, tenantId: string, name: string, count: number, period = ""): Promise<number> {
  const [row] = await tx.execute<{ last_value: string }>(sql`
    insert into tenant_counters (tenant_id, name, period, last_value) values (${tenantId}, ${name}, ${period}, ${count})
    on conflict (tenant_id, name, period) do update set last_value = tenant_counters.last_value + ${count}
    returning last_value`);
  return Number(row.last_value) - count + 1;
}
