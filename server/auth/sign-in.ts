import { sql } from "drizzle-orm";
import { z } from "zod";
import { appPool } from "../../db/client";
import { withTenant } from "../../db/with-tenant";
import { actorAllowedOnHost, loadTenantActor } from "../domain/access/actor";
import { recordAudit } from "../domain/access/audit";
import { verifyPassword } from "../domain/access/passwords";
import type { HostContext } from "../domain/tenancy/hosts";
import { clearFailedSignIns, recordFailedSignIn, signInLockout } from "./rate-limit";

export const signInInput = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid email address").max(254),
  password: z.string().min(1, "Enter your password").max(200),
});

export type SignInFailure = "invalid_credentials" | "no_access" | "rate_limited" | "unknown_host";

export const SIGN_IN_MESSAGES: Record<SignInFailure, string> = {
  invalid_credentials: "Wrong email or password.",
  no_access: "You have no access to this workspace. Sign in on the workspace you belong to.",
  rate_limited: "Too many failed sign-in attempts. Wait a few minutes and try again.",
  unknown_host: "This address is not a Tributary workspace.",
};

export type SignInResult =
  | { ok: true; user: { id: string; email: string; name: string; tenantId: string | null } }
  | { ok: false; reason: SignInFailure; retryAfterSeconds?: number };

/**
 * Checks a sign-in attempt on a host: password, then membership of that host's tenant (or platform
 * admin rights on the console host). Failures count against the account and the client address.
 */
export async function checkSignIn(host: HostContext, credentials: unknown, ip: string): Promise<SignInResult> {
  if (host.kind === "unknown") return { ok: false, reason: "unknown_host" };
  const parsed = signInInput.safeParse(credentials);
  if (!parsed.success) return { ok: false, reason: "invalid_credentials" };
  const { email, password } = parsed.data;
  const accountKey = `${host.kind === "tenant" ? host.tenant.id : "console"}:${email}`;

  const lockedFor = await signInLockout(accountKey, ip);
  if (lockedFor > 0) return { ok: false, reason: "rate_limited", retryAfterSeconds: lockedFor };

  const [login] = await appPool().db.execute<{ user_id: string; name: string; password_hash: string; is_platform_admin: boolean }>(
    sql`select * from app_login_lookup(${email})`,
  );
  if (!(await verifyPassword(login?.password_hash ?? null, password))) {
    await recordFailedSignIn(accountKey, ip);
    return { ok: false, reason: "invalid_credentials" };
  }

  if (host.kind === "console") {
    if (!login.is_platform_admin) return { ok: false, reason: "no_access" };
    await clearFailedSignIns(accountKey);
    return { ok: true, user: { id: login.user_id, email, name: login.name, tenantId: null } };
  }

  const actor = await loadTenantActor(host.tenant.id, login.user_id);
  if (!actor || !actorAllowedOnHost(actor, host.tenant.resellerId)) return { ok: false, reason: "no_access" };
  await clearFailedSignIns(accountKey);
  await withTenant({ kind: "session", tenantId: host.tenant.id, userId: login.user_id }, (tx) =>
    recordAudit(tx, { tenantId: host.tenant.id, actorUserId: login.user_id, action: "user.signed_in", entityType: "user", entityId: login.user_id, data: { ip } }),
  );
  return { ok: true, user: { id: login.user_id, email, name: login.name, tenantId: host.tenant.id } };
}

/** The client address as seen by our own server (the first X-Forwarded-For hop it was given). */
export function clientIp(headers: Headers): string {
  return headers.get("x-forwarded-for")?.split(",")[0]?.trim() || headers.get("x-real-ip") || "unknown";
}
