import "server-only";
import { auth } from "../auth";
import { actorFor } from "../auth/current";
import { resolveHost } from "../domain/tenancy/hosts";
import type { TRPCContext } from "./trpc";

/** Builds the context for one HTTP request: Host -> tenant, session -> actor, all re-derived. */
export async function createRequestContext(headers: Headers): Promise<TRPCContext> {
  const host = await resolveHost(headers.get("host"));
  return { host, actor: await actorFor(host, await auth()) };
}
