import Link from "next/link";
import { DataTable, type ListParams } from "@/components/ui/data-table";
import { Badge, EmptyState } from "@/components/ui/primitives";
import type { Page } from "@/server/domain/lists";
import type { SubscriptionRow } from "@/server/domain/subscriptions/contracts";
import { INTERVAL_LABELS, STATUS_TONES, SUBSCRIPTION_STATUS_LABELS } from "./format";

export function SubscriptionTable({ data, basePath, params, detailPath, exportHref, filtered }: {
  data: Page<SubscriptionRow>;
  basePath: string;
  params: ListParams;
  /** Where a number links to; none for portals without a detail page. */
  detailPath?: string;
  exportHref?: string;
  filtered: boolean;
}) {
  return (
    <DataTable
      {...data}
      basePath={basePath}
      params={params}
      exportHref={exportHref}
      empty={
        <EmptyState title={filtered ? "No subscriptions match" : "No subscriptions yet"}>
          {filtered ? "Try other filters." : "Contracts you create will be listed here."}
        </EmptyState>
      }
      columns={[
        {
          header: "Number",
          sortKey: "number",
          cell: (r) => (detailPath ? <Link href={`${detailPath}/${r.id}`} className="font-medium text-primary hover:underline" data-testid="subscription-link">{r.number}</Link> : <span className="font-medium">{r.number}</span>),
        },
        { header: "Customer", sortKey: "customer", cell: (r) => r.customer },
        { header: "Status", sortKey: "status", cell: (r) => <Badge tone={STATUS_TONES[r.status]}>{SUBSCRIPTION_STATUS_LABELS[r.status]}</Badge> },
        { header: "Term", sortKey: "termStart", cell: (r) => `${r.termStart} → ${r.termEnd}`, className: "whitespace-nowrap" },
        { header: "Billing", cell: (r) => `${INTERVAL_LABELS[r.billingInterval] ?? r.billingInterval}, day ${r.anchorDay}`, className: "text-muted" },
        { header: "Currency", cell: (r) => r.currency, className: "text-muted" },
        { header: "Version", cell: (r) => (r.version ? `v${r.version}` : "—"), className: "text-muted" },
      ]}
    />
  );
}
