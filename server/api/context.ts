import "server-only";
import { auth } from "../auth";
import { cachedTenantActor, loadPlatformActor, type Actor } from "../domain/access/actor";
import { resolveHostCached, type HostContext } from "../domain/tenancy/hosts";
import { apiKeyContext, idempotencyKeyOf } from "./request-auth";
import { sessionFromCookies, type Session } from "./session-claims";
import type { TRPCContext } from "./trpc";

/**
 * Builds the context for one HTTP request: Host -> tenant, API key or session -> actor. A request
 * with an API key is that key's, and its session cookie plays no part.
 *
 * The per-request lookups are cached briefly (docs/orders.md, "Placing orders under contention"):
 * the host resolution for `HOST_CACHE_TTL_MS` (5 s), the membership for `ACTOR_CACHE_TTL_MS` (2 s),
 * a session token's decoded claims while the token is young (see `sessionOf`).
 */
export async function createRequestContext(headers: Headers): Promise<TRPCContext> {
  const host = await resolveHostCached(headers.get("host"));
  const idempotencyKey = idempotencyKeyOf(headers);
  const byKey = await apiKeyContext(headers);
  if (byKey) return { host, ...byKey, idempotencyKey };
  return { host, actor: await apiActorFor(host, await sessionOf(headers)), idempotencyKey };
}

async function apiActorFor(host: HostContext, session: Session | null): Promise<Actor | null> {
  const userId = session?.user?.id;
  if (!userId) return null;
  if (host.kind === "console") return session.tenantId ? null : loadPlatformActor(userId);
  if (host.kind === "tenant") return session.tenantId === host.tenant.id ? cachedTenantActor(host.tenant.id, userId) : null;
  return null;
}

/** The request's session: from its young session cookie (`sessionFromCookies`), else as Auth.js says. */
async function sessionOf(headers: Headers): Promise<Session | null> {
  const session = await sessionFromCookies(headers.get("cookie"));
  return session === "ask-auth-js" ? ((await auth()) as Session | null) : session;
}
