/*
 * Postgres array literals passed as ONE bind parameter (`${uuids(ids)}::uuid[]`), so a set-based
 * statement over thousands of rows (`unnest(...)`) costs one round trip and one plan, not one per row.
 */

/** Ids or other values that never need quoting (uuids, integers, dates); null becomes NULL. */
export function plainArray(values: ReadonlyArray<string | number | bigint | null>): string {
  return `{${values.map((v) => (v === null ? "NULL" : String(v))).join(",")}}`;
}

/** Arbitrary text, quoted and escaped; null becomes NULL. */
export function textArray(values: ReadonlyArray<string | null>): string {
  let out = "{";
  for (let i = 0; i < values.length; i++) {
    if (i) out += ",";
    const v = values[i];
    out += v === null ? "NULL" : `"${v.replace(/["\\]/g, "\\$&")}"`;
  }
  return out + "}";
}
