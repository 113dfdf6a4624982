import { sql } from "drizzle-orm";
import { batchId } from "../../../db/batch-ids";
import { plainArray, textArray, ValueDictionary } from "../../../db/pg-arrays";
import { pipeline } from "../../../db/pipeline";
import type { TenantTx } from "../../../db/with-tenant";
import { discountedPriceText, fixed, fixedText, lineMinor, minorText, perUnitText, ratedMinor, taxOf, type Fixed } from "../money/exact";
import type { ItemPricing } from "../subscriptions/items";
import type { BillingInterval, IsoDate } from "../subscriptions/periods";
import { addDays as addDaysIso, addMonthsFast as addMonthsIso, daysFromTo as daysBetween, periodContainingFast as periodContaining } from "./fast-dates";
import { prorate, proratedMinor, type ProratedFee } from "../subscriptions/proration";
import { commitOutcome, rateUsageItem } from "../subscriptions/usage-summary";
import { tenantPolicy } from "../tenancy/settings";
import { emitEvents } from "../events/emit";
import { insertIssuedInvoices, invoiceYear, lockInvoiceNumbers, reserveInvoiceNumbers, type InsertedCounts, type InvoiceDraft, type LineDraft } from "./post-invoices";
import { repriceAtRenewal } from "./reprice";
import { loadTaxRules, resolveTax } from "./tax";

/*
 * One chunk of a renewal run, in the caller's transaction: every subscription due through the run's
 * date (in id order after a cursor) gets the invoices of its due periods — fees in advance for the
 * coming period, usage of the closed period rated in arrears, the shortfall under a minimum commit,
 * proration of amendments made during the last billed period, and tax — and its term renews or
 * expires at term end. Reads are a handful of set-based selects; the arithmetic runs in memory
 * (exact integer arithmetic, money/exact.ts); writes are one statement per table for the whole chunk.
 *
 * Idempotent: the chunk first takes the tenant's invoice counter lock for the year, and only then
 * reads what is due, so a racing worker waits and then finds those periods billed (their
 * subscriptions' next_period_start moved on). The unique key (tenant, subscription, period_start)
 * on invoices is the backstop: a conflict rolls the chunk back instead of leaving a number unused.
 */

export const DEFAULT_RENEWAL_CHUNK = 2_000;
/** A subscription far behind is caught up at most this many periods per run. */
const MAX_PERIODS_PER_RUN = 24;

export interface DueSubscription {
  id: string;
  number: string;
  customer_id: string;
  currency: string;
  status: "active" | "cancelled";
  term_start: string;
  term_end: string;
  auto_renew: boolean;
  renewal_term_months: number;
  billing_interval: BillingInterval;
  anchor_day: number;
  cancel_at: string | null;
  period_start: string;
  customer_currency: string;
  tax_jurisdiction: string;
  payment_terms_days: number;
  reseller_id: string | null;
  [key: string]: unknown;
}

export interface ContractItem {
  id: string;
  subscription_id: string;
  version_id: string;
  version: number;
  effective_from: string;
  kind: "recurring_fee" | "usage" | "commit" | "delivery";
  product_id: string;
  product_name: string;
  tax_class: string;
  category_id: string | null;
  meter_id: string | null;
  quantity: string;
  unit_price: string | null;
  discount_percent: string;
  /** The stored rating terms; read for usage items only (null for the other kinds). */
  pricing: Record<string, unknown> | null;
  commit_amount_minor: string | null;
  delivery_every: number | null;
  delivery_unit: "week" | "month" | null;
  first_delivery_date: string | null;
  [key: string]: unknown;
}

export interface RenewalException { subscriptionId: string; periodStart: string | null; kind: string; detail: string }

export interface ChunkResult {
  picked: number;
  lastId: string | null;
  invoices: number;
  rows: number;
  amountMinor: bigint;
  renewed: number;
  expired: number;
  exceptions: RenewalException[];
  counts: InsertedCounts & { subscriptions: number };
}

/** Subscriptions due through `throughDate`: active ones, and cancelled ones still inside their service (billed to the cancel date, then expired). */
export function dueFilter(throughDate: IsoDate) {
  return sql`s.status in ('active', 'cancelled') and coalesce(s.next_period_start, s.term_start) <= ${throughDate}::date`;
}

