import { tenantDomains } from "../../../db/schema";
import type { TenantTx } from "../../../db/with-tenant";
import { DomainError, isUniqueViolation } from "../errors";
import { forgetResolvedHosts, normalizeHost } from "./hosts";

/** Maps a custom host (e.g. `portal.acme-supplies.test`) to the transaction's tenant; idempotent for the same tenant. */
export async function addTenantDomain(tx: TenantTx, input: { tenantId: string; host: string; resellerId?: string | null }) {
  const host = normalizeHost(input.host);
  if (!host || !host.includes(".")) throw new DomainError("BAD_REQUEST", `"${input.host}" is not a valid host name`, { host: ["Enter a host name like portal.example.com"] });
  forgetResolvedHosts(); // an "unknown" cached for this host would otherwise outlive the new mapping by up to its TTL
  try {
    const [row] = await tx
      .insert(tenantDomains)
      .values({ tenantId: input.tenantId, host, resellerId: input.resellerId ?? null })
      .onConflictDoNothing({ target: tenantDomains.host })
      .returning();
    if (row) return row;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  // The host exists: fine if it is already ours (visible through RLS), a conflict otherwise.
  const mine = await tx.query.tenantDomains.findFirst({ where: (d, { eq }) => eq(d.host, host) });
  if (!mine) throw new DomainError("CONFLICT", `The domain ${host} is already in use`, { host: ["This domain is already in use"] });
  return mine;
}
