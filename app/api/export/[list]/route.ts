import { TRPCError } from "@trpc/server";
import { stringify } from "csv-stringify/sync";
import { createRequestContext } from "@/server/api/context";
import { CSV_EXPORT_MAX_ROWS, CSV_EXPORTS } from "@/server/api/exports";
import { createCaller } from "@/server/api/root";
import { withHttpMetrics } from "@/server/metrics/http";

export const dynamic = "force-dynamic";

const STATUS: Partial<Record<TRPCError["code"], number>> = { UNAUTHORIZED: 401, FORBIDDEN: 403, NOT_FOUND: 404, BAD_REQUEST: 400 };

/** A cell a spreadsheet will not run as a formula (a leading =, +, -, @ is quoted with an apostrophe). */
function csvCell(value: string | number | bigint | null | undefined): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return typeof value === "string" && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/**
 * CSV of any registered list, with the list's own filters and sort from the query string. Pages
 * through the list's tRPC procedure, so roles and RLS are exactly those of the screen.
 */
async function exportList(request: Request, { params }: { params: Promise<{ list: string }> }) {
  const spec = CSV_EXPORTS[(await params).list];
  if (!spec) return Response.json({ error: "No such export" }, { status: 404 });
  const caller = createCaller(await createRequestContext(request.headers));
  const url = new URL(request.url);
  const { search, sort, dir, ...filters } = Object.fromEntries(url.searchParams);
  const query = { search: search || undefined, sort: sort || undefined, dir: dir === "desc" ? ("desc" as const) : ("asc" as const), filters };

  try {
    const rows: unknown[] = [];
    let truncated = false;
    for (let page = 1; ; page++) {
      const result = await spec.page(caller, { ...query, page, pageSize: 100 });
      rows.push(...result.rows);
      if (rows.length >= result.total || result.rows.length === 0) break;
      if (rows.length >= CSV_EXPORT_MAX_ROWS) { truncated = true; break; }
    }
    const body = stringify([
      spec.columns.map((c) => c.header),
      ...rows.map((row) => spec.columns.map((c) => csvCell(c.value(row as never)))),
    ]);
    return new Response(body, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${spec.filename}"`,
        "cache-control": "no-store",
        ...(truncated ? { "x-export-truncated": `first ${CSV_EXPORT_MAX_ROWS} rows; filter to export the rest` } : {}),
      },
    });
  } catch (error) {
    if (error instanceof TRPCError) return Response.json({ error: error.message }, { status: STATUS[error.code] ?? 500 });
    throw error;
  }
}

export const GET = withHttpMetrics("/api/export/[list]", exportList);
