import Link from "next/link";
import { DataTable, listHref, type ListParams } from "@/components/ui/data-table";
import { Badge, EmptyState } from "@/components/ui/primitives";
import type { InvoiceRow } from "@/server/domain/payments/queries";
import type { Page } from "@/server/domain/lists";
import { INVOICE_STATUS, money } from "./format";

const TABS = [
  { status: undefined, label: "All" },
  { status: "open", label: "Open" },
  { status: "paid", label: "Paid" },
  { status: "void", label: "Void" },
];

export function InvoiceStatusTabs({ basePath, params }: { basePath: string; params: ListParams }) {
  return (
    <nav className="flex gap-2 text-sm" aria-label="Invoice status">
      {TABS.map((t) => {
        const active = (params.status ?? undefined) === t.status;
        return (
          <Link key={t.label} href={listHref(basePath, params, { status: t.status, page: undefined })}
            className={`rounded-brand px-3 py-1.5 ${active ? "bg-primary text-primary-foreground" : "border border-border bg-surface hover:bg-background"}`} aria-current={active ? "page" : undefined}>
            {t.label}
          </Link>
        );
      })}
    </nav>
  );
}

/** Issued invoices with what is open on each; a link to each invoice's page (and its pay form). */
export function InvoiceTable({ data, basePath, params, detailPath, showCustomer = false, creditLink }: { data: Page<InvoiceRow>; basePath: string; params: ListParams; detailPath: string; showCustomer?: boolean; creditLink?: string }) {
  return (
    <DataTable
      rows={data.rows}
      total={data.total}
      page={data.page}
      pageSize={data.pageSize}
      basePath={basePath}
      params={params}
      empty={<EmptyState title="No invoices">Invoices appear here once they are issued.</EmptyState>}
      columns={[
        { header: "Invoice", sortKey: "number", cell: (r) => <Link href={`${detailPath}/${r.id}`} className="font-medium text-primary hover:underline" data-testid="invoice-link">{r.number}</Link> },
        ...(showCustomer ? [{ header: "Customer", cell: (r: InvoiceRow) => r.customer }] : []),
        { header: "Issued", sortKey: "issueDate", cell: (r) => r.issueDate },
        { header: "Due", sortKey: "dueDate", cell: (r) => r.dueDate },
        { header: "Total", sortKey: "total", className: "text-right", cell: (r) => money(r.totalMinor, r.currency) },
        { header: "Open", className: "text-right", cell: (r) => <span data-testid="invoice-open">{money(r.openMinor, r.currency)}</span> },
        { header: "Status", sortKey: "status", cell: (r) => <span data-testid="invoice-status"><Badge tone={INVOICE_STATUS[r.status]?.tone}>{INVOICE_STATUS[r.status]?.label ?? r.status}</Badge></span> },
        ...(creditLink ? [{ header: "", cell: (r: InvoiceRow) => (r.status === "void" ? null : <Link href={`${creditLink}?invoiceId=${r.id}`} className="text-sm text-primary hover:underline" data-testid="credit-invoice">Credit…</Link>) }] : []),
      ]}
    />
  );
}
