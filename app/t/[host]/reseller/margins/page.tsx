import type { Metadata } from "next";
import { guarded } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { money } from "@/components/partners/format";
import { Alert, Card, EmptyState, Stat } from "@/components/ui/primitives";
import { serverApi } from "@/server/api/server";

export const metadata: Metadata = { title: "Margins" };

export default async function ResellerMargins({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { actor } = await requirePortalActor("reseller");
  if (actor.role !== "reseller_admin") return <Alert testId="access-denied">The margin report is for your admins.</Alert>;
  const api = await serverApi();
  const q = await searchParams;
  const today = new Date().toISOString().slice(0, 10);
  const from = typeof q.from === "string" && /^\d{4}-\d{2}-\d{2}$/.test(q.from) ? q.from : `${today.slice(0, 4)}-01-01`;
  const to = typeof q.to === "string" && /^\d{4}-\d{2}-\d{2}$/.test(q.to) ? q.to : today;
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">Margins</h1>
        <p className="text-sm text-muted">For buy-sell: what you invoiced your customers, less the wholesale cost of the same quantities on the invoice date.</p>
      </header>
      <form className="flex flex-wrap items-end gap-2 text-sm" action="/reseller/margins">
        <label>From <input type="date" name="from" defaultValue={from} className="rounded-brand border border-border bg-surface px-2 py-1" /></label>
        <label>To <input type="date" name="to" defaultValue={to} className="rounded-brand border border-border bg-surface px-2 py-1" /></label>
        <button className="rounded-brand border border-border px-3 py-1" type="submit">Show</button>
      </form>
      {await guarded(() => api.resellers.margins({ from, to }), (report) => {
        if (report.reseller.commercialModel !== "buy_sell") return <Alert tone="info">You work on commission (agency): see your statements instead.</Alert>;
        const currency = report.lines[0]?.currency ?? "EUR";
        return (
          <>
            <div className="grid gap-3 sm:grid-cols-3">
              <Stat label="Invoiced (net)" value={money(report.totals.netMinor, currency)} />
              <Stat label="Wholesale cost" value={money(report.totals.costMinor, currency)} />
              <Stat label="Margin" value={money(report.totals.marginMinor, currency)} testId="margin-total" />
            </div>
            <Card title="Per invoice line">
              {report.lines.length === 0 ? <EmptyState title="No invoiced lines in this period" /> : (
                <table className="w-full text-sm">
                  <thead className="text-left text-xs uppercase text-muted"><tr><th className="py-1">Date</th><th>Line</th><th className="text-right">Qty</th><th className="text-right">Net</th><th className="text-right">Cost</th><th className="text-right">Margin</th></tr></thead>
                  <tbody>
                    {report.lines.map((l) => (
                      <tr key={l.invoiceLineId} className="border-t border-border">
                        <td className="py-1">{l.date}</td><td>{l.description}</td><td className="text-right">{l.quantity}</td><td className="text-right">{money(l.netMinor, l.currency)}</td>
                        <td className="text-right">{l.costMinor === null ? "no wholesale price" : money(l.costMinor, l.currency)}</td>
                        <td className="text-right">{l.marginMinor === null ? "—" : `${money(l.marginMinor, l.currency)} (${l.marginPercent}%)`}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </Card>
          </>
        );
      })}
    </div>
  );
}
