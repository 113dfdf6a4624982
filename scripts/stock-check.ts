/**
 * `npm run stock:check`: rebuilds every stock balance from the ledger (on hand = sum of movements)
 * and the allocations (reserved = open allocations) and reports any drift, per tenant, in the
 * system scope. Boots the demo stack like the benches do (or uses DATABASE_URL). Exit code 1 on
 * drift, so it can run from cron or CI.
 */
import { sql } from "drizzle-orm";
import { closeAppPool } from "../db/client";
import { withTenant } from "../db/with-tenant";
import { WEB_PORT } from "./lib/config";
import { bootstrapStack } from "./lib/stack";
import { checkStockDrift } from "../server/domain/inventory/drift";

// Listing tenants needs the platform scope; no user acts here, so a fixed placeholder id.
const CHECKER = "00000000-0000-7000-8000-000000000000";

await bootstrapStack("demo", WEB_PORT);
const tenants = await withTenant({ kind: "platform", tenantId: null, userId: CHECKER }, (tx) =>
  tx.execute<{ id: string; slug: string }>(sql`select id, slug from tenants order by slug`),
);

let drifting = 0;
let balances = 0;
for (const t of tenants) {
  const { drift, count } = await withTenant({ kind: "system", tenantId: t.id }, async (tx) => {
    const [{ n }] = await tx.execute<{ n: number }>(sql`select count(*)::int as n from stock_balances`);
    return { drift: await checkStockDrift(tx), count: n };
  });
  balances += count;
  if (drift.length === 0) {
    console.log(`${t.slug}: ${count} balances agree with the ledger`);
    continue;
  }
  drifting += drift.length;
  console.log(`${t.slug}: ${drift.length} of ${count} balances drift`);
  for (const d of drift) {
    const parts = [
      d.onHand !== d.ledgerOnHand && `on hand ${d.onHand}, ledger says ${d.ledgerOnHand}`,
      d.reserved !== d.allocated && `reserved ${d.reserved}, open allocations say ${d.allocated}`,
    ].filter(Boolean);
    console.log(`  ${d.warehouseCode ?? d.warehouseId} ${d.sku ?? d.productId}: ${parts.join("; ")}`);
  }
}
console.log(`tenants=${tenants.length}`);
console.log(`balances=${balances}`);
console.log(`drift=${drifting}`);
await closeAppPool();
process.exitCode = drifting > 0 ? 1 : 0;