export async function countDueSubscriptions(tx: TenantTx, throughDate: IsoDate): Promise<number> {
  const [{ n }] = await tx.execute<{ n: number }>(sql`select count(*)::int as n from subscriptions s where ${dueFilter(throughDate)}`);
  return n;
}

async function loadDue(tx: TenantTx, throughDate: IsoDate, afterId: string | null, limit: number, onlyId?: string): Promise<DueSubscription[]> {
  // The chunk's contracts are picked first (in id order, limited), and only they are joined and
  // projected: joined before the limit, every due contract after the cursor was (3 chunks' worth for
  // the first chunk of a tenant). The bill-to is not read here: the invoices' insert takes it.
  return tx.execute<DueSubscription>(sql`
    select s.id, s.number, s.customer_id, s.currency, s.status, s.term_start::text, s.term_end::text, s.auto_renew, s.renewal_term_months, s.billing_interval,
           s.anchor_day, s.cancel_at::text, coalesce(s.next_period_start, s.term_start)::text as period_start,
           c.currency as customer_currency, c.tax_jurisdiction, c.payment_terms_days, c.reseller_id
      from (select s.* from subscriptions s
             where ${dueFilter(throughDate)} ${afterId ? sql`and s.id > ${afterId}` : sql``} ${onlyId ? sql`and s.id = ${onlyId}` : sql``}
             order by s.id
             limit ${limit}) s
      join customers c on c.tenant_id = s.tenant_id and c.id = s.customer_id
     order by s.id`);
}

async function loadItems(tx: TenantTx, subscriptionIds: string[]): Promise<ContractItem[]> {
  // The items without their products, then the products they name (a handful per chunk) once each:
  // joined, the products were probed once per item (RLS hides from the planner how few there are),
  // which made the read a third dearer in the database and sent each product's columns per item.
  const items = await tx.execute<ContractItem>(sql`
    select i.id, i.subscription_id, v.id as version_id, v.version, v.effective_from::text, i.kind, i.product_id, i.meter_id, i.quantity::text, i.unit_price::text,
           i.discount_percent::text,
           -- Only usage is rated with the stored terms here: the other kinds' pricing is not sent (nor parsed) at all.
           case when i.kind = 'usage' then i.pricing end as pricing, i.commit_amount_minor::text, i.delivery_every, i.delivery_unit,
           i.first_delivery_date::text
      from subscription_versions v
      join subscription_items i on i.tenant_id = v.tenant_id and i.version_id = v.id
     where v.subscription_id = any(${plainArray(subscriptionIds)}::uuid[]) and v.status in ('active', 'superseded')
     order by v.subscription_id, v.effective_from, v.version, i.position`);
  if (items.length === 0) return items;
  const products = await tx.execute<{ id: string; name: string; tax_class: string; category_id: string | null }>(sql`
    select p.id, p.name, p.tax_class, p.category_id from products p where p.id = any(${plainArray([...new Set(items.map((i) => i.product_id))])}::uuid[])`);
  const productById = new Map(products.map((p) => [p.id, p]));
  for (const item of items) {
    const product = productById.get(item.product_id);
    if (!product) throw new Error(`renewal: product ${item.product_id} of subscription item ${item.id} not found`);
    item.product_name = product.name;
    item.tax_class = product.tax_class;
    item.category_id = product.category_id;
  }
  return items;
}

/** Usage totals of the due contracts' closed periods (from the earliest one any of them bills, to the run date). */
async function loadUsage(tx: TenantTx, due: DueSubscription[], throughDate: IsoDate): Promise<Map<string, string>> {
  // The period before each one's first due period (also when that is the first: catch-up periods bill it).
  const keys = due.map((s) => periodContaining(addDaysIso(s.period_start, -1), s.term_start, s.anchor_day, s.billing_interval).start);
  if (keys.length === 0) return new Map();
  const from = keys.reduce((a, b) => (b < a ? b : a));
  const rows = await tx.execute<{ subscription_id: string; meter_id: string; period_start: string; quantity: string }>(sql`
    select t.subscription_id, t.meter_id, t.period_start::text, t.quantity::text
      from usage_period_totals t
     where t.subscription_id = any(${plainArray(due.map((s) => s.id))}::uuid[]) and t.period_start >= ${from}::date and t.period_start <= ${throughDate}::date`);
  return new Map(rows.map((r) => [`${r.subscription_id}|${r.meter_id}|${r.period_start}`, r.quantity]));
}

