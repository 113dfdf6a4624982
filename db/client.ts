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
 * drizzle-orm 0.45's postgres-js driver sends every query with `prepare: false` (drizzle-team/drizzle-orm#6096).
 * postgres.js then asks Postgres to describe each parameterised statement before binding it: two
 * round trips per statement, and nothing queued behind it on the connection is sent until the first
 * answer is back, so statements issued together on a transaction are not pipelined. Named prepared
 * statements (cached per connection by postgres.js) go out in one write and pipeline, and Postgres
 * may reuse their plans (its default plan_cache_mode; a statement joining a whole table to an array
 * also names the array's rows with `id = any(...)`, so a generic plan still uses the index). Every `unsafe`
 * call is made one, in transactions and savepoints too. (postgres.js re-sends a prepared statement
 * only when Postgres says it no longer exists or its cached plan went stale: errors raised before the
 * statement runs, so nothing is executed twice.)
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
