import type { createCaller } from "./root";

type Caller = ReturnType<typeof createCaller>;
type Query = { search?: string; sort?: string; dir?: "asc" | "desc"; filters: Record<string, string> };

/** A list that can be downloaded as CSV: which procedure pages it, and how a row becomes columns. */
export interface CsvExport {
  filename: string;
  /** Fetches one page through the same tRPC procedure the screen uses (same roles, same RLS). */
  page(caller: Caller, query: Query & { page: number; pageSize: number }): Promise<{ rows: unknown[]; total: number }>;
  columns: Array<{ header: string; value: (row: never) => string | number | bigint | null | undefined }>;
}

/**
 * The registry of exportable lists, keyed by the name used in `/api/export/<name>`. Domains add
 * their lists here; the route handler is shared.
 */
export const CSV_EXPORTS: Record<string, CsvExport> = {
  "operator-customers": {
    filename: "customers.csv",
    page: (caller, q) => caller.operator.customers({ page: q.page, pageSize: q.pageSize, search: q.search }),
    columns: [
      { header: "Name", value: (r: { name: string }) => r.name },
      { header: "Reseller", value: (r: { reseller: string | null }) => r.reseller ?? "" },
      { header: "Created", value: (r: { createdAt: Date }) => r.createdAt.toISOString() },
    ],
  },
};

/** Exports stop here; beyond it the user should filter (the response says so in a header). */
export const CSV_EXPORT_MAX_ROWS = 50_000;
