import { sql } from "drizzle-orm";
import { withTenant } from "../../db/with-tenant";
import { recognizeRevenue } from "../../server/domain/billing/recognition";
import { createBillingRun, driveBillingRun } from "../../server/domain/billing/runs";

/** VAT by country and product tax class (percent): the demo customers' jurisdictions are their countries. */
const VAT: Record<string, { standard: string; reduced: string }> = {
  NL: { standard: "21", reduced: "9" },
  BE: { standard: "21", reduced: "6" },
  DE: { standard: "19", reduced: "7" },
  FR: { standard: "20", reduced: "5.5" },
  SE: { standard: "25", reduced: "12" },
  PL: { standard: "23", reduced: "8" },
  ES: { standard: "21", reduced: "10" },
};

/** Tax rules for the demo jurisdictions (before any order ships: shipments are invoiced). Idempotent. */
export async function seedDemoTaxRules(tenantId: string): Promise<void> {
  const rows = Object.entries(VAT).flatMap(([country, r]) => [
    [country, "standard", `${country} VAT ${r.standard}%`, r.standard],
    [country, "reduced", `${country} VAT ${r.reduced}%`, r.reduced],
    [country, "zero", `${country} zero-rated`, "0"],
    [country, "exempt", `${country} exempt`, "0"],
  ]);
  await withTenant({ kind: "system", tenantId }, async (tx) => {
    for (const [jurisdiction, taxClass, name, rate] of rows) {
      await tx.execute(sql`
        insert into tax_rules (tenant_id, jurisdiction, tax_class, name, rate, effective_from)
        select ${tenantId}, ${jurisdiction}, ${taxClass}, ${name}, ${rate}, '2020-01-01'
         where not exists (select 1 from tax_rules where jurisdiction = ${jurisdiction} and tax_class = ${taxClass})`);
    }
  });
}

/** The first renewal run (through today) and revenue recognition through last month, once per demo tenant. */
export async function seedDemoBilling(tenantId: string, today = new Date().toISOString().slice(0, 10)): Promise<void> {
  const [{ n }] = await withTenant({ kind: "system", tenantId }, (tx) => tx.execute<{ n: number }>(sql`select count(*)::int as n from billing_runs`));
  if (n > 0) return;
  const runId = await createBillingRun(tenantId, today);
  await driveBillingRun(tenantId, runId);
  const lastMonth = new Date(Date.parse(`${today.slice(0, 7)}-01T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  await withTenant({ kind: "system", tenantId }, (tx) => recognizeRevenue(tx, tenantId, lastMonth));
}
