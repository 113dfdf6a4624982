import Link from "next/link";
import { DataTable, type ListParams } from "@/components/ui/data-table";
import { Badge, EmptyState } from "@/components/ui/primitives";
import type { CustomerRow } from "@/server/domain/customers/customers";
import type { Page } from "@/server/domain/lists";
import { creditLimitLabel, STATUS_LABELS } from "./format";

/**
 * The customers list: sortable headers and paging links change the URL; the server sorts, filters
 * and pages. `detailPath` makes names links to the account page; `exportHref` adds CSV download.
 */
export function CustomerTable({
  data, basePath, params, showReseller, detailPath, exportHref, filtered,
}: {
  data: Page<CustomerRow>; basePath: string; params: ListParams; showReseller: boolean; detailPath?: string; exportHref?: string; filtered: boolean;
}) {
  return (
    <DataTable
      {...data}
      basePath={basePath}
      params={params}
      exportHref={exportHref}
      empty={
        filtered ? (
          <EmptyState title="No customers match">Change or clear the filters to see more accounts.</EmptyState>
        ) : (
          <EmptyState title="No customers yet">Customers you add will be listed here.</EmptyState>
        )
      }
      columns={[
        { header: "Code", sortKey: "code", cell: (r) => <span className="font-mono text-xs">{r.code ?? "—"}</span> },
        {
          header: "Customer",
          sortKey: "name",
          cell: (r) => (detailPath ? <Link href={`${detailPath}/${r.id}`} className="font-medium text-primary hover:underline">{r.name}</Link> : <span className="font-medium">{r.name}</span>),
        },
        { header: "City", sortKey: "city", cell: (r) => (r.city ? `${r.city}${r.countryCode ? `, ${r.countryCode}` : ""}` : <span className="text-muted">—</span>) },
        ...(showReseller ? [{ header: "Reseller", cell: (r: CustomerRow) => r.reseller ?? <span className="text-muted">Direct</span> }] : []),
        { header: "Status", sortKey: "status", cell: (r) => <Badge tone={r.status === "credit_hold" ? "warning" : "success"}>{STATUS_LABELS[r.status]}</Badge> },
        { header: "Credit limit", cell: (r) => creditLimitLabel(r.creditLimitMinor, r.currency), className: "text-right tabular-nums" },
        { header: "Since", sortKey: "created", cell: (r) => r.createdAt.toISOString().slice(0, 10), className: "text-muted" },
      ]}
    />
  );
}
