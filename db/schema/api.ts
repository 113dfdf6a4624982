import { sql } from "drizzle-orm";
import { check, index, json, pgTable, primaryKey, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { users } from "./access";
import { createdAtColumn, idColumn, scopePolicies, staffScope, tenantIdColumn, tenantIsolationPolicy } from "./_rls";
import { tenants } from "./tenancy";

/** The domains an API key's scopes name; each has a `read` and a `write` scope (`orders:write`). */
export const API_DOMAINS = ["customers", "subscriptions", "orders", "usage", "catalog", "events"] as const;
export type ApiDomain = (typeof API_DOMAINS)[number];
export const API_SCOPES = API_DOMAINS.flatMap((d) => [`${d}:read`, `${d}:write`] as const);
export type ApiScope = `${ApiDomain}:${"read" | "write"}`;

/**
 * A tenant's API key. Only the SHA-256 of the secret is stored (the secret is 256 random bits, so
 * a fast hash is enough: there is nothing to brute-force); `prefix` is the part shown in lists.
 * Keys are revoked, never deleted, so the audit trail keeps naming them. Staff only: a key cannot
 * read the key table, not even through RLS.
 */
export const apiKeys = pgTable(
  "api_keys",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    name: text("name").notNull(),
    prefix: text("prefix").notNull(),
    secretHash: text("secret_hash").notNull(),
    scopes: text("scopes").array().$type<ApiScope[]>().notNull(),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: createdAtColumn(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    revokedBy: uuid("revoked_by").references(() => users.id),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("api_keys_secret_hash").on(t.secretHash),
    index("api_keys_created_idx").on(t.tenantId, t.createdAt),
    check("api_keys_hash_shape", sql`${t.secretHash} ~ '^[0-9a-f]{64}$'`),
    check("api_keys_has_scopes", sql`cardinality(${t.scopes}) > 0`),
    tenantIsolationPolicy(t.tenantId),
    ...scopePolicies(staffScope),
  ],
).enableRLS();

/**
 * One row per (tenant, Idempotency-Key): claimed by the request's own transaction before the
 * mutation runs, and filled with the response in the same transaction. A concurrent request with
 * the same key blocks on the uncommitted unique entry until the first commits (then replays its
 * response) or rolls back (then runs itself). `fingerprint` is the hash of who called which
 * procedure with which input: the same key with another fingerprint is a conflict.
 */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    key: text("key").notNull(),
    fingerprint: text("fingerprint").notNull(),
    procedure: text("procedure").notNull(),
    /** superjson of the procedure's result; null only inside the claiming transaction. `json`, not
     * `jsonb`: a replay must be the same bytes, keys in the same order. */
    response: json("response"),
    createdAt: createdAtColumn(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull().default(sql`now() + interval '24 hours'`),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("idempotency_keys_key").on(t.tenantId, t.key),
    index("idempotency_keys_expiry_idx").on(t.tenantId, t.expiresAt),
    check("idempotency_keys_key_length", sql`char_length(${t.key}) between 1 and 255`),
    tenantIsolationPolicy(t.tenantId),
  ],
).enableRLS();
