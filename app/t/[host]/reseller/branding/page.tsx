import type { Metadata } from "next";
import { guarded } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { BrandingForm, DomainForm, InviteAgentForm, OwnPriceForm } from "@/components/partners/reseller-forms";
import { Alert, Card } from "@/components/ui/primitives";
import { serverApi } from "@/server/api/server";

export const metadata: Metadata = { title: "Branding & team" };

export default async function ResellerBranding() {
  const { actor } = await requirePortalActor("reseller");
  if (actor.role !== "reseller_admin") return <Alert testId="access-denied">Branding, domains and invitations are for your admins.</Alert>;
  const api = await serverApi();
  return guarded(
    async () => {
      return { branding: await api.partner.branding() };
    },
    ({ branding }) => (
      <div className="space-y-6">
        <header>
          <h1 className="text-2xl font-semibold">Branding &amp; team</h1>
          <p className="text-sm text-muted">How your customers see the portal on your own domain, and who works in your team.</p>
        </header>
        <Card title="Your brand"><BrandingForm initial={{ themePreset: branding.themePreset, overrides: branding.overrides }} /></Card>
        <Card title="Your domain">
          {branding.domains.length > 0 && <ul className="mb-3 text-sm" data-testid="reseller-domains">{branding.domains.map((d) => <li key={d.id}>{d.host}</li>)}</ul>}
          <DomainForm />
        </Card>
        <Card title="Invite a colleague"><InviteAgentForm /></Card>
        {branding.commercialModel === "buy_sell" && (
          <Card title="Your prices"><p className="mb-2 text-sm text-muted">Within the floor and ceiling the distributor sets per product.</p><OwnPriceForm products={branding.priceLimits.map((l) => ({ id: l.product_id, label: `${l.sku} · ${l.product_name} (${l.floor_price} to ${l.ceiling_price} ${l.currency})` }))} /></Card>
        )}
      </div>
    ),
  );
}
