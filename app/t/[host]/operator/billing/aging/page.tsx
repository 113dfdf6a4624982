import { BillingNav } from "@/components/billing/billing-nav";
import { money } from "@/components/billing/format";
import { guarded } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { Card, EmptyState } from "@/components/ui/primitives";
import { serverApi } from "@/server/api/server";

const BUCKETS = [["current", "Current"], ["d1_30", "1–30"], ["d31_60", "31–60"], ["d61_90", "61–90"], ["d90_plus", "90+"], ["total", "Total"]] as const;

export default async function OperatorAging({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePortalActor("operator");
  const sp = await searchParams;
  const asOf = typeof sp.asOf === "string" && /^\d{4}-\d{2}-\d{2}$/.test(sp.asOf) ? sp.asOf : new Date().toISOString().slice(0, 10);
  const api = await serverApi();
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">Receivables aging</h1>
        <p className="text-sm text-muted">Open invoice balances per customer by days past due, as of {asOf}.</p>
      </header>
      <BillingNav active="aging" />
      <form method="get" className="flex items-end gap-3 print:hidden">
        <label className="space-y-1 text-xs font-medium text-muted">As of<input type="date" name="asOf" defaultValue={asOf} className="block rounded-brand border border-border bg-surface px-3 py-2 text-sm text-foreground" /></label>
        <button type="submit" className="rounded-brand border border-border bg-surface px-4 py-2 text-sm font-medium hover:bg-background">Show</button>
      </form>
      {await guarded(
        () => api.billing.arAging({ asOf }),
        ({ rows, totals }) =>
          rows.length === 0 ? (
            <EmptyState title="Nothing open">Every issued invoice is paid or credited.</EmptyState>
          ) : (
            <Card>
              <div className="overflow-x-auto">
                <table className="w-full text-sm" data-testid="aging-table">
                  <thead className="text-left text-xs uppercase tracking-wide text-muted">
                    <tr><th className="py-2 pr-3">Customer</th>{BUCKETS.map(([k, label]) => <th key={k} className="py-2 pr-3 text-right">{label}</th>)}</tr>
                  </thead>
                  <tbody>
                    {rows.map((r) => (
                      <tr key={`${r.customer_id}-${r.currency}`} className="border-t border-border">
                        <td className="py-2 pr-3">{r.customer}</td>
                        {BUCKETS.map(([k]) => <td key={k} className={`py-2 pr-3 text-right ${k === "total" ? "font-medium" : ""}`}>{r[k] === "0" ? "" : money(r[k], r.currency)}</td>)}
                      </tr>
                    ))}
                    {totals.map((t) => (
                      <tr key={t.currency} className="border-t-2 border-foreground font-semibold">
                        <td className="py-2 pr-3">Total {t.currency}</td>
                        {BUCKETS.map(([k]) => <td key={k} className="py-2 pr-3 text-right">{money(t[k], t.currency)}</td>)}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </Card>
          ),
      )}
    </div>
  );
}
