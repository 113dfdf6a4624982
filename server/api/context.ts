import "server-only";
import { auth } from "../auth";
import { actorFor } from "../auth/current";
import { resolveHost } from "../domain/tenancy/hosts";
import { apiKeyContext, idempotencyKeyOf } from "./request-auth";
import type { TRPCContext } from "./trpc";

/**
 * Builds the context for one HTTP request: Host -> tenant, API key or session -> actor, all
 * re-derived. A request with an API key is that key's, and its session cookie plays no part.
 */
export async function createRequestContext(headers: Headers): Promise<TRPCContext> {
  const host = await resolveHost(headers.get("host"));
  const idempotencyKey = idempotencyKeyOf(headers);
  const byKey = await apiKeyContext(headers);
  if (byKey) return { host, ...byKey, idempotencyKey };
  return { host, actor: await actorFor(host, await auth()), idempotencyKey };
}
