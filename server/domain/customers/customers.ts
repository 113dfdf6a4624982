import { asc, count, eq, ilike } from "drizzle-orm";
import { customers, resellers } from "../../../db/schema";
import type { TenantTx } from "../../../db/with-tenant";
import { containsPattern } from "../errors";
import type { PageInput } from "../tenancy/tenant-schemas";

/** Customers visible to the session: all of the tenant's for staff, a reseller's own for a reseller. */
export async function listCustomers(tx: TenantTx, { page, pageSize, search }: PageInput) {
  const pattern = search ? containsPattern(search) : "";
  const filter = search ? ilike(customers.name, pattern) : undefined;
  const [rows, [{ total }]] = await Promise.all([
    tx
      .select({ id: customers.id, name: customers.name, reseller: resellers.name, createdAt: customers.createdAt })
      .from(customers)
      .leftJoin(resellers, eq(resellers.id, customers.resellerId))
      .where(filter)
      .orderBy(asc(customers.name))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    tx.select({ total: count() }).from(customers).where(filter),
  ]);
  return { rows, total, page, pageSize };
}

/** Adds a buying account, optionally under a reseller (the customers issue adds addresses and terms). */
export async function createCustomer(tx: TenantTx, input: { tenantId: string; id?: string; name: string; resellerId?: string | null }) {
  const [row] = await tx.insert(customers).values(input).onConflictDoNothing().returning();
  return row ?? null;
}