const INTERVAL_LABEL: Record<BillingInterval, string> = { month: "monthly", quarter: "quarterly", year: "yearly" };

interface Versions { starts: Array<{ effectiveFrom: string; items: ContractItem[] }> }

function versionsOf(items: ContractItem[]): Versions {
  const byVersion = new Map<string, { effectiveFrom: string; version: number; items: ContractItem[] }>();
  for (const i of items) {
    const v = byVersion.get(i.version_id) ?? { effectiveFrom: i.effective_from, version: i.version, items: [] };
    v.items.push(i);
    byVersion.set(i.version_id, v);
  }
  return { starts: [...byVersion.values()].sort((a, b) => (a.effectiveFrom === b.effectiveFrom ? a.version - b.version : a.effectiveFrom < b.effectiveFrom ? -1 : 1)) };
}

/** The items of the version in force on `date` (the latest that took effect on or before it). */
function itemsOn(v: Versions, date: string): ContractItem[] {
  let found: ContractItem[] = [];
  for (const s of v.starts) if (s.effectiveFrom <= date) found = s.items;
  return found;
}

const feeOf = (i: ContractItem): ProratedFee => ({ productId: i.product_id, description: i.product_name, quantity: i.quantity, unitPrice: i.unit_price ?? "0", discountPercent: i.discount_percent });

/** What a period of one subscription bills, before tax. */
interface PlannedLine { kind: LineDraft["kind"]; description: string; item: ContractItem | null; productId: string | null; categoryId: string | null; taxClass: string; quantity: string; unitPrice: string; amountMinor: bigint; serviceStart: string | null; serviceEnd: string | null }

interface PlannedPeriod { start: string; end: string; lines: PlannedLine[]; usageKey: string | null }

export interface BilledSubscription { sub: DueSubscription; periods: PlannedPeriod[]; nextPeriodStart: string; termEnd: string; status: "active" | "cancelled" | "expired"; renewed: boolean }

/** The closed period whose usage a period starting on `start` bills in arrears (none for the first). */
function usageKeyBefore(sub: Pick<DueSubscription, "term_start" | "anchor_day" | "billing_interval">, start: string): string | null {
  if (start <= sub.term_start) return null;
  return periodContaining(addDaysIso(start, -1), sub.term_start, sub.anchor_day, sub.billing_interval).start;
}

/**
 * The periods a subscription bills through `throughDate`, with their untaxed lines — pure, given its
 * items and the usage totals. Term end: an active auto-renewing contract gets a new term (and bills on);
 * otherwise its last usage is billed on a closing invoice and it expires.
 */
