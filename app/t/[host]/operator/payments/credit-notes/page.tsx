import Link from "next/link";
import { guarded, listQueryFrom } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { CreditNoteDecision } from "@/components/payments/credit-note-actions";
import { CREDIT_NOTE_SOURCE, CREDIT_NOTE_STATUS, money } from "@/components/payments/format";
import { InvoiceTable } from "@/components/payments/invoice-table";
import { PaymentsNav } from "@/components/payments/payments-nav";
import { DataTable, listHref } from "@/components/ui/data-table";
import { Alert, Badge, Card, EmptyState } from "@/components/ui/primitives";
import { serverApi } from "@/server/api/server";

const FINANCE = ["owner", "admin", "finance"];
const TABS = [undefined, "pending_approval", "issued", "rejected"] as const;

export default async function CreditNotes({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { actor } = await requirePortalActor("operator");
  const api = await serverApi();
  const { params, input } = listQueryFrom(await searchParams);
  const status = TABS.find((t) => t && t === params.status);
  const basePath = "/operator/payments/credit-notes";
  const invoiceSearch = params.invoiceSearch;
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">Credit notes</h1>
        <p className="text-sm text-muted">Credits from returns, prorations and by hand. A manual note above the threshold waits for a second person; the requester cannot approve it.</p>
      </header>
      <PaymentsNav active="credit-notes" />
      {params.created === "pending_approval" && <Alert tone="info" testId="credit-note-pending">The credit note is above the approval threshold and waits for another user&apos;s approval.</Alert>}
      {params.created === "issued" && <Alert tone="success" testId="credit-note-issued">Credit note issued.</Alert>}
      <nav className="flex gap-2 text-sm" aria-label="Credit note status">
        {TABS.map((t) => (
          <Link key={t ?? "all"} href={listHref(basePath, params, { status: t, page: undefined, created: undefined })}
            className={`rounded-brand px-3 py-1.5 ${status === t ? "bg-primary text-primary-foreground" : "border border-border bg-surface hover:bg-background"}`}>
            {t ? CREDIT_NOTE_STATUS[t].label : "All"}
          </Link>
        ))}
      </nav>
      {await guarded(
        () => api.creditNotes.list({ ...input, status }),
        (data) => (
          <DataTable
            rows={data.rows}
            total={data.total}
            page={data.page}
            pageSize={data.pageSize}
            basePath={basePath}
            params={params}
            empty={<EmptyState title="No credit notes">Credit notes appear here when returns are credited, amendments prorated, or finance credits an invoice.</EmptyState>}
            columns={[
              { header: "Credit note", cell: (r) => r.number ?? <span className="text-muted">(unnumbered)</span> },
              { header: "Invoice", cell: (r) => <Link href={`/operator/payments/invoices/${r.invoiceId}`} className="text-primary hover:underline">{r.invoiceNumber}</Link> },
              { header: "Customer", cell: (r) => r.customer },
              { header: "Source", cell: (r) => CREDIT_NOTE_SOURCE[r.source] ?? r.source },
              { header: "Total", className: "text-right", cell: (r) => money(r.totalMinor, r.currency) },
              { header: "Reason", cell: (r) => <span className="text-xs">{r.reason}</span> },
              { header: "Requested by", cell: (r) => r.requestedBy ?? "System" },
              { header: "Status", cell: (r) => <span data-testid="credit-note-status"><Badge tone={CREDIT_NOTE_STATUS[r.status]?.tone}>{CREDIT_NOTE_STATUS[r.status]?.label ?? r.status}</Badge></span> },
              { header: "", cell: (r) => (r.status === "pending_approval" && FINANCE.includes(actor.role) ? <CreditNoteDecision id={r.id} ownRequest={r.requestedById === actor.userId} /> : r.decidedBy ? <span className="text-xs text-muted">by {r.decidedBy}</span> : null) },
            ]}
          />
        ),
      )}
      {FINANCE.includes(actor.role) && (
        <Card title="Credit an invoice">
          <form className="mb-3 flex gap-2 text-sm" action={basePath}>
            <input name="invoiceSearch" defaultValue={invoiceSearch ?? ""} placeholder="Invoice number or customer" className="flex-1 rounded-brand border border-border bg-surface px-3 py-1.5" aria-label="Find an invoice" data-testid="invoice-search" />
            <button className="rounded-brand border border-border px-3 py-1.5 hover:bg-background" type="submit">Find</button>
          </form>
          {await guarded(
            () => api.payments.invoices({ search: invoiceSearch, pageSize: 10, sort: "issueDate", dir: "desc" }),
            (invoices) => <InvoiceTable data={invoices} basePath={basePath} params={params} detailPath="/operator/payments/invoices" showCustomer creditLink="/operator/payments/credit-notes/new" />,
          )}
        </Card>
      )}
    </div>
  );
}
