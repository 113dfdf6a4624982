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
    const sql = preparing(postgres(url, { max: Number(process.env.DB_POOL_MAX ?? 10), onnotice: () => {} }));
    globalForDb.tributaryAppDb = { db: drizzle(sql, { schema }), sql };
  }
  return globalForDb.tributaryAppDb;
}

/**
 * drizzle-orm 0.45's postgres-js driver runs every query through `unsafe(query, params, { prepare:
 * false })` (drizzle-team/drizzle-orm#6096), so Postgres parses and plans each statement again on
 * every call: measured at over half the database time of placing an order. This wrapper makes every
 * `unsafe` call (in transactions and savepoints too) a named prepared statement, cached per connection
 * by postgres.js, so repeated statements are parsed once and Postgres can reuse their plans.
 */
function preparing(sql: postgres.Sql): postgres.Sql {
  return new Proxy(sql, {
    get(target, prop, receiver) {
      if (prop === "unsafe") {
        return (query: string, args?: unknown[], options?: object) => target.unsafe(query, args as never, { ...options, prepare: true });
      }
      if (prop === "begin" || prop === "savepoint") {
        return (...params: unknown[]) => {
          const fn = params.pop() as (scoped: postgres.Sql) => unknown;
          const original = Reflect.get(target, prop, receiver) as (...a: unknown[]) => unknown;
          return original(...params, (scoped: postgres.Sql) => fn(preparing(scoped)));
        };
      }
      return Reflect.get(target, prop, receiver);
    },
  });
}

export async function closeAppPool(): Promise<void> {
  const pool = globalForDb.tributaryAppDb;
  globalForDb.tributaryAppDb = undefined;
  await pool?.sql.end({ timeout: 5 });
}
