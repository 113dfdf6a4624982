import "server-only";
import { headers } from "next/headers";
import { cache } from "react";
import { actorAllowedOnHost, loadPlatformActor, loadTenantActor, type Actor } from "../domain/access/actor";
import { resolveHost, type HostContext } from "../domain/tenancy/hosts";
import { auth } from "./index";

/** The Host of this request, resolved once per render. */
export const currentHost = cache(async (): Promise<HostContext> => resolveHost((await headers()).get("host")));

/**
 * The signed-in actor for this request's host, or null. A session minted on another tenant's host
 * (or on the console) is not a session here, and the membership is read fresh from the database.
 */
export const currentActor = cache(async (): Promise<Actor | null> => actorFor(await currentHost(), await auth()));

export async function actorFor(
  host: HostContext,
  session: { user?: { id?: string }; tenantId?: string | null } | null,
  loadMember: typeof loadTenantActor = loadTenantActor,
): Promise<Actor | null> {
  const userId = session?.user?.id;
  if (!userId) return null;
  if (host.kind === "console") return session.tenantId ? null : loadPlatformActor(userId);
  if (host.kind === "tenant") {
    if (session.tenantId !== host.tenant.id) return null;
    const actor = await loadMember(host.tenant.id, userId);
    return actor && actorAllowedOnHost(actor, host.tenant.resellerId) ? actor : null;
  }
  return null;
}
