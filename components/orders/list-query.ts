import { listQueryFrom } from "@/components/portal/guarded";
import { orderListFilters } from "@/server/domain/orders/schemas";

type SearchParams = Record<string, string | string[] | undefined>;

/**
 * The orders board's query from its URL: newest first unless a sort is chosen, the status and other
 * filters, and the exceptions view (`view=exceptions`, all kinds unless `exception` narrows it).
 */
export function orderListQuery(searchParams: SearchParams) {
  const { params, input } = listQueryFrom(searchParams);
  const exceptions = params.view === "exceptions";
  const parsed = orderListFilters(params);
  const filters = { ...parsed, ...(exceptions ? { status: undefined, exception: parsed.exception ?? ("any" as const) } : { exception: undefined }) };
  const dir = params.dir === "asc" || params.dir === "desc" ? params.dir : params.sort ? "asc" : "desc";
  const filtered = Boolean(params.search || filters.status || filters.hold || filters.source || filters.customerId || params.exception);
  return { params, input: { ...input, dir: dir as "asc" | "desc" }, filters, exceptions, filtered };
}
