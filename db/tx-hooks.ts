import type { TenantTx } from "./with-tenant";

export type TxHook = (tx: TenantTx) => Promise<void>;

/**
 * Per-transaction buffers (the outbox's pending events) must survive savepoints: drizzle gives a
 * savepoint its own tx object, so each is mapped to its root, and what a failed savepoint buffered
 * is dropped with it, as Postgres drops its rows.
 */
const rootOf = new WeakMap<TenantTx, TenantTx>();
const buffers = new WeakMap<TenantTx, unknown[]>();

export function rootTx(tx: TenantTx): TenantTx | undefined {
  return rootOf.get(tx);
}

/** The root transaction's buffer of pending items. */
export function txBuffer<T>(tx: TenantTx): T[] | undefined {
  const root = rootOf.get(tx);
  if (!root) return undefined;
  let buffer = buffers.get(root);
  if (!buffer) buffers.set(root, (buffer = []));
  return buffer as T[];
}

/** Called by withTenant on its transaction: maps it (and, on creation, every savepoint below it) to itself. */
export function trackSavepoints(tx: TenantTx, root: TenantTx = tx): void {
  rootOf.set(tx, root);
  const open = tx.transaction.bind(tx);
  tx.transaction = ((fn: (sp: TenantTx) => Promise<unknown>) => {
    const mark = buffers.get(root)?.length ?? 0;
    return open(async (sp: TenantTx) => {
      trackSavepoints(sp, root);
      try {
        return await fn(sp);
      } catch (error) {
        const buffer = buffers.get(root);
        if (buffer) buffer.length = Math.min(buffer.length, mark);
        throw error;
      }
    });
  }) as TenantTx["transaction"];
}
