import { sql } from "drizzle-orm";
import { withTenant } from "../../db/with-tenant";
import { addTenantDomain } from "../../server/domain/tenancy/domains";
import { seedId } from "./demo-data";

/**
 * Partner demo data for Acme: BestParts brands its own domain (portal.bestparts.test) and earns 10%
 * up to 10,000 and 12% above on its customers' recognized revenue; QuickSupply is buy-sell at the
 * list book. The clinic plan is offered to resellers. Idempotent (deterministic ids, ON CONFLICT).
 */
export const BESTPARTS_DOMAIN = "portal.bestparts.test";
export const BESTPARTS_PRIMARY = "#0f766e";

export async function seedDemoPartners(slug: string, tenantId: string): Promise<void> {
  if (slug !== "acme") return;
  const bestParts = seedId(`${slug}:reseller:BestParts Resellers`);
  const quickSupply = seedId(`${slug}:reseller:QuickSupply Partners`);
  await withTenant({ kind: "system", tenantId }, async (tx) => {
    await tx.execute(sql`
      update resellers set contact_email = 'partner@bestparts.test', theme_preset = 'harbor',
             theme_overrides = ${JSON.stringify({ colors: { primary: BESTPARTS_PRIMARY, accent: "#f59e0b" }, logo: "/logos/bestparts.svg" })}::jsonb
       where id = ${bestParts}`);
    await addTenantDomain(tx, { tenantId, host: BESTPARTS_DOMAIN, resellerId: bestParts });
    const planId = seedId(`${slug}:commission-plan:bestparts`);
    await tx.execute(sql`
      insert into commission_plans (tenant_id, id, reseller_id, name, currency, effective_from) values (${tenantId}, ${planId}, ${bestParts}, 'Standard agency', 'EUR', '2025-01-01')
      on conflict do nothing`);
    await tx.execute(sql`
      insert into commission_plan_rates (tenant_id, plan_id, category_id, from_minor, rate_percent) values (${tenantId}, ${planId}, null, 0, 10), (${tenantId}, ${planId}, null, 1000000, 12)
      on conflict do nothing`);
    await tx.execute(sql`
      update resellers set commercial_model = 'buy_sell', contact_email = 'partner@quicksupply.test',
             wholesale_price_book_id = (select id from price_books where kind = 'list' and currency = 'EUR' and status = 'active' limit 1)
       where id = ${quickSupply}`);
    await tx.execute(sql`
      insert into reseller_sellable_plans (tenant_id, product_id) select ${tenantId}, id from products where kind = 'plan' and sku = 'PLN-CLINIC'
      on conflict do nothing`);
  });
}
