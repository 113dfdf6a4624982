import { sql } from "drizzle-orm";
import { withTenant } from "../../db/with-tenant";
import { handleRestRequest } from "../../server/api/rest";
import { createCaller } from "../../server/api/root";
import type { TRPCContext } from "../../server/api/trpc";
import { authenticateApiKey, createApiKey, type ApiScope } from "../../server/domain/api/keys";
import type { ServiceTier } from "../../server/domain/api/tiers";
import { resolveHost } from "../../server/domain/tenancy/hosts";
import type { TenantFixture } from "../helpers/fixtures";

/** A fresh API key of the fixture's tenant, created as its owner (like the portal does). */
export async function createKey(t: TenantFixture, scopes: ApiScope[], name = "test key"): Promise<{ id: string; secret: string }> {
  const { key, secret } = await withTenant({ kind: "operator", tenantId: t.id, userId: t.users.owner.id }, (tx) =>
    createApiKey(tx, { tenantId: t.id, userId: t.users.owner.id }, { name, scopes }),
  );
  return { id: key.id, secret };
}

/** Sets the tenant's service tier directly (the console's procedure is tested separately). */
export async function setTier(t: TenantFixture, tier: ServiceTier): Promise<void> {
  await withTenant({ kind: "platform", tenantId: t.id, userId: t.users.owner.id }, (tx) => tx.execute(sql`update tenants set service_tier = ${tier} where id = ${t.id}`));
}

/** A tRPC caller authenticated by an API key, as /api/trpc builds it for `Authorization: Bearer`. */
export async function keyCaller(secret: string, idempotencyKey?: string) {
  const ctx: TRPCContext = { host: await resolveHost("api.tests.test"), actor: { kind: "api_key", ...(await authenticateApiKey(secret)) }, idempotencyKey };
  return createCaller(ctx);
}

export interface RestResult { status: number; body: unknown; headers: Headers }

/** One REST request through the same handler app/api/v1 serves (in process, no web server). */
export async function rest(method: string, path: string, opts: { key?: string; body?: unknown; idempotencyKey?: string; authorization?: string } = {}): Promise<RestResult> {
  const headers = new Headers({ host: "api.tests.test" });
  if (opts.key) headers.set("authorization", `Bearer ${opts.key}`);
  if (opts.authorization !== undefined) headers.set("authorization", opts.authorization);
  if (opts.idempotencyKey !== undefined) headers.set("idempotency-key", opts.idempotencyKey);
  if (opts.body !== undefined) headers.set("content-type", "application/json");
  const response = await handleRestRequest(
    new Request(`http://api.tests.test/api/v1${path}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) }),
  );
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
}
