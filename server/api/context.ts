import "server-only";
import { randomUUID } from "node:crypto";
import { auth } from "../auth";
import { actorFor } from "../auth/current";
import { resolveHost } from "../domain/tenancy/hosts";
import { apiKeyContext, idempotencyKeyOf } from "./request-auth";
import type { TRPCContext } from "./trpc";

/** A client- or proxy-sent x-request-id is kept when it looks like an id; otherwise a new one is made. */
export function requestIdOf(headers: Headers): string {
  const given = headers.get("x-request-id");
  return given && /^[\w.:-]{8,128}$/.test(given) ? given : randomUUID();
}

/**
 * Builds the context for one HTTP request: Host -> tenant, API key or session -> actor, all
 * re-derived. A request with an API key is that key's, and its session cookie plays no part.
 */
export async function createRequestContext(headers: Headers, requestId = requestIdOf(headers)): Promise<TRPCContext> {
  const host = await resolveHost(headers.get("host"));
  const idempotencyKey = idempotencyKeyOf(headers);
  const byKey = await apiKeyContext(headers);
  if (byKey) return { host, ...byKey, idempotencyKey, requestId };
  return { host, actor: await actorFor(host, await auth()), idempotencyKey, requestId };
}
