import type { TenantTx } from "../../../db/with-tenant";

/** The SQLSTATE and constraint of a Postgres error, looking through drizzle's wrapper. */
export function pgErrorOf(error: unknown): { code: string; constraint?: string; detail?: string } | null {
  for (let e = error as { code?: unknown; cause?: unknown; constraint_name?: string; detail?: string } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code)) return { code: e.code, constraint: e.constraint_name, detail: e.detail };
  }
  return null;
}

/**
 * Runs `fn` in a savepoint and maps a Postgres error by SQLSTATE to a domain error, so a rejected
 * write leaves the surrounding transaction usable and the caller gets a clear message.
 */
export async function inSavepoint<T>(tx: TenantTx, fn: (sp: TenantTx) => Promise<T>, map: Partial<Record<string, (pg: { code: string; constraint?: string; detail?: string }) => Error>>): Promise<T> {
  try {
    return await tx.transaction(fn);
  } catch (error) {
    const pg = pgErrorOf(error);
    const mapped = pg && map[pg.code]?.(pg);
    throw mapped ?? error;
  }
}
