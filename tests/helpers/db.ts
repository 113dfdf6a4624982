import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { appPool } from "../../db/client";
import { withTenant, type Scope, type TenantTx } from "../../db/with-tenant";

/** A short random suffix, so every test file works in its own tenants, users and hosts. */
export function suffix(bytes = 4): string {
  return randomBytes(bytes).toString("hex");
}

/** The Postgres SQLSTATE behind an error, looking through drizzle's DrizzleQueryError wrapper. */
export function pgCode(error: unknown): string | undefined {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  }
  return undefined;
}

/** The innermost Postgres message (drizzle's wrapper message is the failed SQL text). */
export function pgMessage(error: unknown): string {
  for (let e = error as { code?: unknown; cause?: unknown; message?: string } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code)) return e.message ?? "";
  }
  return (error as Error)?.message ?? String(error);
}

/** Runs `fn` and returns the Postgres error it raised; fails the test when it did not raise. */
export async function pgFailure(fn: () => Promise<unknown>): Promise<{ code: string | undefined; message: string }> {
  try {
    await fn();
  } catch (error) {
    return { code: pgCode(error), message: pgMessage(error) };
  }
  throw new Error("expected the statement to fail, but it succeeded");
}

/**
 * Runs `fn` in a savepoint of `tx` and returns its error, so the surrounding transaction survives a
 * failing statement (Postgres aborts a transaction on the first error otherwise).
 */
export function failureInSavepoint(tx: TenantTx, fn: (sp: TenantTx) => Promise<unknown>) {
  return pgFailure(() => tx.transaction(async (sp) => { await fn(sp); }));
}

class Rollback extends Error {}

/** Like withTenant, but always rolls back: probes that write can never leave rows behind. */
export async function withTenantRolledBack<T>(scope: Scope, fn: (tx: TenantTx) => Promise<T>): Promise<T> {
  let result: T | undefined;
  try {
    await withTenant(scope, async (tx) => {
      result = await fn(tx);
      throw new Rollback();
    });
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
  return result as T;
}

/** Every table of schema public that has a tenant_id column, read from the catalog (not from our code). */
export async function tenantTablesFromCatalog(): Promise<string[]> {
  const rows = await appPool().db.execute<{ table_name: string }>(sql`
    select c.relname as table_name
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public'
       and c.relkind in ('r', 'p')
       and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
     order by c.relname`);
  return rows.map((r) => r.table_name);
}

/** The tables the foundation issue created with a tenant_id; the catalog must list at least these. */
export const KNOWN_TENANT_TABLES = ["audit_log", "customers", "memberships", "resellers", "tenant_domains"] as const;
