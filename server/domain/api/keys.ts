import { createHash, randomBytes } from "node:crypto";
import { count, desc, eq, sql } from "drizzle-orm";
import { apiKeys, API_SCOPES, type ApiScope } from "../../../db/schema/api";
import { createApiKeyInput, type CreateApiKeyInput } from "./schemas";
import { appPool } from "../../../db/client";
import type { TenantTx } from "../../../db/with-tenant";
import { recordAudit } from "../access/audit";
import { DomainError } from "../errors";
import type { Page } from "../lists";
import type { ServiceTier } from "./tiers";

export { API_SCOPES, createApiKeyInput, type ApiScope, type CreateApiKeyInput };

/**
 * `trb_` + 32 random bytes (256 bits) in base64url. With that much entropy a plain SHA-256 is a
 * sufficient one-way store: there is no dictionary to try, so a slow password hash would only cost
 * latency on every request. The hash is also the lookup key (unique index), found in one probe.
 */
const KEY_PATTERN = /^trb_[A-Za-z0-9_-]{43}$/;
export const KEY_PREFIX_LENGTH = 12;

export const hashApiSecret = (secret: string) => createHash("sha256").update(secret).digest("hex");


export interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiScope[];
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  status: "active" | "expired" | "revoked";
}

function statusOf(row: { expiresAt: Date | null; revokedAt: Date | null }, now = new Date()): ApiKeyRow["status"] {
  if (row.revokedAt) return "revoked";
  if (row.expiresAt && row.expiresAt <= now) return "expired";
  return "active";
}

/** Creates a key and returns its secret: the only time it exists outside the caller's hands. */
export async function createApiKey(tx: TenantTx, acting: { tenantId: string; userId: string }, raw: CreateApiKeyInput): Promise<{ key: ApiKeyRow; secret: string }> {
  const input = createApiKeyInput.parse(raw);
  const secret = `trb_${randomBytes(32).toString("base64url")}`;
  const scopes = [...new Set(input.scopes)].sort() as ApiScope[];
  const [row] = await tx
    .insert(apiKeys)
    .values({ tenantId: acting.tenantId, name: input.name, prefix: secret.slice(0, KEY_PREFIX_LENGTH), secretHash: hashApiSecret(secret), scopes, createdBy: acting.userId, expiresAt: input.expiresAt })
    .returning();
  await recordAudit(tx, { tenantId: acting.tenantId, actorUserId: acting.userId, action: "api_key.created", entityType: "api_key", entityId: row.id, data: { name: row.name, scopes, prefix: row.prefix } });
  return { key: { ...pick(row), status: statusOf(row) }, secret };
}

const pick = (r: typeof apiKeys.$inferSelect) => ({ id: r.id, name: r.name, prefix: r.prefix, scopes: r.scopes, createdAt: r.createdAt, expiresAt: r.expiresAt, revokedAt: r.revokedAt });

/** The tenant's keys, newest first, a page at a time. */
export async function listApiKeys(tx: TenantTx, input: { page: number; pageSize: number }): Promise<Page<ApiKeyRow>> {
  const [rows, [{ total }]] = await Promise.all([
    tx.select().from(apiKeys).orderBy(desc(apiKeys.createdAt), desc(apiKeys.id)).limit(input.pageSize).offset((input.page - 1) * input.pageSize),
    tx.select({ total: count() }).from(apiKeys),
  ]);
  return { rows: rows.map((r) => ({ ...pick(r), status: statusOf(r) })), total, page: input.page, pageSize: input.pageSize };
}

/** Revokes a key at once (the next request with it is a 401); revoking twice is a no-op. */
export async function revokeApiKey(tx: TenantTx, acting: { tenantId: string; userId: string }, id: string): Promise<ApiKeyRow> {
  const [row] = await tx
    .update(apiKeys)
    .set({ revokedAt: sql`coalesce(${apiKeys.revokedAt}, now())`, revokedBy: sql`coalesce(${apiKeys.revokedBy}, ${acting.userId}::uuid)` })
    .where(eq(apiKeys.id, id))
    .returning();
  if (!row) throw new DomainError("NOT_FOUND", "No such API key");
  await recordAudit(tx, { tenantId: acting.tenantId, actorUserId: acting.userId, action: "api_key.revoked", entityType: "api_key", entityId: row.id, data: { name: row.name } });
  return { ...pick(row), status: statusOf(row) };
}

export interface AuthenticatedKey {
  tenantId: string;
  keyId: string;
  name: string;
  scopes: ApiScope[];
  tier: ServiceTier;
}

/** Why a presented key is refused; the message is what the 401 says. */
export class ApiKeyRejected extends Error {}

/**
 * The key behind an `Authorization: Bearer trb_...` secret, found by its hash through a
 * SECURITY DEFINER lookup (no tenant is known yet). Malformed, unknown, revoked and expired keys are
 * each refused with their own message; the tenant is the key's, whatever the Host says.
 */
export async function authenticateApiKey(secret: string): Promise<AuthenticatedKey> {
  if (!KEY_PATTERN.test(secret)) throw new ApiKeyRejected("Malformed API key: expected `trb_` followed by 43 characters");
  const rows = await appPool().db.execute<{
    tenant_id: string; key_id: string; name: string; scopes: ApiScope[]; expires_at: Date | string | null; revoked_at: Date | string | null; service_tier: ServiceTier;
  }>(sql`select * from app_api_key_lookup(${hashApiSecret(secret)})`);
  const row = rows[0];
  if (!row) throw new ApiKeyRejected("Unknown API key");
  if (row.revoked_at) throw new ApiKeyRejected("This API key has been revoked");
  if (row.expires_at && new Date(row.expires_at) <= new Date()) throw new ApiKeyRejected("This API key has expired");
  return { tenantId: row.tenant_id, keyId: row.key_id, name: row.name, scopes: row.scopes, tier: row.service_tier };
}
