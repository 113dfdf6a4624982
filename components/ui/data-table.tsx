import Link from "next/link";
import type { ReactNode } from "react";

export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
  className?: string;
  /** A sort key the list's query accepts; makes the header a sort link. */
  sortKey?: string;
}

export type ListParams = Record<string, string | undefined>;

/** A link to the same list with some query parameters changed (others, like filters, kept). */
export function listHref(basePath: string, params: ListParams, changes: ListParams): string {
  const merged = { ...params, ...changes };
  const query = new URLSearchParams(Object.entries(merged).filter((e): e is [string, string] => Boolean(e[1])));
  const qs = query.toString();
  return qs ? `${basePath}?${qs}` : basePath;
}

/**
 * A server-rendered table. Paging, sorting and filtering happen in the database: headers and page
 * links only change the URL's query. `exportHref` adds a CSV download of the same filtered list.
 */
export function DataTable<T extends { id: string }>({
  columns, rows, total, page, pageSize, basePath, params, empty, exportHref,
}: {
  columns: Column<T>[]; rows: T[]; total: number; page: number; pageSize: number;
  basePath: string; params: ListParams; empty: ReactNode; exportHref?: string;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const sortHeader = (c: Column<T>) => {
    if (!c.sortKey) return c.header;
    const active = params.sort === c.sortKey;
    const nextDir = active && params.dir !== "desc" ? "desc" : "asc";
    return (
      <Link href={listHref(basePath, params, { sort: c.sortKey, dir: nextDir, page: undefined })} className="inline-flex items-center gap-1 hover:text-foreground" aria-sort={active ? (params.dir === "desc" ? "descending" : "ascending") : undefined}>
        {c.header}
        <span aria-hidden>{active ? (params.dir === "desc" ? "▼" : "▲") : "↕"}</span>
      </Link>
    );
  };
  return (
    <div className="space-y-2">
      {exportHref && (
        <div className="flex justify-end">
          <a href={exportHref} className="text-sm text-primary hover:underline" data-testid="export-csv">Export CSV</a>
        </div>
      )}
      {rows.length === 0 ? (
        empty
      ) : (
        <div className="overflow-x-auto rounded-brand border border-border bg-surface">
          <table className="w-full text-left text-sm">
            <thead className="bg-background text-xs uppercase tracking-wide text-muted">
              <tr>{columns.map((c) => <th key={c.header} scope="col" className={`px-4 py-2 font-medium ${c.className ?? ""}`}>{sortHeader(c)}</th>)}</tr>
            </thead>
            <tbody className="divide-y divide-border">
              {rows.map((row) => (
                <tr key={row.id} className="text-foreground">
                  {columns.map((c) => <td key={c.header} className={`px-4 py-2 ${c.className ?? ""}`}>{c.cell(row)}</td>)}
                </tr>
              ))}
            </tbody>
          </table>
          <footer className="flex items-center justify-between border-t border-border px-4 py-2 text-xs text-muted">
            <span>{total} total · page {page} of {pages}</span>
            <nav className="flex gap-3" aria-label="Pagination">
              {page > 1 ? <Link className="text-primary hover:underline" href={listHref(basePath, params, { page: String(page - 1) })}>Previous</Link> : <span>Previous</span>}
              {page < pages ? <Link className="text-primary hover:underline" href={listHref(basePath, params, { page: String(page + 1) })}>Next</Link> : <span>Next</span>}
            </nav>
          </footer>
        </div>
      )}
    </div>
  );
}
