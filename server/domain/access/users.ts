import { and, eq, sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { memberships, users } from "../../../db/schema";
import type { TenantTx } from "../../../db/with-tenant";
import { isUniqueViolation } from "../errors";
import { forgetTenantActor } from "./actor";
import { hashPassword } from "./passwords";
import type { TenantRole } from "./roles";

/**
 * The login for an email, created when missing. An existing login keeps its password: one person
 * signs in to every workspace they belong to with the same credentials.
 */
export async function findOrCreateUser(
  tx: TenantTx,
  input: { email: string; name: string; password: string; isPlatformAdmin?: boolean },
): Promise<{ id: string; created: boolean }> {
  const [existing] = await tx.execute<{ user_id: string }>(sql`select user_id from app_login_lookup(${input.email})`);
  if (existing) return { id: existing.user_id, created: false };
  // The id is made here, not RETURNING'd, and there is no ON CONFLICT: both would need the new row
  // to pass users' SELECT policy, which a login without a membership in this tenant does not.
  const id = uuidv7();
  const passwordHash = await hashPassword(input.password);
  try {
    await tx.transaction((sp) =>
      sp.insert(users).values({ id, email: input.email.toLowerCase(), name: input.name, passwordHash, isPlatformAdmin: input.isPlatformAdmin ?? false }),
    );
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // A concurrent request created the same login first: use theirs.
    const [winner] = await tx.execute<{ user_id: string }>(sql`select user_id from app_login_lookup(${input.email})`);
    return { id: winner.user_id, created: false };
  }
  return { id, created: true };
}

/** Grants a role in the transaction's tenant; a user already a member keeps their membership. */
export async function addMembership(
  tx: TenantTx,
  input: { tenantId: string; userId: string; role: TenantRole; resellerId?: string | null; customerId?: string | null },
): Promise<void> {
  await tx
    .insert(memberships)
    .values({ tenantId: input.tenantId, userId: input.userId, role: input.role, resellerId: input.resellerId ?? null, customerId: input.customerId ?? null })
    .onConflictDoNothing({ target: [memberships.tenantId, memberships.userId] });
  forgetTenantActor(input.tenantId, input.userId); // a cached "not a member" must not outlive the grant
}

/**
 * Ends a user's membership in the transaction's tenant. This process forgets the cached membership at
 * once; other processes within ACTOR_CACHE_TTL_MS (server/domain/access/actor.ts).
 */
export async function removeMembership(tx: TenantTx, input: { tenantId: string; userId: string }): Promise<boolean> {
  const removed = await tx.delete(memberships).where(and(eq(memberships.tenantId, input.tenantId), eq(memberships.userId, input.userId))).returning({ id: memberships.id });
  forgetTenantActor(input.tenantId, input.userId);
  return removed.length > 0;
}
