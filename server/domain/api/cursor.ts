import { DomainError } from "../errors";

/**
 * Opaque cursors for the API's lists: base64url of the tenant and the last row's sort key. The
 * tenant is inside so a cursor from another tenant is refused instead of silently paging this one.
 */
export function encodeCursor(tenantId: string, after: string): string {
  return Buffer.from(JSON.stringify({ t: tenantId, a: after })).toString("base64url");
}

export function decodeCursor(tenantId: string, cursor: string | undefined | null): string | null {
  if (!cursor) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    parsed = null;
  }
  const value = parsed as { t?: unknown; a?: unknown } | null;
  if (!value || typeof value.t !== "string" || typeof value.a !== "string") throw new DomainError("BAD_REQUEST", "Invalid cursor: pass the nextCursor of a previous page", { cursor: ["Invalid cursor"] });
  if (value.t !== tenantId) throw new DomainError("BAD_REQUEST", "This cursor belongs to another tenant's list", { cursor: ["Cursor from another tenant"] });
  return value.a;
}

/** One page of `limit` rows out of `limit + 1` fetched: the extra row only says there is more. */
export function pageOf<T>(tenantId: string, rows: T[], limit: number, keyOf: (row: T) => string): { data: T[]; nextCursor: string | null } {
  const data = rows.slice(0, limit);
  return { data, nextCursor: rows.length > limit ? encodeCursor(tenantId, keyOf(data[data.length - 1])) : null };
}
