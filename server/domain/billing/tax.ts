import { sql } from "drizzle-orm";
import { z } from "zod";
import { TAX_CLASSES } from "../../../db/schema/catalog";
import type { TenantTx } from "../../../db/with-tenant";
import { DomainError } from "../errors";
import { fixed, taxOf } from "../money/exact";
import { Dec } from "../money/money";

/*
 * Tax: a rate per (jurisdiction, product tax class) and date. Each line is taxed and rounded on its
 * own (half-up to the minor unit); the document's tax is the sum of its lines, and the tax summary
 * groups lines by rate. With tax-exclusive prices tax adds to the line's amount; with tax-inclusive
 * prices it is carved out of it, so net + tax is exactly the price the customer saw.
 */

export type TaxClass = (typeof TAX_CLASSES)[number];

export interface TaxRule { id: string; jurisdiction: string; taxClass: TaxClass; rate: string; effectiveFrom: string; effectiveTo: string | null }

/** Net and tax of one line from its amount (minor units; negative for a credit) at `rate` percent. */
export function taxLine(amountMinor: bigint, rate: string, inclusive: boolean): { netMinor: bigint; taxMinor: bigint } {
  // Exact on integers (money/exact.ts), rounded half-up away from zero so a credit's tax mirrors the charge's.
  return taxOf(amountMinor, fixed(rate), inclusive);
}

export interface TaxSummaryRow { rate: string; netMinor: bigint; taxMinor: bigint }

/** Tax per rate (lines summed, never re-taxed), highest rate first. */
export function taxSummary(lines: ReadonlyArray<{ taxRate: string; netMinor: bigint; taxMinor: bigint }>): TaxSummaryRow[] {
  const byRate = new Map<string, TaxSummaryRow>();
  for (const l of lines) {
    const key = new Dec(l.taxRate).toFixed(4);
    const row = byRate.get(key) ?? { rate: key, netMinor: 0n, taxMinor: 0n };
    row.netMinor += l.netMinor;
    row.taxMinor += l.taxMinor;
    byRate.set(key, row);
  }
  return [...byRate.values()].sort((a, b) => new Dec(b.rate).comparedTo(a.rate));
}

/** The tenant's rules (a small table), for a run to look up in memory. */
export async function loadTaxRules(tx: TenantTx): Promise<TaxRule[]> {
  return tx.execute<TaxRule & Record<string, unknown>>(sql`
    select id, jurisdiction, tax_class as "taxClass", rate::text as rate, effective_from::text as "effectiveFrom", effective_to::text as "effectiveTo"
      from tax_rules order by jurisdiction, tax_class, effective_from`);
}

/** The rule in force for (jurisdiction, class) on `date`, or undefined. */
export function findTaxRule(rules: readonly TaxRule[], jurisdiction: string, taxClass: string, date: string): TaxRule | undefined {
  return rules.find((r) => r.jurisdiction === jurisdiction && r.taxClass === taxClass && r.effectiveFrom <= date && (r.effectiveTo === null || date < r.effectiveTo));
}

export type TaxResolution = { ok: true; ruleId: string | null; rate: string } | { ok: false; reason: string };

/**
 * The rate for a line: a customer without a tax jurisdiction is not taxed (0%); one with a
 * jurisdiction needs a rule for the product's class on the tax date, else the line cannot be billed.
 */
export function resolveTax(rules: readonly TaxRule[], jurisdiction: string, taxClass: string, date: string): TaxResolution {
  if (!jurisdiction) return { ok: true, ruleId: null, rate: "0" };
  const rule = findTaxRule(rules, jurisdiction, taxClass, date);
  if (!rule) return { ok: false, reason: `No tax rule for ${jurisdiction} / ${taxClass} on ${date}` };
  return { ok: true, ruleId: rule.id, rate: rule.rate };
}

const rate = z
  .union([z.string().trim(), z.number()])
  .pipe(z.coerce.string())
  .refine((v) => /^\d{1,3}(\.\d{1,4})?$/.test(v) && new Dec(v).lessThanOrEqualTo(100), "Rate must be a percentage from 0 to 100 (at most 4 decimals)");

export const taxRuleInput = z
  .object({
    jurisdiction: z.string().trim().min(1, "Enter a jurisdiction").max(40).transform((s) => s.toUpperCase()),
    taxClass: z.enum(TAX_CLASSES, { message: "Tax class must be standard, reduced, zero or exempt" }),
    name: z.string().trim().min(1, "Enter a name").max(100),
    rate,
    effectiveFrom: z.iso.date("Effective from must be a date (YYYY-MM-DD)"),
    effectiveTo: z.iso.date("Effective to must be a date (YYYY-MM-DD)").nullable().default(null),
  })
  .refine((v) => v.effectiveTo === null || v.effectiveTo > v.effectiveFrom, { message: "Effective to must be after effective from", path: ["effectiveTo"] });

/**
 * Adds a rule. A window that overlaps another rule of the same jurisdiction and class is refused
 * with the rule it collides with; the exclusion constraint refuses it too when two requests race.
 */
export async function createTaxRule(tx: TenantTx, acting: { tenantId: string; userId: string | null }, raw: z.input<typeof taxRuleInput>): Promise<TaxRule> {
  const parsed = taxRuleInput.safeParse(raw);
  if (!parsed.success) throw new DomainError("BAD_REQUEST", parsed.error.issues[0].message);
  const v = parsed.data;
  const [clash] = await tx.execute<{ name: string; effective_from: string; effective_to: string | null }>(sql`
    select name, effective_from::text, effective_to::text from tax_rules
     where jurisdiction = ${v.jurisdiction} and tax_class = ${v.taxClass}
       and daterange(effective_from, effective_to, '[)') && daterange(${v.effectiveFrom}::date, ${v.effectiveTo}::date, '[)')
     limit 1`);
  if (clash) throw overlapError(v.jurisdiction, v.taxClass, clash);
  try {
    const [row] = await tx.execute<TaxRule & Record<string, unknown>>(sql`
      insert into tax_rules (tenant_id, jurisdiction, tax_class, name, rate, effective_from, effective_to, created_by)
      values (${acting.tenantId}, ${v.jurisdiction}, ${v.taxClass}, ${v.name}, ${v.rate}, ${v.effectiveFrom}, ${v.effectiveTo}, ${acting.userId})
      returning id, jurisdiction, tax_class as "taxClass", rate::text as rate, effective_from::text as "effectiveFrom", effective_to::text as "effectiveTo"`);
    return row;
  } catch (error) {
    const e = ((error as { cause?: unknown }).cause ?? error) as { code?: string };
    if (e.code === "23P01") throw overlapError(v.jurisdiction, v.taxClass, null);
    throw error;
  }
}

function overlapError(jurisdiction: string, taxClass: string, clash: { name: string; effective_from: string; effective_to: string | null } | null): DomainError {
  const which = clash ? ` "${clash.name}" (${clash.effective_from} to ${clash.effective_to ?? "open"})` : " another rule";
  return new DomainError("CONFLICT", `The rule overlaps${which} for ${jurisdiction} / ${taxClass}: close that rule first (set its end date)`, { effectiveFrom: ["Overlaps an existing rule"] });
}

export async function listTaxRules(tx: TenantTx): Promise<Array<TaxRule & { name: string }>> {
  return tx.execute<TaxRule & { name: string } & Record<string, unknown>>(sql`
    select id, jurisdiction, tax_class as "taxClass", name, rate::text as rate, effective_from::text as "effectiveFrom", effective_to::text as "effectiveTo"
      from tax_rules order by jurisdiction, tax_class, effective_from desc`);
}
