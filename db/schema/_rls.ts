import { sql, type SQL } from "drizzle-orm";
import { pgPolicy, timestamp, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";

/*
 * Session settings written by withTenant() with set_config(..., true). Each is wrapped in a
 * sub-select so Postgres evaluates it once per query, and nullif() turns the '' a pooled
 * connection keeps after a transaction into NULL: no tenant set means no rows.
 */
export const currentTenantId = sql`(select nullif(current_setting('app.tenant_id', true), '')::uuid)`;
export const currentUserId = sql`(select nullif(current_setting('app.user_id', true), '')::uuid)`;
export const currentResellerId = sql`(select nullif(current_setting('app.reseller_id', true), '')::uuid)`;
export const currentCustomerId = sql`(select nullif(current_setting('app.customer_id', true), '')::uuid)`;
export const currentScope = sql`(select current_setting('app.scope', true))`;

/** Tenant staff, background jobs, the platform console and tenant API keys see the whole tenant. */
export const tenantWideScope = sql`${currentScope} in ('operator', 'system', 'platform', 'api_key')`;
/** Tenant staff, jobs and the console, but not API keys: what a key may never read (other keys' hashes). */
export const staffScope = sql`${currentScope} in ('operator', 'system', 'platform')`;
export const resellerScope = sql`${currentScope} = 'reseller'`;
export const customerScope = sql`${currentScope} = 'customer'`;

export const tenantIdColumn = () => uuid("tenant_id").notNull();
export const idColumn = () => uuid("id").notNull().default(sql`uuidv7()`);
export const createdAtColumn = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

/** The one tenant-isolation policy every tenant table carries. */
export function tenantIsolationPolicy(tenantId: AnyPgColumn) {
  const sameTenant = sql`${tenantId} = ${currentTenantId}`;
  return pgPolicy("tenant_isolation", { as: "permissive", for: "all", using: sameTenant, withCheck: sameTenant });
}

/**
 * Restrictive policies that narrow a tenant table for reseller- and customer-scoped sessions.
 * `read` may be wider than `write` (a user may read, but never rewrite, their own membership), and
 * `modify` (which existing rows UPDATE and DELETE may touch) narrower still.
 */
export function scopePolicies(read: SQL, write: SQL = read, modify: SQL = write) {
  return [
    pgPolicy("scope_read", { as: "restrictive", for: "select", using: read }),
    pgPolicy("scope_insert", { as: "restrictive", for: "insert", withCheck: write }),
    pgPolicy("scope_update", { as: "restrictive", for: "update", using: modify, withCheck: write }),
    pgPolicy("scope_delete", { as: "restrictive", for: "delete", using: modify }),
  ];
}
