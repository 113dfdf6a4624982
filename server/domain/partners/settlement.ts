import { sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { plainArray, textArray } from "../../../db/pg-arrays";
import type { TenantTx } from "../../../db/with-tenant";
import type { IsoDate } from "../subscriptions/periods";
import { Dec } from "../money/money";
import { clawbackFor, commissionForLines, type RateBand } from "./commission-math";
import type { CreditedInvoiceLine, RecognizedRevenueLine, RevenueSource } from "./revenue-source";

/**
 * One reseller's statement for one closed month: commission on the revenue recognized that month
 * (graduated bands per category), less clawbacks for credit notes issued that month on lines that
 * had earned commission. Idempotent per (reseller, period): a statement is built once (unique key),
 * and each recognition or credit note line appears on at most one statement line ever.
 */

export interface SettlementException { kind: string; detail: string }
export interface BuildResult { statementId: string | null; created: boolean; lines: number; exceptions: SettlementException[] }

interface PlanRow { id: string; currency: string; changed_by: string | null; [key: string]: unknown }
interface LineToInsert {
  kind: "commission" | "clawback";
  sourceId: string;
  invoiceLineId: string;
  creditNoteId: string | null;
  customerId: string;
  categoryId: string | null;
  baseMinor: bigint;
  ratePercent: string;
  amountMinor: bigint;
  description: string;
}

/** The agency plan in force on the first day of the month, with its bands grouped by category ('' = all others). */
export async function planInForce(tx: TenantTx, resellerId: string, periodMonth: IsoDate): Promise<{ plan: PlanRow; bands: Map<string, RateBand[]> } | null> {
  const [plan] = await tx.execute<PlanRow>(sql`
    select id, currency, changed_by from commission_plans
     where reseller_id = ${resellerId} and effective_from <= ${periodMonth}::date and (effective_to is null or effective_to > ${periodMonth}::date)`);
  if (!plan) return null;
  const rates = await tx.execute<{ category_id: string | null; from_minor: string; rate_percent: string }>(sql`
    select category_id, from_minor::text, trim_scale(rate_percent)::text as rate_percent from commission_plan_rates where plan_id = ${plan.id} order by from_minor`);
  const bands = new Map<string, RateBand[]>();
  for (const r of rates) {
    const key = r.category_id ?? "";
    bands.set(key, [...(bands.get(key) ?? []), { fromMinor: BigInt(r.from_minor), ratePercent: r.rate_percent }]);
  }
  return { plan, bands };
}

export async function buildStatement(
  tx: TenantTx,
  input: { tenantId: string; resellerId: string; periodMonth: IsoDate; runId: string | null; source: RevenueSource },
): Promise<BuildResult> {
  const { tenantId, resellerId, periodMonth } = input;
  // One builder per (reseller, period) at a time; the unique key is the final word.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('commission-statement:' || ${resellerId} || ':' || ${periodMonth}, 0))`);
  const [existing] = await tx.execute<{ id: string }>(sql`select id from commission_statements where reseller_id = ${resellerId} and period_month = ${periodMonth}::date`);
  if (existing) return { statementId: existing.id, created: false, lines: 0, exceptions: [] };

  const exceptions: SettlementException[] = [];
  const [recognized, credited] = await Promise.all([input.source.recognized(tx, input), input.source.credited(tx, input)]);
  const inForce = await planInForce(tx, resellerId, periodMonth);
  if (!inForce) {
    if (recognized.length > 0 || credited.length > 0) exceptions.push({ kind: "no_plan", detail: `No commission plan in force on ${periodMonth}: ${recognized.length} recognized line(s) not settled` });
    return { statementId: null, created: false, lines: 0, exceptions };
  }
  const { plan, bands } = inForce;

  // Sources already on a statement (a late or repeated run) earn nothing twice.
  const settled = await alreadySettled(tx, [...recognized.map((r) => r.id), ...credited.map((c) => c.id)]);
  const otherCurrency = (row: { currency: string }) => row.currency !== plan.currency;
  for (const row of [...recognized, ...credited].filter(otherCurrency)) {
    exceptions.push({ kind: "currency", detail: `${row.currency} revenue on invoice line ${row.invoiceLineId} is not in the plan's ${plan.currency}; not settled` });
  }
  const revenue = recognized.filter((r) => !settled.has(r.id) && !otherCurrency(r));
  const credits = credited.filter((c) => !settled.has(c.id) && !otherCurrency(c));

  const earnedNow = commissionLines(revenue, bands, exceptions);
  const lines: LineToInsert[] = [...earnedNow, ...(await clawbackLines(tx, credits, earnedNow))];
  const statementId = uuidv7();
  const commission = lines.filter((l) => l.kind === "commission").reduce((s, l) => s + l.amountMinor, 0n);
  const clawback = lines.filter((l) => l.kind === "clawback").reduce((s, l) => s + l.amountMinor, 0n);
  const revenueMinor = revenue.reduce((s, r) => s + r.amountMinor, 0n);
  await tx.execute(sql`
    insert into commission_statements (tenant_id, id, reseller_id, period_month, currency, revenue_minor, commission_minor, clawback_minor, total_minor, plan_changed_by, run_id)
    values (${tenantId}, ${statementId}, ${resellerId}, ${periodMonth}::date, ${plan.currency}, ${revenueMinor}, ${commission}, ${clawback}, ${commission + clawback}, ${plan.changed_by}, ${input.runId})`);
  if (lines.length > 0) {
    await tx.execute(sql`
      insert into commission_statement_lines (tenant_id, statement_id, plan_id, kind, source_id, invoice_line_id, credit_note_id, customer_id, category_id, base_minor, rate_percent, amount_minor, description)
      select ${tenantId}, ${statementId}, ${plan.id}, * from unnest(
        ${textArray(lines.map((l) => l.kind))}::text[], ${plainArray(lines.map((l) => l.sourceId))}::uuid[], ${plainArray(lines.map((l) => l.invoiceLineId))}::uuid[],
        ${plainArray(lines.map((l) => l.creditNoteId))}::uuid[], ${plainArray(lines.map((l) => l.customerId))}::uuid[], ${plainArray(lines.map((l) => l.categoryId))}::uuid[],
        ${plainArray(lines.map((l) => l.baseMinor))}::bigint[], ${plainArray(lines.map((l) => l.ratePercent))}::numeric[], ${plainArray(lines.map((l) => l.amountMinor))}::bigint[],
        ${textArray(lines.map((l) => l.description))}::text[])`);
  }
  return { statementId, created: true, lines: lines.length, exceptions };
}

async function alreadySettled(tx: TenantTx, sourceIds: string[]): Promise<Set<string>> {
  if (sourceIds.length === 0) return new Set();
  const rows = await tx.execute<{ source_id: string }>(sql`select source_id from commission_statement_lines where source_id = any(${plainArray(sourceIds)}::uuid[])`);
  return new Set(rows.map((r) => r.source_id));
}

/** Graduated commission per rule (the category's own bands, else the plan's default bands), lines in id order. */
function commissionLines(revenue: RecognizedRevenueLine[], bands: Map<string, RateBand[]>, exceptions: SettlementException[]): LineToInsert[] {
  const byRule = new Map<string, RecognizedRevenueLine[]>();
  const out: LineToInsert[] = [];
  for (const r of [...revenue].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const rule = r.categoryId && bands.has(r.categoryId) ? r.categoryId : bands.has("") ? "" : null;
    if (rule === null) {
      exceptions.push({ kind: "no_rate", detail: `No rate for the category of invoice line ${r.invoiceLineId}: it earns no commission` });
      out.push(line(r, { commissionMinor: 0n, ratePercent: "0" }));
      continue;
    }
    byRule.set(rule, [...(byRule.get(rule) ?? []), r]);
  }
  for (const [rule, rows] of byRule) {
    const computed = commissionForLines(bands.get(rule)!, rows.map((r) => ({ key: r.id, amountMinor: r.amountMinor })));
    rows.forEach((r, i) => out.push(line(r, computed[i])));
  }
  return out;

  function line(r: RecognizedRevenueLine, c: { commissionMinor: bigint; ratePercent: string }): LineToInsert {
    return {
      kind: "commission", sourceId: r.id, invoiceLineId: r.invoiceLineId, creditNoteId: null, customerId: r.customerId, categoryId: r.categoryId,
      baseMinor: r.amountMinor, ratePercent: c.ratePercent, amountMinor: c.commissionMinor, description: r.description,
    };
  }
}

/**
 * Clawbacks: for each credited invoice line, the credited share of the commission it has earned so far
 * (earlier statements, plus this one's lines), less what earlier credit notes already took back.
 */
async function clawbackLines(tx: TenantTx, credits: CreditedInvoiceLine[], earnedNow: LineToInsert[]): Promise<LineToInsert[]> {
  if (credits.length === 0) return [];
  const invoiceLineIds = [...new Set(credits.map((c) => c.invoiceLineId))];
  const rows = await tx.execute<{ invoice_line_id: string; earned: string; clawed: string }>(sql`
    select invoice_line_id, coalesce(sum(amount_minor) filter (where kind = 'commission'), 0)::text as earned,
           coalesce(sum(amount_minor) filter (where kind = 'clawback'), 0)::text as clawed
      from commission_statement_lines where invoice_line_id = any(${plainArray(invoiceLineIds)}::uuid[]) group by invoice_line_id`);
  const earned = new Map(rows.map((r) => [r.invoice_line_id, BigInt(r.earned)]));
  const clawed = new Map(rows.map((r) => [r.invoice_line_id, BigInt(r.clawed)]));
  // This statement's own commission lines count as earned too (recognized and credited in one month).
  const pendingEarned = new Map<string, bigint>();
  for (const l of earnedNow) pendingEarned.set(l.invoiceLineId, (pendingEarned.get(l.invoiceLineId) ?? 0n) + l.amountMinor);
  return credits.flatMap((c) => {
    const amount = clawbackFor({
      earnedMinor: (earned.get(c.invoiceLineId) ?? 0n) + (pendingEarned.get(c.invoiceLineId) ?? 0n),
      alreadyClawedMinor: clawed.get(c.invoiceLineId) ?? 0n,
      creditedNetMinor: c.creditedNetMinor,
      lineNetMinor: c.lineNetMinor,
    });
    if (amount === 0n) return [];
    clawed.set(c.invoiceLineId, (clawed.get(c.invoiceLineId) ?? 0n) + amount);
    return [{
      kind: "clawback" as const, sourceId: c.id, invoiceLineId: c.invoiceLineId, creditNoteId: c.creditNoteId, customerId: c.customerId, categoryId: c.categoryId,
      baseMinor: -c.creditedNetMinor, ratePercent: effectiveRate(amount, -c.creditedNetMinor), amountMinor: amount, description: c.description,
    }];
  });
}

const effectiveRate = (amount: bigint, base: bigint) => (base === 0n ? "0" : new Dec(amount.toString()).times(100).dividedBy(base.toString()).toDecimalPlaces(4).toString());
