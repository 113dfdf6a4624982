import Link from "next/link";
import { DataTable, type ListParams } from "@/components/ui/data-table";
import { Badge, EmptyState } from "@/components/ui/primitives";
import type { Page } from "@/server/domain/lists";
import type { OrderRow } from "@/server/domain/orders/queries";
import { dateLabel, exceptionReasons, HOLD_LABELS, money, ORDER_STATUS_LABELS, ORDER_STATUS_TONES, SOURCE_LABELS } from "./format";

/**
 * The orders list: the server sorts, filters and pages; headers and page links only change the URL.
 * `showReasons` adds why each order needs a person (the exceptions view); `showCustomer` is off in
 * the customer's own portal.
 */
export function OrderTable({
  data, basePath, params, detailPath, exportHref, filtered, showReasons = false, showCustomer = true, emptyHint,
}: {
  data: Page<OrderRow>; basePath: string; params: ListParams; detailPath: string; exportHref?: string; filtered: boolean;
  showReasons?: boolean; showCustomer?: boolean; emptyHint?: string;
}) {
  return (
    <div data-testid="orders-table">
      <DataTable
        {...data}
        basePath={basePath}
        params={params}
        exportHref={exportHref}
        empty={
          filtered ? (
            <EmptyState title="No orders match">Change or clear the filters to see more orders.</EmptyState>
          ) : showReasons ? (
            <EmptyState title="No exceptions">Every order in progress is released, fully reserved and without substitutions.</EmptyState>
          ) : (
            <EmptyState title="No orders yet">{emptyHint ?? "Orders placed by customers, entered by staff or created by replenishment are listed here."}</EmptyState>
          )
        }
        columns={[
          {
            header: "Number",
            sortKey: "number",
            cell: (r) => <Link href={`${detailPath}/${r.id}`} className="font-mono text-xs font-medium text-primary hover:underline" data-testid="order-link">{r.number}</Link>,
          },
          ...(showCustomer ? [{ header: "Customer", sortKey: "customer", cell: (r: OrderRow) => <span className="font-medium">{r.customer}</span> }] : []),
          { header: "Source", cell: (r) => SOURCE_LABELS[r.source] ?? r.source, className: "text-muted" },
          {
            header: "Status",
            sortKey: "status",
            cell: (r) => (
              <span className="flex flex-wrap items-center gap-1" data-testid="order-status">
                <Badge tone={ORDER_STATUS_TONES[r.status]}>{ORDER_STATUS_LABELS[r.status] ?? r.status}</Badge>
                {r.hold && <Badge tone="warning">{HOLD_LABELS[r.hold] ?? r.hold}</Badge>}
              </span>
            ),
          },
          ...(showReasons
            ? [{ header: "Needs attention", cell: (r: OrderRow) => <ul className="text-xs" data-testid="exception-reasons">{exceptionReasons(r).map((x) => <li key={x}>{x}</li>)}</ul> }]
            : [{ header: "Shipments", cell: (r: OrderRow) => (r.shipments ? r.shipments : <span className="text-muted">—</span>), className: "text-right tabular-nums" }]),
          { header: "Lines", cell: (r) => r.lines, className: "text-right tabular-nums" },
          { header: "Total", sortKey: "total", cell: (r) => money(r.totalMinor, r.currency), className: "text-right tabular-nums" },
          { header: "Placed", sortKey: "created", cell: (r) => dateLabel(r.createdAt), className: "text-muted" },
        ]}
      />
    </div>
  );
}
