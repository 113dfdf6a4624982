import { BillingNav } from "@/components/billing/billing-nav";
import { percent } from "@/components/billing/format";
import { guarded } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { Card, EmptyState } from "@/components/ui/primitives";
import { serverApi } from "@/server/api/server";

export default async function OperatorTaxRules() {
  await requirePortalActor("operator");
  const api = await serverApi();
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">Tax rules</h1>
        <p className="text-sm text-muted">Rates by jurisdiction (the customer&apos;s) and product tax class over validity windows, which may not overlap. Customers without a jurisdiction are not taxed.</p>
      </header>
      <BillingNav active="tax" />
      {await guarded(
        () => api.billing.taxRules(),
        (rules) =>
          rules.length === 0 ? (
            <EmptyState title="No tax rules">Add rules before invoicing taxed customers.</EmptyState>
          ) : (
            <Card>
              <table className="w-full text-sm" data-testid="tax-rules">
                <thead className="text-left text-xs uppercase tracking-wide text-muted"><tr><th className="py-2">Jurisdiction</th><th className="py-2">Class</th><th className="py-2">Name</th><th className="py-2 text-right">Rate</th><th className="py-2">From</th><th className="py-2">Until</th></tr></thead>
                <tbody>
                  {rules.map((r) => (
                    <tr key={r.id} className="border-t border-border"><td className="py-2">{r.jurisdiction}</td><td className="py-2">{r.taxClass}</td><td className="py-2">{r.name}</td><td className="py-2 text-right">{percent(r.rate)}</td><td className="py-2">{r.effectiveFrom}</td><td className="py-2 text-muted">{r.effectiveTo ?? "open"}</td></tr>
                  ))}
                </tbody>
              </table>
            </Card>
          ),
      )}
    </div>
  );
}
