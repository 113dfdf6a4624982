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

/**
 * Values a batch repeats, sent once: `ref(v)` is v's 1-based position in `values` (null stays null),
 * which SQL reads back by subscript, `d.refs[x.ref]` over `(select ${plainArray(dict.values)}::uuid[]
 * as refs) d`. A chunk's 3,500 invoice lines name a handful of products, categories and tax rules:
 * a small integer each instead of a 36-character uuid that Postgres parses row by row.
 */
export class ValueDictionary {
  readonly values: string[] = [];
  private readonly positions = new Map<string, number>();

  ref(value: string | null | undefined): number | null {
    if (value === null || value === undefined) return null;
    let at = this.positions.get(value);
    if (at === undefined) {
      at = this.values.push(value);
      this.positions.set(value, at);
    }
    return at;
  }
}