export function planSubscription(sub: DueSubscription, items: ContractItem[], usage: Map<string, string>, throughDate: IsoDate): BilledSubscription {
  const versions = versionsOf(items);
  const periods: PlannedPeriod[] = [];
  let ps = sub.period_start;
  let termEnd = sub.term_end;
  let status: BilledSubscription["status"] = sub.status;
  let renewed = false;
  while (ps <= throughDate && periods.length < MAX_PERIODS_PER_RUN) {
    const serviceEnd = status === "cancelled" ? (sub.cancel_at && sub.cancel_at < termEnd ? sub.cancel_at : termEnd) : termEnd;
    if (ps >= serviceEnd) {
      if (status === "active" && sub.auto_renew) {
        termEnd = addMonthsIso(termEnd, sub.renewal_term_months);
        renewed = true;
        continue;
      }
      // The closing invoice: usage of the last period, keyed on the day service ended.
      const closing = arrearsLines(sub, versions, usage, ps);
      if (closing.lines.length > 0) periods.push({ start: ps, end: addDaysIso(ps, 1), lines: closing.lines, usageKey: closing.key });
      status = "expired";
      break;
    }
    const full = periodContaining(ps, sub.term_start, sub.anchor_day, sub.billing_interval);
    const pe = full.end < serviceEnd ? full.end : serviceEnd;
    const lines: PlannedLine[] = [];
    const current = itemsOn(versions, ps);
    const fullDays = daysBetween(full.start, full.end);
    const days = daysBetween(ps, pe);
    const label = `${ps} to ${addDaysIso(pe, -1)}`;

    for (const item of current) {
      if (item.kind === "recurring_fee") {
        // A full period in exact integer arithmetic (the common case); a partial one by days (proration.ts).
        const amount = days === fullDays ? lineMinor(fixed(item.quantity), fixed(item.unit_price ?? "0"), sub.currency, fixed(item.discount_percent)) : proratedMinor(feeOf(item), days, fullDays, sub.currency);
        lines.push(line("recurring_fee", `${item.product_name}, ${INTERVAL_LABEL[sub.billing_interval]} fee ${label}${days === fullDays ? "" : ` (${days} of ${fullDays} days)`}`, item, item.quantity, netUnitPrice(item), amount, ps, pe));
      } else if (item.kind === "delivery" && item.first_delivery_date && item.delivery_every && item.delivery_unit) {
        const dates = deliveriesIn(item, ps, pe);
        if (dates.length === 0) continue;
        const each = fixed(item.quantity);
        const total: Fixed = { n: each.n * BigInt(dates.length), s: each.s };
        const amount = lineMinor(total, fixed(item.unit_price ?? "0"), sub.currency, fixed(item.discount_percent));
        lines.push(line("goods", `${item.product_name}, ${dates.length} deliver${dates.length === 1 ? "y" : "ies"} of ${fixedText(each)} (${dates[0]} to ${dates[dates.length - 1]})`, item, fixedText(total), netUnitPrice(item), amount, dates[0], addDaysIso(dates[0], 1)));
      }
    }
    const arrears = arrearsLines(sub, versions, usage, ps);
    lines.push(...arrears.lines);
    lines.push(...prorationLines(sub, versions, ps));
    periods.push({ start: ps, end: pe, lines, usageKey: arrears.key });
    ps = pe;
  }
  return { sub, periods, nextPeriodStart: ps, termEnd, status, renewed };
}

function netUnitPrice(item: ContractItem): string {
  return discountedPriceText(fixed(item.unit_price ?? "0"), fixed(item.discount_percent));
}

function line(kind: PlannedLine["kind"], description: string, item: ContractItem | null, quantity: string, unitPrice: string, amountMinor: bigint, serviceStart: string | null, serviceEnd: string | null): PlannedLine {
  return { kind, description, item, productId: item?.product_id ?? null, categoryId: item?.category_id ?? null, taxClass: item?.tax_class ?? "standard", quantity, unitPrice, amountMinor, serviceStart, serviceEnd };
}

/** deliveryDate() of schedule.ts: the k-th delivery, months counted from the first date so day 31 clamps without drifting. */
function deliveryDate(spec: { firstDeliveryDate: string; deliveryEvery: number; deliveryUnit: "week" | "month" }, k: number): string {
  return spec.deliveryUnit === "week" ? addDaysIso(spec.firstDeliveryDate, 7 * spec.deliveryEvery * k) : addMonthsIso(spec.firstDeliveryDate, spec.deliveryEvery * k);
}

function deliveriesIn(item: ContractItem, from: string, until: string): string[] {
  const spec = { firstDeliveryDate: item.first_delivery_date!, deliveryEvery: item.delivery_every!, deliveryUnit: item.delivery_unit! };
  const stepDays = spec.deliveryUnit === "week" ? 7 * spec.deliveryEvery : 31 * spec.deliveryEvery;
  let k = Math.max(0, Math.floor((Date.parse(from) - Date.parse(spec.firstDeliveryDate)) / 86_400_000 / stepDays) - 2);
  const out: string[] = [];
  for (let d = deliveryDate(spec, k); d < until; d = deliveryDate(spec, ++k)) if (d >= from) out.push(d);
  return out;
}

