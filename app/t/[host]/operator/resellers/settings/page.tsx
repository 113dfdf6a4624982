import type { Metadata } from "next";
import { guarded } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { PriceLimitForm, SellablePlanToggle } from "@/components/partners/operator-forms";
import { ResellersNav } from "@/components/partners/operator-nav";
import { Badge, Card, EmptyState } from "@/components/ui/primitives";
import { serverApi } from "@/server/api/server";

export const metadata: Metadata = { title: "Reseller prices and plans" };

export default async function ResellerSettings() {
  const { actor } = await requirePortalActor("operator");
  const api = await serverApi();
  const canEdit = ["owner", "admin"].includes(actor.role);
  return (
    <div className="space-y-6">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold">Prices &amp; plans for resellers</h1>
        <p className="text-sm text-muted">Floors and ceilings bound what buy-sell resellers charge in their own price books; the plan list is what resellers may sell to their customers.</p>
        <ResellersNav current="/operator/resellers/settings" />
      </header>
      {await guarded(
        async () => {
          const [limits, plans, products] = await Promise.all([api.resellers.priceLimits(), api.resellers.sellablePlans(), api.catalog.products({ pageSize: 100, status: "active" })]);
          return { limits, plans, products };
        },
        ({ limits, plans, products }) => (
          <>
            <Card title="Floors and ceilings">
              {limits.length === 0 ? <EmptyState title="No limits">Resellers may price freely until a limit is set.</EmptyState> : (
                <table className="w-full text-sm" data-testid="price-limits">
                  <thead className="text-left text-xs uppercase text-muted"><tr><th className="py-1">Product</th><th>Currency</th><th className="text-right">Floor</th><th className="text-right">Ceiling</th></tr></thead>
                  <tbody>{limits.map((l) => <tr key={l.id} className="border-t border-border"><td className="py-1">{l.sku} · {l.product_name}</td><td>{l.currency}</td><td className="text-right">{l.floor_price}</td><td className="text-right">{l.ceiling_price}</td></tr>)}</tbody>
                </table>
              )}
              {canEdit && <div className="mt-4 border-t border-border pt-4"><PriceLimitForm products={products.rows.map((p) => ({ id: p.id, sku: p.sku, name: p.name }))} /></div>}
            </Card>
            <Card title="Plans resellers may sell">
              {plans.length === 0 ? <EmptyState title="No plans in the catalog">Create products of kind plan first.</EmptyState> : (
                <ul className="divide-y divide-border text-sm" data-testid="sellable-plans">
                  {plans.map((p) => (
                    <li key={p.product_id} className="flex items-center justify-between py-2">
                      <span>{p.sku} · {p.name} {p.allowed && <Badge tone="success">offered</Badge>}</span>
                      {canEdit && <SellablePlanToggle productId={p.product_id} allowed={p.allowed} />}
                    </li>
                  ))}
                </ul>
              )}
            </Card>
          </>
        ),
      )}
    </div>
  );
}
