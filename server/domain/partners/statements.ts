import { sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import type { z } from "zod";
import type { TenantTx } from "../../../db/with-tenant";
import { recordAudit } from "../access/audit";
import { emitEvent } from "../events/emit";
import { DomainError, isUniqueViolation } from "../errors";
import { offsetOf, type Page } from "../lists";
import { postJournalEntries } from "../ledger/post";
import { toMinor } from "../money/money";
import type { recordPayoutInput, statementListInput } from "./schemas";
import type { Acting } from "./resellers";

export interface StatementRow {
  id: string;
  reseller_id: string;
  reseller_name: string;
  period_month: string;
  currency: string;
  status: "draft" | "approved" | "paid";
  revenue_minor: string;
  commission_minor: string;
  clawback_minor: string;
  total_minor: string;
  paid_minor: string;
  lines: number;
  plan_changed_by: string | null;
  plan_changed_by_name: string | null;
  approved_by_name: string | null;
  approved_at: string | null;
  created_at: string;
  [key: string]: unknown;
}

const STATEMENT_COLUMNS = sql`s.id, s.reseller_id, r.name as reseller_name, s.period_month::text, s.currency, s.status, s.revenue_minor::text, s.commission_minor::text,
  s.clawback_minor::text, s.total_minor::text, s.paid_minor::text, (select count(*)::int from commission_statement_lines l where l.statement_id = s.id) as lines,
  s.plan_changed_by, pc.name as plan_changed_by_name, ap.name as approved_by_name, s.approved_at::text, s.created_at::text`;
const STATEMENT_FROM = sql`commission_statements s join resellers r on r.tenant_id = s.tenant_id and r.id = s.reseller_id
  left join users pc on pc.id = s.plan_changed_by left join users ap on ap.id = s.approved_by`;

/** Statements, newest period first; a reseller session sees only its own (RLS). */
export async function listStatements(tx: TenantTx, input: z.infer<typeof statementListInput>): Promise<Page<StatementRow>> {
  const where = sql`where true ${input.resellerId ? sql`and s.reseller_id = ${input.resellerId}` : sql``} ${input.status ? sql`and s.status = ${input.status}` : sql``}`;
  const [rows, [{ total }]] = await Promise.all([
    tx.execute<StatementRow>(sql`select ${STATEMENT_COLUMNS} from ${STATEMENT_FROM} ${where} order by s.period_month desc, r.name, s.id limit ${input.pageSize} offset ${offsetOf(input)}`),
    tx.execute<{ total: number }>(sql`select count(*)::int as total from commission_statements s ${where}`),
  ]);
  return { rows, total, page: input.page, pageSize: input.pageSize };
}

export interface StatementLineRow {
  id: string; kind: string; source_id: string; invoice_line_id: string; credit_note_id: string | null; customer_name: string; category_name: string | null;
  base_minor: string; rate_percent: string; amount_minor: string; description: string; [key: string]: unknown;
}

/** A statement with its lines (the drill-down) and payouts. */
export async function getStatement(tx: TenantTx, statementId: string) {
  const [statement] = await tx.execute<StatementRow>(sql`select ${STATEMENT_COLUMNS} from ${STATEMENT_FROM} where s.id = ${statementId}`);
  if (!statement) throw new DomainError("NOT_FOUND", "No such statement");
  const [lines, payouts] = await Promise.all([
    tx.execute<StatementLineRow>(sql`
      select l.id, l.kind, l.source_id, l.invoice_line_id, l.credit_note_id, c.name as customer_name, pc.name as category_name, l.base_minor::text,
             trim_scale(l.rate_percent)::text as rate_percent, l.amount_minor::text, l.description
        from commission_statement_lines l join customers c on c.tenant_id = l.tenant_id and c.id = l.customer_id
        left join product_categories pc on pc.tenant_id = l.tenant_id and pc.id = l.category_id
       where l.statement_id = ${statementId} order by l.kind desc, c.name, l.id`),
    tx.execute<{ id: string; amount_minor: string; paid_on: string; reference: string }>(sql`
      select id, amount_minor::text, paid_on::text, reference from commission_payouts where statement_id = ${statementId} order by paid_on, id`),
  ]);
  return { statement, lines, payouts };
}

/**
 * Finance approves a draft statement: not the user who last changed the plan behind it (also a check
 * constraint). Approval posts Dr commission expense / Cr commissions payable for the total (reversed
 * for a net clawback; nothing for zero). Approving an approved statement changes nothing.
 */
export async function approveStatement(tx: TenantTx, acting: Acting, statementId: string) {
  const [s] = await tx.execute<{ id: string; status: string; reseller_id: string; period_month: string; currency: string; total_minor: string; plan_changed_by: string | null }>(sql`
    select id, status, reseller_id, period_month::text, currency, total_minor::text, plan_changed_by from commission_statements where id = ${statementId} for update`);
  if (!s) throw new DomainError("NOT_FOUND", "No such statement");
  if (s.status !== "draft") return { statementId, approved: false, status: s.status };
  if (s.plan_changed_by === acting.userId) {
    throw new DomainError("FORBIDDEN", "You last changed this reseller's commission plan, so another finance user must approve this statement");
  }
  const total = BigInt(s.total_minor);
  if (total !== 0n) {
    const positive = total > 0n;
    const amount = positive ? total : -total;
    await postJournalEntries(tx, acting.tenantId, acting.userId, [{
      sourceType: "commission_statement", sourceId: statementId, eventKey: "approved", entryDate: lastDayOf(s.period_month),
      memo: `Commission statement ${s.period_month.slice(0, 7)}`,
      lines: [
        { account: "commission_expense", debitMinor: positive ? amount : 0n, creditMinor: positive ? 0n : amount, currency: s.currency, resellerId: s.reseller_id },
        { account: "commissions_payable", debitMinor: positive ? 0n : amount, creditMinor: positive ? amount : 0n, currency: s.currency, resellerId: s.reseller_id },
      ],
    }]);
  }
  const [entry] = total !== 0n ? await tx.execute<{ id: string }>(sql`select id from journal_entries where source_type = 'commission_statement' and source_id = ${statementId} and event_key = 'approved'`) : [];
  await tx.execute(sql`
    update commission_statements set status = ${total !== 0n ? "approved" : "paid"}, approved_by = ${acting.userId}, approved_at = now(), journal_entry_id = ${entry?.id ?? null}
     where id = ${statementId}`);
  await recordAudit(tx, { tenantId: acting.tenantId, actorUserId: acting.userId, action: "commission.statement_approved", entityType: "commission_statement", entityId: statementId, data: { totalMinor: s.total_minor } });
  emitEvent(tx, acting.tenantId, "commission_statement.approved", {
    statementId, resellerId: s.reseller_id, periodMonth: s.period_month, currency: s.currency, totalMinor: s.total_minor, status: total !== 0n ? "approved" : "paid",
  });
  return { statementId, approved: true, status: total !== 0n ? "approved" : "paid" };
}

function lastDayOf(periodMonth: string): string {
  const d = new Date(`${periodMonth}T00:00:00Z`);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).toISOString().slice(0, 10);
}

