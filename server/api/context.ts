import "server-only";
import { randomUUID } from "node:crypto";
import { auth } from "../auth";
import { actorFor } from "../auth/current";
import { cachedTenantActor } from "../domain/access/actor";
import { resolveHostCached } from "../domain/tenancy/hosts";
import { apiKeyContext, idempotencyKeyOf } from "./request-auth";
import { sessionFromCookies, type Session } from "./session-claims";
import type { TRPCContext } from "./trpc";

/** A client- or proxy-sent x-request-id is kept when it looks like an id; otherwise a new one is made. */
export function requestIdOf(headers: Headers): string {
  const given = headers.get("x-request-id");
  return given && /^[\w.:-]{8,128}$/.test(given) ? given : randomUUID();
}

/**
 * Builds the context for one HTTP request: Host -> tenant, API key or session -> actor. A request
 * with an API key is that key's, and its session cookie plays no part. `session`, when the caller
 * has read it already (the production server's fast path), is used as it is.
 *
 * The per-request lookups are cached briefly (docs/orders.md, "Placing orders under contention"):
 * the host resolution for `HOST_CACHE_TTL_MS` (5 s), the membership for `ACTOR_CACHE_TTL_MS` (2 s),
 * a session token's decoded claims while the token is young (see `sessionOf`).
 */
export async function createRequestContext(headers: Headers, requestId = requestIdOf(headers), session?: Session | null): Promise<TRPCContext> {
  const host = await resolveHostCached(headers.get("host"));
  const idempotencyKey = idempotencyKeyOf(headers);
  const byKey = await apiKeyContext(headers);
  if (byKey) return { host, ...byKey, idempotencyKey, requestId };
  // The same rules as pages (actorFor: the session's tenant; on a reseller's domain, its own people only), with the membership cached briefly.
  return { host, actor: await actorFor(host, session === undefined ? await sessionOf(headers) : session, cachedTenantActor), idempotencyKey, requestId };
}

/** The request's session: from its young session cookie (`sessionFromCookies`), else as Auth.js says. */
async function sessionOf(headers: Headers): Promise<Session | null> {
  const session = await sessionFromCookies(headers.get("cookie"));
  return session === "ask-auth-js" ? ((await auth()) as Session | null) : session;
}
