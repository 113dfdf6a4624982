/*
 * Postgres array literals passed as ONE bind parameter (`${uuids(ids)}::uuid[]`), so a set-based
 * statement over thousands of rows (`unnest(...)`) costs one round trip and one plan, not one per row.
 */

/** Ids or other values that never need quoting (uuids, integers, dates); null becomes NULL. */
export function plainArray(values: ReadonlyArray<string | number | bigint | null>): string {
  return `{${(values.includes(null) ? values.map((v) => (v === null ? "NULL" : v)) : values).join(",")}}`;
}

/** Arbitrary text, quoted and escaped; null becomes NULL. */
export function textArray(values: ReadonlyArray<string | null>): string {
  let plain = true;
  for (let i = 0; i < values.length && plain; i++) {
    const v = values[i];
    plain = v !== null && !v.includes('"') && !v.includes("\\");
  }
  // Ids and codes rarely hold quotes, backslashes or nulls: then one join builds the literal (usage batches of 10,000).
  if (plain) return values.length === 0 ? "{}" : `{"${values.join('","')}"}`;
  let out = "{";
  for (let i = 0; i < values.length; i++) {
    if (i) out += ",";
    const v = values[i];
    out += v === null ? "NULL" : `"${v.replace(/["\\]/g, "\\$&")}"`;
  }
  return out + "}";
}
