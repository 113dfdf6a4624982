import { asc, count, desc, eq, ilike, or } from "drizzle-orm";
import { auditLog, customers, memberships, resellers, users } from "../../../db/schema";
import type { TenantTx } from "../../../db/with-tenant";
import { containsPattern } from "../errors";
import type { PageInput } from "../tenancy/tenant-schemas";

/** The tenant's people and their roles, as far as the session's scope can see them. */
export async function listMembers(tx: TenantTx, { page, pageSize, search }: PageInput) {
  const pattern = search ? containsPattern(search) : "";
  const filter = search ? or(ilike(users.email, pattern), ilike(users.name, pattern)) : undefined;
  const base = () =>
    tx
      .select({ id: memberships.id, role: memberships.role, email: users.email, name: users.name, reseller: resellers.name, customer: customers.name })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .leftJoin(resellers, eq(resellers.id, memberships.resellerId))
      .leftJoin(customers, eq(customers.id, memberships.customerId))
      .where(filter);
  const [rows, [{ total }]] = await Promise.all([
    base().orderBy(asc(users.email)).limit(pageSize).offset((page - 1) * pageSize),
    tx.select({ total: count() }).from(memberships).innerJoin(users, eq(users.id, memberships.userId)).where(filter),
  ]);
  return { rows, total, page, pageSize };
}

export async function listAuditLog(tx: TenantTx, { page, pageSize }: PageInput) {
  const [rows, [{ total }]] = await Promise.all([
    tx
      .select({ id: auditLog.id, action: auditLog.action, entityType: auditLog.entityType, entityId: auditLog.entityId, occurredAt: auditLog.occurredAt, actorEmail: users.email })
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.actorUserId))
      .orderBy(desc(auditLog.occurredAt))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    tx.select({ total: count() }).from(auditLog),
  ]);
  return { rows, total, page, pageSize };
}
