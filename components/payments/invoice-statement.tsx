import { Badge, Card } from "@/components/ui/primitives";
import type { invoiceStatement } from "@/server/domain/payments/queries";
import { CREDIT_NOTE_STATUS, INVOICE_STATUS, METHOD_LABELS, money } from "./format";

type Statement = Awaited<ReturnType<typeof invoiceStatement>>;

/** An invoice as a document: lines, tax, totals, then what was paid and credited. Prints cleanly. */
export function InvoiceStatement({ data }: { data: Statement }) {
  const { invoice, lines, payments, creditNotes } = data;
  const m = (v: bigint) => money(v, invoice.currency);
  return (
    <div className="space-y-4">
      <Card title={<span className="flex items-center gap-3">Invoice {invoice.number} <span data-testid="invoice-status"><Badge tone={INVOICE_STATUS[invoice.status]?.tone}>{INVOICE_STATUS[invoice.status]?.label ?? invoice.status}</Badge></span></span>}>
        <dl className="grid gap-2 text-sm sm:grid-cols-4">
          <div><dt className="text-muted">Billed to</dt><dd className="font-medium">{invoice.customer}</dd></div>
          <div><dt className="text-muted">Issued</dt><dd>{invoice.issueDate}</dd></div>
          <div><dt className="text-muted">Due</dt><dd>{invoice.dueDate}</dd></div>
          {invoice.periodStart && <div><dt className="text-muted">Period</dt><dd>{invoice.periodStart} to {invoice.periodEnd}</dd></div>}
        </dl>
        <table className="mt-4 w-full text-left text-sm">
          <thead className="text-xs uppercase tracking-wide text-muted">
            <tr><th className="py-1">#</th><th>Description</th><th className="text-right">Qty</th><th className="text-right">Net</th><th className="text-right">Tax</th></tr>
          </thead>
          <tbody className="divide-y divide-border">
            {lines.map((l) => (
              <tr key={l.id}>
                <td className="py-1">{l.lineNo}</td>
                <td>{l.description}</td>
                <td className="text-right">{Number(l.quantity).toLocaleString("en-GB")}</td>
                <td className="text-right">{m(l.netMinor)}</td>
                <td className="text-right">{m(l.taxMinor)} <span className="text-xs text-muted">({Number(l.taxRate)}%)</span></td>
              </tr>
            ))}
          </tbody>
          <tfoot className="text-sm">
            <tr><td colSpan={3} className="pt-3 text-right text-muted">Net</td><td className="pt-3 text-right">{m(invoice.netMinor)}</td><td /></tr>
            <tr><td colSpan={3} className="text-right text-muted">Tax</td><td className="text-right">{m(invoice.taxMinor)}</td><td /></tr>
            <tr><td colSpan={3} className="text-right font-semibold">Total</td><td className="text-right font-semibold" data-testid="invoice-total">{m(invoice.totalMinor)}</td><td /></tr>
            {invoice.paidMinor !== 0n && <tr><td colSpan={3} className="text-right text-muted">Paid</td><td className="text-right">−{m(invoice.paidMinor)}</td><td /></tr>}
            {invoice.creditedMinor !== 0n && <tr><td colSpan={3} className="text-right text-muted">Credited</td><td className="text-right">−{m(invoice.creditedMinor)}</td><td /></tr>}
            <tr><td colSpan={3} className="text-right font-semibold">Open</td><td className="text-right font-semibold" data-testid="invoice-open">{m(invoice.openMinor)}</td><td /></tr>
          </tfoot>
        </table>
      </Card>
      {(payments.length > 0 || creditNotes.length > 0) && (
        <Card title="Payments and credits">
          <ul className="divide-y divide-border text-sm" data-testid="invoice-settlements">
            {payments.map((p) => (
              <li key={`${p.kind}-${p.id}`} className="flex justify-between py-1.5">
                <span>{p.receivedOn} · {p.number ?? (p.kind === "credit_returned" ? "Credit note returned to your credit" : "Customer credit applied")} {p.method !== "customer_credit" && <span className="text-muted">({METHOD_LABELS[p.method] ?? p.method}{p.cardLast4 ? ` ending ${p.cardLast4}` : ""})</span>}</span>
                <span>{money(p.amountMinor, invoice.currency)}</span>
              </li>
            ))}
            {creditNotes.map((n) => (
              <li key={n.id} className="flex justify-between py-1.5">
                <span>{n.issueDate ?? "—"} · Credit note {n.number ?? ""} <Badge tone={CREDIT_NOTE_STATUS[n.status]?.tone}>{CREDIT_NOTE_STATUS[n.status]?.label ?? n.status}</Badge> <span className="text-muted">{n.reason}</span></span>
                <span>{money(n.totalMinor, invoice.currency)}</span>
              </li>
            ))}
          </ul>
        </Card>
      )}
    </div>
  );
}
