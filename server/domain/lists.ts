import { asc, desc, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { z } from "zod";

/**
 * Every list is paged, sorted and filtered by the database, never in the browser. A list declares
 * the columns it may be sorted by (a whitelist), so `sort` from a URL can never name anything else.
 */
export const listInput = z.object({
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(100).default(25),
  search: z.string().trim().max(100).optional(),
  sort: z.string().max(40).optional(),
  dir: z.enum(["asc", "desc"]).default("asc"),
});
export type ListInput = z.infer<typeof listInput>;

export interface Page<T> { rows: T[]; total: number; page: number; pageSize: number }

/** ORDER BY for a whitelisted sort key (falling back to the list's default), with a stable tiebreak. */
export function orderFor(input: Pick<ListInput, "sort" | "dir">, sortable: Record<string, AnyPgColumn | SQL>, fallback: string, tiebreak: AnyPgColumn): SQL[] {
  const key = input.sort && input.sort in sortable ? input.sort : fallback;
  const by = input.dir === "desc" ? desc : asc;
  return [by(sortable[key]), asc(tiebreak)];
}

export const offsetOf = (input: Pick<ListInput, "page" | "pageSize">) => (input.page - 1) * input.pageSize;
