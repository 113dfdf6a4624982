import { resellers } from "../../../db/schema";
import type { TenantTx } from "../../../db/with-tenant";

/** Adds a reseller to the transaction's tenant (the partners issue adds invitations and terms). */
export async function createReseller(tx: TenantTx, input: { tenantId: string; id?: string; name: string }) {
  const [row] = await tx.insert(resellers).values(input).onConflictDoNothing().returning();
  return row ?? null;
}
