import Link from "next/link";
import { BillingNav } from "@/components/billing/billing-nav";
import { INVOICE_SOURCE_LABELS, INVOICE_STATUS_LABELS, INVOICE_STATUS_TONES, LINE_KIND_LABELS, lastDay, money, percent } from "@/components/billing/format";
import { guarded } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { Badge, Card, Stat } from "@/components/ui/primitives";
import { serverApi } from "@/server/api/server";

export default async function OperatorInvoice({ params }: { params: Promise<{ id: string }> }) {
  await requirePortalActor("operator");
  const { id } = await params;
  const api = await serverApi();
  return (
    <div className="space-y-6">
      <BillingNav active="invoices" />
      <Link href="/operator/billing" className="text-sm text-primary hover:underline">← All invoices</Link>
      {await guarded(
        () => api.billing.invoice({ id }),
        ({ invoice: i, lines, taxSummary, journal, schedules, payments }) => (
          <div className="space-y-6" data-testid="invoice-detail">
            <header className="flex flex-wrap items-start justify-between gap-4">
              <div>
                <h1 className="text-2xl font-semibold" data-testid="invoice-number">{i.number ?? "Draft invoice"}</h1>
                <p className="text-sm text-muted">
                  {i.customer} · {INVOICE_SOURCE_LABELS[i.source]}
                  {i.subscription_number ? ` · ${i.subscription_number}` : ""}
                  {i.order_number ? ` · order ${i.order_number}` : ""}
                  {i.shipment_number ? ` · shipment ${i.shipment_number}` : ""}
                </p>
              </div>
              <div className="flex items-center gap-3">
                <Badge tone={INVOICE_STATUS_TONES[i.status]}>{INVOICE_STATUS_LABELS[i.status]}</Badge>
                {i.number && (
                  <Link href={`/print/invoices/${i.id}`} className="rounded-brand border border-border bg-surface px-4 py-2 text-sm font-medium hover:bg-background" data-testid="print-invoice">
                    Printable invoice
                  </Link>
                )}
              </div>
            </header>
            <div className="grid grid-cols-2 gap-3 md:grid-cols-6">
              <Stat label="Issued" value={i.issue_date ?? "—"} />
              <Stat label="Due" value={i.due_date ?? "—"} />
              <Stat label="Period" value={i.period_start ? `${i.period_start} – ${lastDay(i.period_end)}` : "—"} />
              <Stat label="Total" value={money(i.total_minor, i.currency)} testId="invoice-total" />
              <Stat label="Paid and credited" value={money(BigInt(i.paid_minor) + BigInt(i.credited_minor), i.currency)} />
              <Stat label="Open" value={money(i.balance_minor, i.currency)} testId="invoice-open" />
            </div>
            <Card title="Lines">
              <div className="overflow-x-auto">
                <table className="w-full text-sm" data-testid="invoice-lines">
                  <thead className="text-left text-xs uppercase tracking-wide text-muted">
                    <tr><th className="py-2 pr-3">#</th><th className="py-2 pr-3">Description</th><th className="py-2 pr-3">Kind</th><th className="py-2 pr-3">Service</th><th className="py-2 pr-3 text-right">Quantity</th><th className="py-2 pr-3 text-right">Unit price</th><th className="py-2 pr-3 text-right">Net</th><th className="py-2 pr-3 text-right">Tax</th></tr>
                  </thead>
                  <tbody>
                    {lines.map((l) => (
                      <tr key={l.id} className="border-t border-border">
                        <td className="py-2 pr-3 text-muted">{l.line_no}</td>
                        <td className="py-2 pr-3">{l.description}</td>
                        <td className="py-2 pr-3">{LINE_KIND_LABELS[l.kind] ?? l.kind}</td>
                        <td className="py-2 pr-3 text-muted">{l.service_start ? `${l.service_start} – ${lastDay(l.service_end)}` : ""}</td>
                        <td className="py-2 pr-3 text-right">{Number(l.quantity).toLocaleString("en-GB", { maximumFractionDigits: 6 })}</td>
                        <td className="py-2 pr-3 text-right">{Number(l.unit_price).toLocaleString("en-GB", { maximumFractionDigits: 6 })}</td>
                        <td className="py-2 pr-3 text-right">{money(l.net_minor, i.currency)}</td>
                        <td className="py-2 pr-3 text-right">{money(l.tax_minor, i.currency)} <span className="text-xs text-muted">({percent(l.tax_rate)})</span></td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </Card>
            <div className="grid gap-6 md:grid-cols-2">
              <Card title={`Tax summary${i.tax_inclusive ? " (prices include tax)" : ""}`}>
                <table className="w-full text-sm" data-testid="tax-summary">
                  <thead className="text-left text-xs uppercase tracking-wide text-muted"><tr><th className="py-2">Rate</th><th className="py-2 text-right">Net</th><th className="py-2 text-right">Tax</th></tr></thead>
                  <tbody>
                    {taxSummary.map((t) => (
                      <tr key={t.rate} className="border-t border-border"><td className="py-2">{percent(t.rate)}</td><td className="py-2 text-right">{money(t.netMinor, i.currency)}</td><td className="py-2 text-right">{money(t.taxMinor, i.currency)}</td></tr>
                    ))}
                  </tbody>
                </table>
                <p className="mt-2 text-xs text-muted">Jurisdiction: {i.tax_jurisdiction || "none (not taxed)"}</p>
              </Card>
              <Card title="Journal entry">
                {journal.length === 0 ? (
                  <p className="text-sm text-muted">Nothing posted (a draft posts when it is issued).</p>
                ) : (
                  <table className="w-full text-sm" data-testid="invoice-journal">
                    <thead className="text-left text-xs uppercase tracking-wide text-muted"><tr><th className="py-2">Account</th><th className="py-2 text-right">Debit</th><th className="py-2 text-right">Credit</th></tr></thead>
                    <tbody>
                      {journal.map((j, n) => (
                        <tr key={n} className="border-t border-border">
                          <td className="py-2">{j.code} {j.account}</td>
                          <td className="py-2 text-right">{j.debit_minor !== "0" ? money(j.debit_minor, i.currency) : ""}</td>
                          <td className="py-2 text-right">{j.credit_minor !== "0" ? money(j.credit_minor, i.currency) : ""}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </Card>
            </div>
            <div className="grid gap-6 md:grid-cols-2">
              <Card title="Revenue schedules">
                {schedules.length === 0 ? (
                  <p className="text-sm text-muted">None yet.</p>
                ) : (
                  <table className="w-full text-sm">
                    <thead className="text-left text-xs uppercase tracking-wide text-muted"><tr><th className="py-2">Earned</th><th className="py-2">When</th><th className="py-2 text-right">Amount</th><th className="py-2 text-right">Recognized</th></tr></thead>
                    <tbody>
                      {schedules.map((s, n) => (
                        <tr key={n} className="border-t border-border">
                          <td className="py-2">{s.method === "ratable_daily" ? "Ratably by day" : "At once"}</td>
                          <td className="py-2 text-muted">{s.method === "ratable_daily" ? `${s.start_date} – ${lastDay(s.end_date)}` : s.start_date}</td>
                          <td className="py-2 text-right">{money(s.amount_minor, i.currency)}</td>
                          <td className="py-2 text-right">{money(s.recognized_minor, i.currency)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </Card>
              <Card title="Payments and credits">
                {payments.length === 0 ? (
                  <p className="text-sm text-muted">Nothing received or credited yet.</p>
                ) : (
                  <table className="w-full text-sm">
                    <tbody>
                      {payments.map((p) => (
                        <tr key={p.id} className="border-t border-border">
                          <td className="py-2">{p.kind === "payment" ? "Payment" : "Credit note"} {p.number ?? "(customer credit)"}</td>
                          <td className="py-2 text-muted">{p.on_date}</td>
                          <td className="py-2 text-right">{money(p.amount_minor, i.currency)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </Card>
            </div>
          </div>
        ),
      )}
    </div>
  );
}
