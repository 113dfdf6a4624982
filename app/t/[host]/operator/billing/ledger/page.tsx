import { BillingNav } from "@/components/billing/billing-nav";
import { money } from "@/components/billing/format";
import { guarded } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { Card, EmptyState } from "@/components/ui/primitives";
import { serverApi } from "@/server/api/server";

export default async function OperatorTrialBalance() {
  await requirePortalActor("operator");
  const api = await serverApi();
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">Trial balance</h1>
        <p className="text-sm text-muted">Debits, credits and balance per account from the journal. Each currency&apos;s balances sum to zero.</p>
      </header>
      <BillingNav active="ledger" />
      {await guarded(
        () => api.billing.trialBalance({}),
        (rows) => {
          if (rows.length === 0) return <EmptyState title="No postings yet">Invoices, payments and recognition post here.</EmptyState>;
          const sums = new Map<string, bigint>();
          for (const r of rows) sums.set(r.currency, (sums.get(r.currency) ?? 0n) + BigInt(r.balanceMinor));
          return (
            <Card>
              <table className="w-full text-sm" data-testid="trial-balance">
                <thead className="text-left text-xs uppercase tracking-wide text-muted"><tr><th className="py-2">Account</th><th className="py-2">Type</th><th className="py-2 text-right">Debits</th><th className="py-2 text-right">Credits</th><th className="py-2 text-right">Balance</th></tr></thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={`${r.accountId}-${r.currency}`} className="border-t border-border">
                      <td className="py-2">{r.code} {r.name}</td><td className="py-2 text-muted">{r.type}</td>
                      <td className="py-2 text-right">{money(r.debitMinor, r.currency)}</td><td className="py-2 text-right">{money(r.creditMinor, r.currency)}</td><td className="py-2 text-right">{money(r.balanceMinor, r.currency)}</td>
                    </tr>
                  ))}
                  {[...sums].map(([currency, sum]) => (
                    <tr key={currency} className="border-t-2 border-foreground font-semibold"><td className="py-2" colSpan={4}>Sum of balances ({currency})</td><td className="py-2 text-right" data-testid={`tb-sum-${currency}`}>{money(sum, currency)}</td></tr>
                  ))}
                </tbody>
              </table>
            </Card>
          );
        },
      )}
    </div>
  );
}
