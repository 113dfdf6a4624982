import { sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import type { TenantTx } from "../../db/with-tenant";
import type { ContractRows } from "./contract-fixtures";

export interface PartnerRows { planId: string; runId: string; statementId: string; statementLineId: string; payoutId: string; invitationId: string }

/**
 * One row in each partner and commission table, for reseller r1 and its customer c1: a plan changed by
 * `planChanger`, a completed run with an exception, an approved January statement with one commission
 * line, a payout, an invitation, a price limit and a sellable plan. Plain SQL in the caller's (system)
 * transaction; the statement's journal entries are not posted (the ledger suite owns the balances).
 */
export async function addPartnerRows(
  tx: TenantTx,
  tenantId: string,
  ids: { resellerId: string; customerId: string; contract: ContractRows; planChanger: string; approver: string },
): Promise<PartnerRows> {
  const r: PartnerRows = { planId: uuidv7(), runId: uuidv7(), statementId: uuidv7(), statementLineId: uuidv7(), payoutId: uuidv7(), invitationId: uuidv7() };
  await tx.execute(sql`
    insert into commission_plans (tenant_id, id, reseller_id, name, currency, effective_from, changed_by)
    values (${tenantId}, ${r.planId}, ${ids.resellerId}, 'Standard agency', 'EUR', '2025-01-01', ${ids.planChanger})`);
  await tx.execute(sql`
    insert into commission_plan_rates (tenant_id, plan_id, category_id, from_minor, rate_percent) values
      (${tenantId}, ${r.planId}, null, 0, 10), (${tenantId}, ${r.planId}, null, 1000000, 12)`);
  await tx.execute(sql`
    insert into commission_runs (tenant_id, id, period_month, status, total, done, statements_created, exception_count, job_id, started_at, finished_at)
    values (${tenantId}, ${r.runId}, '2026-01-01', 'completed', 2, 2, 1, 1, ${`fixture-${r.runId}`}, now(), now())`);
  await tx.execute(sql`insert into commission_run_exceptions (tenant_id, run_id, reseller_id, kind, detail) values (${tenantId}, ${r.runId}, ${ids.resellerId}, 'no_rate', 'fixture')`);
  await tx.execute(sql`
    insert into commission_statements (tenant_id, id, reseller_id, period_month, currency, status, revenue_minor, commission_minor, clawback_minor, total_minor, paid_minor, plan_changed_by, run_id, approved_by, approved_at)
    values (${tenantId}, ${r.statementId}, ${ids.resellerId}, '2026-01-01', 'EUR', 'approved', 50000, 5000, 0, 5000, 1000, ${ids.planChanger}, ${r.runId}, ${ids.approver}, now())`);
  await tx.execute(sql`
    insert into commission_statement_lines (tenant_id, id, statement_id, plan_id, kind, source_id, invoice_line_id, customer_id, category_id, base_minor, rate_percent, amount_minor, description)
    values (${tenantId}, ${r.statementLineId}, ${r.statementId}, ${r.planId}, 'commission', ${uuidv7()}, ${uuidv7()}, ${ids.customerId}, ${ids.contract.categoryId}, 50000, 10, 5000, 'Clinic supply plan, January')`);
  await tx.execute(sql`
    insert into commission_payouts (tenant_id, id, statement_id, reseller_id, amount_minor, currency, paid_on, reference, request_key)
    values (${tenantId}, ${r.payoutId}, ${r.statementId}, ${ids.resellerId}, 1000, 'EUR', '2026-02-10', 'BANK-1', ${`fixture-${r.payoutId}`})`);
  await tx.execute(sql`
    insert into reseller_invitations (tenant_id, id, reseller_id, email, name, role, token_hash, expires_at)
    values (${tenantId}, ${r.invitationId}, ${ids.resellerId}, ${`agent.${r.invitationId}@tenant.tests.test`}, 'Agent', 'reseller_agent', ${`fixture-${r.invitationId}`}, now() + interval '14 days')`);
  await tx.execute(sql`
    insert into reseller_price_limits (tenant_id, product_id, currency, floor_price, ceiling_price) values (${tenantId}, ${ids.contract.products.stock}, 'EUR', 5, 20)`);
  await tx.execute(sql`insert into reseller_sellable_plans (tenant_id, product_id) values (${tenantId}, ${ids.contract.products.plan})`);
  return r;
}
