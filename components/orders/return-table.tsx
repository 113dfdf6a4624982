import Link from "next/link";
import { DataTable, listHref, type ListParams } from "@/components/ui/data-table";
import { Badge, EmptyState } from "@/components/ui/primitives";
import type { Page } from "@/server/domain/lists";
import type { ReturnRow } from "@/server/domain/orders/returns";
import { dateLabel, money, RETURN_STATUS_LABELS, RETURN_STATUS_TONES } from "./format";

export const RETURN_TABS: Array<{ label: string; status?: string }> = [
  { label: "To decide", status: "requested" },
  { label: "To receive", status: "approved" },
  { label: "Received", status: "received" },
  { label: "Rejected", status: "rejected" },
  { label: "All", status: "all" },
];

/** The returns queue's tabs; `status=all` lists every return. */
export function ReturnTabs({ basePath, params, current, plainLabels = false }: { basePath: string; params: ListParams; current: string; plainLabels?: boolean }) {
  return (
    <nav className="flex flex-wrap gap-1 border-b border-border" aria-label="Return status" data-testid="return-tabs">
      {RETURN_TABS.map((tab) => (
        <Link
          key={tab.label}
          href={listHref(basePath, params, { status: tab.status, page: undefined })}
          aria-current={current === tab.status ? "page" : undefined}
          className={`-mb-px border-b-2 px-3 py-2 text-sm ${current === tab.status ? "border-primary font-medium text-foreground" : "border-transparent text-muted hover:text-foreground"}`}
        >
          {plainLabels && tab.status !== "all" ? RETURN_STATUS_LABELS[tab.status!] : tab.label}
        </Link>
      ))}
    </nav>
  );
}

export function ReturnTable({ data, basePath, params, detailPath, orderPath, filtered, showCustomer = true }: {
  data: Page<ReturnRow>; basePath: string; params: ListParams; detailPath?: string; orderPath: string; filtered: boolean; showCustomer?: boolean;
}) {
  return (
    <div data-testid="returns-table">
      <DataTable
        {...data}
        basePath={basePath}
        params={params}
        empty={
          filtered ? <EmptyState title="No returns here">Nothing in this state; try another tab or clear the search.</EmptyState>
            : <EmptyState title="No returns yet">Customers request returns of shipped goods from their portal.</EmptyState>
        }
        columns={[
          { header: "Return", sortKey: "number", cell: (r) => (detailPath ? <Link href={`${detailPath}/${r.id}`} className="font-mono text-xs font-medium text-primary hover:underline" data-testid="return-link">{r.number}</Link> : <span className="font-mono text-xs">{r.number}</span>) },
          { header: "Order", cell: (r) => <Link href={`${orderPath}/${r.orderId}`} className="font-mono text-xs text-primary hover:underline">{r.orderNumber}</Link> },
          ...(showCustomer ? [{ header: "Customer", cell: (r: ReturnRow) => r.customer }] : []),
          { header: "Reason", cell: (r) => <span className="line-clamp-2 max-w-xs text-muted">{r.reason}</span> },
          { header: "Units", cell: (r) => r.units, className: "text-right tabular-nums" },
          { header: "Value", cell: (r) => money(r.amountMinor, r.currency), className: "text-right tabular-nums" },
          { header: "Status", sortKey: "status", cell: (r) => <Badge tone={RETURN_STATUS_TONES[r.status]}>{RETURN_STATUS_LABELS[r.status] ?? r.status}</Badge> },
          { header: "Requested", sortKey: "created", cell: (r) => dateLabel(r.createdAt), className: "text-muted" },
        ]}
      />
    </div>
  );
}
