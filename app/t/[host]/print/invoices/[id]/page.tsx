import type { Metadata } from "next";
import Link from "next/link";
import { LINE_KIND_LABELS, lastDay, money, percent } from "@/components/billing/format";
import { PrintButton } from "@/components/billing/print-button";
import { guarded } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { serverApi } from "@/server/api/server";

export const metadata: Metadata = { title: "Invoice" };

/**
 * The printable invoice: no portal chrome, the tenant's theme (the tenant layout applies it), headed by
 * the seller — the tenant, or the customer's reseller for a white-labelled customer. Print CSS keeps it
 * to the document: A4 margins, no buttons, lines never split across pages.
 */
export default async function PrintInvoice({ params }: { params: Promise<{ id: string }> }) {
  const { host } = await requirePortalActor("operator");
  const { id } = await params;
  const api = await serverApi();
  return (
    <main className="mx-auto max-w-3xl bg-white p-10 text-slate-900 print:max-w-none print:p-0">
      <style>{`@page { size: A4; margin: 18mm; } @media print { body { background: white; } }`}</style>
      {await guarded(
        () => api.billing.invoice({ id }),
        ({ invoice: i, lines, taxSummary, seller }) => (
          <article className="space-y-8 text-sm" data-testid="printable-invoice">
            <div className="flex justify-between gap-4 print:hidden">
              <Link href={`/operator/billing/invoices/${i.id}`} className="text-primary hover:underline">← Back to the invoice</Link>
              <PrintButton />
            </div>
            <header className="flex items-start justify-between gap-6 border-b-4 border-primary pb-6">
              <div className="flex items-center gap-3">
                {seller.kind === "tenant" && host.tenant.theme.logo && (
                  // eslint-disable-next-line @next/next/no-img-element -- the tenant's validated logo URL, printed as is
                  <img src={host.tenant.theme.logo} alt="" className="h-12 w-auto" />
                )}
                <div>
                  <p className="text-xl font-semibold text-primary" data-testid="invoice-seller">{seller.name}</p>
                  {seller.kind === "reseller" && <p className="text-xs text-slate-500">in partnership with {host.tenant.name}</p>}
                </div>
              </div>
              <div className="text-right">
                <h1 className="text-3xl font-bold tracking-tight">Invoice</h1>
                <p className="font-mono text-base" data-testid="print-number">{i.number ?? "DRAFT"}</p>
              </div>
            </header>
            <section className="grid grid-cols-2 gap-6">
              <div>
                <p className="text-xs uppercase tracking-wide text-slate-500">Bill to</p>
                <p className="font-medium">{i.bill_to.name ?? i.customer}</p>
                {i.bill_to.line1 && <p>{i.bill_to.line1}</p>}
                {(i.bill_to.postalCode || i.bill_to.city) && <p>{[i.bill_to.postalCode, i.bill_to.city].filter(Boolean).join(" ")}</p>}
                {i.bill_to.country && <p>{i.bill_to.country}</p>}
                {i.bill_to.email && <p className="text-slate-500">{i.bill_to.email}</p>}
              </div>
              <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-right">
                <dt className="text-slate-500">Issue date</dt><dd>{i.issue_date}</dd>
                <dt className="text-slate-500">Due date</dt><dd>{i.due_date}</dd>
                {i.period_start && (<><dt className="text-slate-500">Period</dt><dd>{i.period_start} – {lastDay(i.period_end)}</dd></>)}
                {i.subscription_number && (<><dt className="text-slate-500">Contract</dt><dd>{i.subscription_number}</dd></>)}
                {i.order_number && (<><dt className="text-slate-500">Order</dt><dd>{i.order_number}</dd></>)}
                <dt className="text-slate-500">Currency</dt><dd>{i.currency}</dd>
              </dl>
            </section>
            <table className="w-full border-collapse">
              <thead>
                <tr className="border-b border-slate-300 text-left text-xs uppercase tracking-wide text-slate-500">
                  <th className="py-2 pr-2">Description</th><th className="py-2 pr-2 text-right">Qty</th><th className="py-2 pr-2 text-right">Unit price</th><th className="py-2 pr-2 text-right">Tax</th><th className="py-2 text-right">Amount</th>
                </tr>
              </thead>
              <tbody>
                {lines.map((l) => (
                  <tr key={l.id} className="border-b border-slate-200 break-inside-avoid">
                    <td className="py-2 pr-2">
                      {l.description}
                      <span className="block text-xs text-slate-500">{LINE_KIND_LABELS[l.kind]}{l.service_start ? ` · ${l.service_start} – ${lastDay(l.service_end)}` : ""}</span>
                    </td>
                    <td className="py-2 pr-2 text-right">{Number(l.quantity).toLocaleString("en-GB", { maximumFractionDigits: 6 })}</td>
                    <td className="py-2 pr-2 text-right">{Number(l.unit_price).toLocaleString("en-GB", { maximumFractionDigits: 6 })}</td>
                    <td className="py-2 pr-2 text-right">{percent(l.tax_rate)}</td>
                    <td className="py-2 text-right">{money(l.net_minor, i.currency)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <section className="ml-auto w-72 space-y-1 break-inside-avoid">
              <div className="flex justify-between"><span>Net</span><span>{money(i.net_minor, i.currency)}</span></div>
              {taxSummary.map((t) => (
                <div key={t.rate} className="flex justify-between text-slate-600"><span>Tax {percent(t.rate)} on {money(t.netMinor, i.currency)}</span><span>{money(t.taxMinor, i.currency)}</span></div>
              ))}
              <div className="flex justify-between border-t-2 border-slate-900 pt-1 text-base font-semibold"><span>Total</span><span data-testid="print-total">{money(i.total_minor, i.currency)}</span></div>
              {i.balance_minor !== i.total_minor && <div className="flex justify-between text-slate-600"><span>Open</span><span>{money(i.balance_minor, i.currency)}</span></div>}
            </section>
            <footer className="border-t border-slate-200 pt-4 text-xs text-slate-500 break-inside-avoid">
              {i.tax_inclusive ? "Prices include tax. " : ""}Please pay by {i.due_date}, quoting {i.number}. {i.memo}
            </footer>
          </article>
        ),
      )}
    </main>
  );
}
