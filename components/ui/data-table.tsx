import Link from "next/link";
import type { ReactNode } from "react";

export interface Column<T> { header: string; cell: (row: T) => ReactNode; className?: string }

/** A server-rendered table with page links; paging and filtering happen in the query, not here. */
export function DataTable<T extends { id: string }>({
  columns, rows, total, page, pageSize, hrefForPage, empty,
}: {
  columns: Column<T>[]; rows: T[]; total: number; page: number; pageSize: number;
  hrefForPage: (page: number) => string; empty: ReactNode;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (rows.length === 0) return <>{empty}</>;
  return (
    <div className="overflow-hidden rounded-brand border border-border bg-surface">
      <table className="w-full text-left text-sm">
        <thead className="bg-background text-xs uppercase tracking-wide text-muted">
          <tr>{columns.map((c) => <th key={c.header} className={`px-4 py-2 font-medium ${c.className ?? ""}`}>{c.header}</th>)}</tr>
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
          {page > 1 ? <Link className="text-primary hover:underline" href={hrefForPage(page - 1)}>Previous</Link> : <span>Previous</span>}
          {page < pages ? <Link className="text-primary hover:underline" href={hrefForPage(page + 1)}>Next</Link> : <span>Next</span>}
        </nav>
      </footer>
    </div>
  );
}
