import { eq, sql } from "drizzle-orm";
import { memberships, users } from "../../../db/schema";
import { asSystem, withTenant, type Scope } from "../../../db/with-tenant";
import type { AuthenticatedKey } from "../api/keys";
import { processCache } from "../../cache/ttl-cache";
import { portalOf, type PortalScope, type TenantRole } from "./roles";

interface Person { userId: string; email: string; name: string }

/** Who is acting, re-derived from the database on every request (a revoked membership is gone at once). */
export type Actor =
  | (Person & { kind: "platform" })
  | (Person & {
      kind: "tenant";
      tenantId: string;
      role: TenantRole;
      portal: PortalScope;
      resellerId: string | null;
      customerId: string | null;
      /** The reseller this person acts for or buys through (null for staff and direct customers). */
      partnerResellerId: string | null;
    })
  | ApiKeyActor;

export type TenantActor = Extract<Actor, { kind: "tenant" }>;

/** A request authenticated by a tenant API key (server/domain/api/keys.ts): no user, scopes instead of a role. */
export type ApiKeyActor = { kind: "api_key" } & AuthenticatedKey;

/**
 * The user's membership in one tenant, read through RLS with the narrow `session` scope. A member of
 * a reseller that is not active (invited, suspended) is no actor: they cannot sign in, and a session
 * they hold stops working at once. The partner lookup runs in the tenant's system scope, after the
 * membership was found: the session scope cannot read resellers or customers.
 */
export async function loadTenantActor(tenantId: string, userId: string): Promise<TenantActor | null> {
  return withTenant({ kind: "session", tenantId, userId }, async (tx) => {
    const [row] = await tx
      .select({ email: users.email, name: users.name, role: memberships.role, resellerId: memberships.resellerId, customerId: memberships.customerId })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(memberships.userId, userId));
    if (!row) return null;
    let partnerResellerId: string | null = null;
    if (row.resellerId || row.customerId) {
      const [partner] = await asSystem(tx, () =>
        tx.execute<{ reseller_id: string | null; status: string | null }>(sql`
          select r.id as reseller_id, r.status from resellers r
           where r.id = coalesce(${row.resellerId}::uuid, (select c.reseller_id from customers c where c.id = ${row.customerId}::uuid))`),
      );
      if (row.resellerId && partner?.status !== "active") return null;
      partnerResellerId = partner?.reseller_id ?? null;
    }
    return {
      kind: "tenant", userId, tenantId, email: row.email, name: row.name, role: row.role, portal: portalOf(row.role),
      resellerId: row.resellerId, customerId: row.customerId, partnerResellerId,
    } satisfies TenantActor;
  });
}

/**
 * On a reseller's white-label domain only that reseller's people and its customers' people may act:
 * staff, other resellers and other customers sign in on the tenant's own host.
 */
export function actorAllowedOnHost(actor: TenantActor, hostResellerId: string | null): boolean {
  return hostResellerId === null || actor.partnerResellerId === hostResellerId;
}

/**
 * How long the API's request context reuses a membership it read (`cachedTenantActor`). A membership
 * removed or changed by another process takes effect there at most this long after (the next read);
 * in this process `forgetTenantActor` makes it immediate. Pages always read it fresh.
 */
export const ACTOR_CACHE_TTL_MS = Number(process.env.ACTOR_CACHE_TTL_MS ?? 2_000);
export const actorCache = processCache<string, TenantActor | null>("tenant-actors", ACTOR_CACHE_TTL_MS, 10_000);

/** `loadTenantActor` through the short-lived membership cache (null, no membership, is cached too). */
export function cachedTenantActor(tenantId: string, userId: string): Promise<TenantActor | null> {
  return actorCache.getOrLoad(`${tenantId}:${userId}`, () => loadTenantActor(tenantId, userId));
}

/** Forgets cached memberships: of one user in one tenant, of a whole tenant (userId omitted), or all. */
export function forgetTenantActor(tenantId?: string, userId?: string): void {
  if (!tenantId) actorCache.clear();
  else if (userId) actorCache.delete(`${tenantId}:${userId}`);
  else actorCache.deleteWhere((key) => key.startsWith(`${tenantId}:`));
}

export async function loadPlatformActor(userId: string): Promise<Extract<Actor, { kind: "platform" }> | null> {
  const [row] = await withTenant({ kind: "session", tenantId: null, userId }, (tx) =>
    tx.select({ email: users.email, name: users.name, isPlatformAdmin: users.isPlatformAdmin }).from(users).where(eq(users.id, userId)),
  );
  return row?.isPlatformAdmin ? { kind: "platform", userId, email: row.email, name: row.name } : null;
}

/** The RLS scope a tenant actor's transactions run under. */
export function scopeOf(actor: TenantActor): Scope {
  switch (actor.portal) {
    case "operator":
      return { kind: "operator", tenantId: actor.tenantId, userId: actor.userId };
    case "reseller":
      return { kind: "reseller", tenantId: actor.tenantId, userId: actor.userId, resellerId: actor.resellerId! };
    case "customer":
      return { kind: "customer", tenantId: actor.tenantId, userId: actor.userId, customerId: actor.customerId! };
  }
}