/**
 * Records money paid to the reseller against an approved statement: Dr commissions payable / Cr cash.
 * The request key makes a retry return the first payout; more than is still owed is refused.
 */
export async function recordPayout(tx: TenantTx, acting: Acting, input: z.infer<typeof recordPayoutInput>) {
  const [prior] = await tx.execute<{ id: string; statement_id: string; amount_minor: string }>(sql`select id, statement_id, amount_minor::text from commission_payouts where request_key = ${input.requestKey}`);
  const [s] = await tx.execute<{ status: string; reseller_id: string; currency: string; total_minor: string; paid_minor: string }>(sql`
    select status, reseller_id, currency, total_minor::text, paid_minor::text from commission_statements where id = ${input.statementId} for update`);
  if (!s) throw new DomainError("NOT_FOUND", "No such statement");
  const amount = toMinor(input.amount, s.currency);
  if (prior) {
    if (prior.statement_id !== input.statementId || BigInt(prior.amount_minor) !== amount) throw new DomainError("CONFLICT", "This request key was used for another payout");
    return { payoutId: prior.id, created: false };
  }
  if (s.status === "draft") throw new DomainError("BAD_REQUEST", "Approve the statement before paying it");
  const owed = BigInt(s.total_minor) - BigInt(s.paid_minor);
  if (amount > owed) throw new DomainError("BAD_REQUEST", `Only ${owed} (minor units) is still owed on this statement`, { amount: ["More than is owed"] });
  const payoutId = uuidv7();
  // The entry first (its source is the payout id), so the append-only payout row is written once, complete.
  await postJournalEntries(tx, acting.tenantId, acting.userId, [{
    sourceType: "commission_payout", sourceId: payoutId, entryDate: input.paidOn, memo: `Commission payout ${input.reference}`.trim(),
    lines: [
      { account: "commissions_payable", debitMinor: amount, currency: s.currency, resellerId: s.reseller_id },
      { account: "cash", creditMinor: amount, currency: s.currency, resellerId: s.reseller_id },
    ],
  }]);
  try {
    await tx.execute(sql`
      insert into commission_payouts (tenant_id, id, statement_id, reseller_id, amount_minor, currency, paid_on, reference, request_key, recorded_by, journal_entry_id)
      values (${acting.tenantId}, ${payoutId}, ${input.statementId}, ${s.reseller_id}, ${amount}, ${s.currency}, ${input.paidOn}::date, ${input.reference}, ${input.requestKey}, ${acting.userId},
              (select id from journal_entries where source_type = 'commission_payout' and source_id = ${payoutId}))`);
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("CONFLICT", "This payout is being recorded by another request; retry to see it");
    throw error;
  }
  const paid = BigInt(s.paid_minor) + amount;
  await tx.execute(sql`update commission_statements set paid_minor = ${paid}, status = ${paid === BigInt(s.total_minor) ? "paid" : "approved"} where id = ${input.statementId}`);
  await recordAudit(tx, { tenantId: acting.tenantId, actorUserId: acting.userId, action: "commission.payout_recorded", entityType: "commission_statement", entityId: input.statementId, data: { payoutId, amountMinor: amount.toString() } });
  return { payoutId, created: true };
}
