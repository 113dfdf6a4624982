import { auditLog } from "../../../db/schema";
import type { TenantTx } from "../../../db/with-tenant";

export interface AuditEntry {
  tenantId: string;
  actorUserId: string | null;
  action: string;
  entityType: string;
  entityId?: string | null;
  data?: Record<string, unknown>;
}

/** Appends to the tenant's audit log in the caller's transaction, so it commits with the change. */
export async function recordAudit(tx: TenantTx, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({ ...entry, entityId: entry.entityId ?? null, data: entry.data ?? {} });
}