/** Usage of the closed period before `ps`, rated with the terms in force at its end, and the shortfall under a minimum commit. */
function arrearsLines(sub: DueSubscription, versions: Versions, usage: Map<string, string>, ps: string): { key: string | null; lines: PlannedLine[] } {
  const key = usageKeyBefore(sub, ps);
  if (!key) return { key, lines: [] };
  const terms = itemsOn(versions, addDaysIso(ps, -1));
  const usageItems = terms.filter((i) => i.kind === "usage");
  const commits = terms.filter((i) => i.kind === "commit");
  if (usageItems.length === 0 && commits.length === 0) return { key, lines: [] };
  const closedLabel = `${key} to ${addDaysIso(ps, -1)}`;
  const lines: PlannedLine[] = [];
  let usageMinor = 0n;
  for (const item of usageItems) {
    const used = fixed(usage.get(`${sub.id}|${item.meter_id}|${key}`) ?? "0");
    const quantity = fixedText(used);
    // Exact integer rating; decimal.js for terms it does not handle (and for the errors it raises).
    const amountMinor =
      ratedMinor((item.pricing as unknown as ItemPricing | null)?.terms, used, fixed(item.discount_percent), sub.currency) ??
      rateUsageItem({ pricing: item.pricing ?? {}, discountPercent: item.discount_percent }, quantity, sub.currency).amountMinor;
    usageMinor += amountMinor;
    if (used.n === 0n) {
      if (amountMinor === 0n) continue;
      lines.push(line("usage", `${item.product_name}, usage ${closedLabel}`, item, quantity, "0", amountMinor, key, ps));
      continue;
    }
    lines.push(line("usage", `${item.product_name}, usage ${closedLabel}`, item, quantity, perUnitText(amountMinor, sub.currency, used), amountMinor, key, ps));
  }
  for (const item of commits) {
    const commit = BigInt(item.commit_amount_minor ?? "0");
    const { shortfallMinor, overageMinor } = commitOutcome(commit, usageMinor);
    if (shortfallMinor > 0n) {
      lines.push(line("commit_shortfall", `${item.product_name}, minimum commit ${closedLabel}: usage ${fmt(usageMinor, sub.currency)} of ${fmt(commit, sub.currency)}`, item, "1", fmt(shortfallMinor, sub.currency), shortfallMinor, key, ps));
    } else if (overageMinor > 0n && usageItems.length > 0) {
      // Usage above the commit is billed on the usage lines; this zero line records the overage.
      lines.push(line("overage", `${item.product_name}, overage above the minimum commit of ${fmt(commit, sub.currency)}: ${fmt(overageMinor, sub.currency)} (included in the usage lines)`, item, "1", "0", 0n, key, ps));
    }
  }
  return { key, lines };
}

const fmt = (minor: bigint, currency = "EUR") => minorText(minor, currency);

/**
 * Amendments that took effect during the last billed period (after its start, before `ps`): the fees
 * billed in advance at the old terms are credited for the remaining days and charged at the new ones.
 */
function prorationLines(sub: DueSubscription, versions: Versions, ps: string): PlannedLine[] {
  if (ps <= sub.term_start) return [];
  const prev = periodContaining(addDaysIso(ps, -1), sub.term_start, sub.anchor_day, sub.billing_interval);
  const prevStart = prev.start < sub.term_start ? sub.term_start : prev.start;
  const out: PlannedLine[] = [];
  for (const v of versions.starts) {
    if (!(v.effectiveFrom > prevStart && v.effectiveFrom < ps)) continue;
    const before = itemsOn(versions, addDaysIso(v.effectiveFrom, -1)).filter((i) => i.kind === "recurring_fee");
    const after = v.items.filter((i) => i.kind === "recurring_fee");
    const p = prorate({ currency: sub.currency, termStart: sub.term_start, anchorDay: sub.anchor_day, billingInterval: sub.billing_interval }, v.effectiveFrom, before.map(feeOf), after.map(feeOf));
    for (const l of p.lines) {
      if (l.amountMinor === 0n) continue;
      const item = (l.kind === "credit" ? before : after).find((i) => i.product_id === l.productId) ?? null;
      const kind = l.kind === "credit" ? "proration_credit" : "proration_charge";
      const to = l.to < ps ? l.to : ps;
      out.push(line(kind, `${l.description}, ${l.kind === "credit" ? "credit" : "charge"} for ${l.days} of ${l.daysInPeriod} days from ${l.from} (amendment)`, item, l.quantity, l.unitPrice, l.amountMinor, l.from, to));
    }
  }
  return out;
}

