import { count, eq } from "drizzle-orm";
import { customers, memberships, resellers } from "../../../db/schema";
import type { TenantTx } from "../../../db/with-tenant";
import type { TenantActor } from "../access/actor";

/**
 * Headline counts for a portal's dashboard, and whom the actor acts for. The same queries serve
 * every portal: RLS decides what a reseller (its own customers) or a customer (itself) counts.
 */
export async function portalSummary(tx: TenantTx, actor: TenantActor) {
  const [[c], [r], [m], actingFor] = await Promise.all([
    tx.select({ n: count() }).from(customers),
    tx.select({ n: count() }).from(resellers),
    tx.select({ n: count() }).from(memberships),
    actingForName(tx, actor),
  ]);
  return { customers: c.n, resellers: r.n, members: m.n, actingFor };
}

async function actingForName(tx: TenantTx, actor: TenantActor): Promise<string | null> {
  if (actor.customerId) {
    const [row] = await tx.select({ name: customers.name }).from(customers).where(eq(customers.id, actor.customerId));
    return row?.name ?? null;
  }
  if (actor.resellerId) {
    const [row] = await tx.select({ name: resellers.name }).from(resellers).where(eq(resellers.id, actor.resellerId));
    return row?.name ?? null;
  }
  return null;
}
