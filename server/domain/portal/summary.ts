import { count } from "drizzle-orm";
import { customers, memberships, resellers } from "../../../db/schema";
import type { TenantTx } from "../../../db/with-tenant";

/**
 * Headline counts for a portal's dashboard. The same query serves every portal: RLS decides
 * what a reseller (its own customers) or a customer (itself) is counting.
 */
export async function portalSummary(tx: TenantTx) {
  const [[c], [r], [m]] = await Promise.all([
    tx.select({ n: count() }).from(customers),
    tx.select({ n: count() }).from(resellers),
    tx.select({ n: count() }).from(memberships),
  ]);
  return { customers: c.n, resellers: r.n, members: m.n };
}