export interface ChunkOptions {
  runId: string | null;
  throughDate: IsoDate;
  afterId: string | null;
  limit: number;
  /** Bill only this subscription (an operator's "bill now"). */
  onlyId?: string;
}

/**
 * Bills one chunk. Returns what it picked (0 = the run is through) and the id to continue after.
 */
export async function runRenewalChunk(tx: TenantTx, tenantId: string, opts: ChunkOptions): Promise<ChunkResult> {
  const issueDate = opts.throughDate;
  const year = invoiceYear(issueDate);
  await lockInvoiceNumbers(tx, tenantId, year);
  const due = await loadDue(tx, opts.throughDate, opts.afterId, opts.limit, opts.onlyId);
  const empty: ChunkResult = { picked: 0, lastId: opts.afterId, invoices: 0, rows: 0, amountMinor: 0n, renewed: 0, expired: 0, exceptions: [], counts: { invoices: 0, lines: 0, schedules: 0, entries: 0, journalLines: 0, subscriptions: 0 } };
  if (due.length === 0) return empty;

  // Contracts whose term ends within this run take their price book's scheduled prices first (a new
  // version from the renewal date; idempotent: a rerun finds the prices equal and makes none).
  await repriceAtRenewal(
    tx,
    tenantId,
    due.filter((s) => s.status === "active" && s.auto_renew && s.term_end <= opts.throughDate).map((s) => ({ subscriptionId: s.id, onDate: s.term_end })),
  );
  const [items, usage, rules, policy] = await Promise.all([loadItems(tx, due.map((d) => d.id)), loadUsage(tx, due, opts.throughDate), loadTaxRules(tx), tenantPolicy(tx)]);
  const itemsBySub = new Map<string, ContractItem[]>();
  for (const i of items) (itemsBySub.get(i.subscription_id) ?? itemsBySub.set(i.subscription_id, []).get(i.subscription_id)!).push(i);

  const plans = due.map((s) => planSubscription(s, itemsBySub.get(s.id) ?? [], usage, opts.throughDate));

  const rates = new Map<string, Fixed>();
  const rateOf = (rate: string) => rates.get(rate) ?? rates.set(rate, fixed(rate)).get(rate)!;
  const exceptions: RenewalException[] = [];
  const drafts: InvoiceDraft[] = [];
  const updates: BilledSubscription[] = [];
  let renewed = 0;
  let expired = 0;
  for (const plan of plans) {
    const sub = plan.sub;
    if (sub.currency !== sub.customer_currency) {
      exceptions.push({ subscriptionId: sub.id, periodStart: sub.period_start, kind: "currency_mismatch", detail: `${sub.number} is in ${sub.currency} but the customer is billed in ${sub.customer_currency}: not billed` });
      continue;
    }
    const subDrafts: InvoiceDraft[] = [];
    let refused: RenewalException | null = null;
    for (const period of plan.periods) {
      const taxed: LineDraft[] = [];
      for (const l of period.lines) {
        const tax = resolveTax(rules, sub.tax_jurisdiction, l.taxClass, issueDate);
        if (!tax.ok) {
          refused = { subscriptionId: sub.id, periodStart: period.start, kind: "no_tax_rule", detail: `${sub.number}: ${tax.reason}: not billed` };
          break;
        }
        const { netMinor, taxMinor } = taxOf(l.amountMinor, rateOf(tax.rate), policy.pricesIncludeTax);
        taxed.push({
          kind: l.kind, description: l.description, productId: l.productId, categoryId: l.categoryId, quantity: l.quantity, unitPrice: l.unitPrice,
          netMinor, taxClass: l.taxClass, taxRuleId: tax.ruleId, taxRate: tax.rate, taxMinor, serviceStart: l.serviceStart, serviceEnd: l.serviceEnd,
          subscriptionItemId: l.item?.id ?? null,
        });
      }
      if (refused) break;
      if (taxed.length === 0) continue;
      const total = taxed.reduce((s, l) => s + l.netMinor + l.taxMinor, 0n);
      if (total < 0n) {
        refused = { subscriptionId: sub.id, periodStart: period.start, kind: "negative_total", detail: `${sub.number}: the period from ${period.start} comes to ${fmt(total, sub.currency)} ${sub.currency} (proration credits exceed the charges): issue a credit note instead` };
        break;
      }
      subDrafts.push({
        id: batchId(), customerId: sub.customer_id, resellerId: sub.reseller_id, source: "renewal", subscriptionId: sub.id, periodStart: period.start, periodEnd: period.end,
        billingRunId: opts.runId, currency: sub.currency, taxInclusive: policy.pricesIncludeTax, taxJurisdiction: sub.tax_jurisdiction, billTo: null,
        issueDate, dueDate: addDaysIso(issueDate, sub.payment_terms_days), memo: `${sub.number}, ${period.start} to ${addDaysIso(period.end, -1)}`, lines: taxed,
      });
    }
    if (refused) {
      // Nothing of this subscription is billed (its periods stay due): one clear reason per run.
      exceptions.push(refused);
      continue;
    }
    drafts.push(...subDrafts);
    updates.push(plan);
    if (plan.renewed) renewed++;
    if (plan.status === "expired") expired++;
  }
  // The contracts move on first: their rows, locked by this update until commit, are then the
  // transaction's own to the invoices' reference check, which need not key-share lock them again.
  // Issued without waiting (one round trip with the numbers' reservation).
  const pipe = pipeline(tx);
  if (updates.length > 0) {
    // RLS's scope filter makes the planner expect ~2 of the tenant's contracts, so it joins the chunk's
    // thousands by a nested loop over all of them (1 s per chunk). A hash join on the key is linear.
    pipe.run(sql`select set_config('enable_nestloop', 'off', true)`);
    // The dates (a handful per chunk) by position in a dictionary, not parsed row by row.
    const dates = new ValueDictionary();
    const [next, termEnd] = [updates.map((u) => dates.ref(u.nextPeriodStart)), updates.map((u) => dates.ref(u.termEnd))];
    pipe.run(sql`
      update subscriptions s set next_period_start = d.dates[u.next_period_start], term_end = d.dates[u.term_end], status = u.status, updated_at = now()
        from unnest(${plainArray(updates.map((u) => u.sub.id))}::uuid[], ${plainArray(next)}::int[], ${plainArray(termEnd)}::int[],
                    ${textArray(updates.map((u) => u.status))}::text[]) as u(id, next_period_start, term_end, status),
             (select ${plainArray(dates.values)}::date[] as dates) d
       where s.tenant_id = ${tenantId} and s.id = u.id`);
    pipe.run(sql`select set_config('enable_nestloop', 'on', true)`);
  }
  if (exceptions.length > 0 && opts.runId) {
    pipe.run(sql`
      insert into billing_run_exceptions (tenant_id, run_id, subscription_id, period_start, kind, detail)
      select ${tenantId}, ${opts.runId}, * from unnest(${plainArray(exceptions.map((e) => e.subscriptionId))}::uuid[], ${plainArray(exceptions.map((e) => e.periodStart))}::date[],
                                                       ${textArray(exceptions.map((e) => e.kind))}::text[], ${textArray(exceptions.map((e) => e.detail))}::text[])`);
  }
  const reserved = reserveInvoiceNumbers(tx, tenantId, year, drafts.length);
  reserved.catch(() => undefined); // awaited after the pipeline, whose failure (first on the wire) is the one to report
  await pipe.done();
  const numbers = await reserved;
  const counts = await insertIssuedInvoices(tx, tenantId, drafts, numbers);
  // (`invoice.issued` events go with the invoices, in insertIssuedInvoices.)
  emitEvents(
    tx,
    tenantId,
    updates
      .filter((u) => u.renewed)
      .map((u) => ({ type: "subscription.renewed" as const, payload: { subscriptionId: u.sub.id, number: u.sub.number, customerId: u.sub.customer_id, termEnd: u.termEnd, nextPeriodStart: u.nextPeriodStart } })),
  );
  const amountMinor = drafts.reduce((s, d) => s + d.lines.reduce((t, l) => t + l.netMinor + l.taxMinor, 0n), 0n);
  const rows = counts.invoices + counts.lines + counts.schedules + counts.entries + counts.journalLines + updates.length;
  return {
    picked: due.length,
    lastId: due[due.length - 1].id,
    invoices: counts.invoices,
    rows,
    amountMinor,
    renewed,
    expired,
    exceptions,
    counts: { ...counts, subscriptions: updates.length },
  };
}
