import Link from "next/link";
import { BillingNav } from "@/components/billing/billing-nav";
import { INVOICE_SOURCE_LABELS, INVOICE_STATUS_LABELS, INVOICE_STATUS_TONES, lastDay, money } from "@/components/billing/format";
import { guarded, listQueryFrom } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { DataTable, listHref, type Column } from "@/components/ui/data-table";
import { FilterBar, optionsOf } from "@/components/ui/filter-bar";
import { Badge, EmptyState } from "@/components/ui/primitives";
import { serverApi } from "@/server/api/server";
import { invoiceListFilters, type InvoiceRow } from "@/server/domain/billing/invoices";

const COLUMNS: Column<InvoiceRow>[] = [
  { header: "Number", sortKey: "number", cell: (r) => <Link className="font-medium text-primary hover:underline" href={`/operator/billing/invoices/${r.id}`} data-testid="invoice-link">{r.number ?? "Draft"}</Link> },
  { header: "Customer", sortKey: "customer", cell: (r) => r.customer },
  { header: "Source", cell: (r) => (r.subscription_number ? `${INVOICE_SOURCE_LABELS[r.source]} · ${r.subscription_number}` : INVOICE_SOURCE_LABELS[r.source]) },
  { header: "Period", cell: (r) => (r.period_start ? `${r.period_start} – ${lastDay(r.period_end)}` : "") },
  { header: "Issued", sortKey: "issueDate", cell: (r) => r.issue_date ?? "" },
  { header: "Due", sortKey: "dueDate", cell: (r) => r.due_date ?? "" },
  { header: "Status", sortKey: "status", cell: (r) => <Badge tone={INVOICE_STATUS_TONES[r.status]}>{INVOICE_STATUS_LABELS[r.status]}</Badge> },
  { header: "Total", sortKey: "total", className: "text-right", cell: (r) => money(r.total_minor, r.currency) },
  { header: "Open", sortKey: "balance", className: "text-right", cell: (r) => money(r.balance_minor, r.currency) },
];

export default async function OperatorInvoices({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePortalActor("operator");
  const api = await serverApi();
  const { params, input } = listQueryFrom(await searchParams);
  const filters = invoiceListFilters(params);
  const filtered = Boolean(params.search || Object.values(filters).some(Boolean));
  const exportParams = { search: params.search, sort: params.sort, dir: input.dir, status: params.status, source: params.source, from: params.from, to: params.to, overdue: params.overdue, run: params.run };
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">Billing</h1>
        <p className="text-sm text-muted">Invoices from renewals, shipments and finance, with their tax, journal entries and what is still open.</p>
      </header>
      <BillingNav active="invoices" />
      {await guarded(
        () => api.billing.invoices({ ...input, ...filters }),
        (data) => (
          <div className="space-y-4" data-testid="invoices-table">
            <FilterBar
              basePath="/operator/billing"
              params={params}
              label="Filter invoices"
              searchPlaceholder="Invoice number or customer"
              searchTestId="invoice-search"
              keep={["run", "from", "to"]}
              selects={[
                { name: "status", label: "Status", anyLabel: "Any status", options: optionsOf(INVOICE_STATUS_LABELS), testId: "invoice-status-filter" },
                { name: "source", label: "Source", anyLabel: "Any source", options: optionsOf(INVOICE_SOURCE_LABELS) },
                { name: "overdue", label: "Due", anyLabel: "Any due date", options: [{ value: "1", label: "Overdue" }] },
              ]}
            />
            <DataTable
              {...data}
              columns={COLUMNS}
              basePath="/operator/billing"
              params={params}
              exportHref={listHref("/api/export/billing-invoices", {}, exportParams)}
              empty={filtered ? <EmptyState title="No invoices match">Change or clear the filters.</EmptyState> : <EmptyState title="No invoices yet">A billing run, a shipment or a manual invoice creates them.</EmptyState>}
            />
          </div>
        ),
      )}
    </div>
  );
}
