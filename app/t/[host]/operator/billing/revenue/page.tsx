import { BillingNav } from "@/components/billing/billing-nav";
import { money } from "@/components/billing/format";
import { RecognizeRevenueForm } from "@/components/billing/recognition";
import { WaterfallChart } from "@/components/billing/waterfall-chart";
import { guarded } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { Card, EmptyState, Stat } from "@/components/ui/primitives";
import { serverApi } from "@/server/api/server";
import { fromMinor } from "@/server/domain/money/money";

const RECOGNIZERS = ["owner", "admin", "finance"];

/** The last day of last month (UTC), the form's default: the month the monthly job recognizes on the 1st. */
function lastMonthEnd(): string {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 0)).toISOString().slice(0, 10);
}

export default async function OperatorRevenue({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { actor } = await requirePortalActor("operator");
  const sp = await searchParams;
  const asOf = typeof sp.asOf === "string" && /^\d{4}-\d{2}-\d{2}$/.test(sp.asOf) ? sp.asOf : new Date().toISOString().slice(0, 10);
  const api = await serverApi();
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">Revenue</h1>
        <p className="text-sm text-muted">Deferred revenue waterfall: what was recognized each month, and what the revenue schedules will recognize from what is still deferred. The monthly job recognizes the month that ended.</p>
      </header>
      <BillingNav active="revenue" />
      {RECOGNIZERS.includes(actor.role) && (
        <Card title="Recognize revenue">
          <RecognizeRevenueForm defaultDate={lastMonthEnd()} />
        </Card>
      )}
      {await guarded(
        () => api.billing.waterfall({ asOf, monthsBack: 6, monthsAhead: 12 }),
        ({ months, deferred }) => {
          const currencies = [...new Set(months.map((m) => m.currency))];
          if (currencies.length === 0) return <EmptyState title="No revenue schedules yet">Issued invoices get a schedule per line.</EmptyState>;
          return (
            <div className="space-y-6">
              <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
                {deferred.map((d) => <Stat key={d.currency} label={`Deferred (${d.currency})`} value={money(d.remaining, d.currency)} testId={`deferred-${d.currency}`} />)}
              </div>
              {currencies.map((currency) => (
                <Card key={currency} title={`Waterfall, ${currency} (as of ${asOf})`}>
                  <WaterfallChart
                    currency={currency}
                    data={months.filter((m) => m.currency === currency).map((m) => ({ month: m.month, recognized: fromMinor(m.recognized, currency).toNumber(), scheduled: fromMinor(m.scheduled, currency).toNumber() }))}
                  />
                  <table className="mt-4 w-full text-sm" data-testid="waterfall-table">
                    <thead className="text-left text-xs uppercase tracking-wide text-muted"><tr><th className="py-1">Month</th><th className="py-1 text-right">Recognized</th><th className="py-1 text-right">Scheduled</th></tr></thead>
                    <tbody>
                      {months.filter((m) => m.currency === currency).map((m) => (
                        <tr key={m.month} className="border-t border-border"><td className="py-1">{m.month}</td><td className="py-1 text-right">{money(m.recognized, currency)}</td><td className="py-1 text-right">{money(m.scheduled, currency)}</td></tr>
                      ))}
                    </tbody>
                  </table>
                </Card>
              ))}
            </div>
          );
        },
      )}
    </div>
  );
}
