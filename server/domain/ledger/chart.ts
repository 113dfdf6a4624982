import { sql } from "drizzle-orm";
import type { AccountPurpose, AccountType } from "../../../db/schema";
import { plainArray, textArray } from "../../../db/pg-arrays";
import type { TenantTx } from "../../../db/with-tenant";

export interface ChartAccount { code: string; name: string; type: AccountType; purpose: AccountPurpose }

/** The template every tenant's chart starts from (revenue per product category is added on first use). */
export const STANDARD_CHART: readonly ChartAccount[] = [
  { code: "1000", name: "Cash", type: "asset", purpose: "cash" },
  { code: "1100", name: "Accounts receivable", type: "asset", purpose: "accounts_receivable" },
  { code: "1300", name: "Inventory", type: "asset", purpose: "inventory" },
  { code: "2100", name: "Deferred revenue", type: "liability", purpose: "deferred_revenue" },
  { code: "2200", name: "Tax payable", type: "liability", purpose: "tax_payable" },
  { code: "2300", name: "Customer credit", type: "liability", purpose: "customer_credit" },
  { code: "2400", name: "Commissions payable", type: "liability", purpose: "commissions_payable" },
  { code: "3000", name: "Equity", type: "equity", purpose: "equity" },
  { code: "4000", name: "Revenue", type: "revenue", purpose: "revenue" },
  { code: "5000", name: "Cost of goods sold", type: "expense", purpose: "cogs" },
  { code: "6100", name: "Commission expense", type: "expense", purpose: "commission_expense" },
];

/** Creates the tenant's chart from the template; accounts already there are kept as they are. */
export async function ensureChartOfAccounts(tx: TenantTx, tenantId: string): Promise<void> {
  await tx.execute(sql`
    insert into ledger_accounts (tenant_id, code, name, type, purpose)
    select ${tenantId}, * from unnest(${textArray(STANDARD_CHART.map((a) => a.code))}::text[], ${textArray(STANDARD_CHART.map((a) => a.name))}::text[],
                                      ${textArray(STANDARD_CHART.map((a) => a.type))}::text[], ${textArray(STANDARD_CHART.map((a) => a.purpose))}::text[])
    on conflict do nothing`);
}

/** Where a posting line goes: an account purpose, or revenue of one product category. */
export type AccountRef = Exclude<AccountPurpose, "revenue"> | { revenueCategoryId: string | null };

export const refKey = (ref: AccountRef) => (typeof ref === "string" ? ref : `revenue:${ref.revenueCategoryId ?? ""}`);

/**
 * Account ids for the references given: the chart is created if missing, and a category's revenue
 * account ("4000-<category code>") on its first posting. Set-based: two statements whatever the count.
 */
export async function resolveAccounts(tx: TenantTx, tenantId: string, refs: readonly AccountRef[]): Promise<Map<string, string>> {
  // Sent before anything is awaited, so a caller that pipelines its inserts after this call gets the
  // ids back ahead of them on the connection.
  const loaded = loadAccounts(tx).then((r) => r);
  const categoryIds = [...new Set(refs.flatMap((r) => (typeof r === "string" || r.revenueCategoryId === null ? [] : [r.revenueCategoryId])))];
  let rows = await loaded;
  if (rows.length === 0) {
    await ensureChartOfAccounts(tx, tenantId);
    rows = await loadAccounts(tx);
  }
  const missing = categoryIds.filter((id) => !rows.some((r) => r.category_id === id));
  if (missing.length > 0) {
    await tx.execute(sql`
      insert into ledger_accounts (tenant_id, code, name, type, purpose, category_id)
      select ${tenantId}, '4000-' || c.code, 'Revenue - ' || c.name, 'revenue', 'revenue', c.id
        from product_categories c where c.id = any(${plainArray(missing)}::uuid[])
      on conflict do nothing`);
    rows = await loadAccounts(tx);
  }
  const byKey = new Map(rows.map((r) => [r.purpose === "revenue" ? `revenue:${r.category_id ?? ""}` : r.purpose!, r.id]));
  for (const ref of refs) if (!byKey.has(refKey(ref))) throw new Error(`ledger: no account for ${refKey(ref)}`);
  return byKey;
}

function loadAccounts(tx: TenantTx) {
  return tx.execute<{ id: string; purpose: AccountPurpose | null; category_id: string | null }>(sql`
    select id, purpose, category_id from ledger_accounts where purpose is not null`);
}
