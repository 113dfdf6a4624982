import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema";

export type AppDb = PostgresJsDatabase<typeof schema>;

// One pool per process, kept across Next's dev reloads.
const globalForDb = globalThis as unknown as { tributaryAppDb?: { db: AppDb; sql: postgres.Sql } };

/**
 * The app's pool, logged in as app_user (no superuser, no BYPASSRLS, not the tables' owner).
 * Created on first use so that importing this module (e.g. during `next build`) needs no env.
 */
export function appPool(): { db: AppDb; sql: postgres.Sql } {
  if (!globalForDb.tributaryAppDb) {
    const url = process.env.APP_DATABASE_URL;
    if (!url) throw new Error("APP_DATABASE_URL is not set: the app connects as app_user (see docs/configuration.md)");
    const sql = postgres(url, { max: Number(process.env.DB_POOL_MAX ?? 10), onnotice: () => {} });
    globalForDb.tributaryAppDb = { db: drizzle(sql, { schema }), sql };
  }
  return globalForDb.tributaryAppDb;
}

export async function closeAppPool(): Promise<void> {
  const pool = globalForDb.tributaryAppDb;
  globalForDb.tributaryAppDb = undefined;
  await pool?.sql.end({ timeout: 5 });
}
