import { eq } from "drizzle-orm";
import { memberships, users } from "../../../db/schema";
import { withTenant, type Scope } from "../../../db/with-tenant";
import type { AuthenticatedKey } from "../api/keys";
import { TtlCache } from "../../cache/ttl-cache";
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
    })
  | ApiKeyActor;

export type TenantActor = Extract<Actor, { kind: "tenant" }>;

/** A request authenticated by a tenant API key (server/domain/api/keys.ts): no user, scopes instead of a role. */
export type ApiKeyActor = { kind: "api_key" } & AuthenticatedKey;

/** The user's membership in one tenant, read through RLS with the narrow `session` scope. */
export async function loadTenantActor(tenantId: string, userId: string): Promise<TenantActor | null> {
  const [row] = await withTenant({ kind: "session", tenantId, userId }, (tx) =>
    tx
      .select({ email: users.email, name: users.name, role: memberships.role, resellerId: memberships.resellerId, customerId: memberships.customerId })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(memberships.userId, userId)),
  );
  if (!row) return null;
  return { kind: "tenant", userId, tenantId, email: row.email, name: row.name, role: row.role, portal: portalOf(row.role), resellerId: row.resellerId, customerId: row.customerId };
}

/**
 * How long the API's request context reuses a membership it read (`cachedTenantActor`). A membership
 * removed or changed by another process takes effect there at most this long after (the next read);
 * in this process `forgetTenantActor` makes it immediate. Pages always read it fresh.
 */
export const ACTOR_CACHE_TTL_MS = Number(process.env.ACTOR_CACHE_TTL_MS ?? 2_000);
export const actorCache = new TtlCache<string, TenantActor | null>(ACTOR_CACHE_TTL_MS, 10_000);

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
