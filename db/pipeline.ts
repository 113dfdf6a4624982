import type { SQL } from "drizzle-orm";
import type { TenantTx } from "./with-tenant";

/**
 * Statements issued on a transaction's connection without waiting for each one's reply: the
 * connection runs them in the order they are issued, so a batch of writes costs one round trip and
 * Postgres executes one while this side builds the next one's arrays. A failing statement aborts the
 * transaction, so every later one fails with it; `done()` rejects with the first failure.
 */
export interface Pipeline {
  /** Issues `query` now (in order after the ones issued before it); the reply when it comes. */
  run<T extends Record<string, unknown>>(query: SQL): Promise<T[]>;
  /** Waits for every statement issued so far. */
  done(): Promise<void>;
}

export function pipeline(tx: TenantTx): Pipeline {
  const pending: Promise<unknown>[] = [];
  return {
    run<T extends Record<string, unknown>>(query: SQL): Promise<T[]> {
      // `.then` sends it now (drizzle's query is lazy); the no-op catch keeps a failure that lands
      // while the caller awaits something else from counting as unhandled; done() still reports it.
      const p = tx.execute<T>(query).then((rows) => rows as T[]);
      p.catch(() => undefined);
      pending.push(p);
      return p;
    },
    async done() {
      await Promise.all(pending);
    },
  };
}
