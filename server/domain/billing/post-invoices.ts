import { sql, type SQL } from "drizzle-orm";
import { batchId } from "../../../db/batch-ids";
import { plainArray, textArray, ValueDictionary } from "../../../db/pg-arrays";
import { pipeline, type Pipeline } from "../../../db/pipeline";
import type { InvoiceLineKind } from "../../../db/schema/billing";
import type { TenantTx } from "../../../db/with-tenant";
import { emitEvents } from "../events/emit";
import { refKey, resolveAccounts, type AccountRef } from "../ledger/chart";
import { isUniqueViolation } from "../errors";
import { formatReference, reserveNumbers } from "../tenancy/counters";
import { applyCustomerCredit } from "../payments/customer-credit";
import { monthStart } from "./recognition";

/*
 * The one way an invoice is issued, for one invoice (a shipment, a manual invoice) or a renewal
 * chunk of thousands: numbers from the tenant's per-year counter, then set-based inserts — the
 * invoices, their lines, a revenue schedule per line, one balanced journal entry per invoice and
 * its lines. Each is ONE statement for the whole batch, whatever its size. Revenue earned when billed
 * is recognized on its schedule (recognized_at_issue_month), not by a row of its own.
 */

export interface LineDraft {
  kind: InvoiceLineKind;
  description: string;
  productId: string | null;
  categoryId: string | null;
  quantity: string;
  unitPrice: string;
  netMinor: bigint;
  taxClass: string;
  taxRuleId: string | null;
  taxRate: string;
  taxMinor: bigint;
  /** [start, end) */
  serviceStart: string | null;
  serviceEnd: string | null;
  subscriptionItemId?: string | null;
  orderLineId?: string | null;
}

export interface InvoiceDraft {
  id: string;
  customerId: string;
  resellerId: string | null;
  source: "renewal" | "shipment" | "manual";
  subscriptionId?: string | null;
  periodStart?: string | null;
  periodEnd?: string | null;
  orderId?: string | null;
  shipmentId?: string | null;
  billingRunId?: string | null;
  currency: string;
  taxInclusive: boolean;
  taxJurisdiction: string;
  /** The bill-to snapshot; null: the customer's as it is when the invoice is inserted (read by the insert, not round-tripped through the caller). */
  billTo: Record<string, string> | null;
  issueDate: string;
  dueDate: string;
  memo?: string;
  requestKey?: string | null;
  createdBy?: string | null;
  lines: LineDraft[];
}

/** Subscription fees (and their proration) are earned ratably over the service period; the rest at one date. */
const RATABLE: ReadonlySet<InvoiceLineKind> = new Set(["recurring_fee", "proration_charge", "proration_credit"]);

export const invoiceYear = (issueDate: string) => issueDate.slice(0, 4);

/** A customer's bill-to as an invoice snapshots it (`c` is the customers row). */
export const CUSTOMER_BILL_TO = sql`jsonb_build_object('name', coalesce(nullif(c.bill_to_name, ''), c.name), 'email', c.bill_to_email, 'line1', c.address_line1, 'city', c.city,
                   'postalCode', c.postal_code, 'country', c.country_code)`;
export const formatInvoiceNumber = (year: string, n: number) => formatReference(`INV-${year}`, n);

/**
 * Takes the row lock of the tenant's invoice counter for `year` (a no-op bump). Every issuer takes it
 * before it decides what to number, so two issuers of one tenant and year queue, and the second sees
 * what the first committed: nothing is billed twice and no reserved number goes unused.
 */
export async function lockInvoiceNumbers(tx: TenantTx, tenantId: string, year: string): Promise<void> {
  await reserveNumbers(tx, tenantId, "invoice", 0, year);
}

/** `count` consecutive invoice numbers of `year` (call after lockInvoiceNumbers, in the same transaction). */
export async function reserveInvoiceNumbers(tx: TenantTx, tenantId: string, year: string, count: number): Promise<string[]> {
  if (count === 0) return [];
  const first = await reserveNumbers(tx, tenantId, "invoice", count, year);
  return Array.from({ length: count }, (_, i) => formatInvoiceNumber(year, first + i));
}

/** Rows written, per table. */
export interface InsertedCounts { invoices: number; lines: number; schedules: number; entries: number; journalLines: number }

/**
 * Inserts issued invoices with their lines (numbers given, one per draft) and posts them. The caller
 * holds the counter lock and has dropped drafts already billed; a unique-key conflict here means a
 * concurrent issuer that did not take the lock, and rolls the whole batch back (so no number is lost).
 * Every statement is issued before any reply is awaited (one round trip for the batch; the account
 * ids are read first, the journal lines wait for them).
 */
export async function insertIssuedInvoices(tx: TenantTx, tenantId: string, drafts: readonly InvoiceDraft[], numbers: readonly string[]): Promise<InsertedCounts> {
  if (drafts.length === 0) return { invoices: 0, lines: 0, schedules: 0, entries: 0, journalLines: 0 };
  const totals = drafts.map((d) => sumLines(d.lines));
  const lineIds = drafts.map((d) => d.lines.map(() => batchId()));
  const posting = planPosting(drafts, (i, j) => lineIds[i][j]);
  const accounts = resolveAccounts(tx, tenantId, posting.refs);
  accounts.catch(() => undefined); // awaited below; a failure before then is not "unhandled"
  const pipe = pipeline(tx);
  const col = <T extends string | number | bigint | null>(f: (d: InvoiceDraft, i: number) => T) => drafts.map(f);
  // Customers, resellers and the run (a few hundred per batch) and dates (a handful) by position in a
  // dictionary, as the lines' references are (linesInsert).
  const refs = new ValueDictionary();
  const dates = new ValueDictionary();
  const [customer, reseller, billingRun] = [col((d) => refs.ref(d.customerId)), col((d) => refs.ref(d.resellerId)), col((d) => refs.ref(d.billingRunId))];
  const [periodStart, periodEnd, issueDate, dueDate] = [col((d) => dates.ref(d.periodStart)), col((d) => dates.ref(d.periodEnd)), col((d) => dates.ref(d.issueDate)), col((d) => dates.ref(d.dueDate))];
  const refList = plainArray(refs.values);
  // The bill-to snapshot is built once per customer of the batch (a few hundred; the dictionary's other
  // ids match no customer) and hash-joined to the invoices: built per invoice (through a memoized probe)
  // it cost about 9 ms of a 2,000-invoice batch, against about 3.
  // No ON CONFLICT: its speculative insertion (a probe of every unique index, then a confirm record per
  // row) was a third of this statement. A conflict fails the statement (23505) and the batch with it.
  pipe.run(sql`
    insert into invoices (tenant_id, id, number, customer_id, reseller_id, source, subscription_id, period_start, period_end, order_id, shipment_id, billing_run_id,
                          currency, status, tax_inclusive, tax_jurisdiction, bill_to, issue_date, due_date, net_minor, tax_minor, total_minor, memo, request_key,
                          created_by, issued_at)
    select ${tenantId}, x.id, x.number, d.refs[x.customer], d.refs[x.reseller], x.source, x.subscription_id, d.dates[x.period_start], d.dates[x.period_end], x.order_id,
           x.shipment_id, d.refs[x.billing_run], x.currency, 'issued', x.tax_inclusive, x.tax_jurisdiction, coalesce(x.bill_to::jsonb, c.bill_to),
           d.dates[x.issue_date], d.dates[x.due_date], x.net_minor, x.tax_minor, x.net_minor + x.tax_minor, x.memo, x.request_key, x.created_by, now()
      from unnest(${plainArray(col((d) => d.id))}::uuid[], ${textArray(numbers as string[])}::text[], ${plainArray(customer)}::int[],
                  ${plainArray(reseller)}::int[], ${textArray(col((d) => d.source))}::text[], ${plainArray(col((d) => d.subscriptionId ?? null))}::uuid[],
                  ${plainArray(periodStart)}::int[], ${plainArray(periodEnd)}::int[],
                  ${plainArray(col((d) => d.orderId ?? null))}::uuid[], ${plainArray(col((d) => d.shipmentId ?? null))}::uuid[],
                  ${plainArray(billingRun)}::int[], ${textArray(col((d) => d.currency))}::text[],
                  ${plainArray(col((d) => String(d.taxInclusive)))}::boolean[], ${textArray(col((d) => d.taxJurisdiction))}::text[],
                  ${textArray(col((d) => (d.billTo ? JSON.stringify(d.billTo) : null)))}::text[], ${plainArray(issueDate)}::int[],
                  ${plainArray(dueDate)}::int[], ${plainArray(col((_, i) => totals[i].net))}::bigint[], ${plainArray(col((_, i) => totals[i].tax))}::bigint[],
                  ${textArray(col((d) => d.memo ?? ""))}::text[], ${textArray(col((d) => d.requestKey ?? null))}::text[], ${plainArray(col((d) => d.createdBy ?? null))}::uuid[])
           as x(id, number, customer, reseller, source, subscription_id, period_start, period_end, order_id, shipment_id, billing_run, currency, tax_inclusive,
                tax_jurisdiction, bill_to, issue_date, due_date, net_minor, tax_minor, memo, request_key, created_by)
      cross join (select ${refList}::uuid[] as refs, ${plainArray(dates.values)}::date[] as dates) d
      left join (select c.id, ${CUSTOMER_BILL_TO} as bill_to from customers c where c.tenant_id = ${tenantId} and c.id = any(${refList}::uuid[])) c
             on c.id = d.refs[x.customer]`);
  const linesSql = linesInsert(tenantId, drafts, lineIds);
  if (linesSql) pipe.run(linesSql);
  const posted = issuePosting(pipe, tenantId, drafts, posting, await accounts);
  try {
    await pipe.done();
  } catch (error) {
    // A period, shipment or request key already invoiced (the unique keys): name the cause.
    if (["invoices_period", "invoices_shipment", "invoices_request", "invoices_number"].some((key) => isUniqueViolation(error, key))) throw alreadyBilled(drafts.length, error);
    throw error;
  }
  await applyCustomerCredit(tx, { tenantId, userId: null }, posting.posted.map((p) => p.id));
  emitInvoicesIssued(tx, tenantId, drafts.map((d, i) => ({ id: d.id, number: numbers[i], customerId: d.customerId, subscriptionId: d.subscriptionId ?? null, currency: d.currency, issueDate: d.issueDate, dueDate: d.dueDate, totalMinor: totals[i].net + totals[i].tax })));
  return { invoices: drafts.length, lines: drafts.reduce((n, d) => n + d.lines.length, 0), ...posted };
}

const alreadyBilled = (of: number, cause: unknown) =>
  new Error(`invoice issue: an invoice of the batch of ${of} was already billed by a concurrent issuer; the batch is rolled back`, { cause });

export interface IssuedInvoiceEvent { id: string; number: string; customerId: string; subscriptionId: string | null; currency: string; issueDate: string; dueDate: string | null; totalMinor: bigint }

/** One `invoice.issued` event per invoice, written with the issuing transaction (all of a batch in one insert). */
export function emitInvoicesIssued(tx: TenantTx, tenantId: string, invoices: readonly IssuedInvoiceEvent[]): void {
  emitEvents(
    tx,
    tenantId,
    invoices.map((inv) => ({
      type: "invoice.issued" as const,
      payload: { invoiceId: inv.id, number: inv.number, customerId: inv.customerId, subscriptionId: inv.subscriptionId, currency: inv.currency, issueDate: inv.issueDate, dueDate: inv.dueDate, totalMinor: inv.totalMinor.toString() },
    })),
  );
}

export function sumLines(lines: ReadonlyArray<Pick<LineDraft, "netMinor" | "taxMinor">>): { net: bigint; tax: bigint } {
  let net = 0n;
  let tax = 0n;
  for (const l of lines) {
    net += l.netMinor;
    tax += l.taxMinor;
  }
  return { net, tax };
}

/** The lines of any number of invoices in one statement. */
export async function insertLines(tx: TenantTx, tenantId: string, drafts: ReadonlyArray<Pick<InvoiceDraft, "id" | "lines">>, lineIds: string[][]): Promise<number> {
  const query = linesInsert(tenantId, drafts, lineIds);
  if (query) await tx.execute(query);
  return drafts.reduce((n, d) => n + d.lines.length, 0);
}

function linesInsert(tenantId: string, drafts: ReadonlyArray<Pick<InvoiceDraft, "id" | "lines">>, lineIds: string[][]): SQL | null {
  // Column arrays filled in one pass (no per-line copies: a chunk has thousands of lines). A line's
  // invoice is its position in the batch, and its product, category and tax rule (a handful per
  // batch) positions in one dictionary, and its service dates in another: small integers, where uuids
  // and dates would be parsed row by row.
  const refs = new ValueDictionary();
  const dates = new ValueDictionary();
  const id: string[] = [], invoice: number[] = [], lineNo: number[] = [], kind: string[] = [], description: string[] = [], product: Array<number | null> = [];
  const category: Array<number | null> = [], quantity: string[] = [], unitPrice: string[] = [], net: bigint[] = [], taxClass: string[] = [], taxRule: Array<number | null> = [];
  const taxRate: string[] = [], tax: bigint[] = [], serviceStart: Array<number | null> = [], serviceEnd: Array<number | null> = [], itemId: Array<string | null> = [], orderLineId: Array<string | null> = [];
  drafts.forEach((d, i) => {
    d.lines.forEach((l, j) => {
      id.push(lineIds[i][j]); invoice.push(i + 1); lineNo.push(j + 1); kind.push(l.kind); description.push(l.description); product.push(refs.ref(l.productId));
      category.push(refs.ref(l.categoryId)); quantity.push(l.quantity); unitPrice.push(l.unitPrice); net.push(l.netMinor); taxClass.push(l.taxClass); taxRule.push(refs.ref(l.taxRuleId));
      taxRate.push(l.taxRate); tax.push(l.taxMinor); serviceStart.push(dates.ref(l.serviceStart)); serviceEnd.push(dates.ref(l.serviceEnd)); itemId.push(l.subscriptionItemId ?? null); orderLineId.push(l.orderLineId ?? null);
    });
  });
  if (id.length === 0) return null;
  return sql`
    insert into invoice_lines (tenant_id, id, invoice_id, line_no, kind, description, product_id, category_id, quantity, unit_price, net_minor, tax_class, tax_rule_id,
                               tax_rate, tax_minor, service_start, service_end, subscription_item_id, order_line_id)
    select ${tenantId}, x.id, d.invoices[x.invoice], x.line_no, x.kind, x.description, d.refs[x.product], d.refs[x.category], x.quantity, x.unit_price, x.net_minor,
           x.tax_class, d.refs[x.tax_rule], x.tax_rate, x.tax_minor, d.dates[x.service_start], d.dates[x.service_end], x.subscription_item_id, x.order_line_id
      from (select ${plainArray(drafts.map((d) => d.id))}::uuid[] as invoices, ${plainArray(refs.values)}::uuid[] as refs, ${plainArray(dates.values)}::date[] as dates) d,
           unnest(${plainArray(id)}::uuid[], ${plainArray(invoice)}::int[], ${plainArray(lineNo)}::int[],
                  ${textArray(kind)}::text[], ${textArray(description)}::text[], ${plainArray(product)}::int[],
                  ${plainArray(category)}::int[], ${plainArray(quantity)}::numeric[], ${plainArray(unitPrice)}::numeric[],
                  ${plainArray(net)}::bigint[], ${textArray(taxClass)}::text[], ${plainArray(taxRule)}::int[],
                  ${plainArray(taxRate)}::numeric[], ${plainArray(tax)}::bigint[], ${plainArray(serviceStart)}::int[],
                  ${plainArray(serviceEnd)}::int[], ${plainArray(itemId)}::uuid[], ${plainArray(orderLineId)}::uuid[])
           as x(id, invoice, line_no, kind, description, product, category, quantity, unit_price, net_minor, tax_class, tax_rule, tax_rate, tax_minor,
                service_start, service_end, subscription_item_id, order_line_id)`;
}

export interface IssuedInvoice {
  id: string;
  customerId: string;
  currency: string;
  issueDate: string;
  lines: Array<Pick<LineDraft, "kind" | "categoryId" | "netMinor" | "taxMinor" | "serviceStart" | "serviceEnd"> & { id: string }>;
}

/** A line's schedule; `invoice` is its invoice's position in the batch (the invoice, customer and currency are that invoice's). */
interface ScheduleRow { id: string; lineId: string; invoice: number; categoryId: string | null; method: "ratable_daily" | "point_in_time"; start: string; end: string; amount: bigint; earnedAtIssue: boolean }

const nextDay = (iso: string) => new Date(Date.parse(`${iso}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** How a line is earned: ratably over its service period, or at once (goods on their date, usage and the rest when billed). */
export function scheduleFor(line: Pick<LineDraft, "kind" | "serviceStart" | "serviceEnd">, issueDate: string): { method: ScheduleRow["method"]; start: string; end: string } {
  if ((RATABLE.has(line.kind) || line.kind === "manual") && line.serviceStart && line.serviceEnd) return { method: "ratable_daily", start: line.serviceStart, end: line.serviceEnd };
  const on = line.kind === "goods" && line.serviceStart ? line.serviceStart : issueDate;
  return { method: "point_in_time", start: on, end: nextDay(on) };
}

/**
 * Posts issued invoices (rows and lines already written): a revenue schedule per line, one balanced
 * entry per invoice — Dr receivable (total); Cr deferred revenue for what is earned later; Cr revenue
 * (by category) for what is earned on issue; Cr tax payable. What is earned on issue is recognized
 * by that entry: its schedule carries the month (recognized_at_issue_month). Three statements for the
 * whole batch.
 */
export async function postIssuedInvoices(tx: TenantTx, tenantId: string, invoices: readonly IssuedInvoice[]): Promise<Omit<InsertedCounts, "invoices" | "lines">> {
  const posting = planPosting(invoices, (i, j) => invoices[i].lines[j].id);
  const accounts = await resolveAccounts(tx, tenantId, posting.refs);
  const pipe = pipeline(tx);
  const counts = issuePosting(pipe, tenantId, invoices, posting, accounts);
  await pipe.done();
  // A customer's credit (an overpayment, a credit note on a paid invoice) settles its new invoices at
  // once (payments). One statement when nobody in the batch holds credit.
  await applyCustomerCredit(tx, { tenantId, userId: null }, posting.posted.map((p) => p.id));
  return counts;
}

/** A journal line of the entry of the batch's `invoice`-th invoice (in its currency); the receivable's line names the invoice's customer. */
type JLine = { invoice: number; account: AccountRef; debit: bigint; credit: bigint; receivable: boolean };
type PostingLine = Pick<LineDraft, "kind" | "categoryId" | "netMinor" | "taxMinor" | "serviceStart" | "serviceEnd">;
type PostingInvoice = Pick<IssuedInvoice, "id" | "customerId" | "currency" | "issueDate"> & { lines: readonly PostingLine[] };
interface Posting { schedules: ScheduleRow[]; entryIds: string[]; jlines: JLine[]; refs: AccountRef[]; posted: PostingInvoice[] }

/** The schedules and journal lines of a batch (pure): what postIssuedInvoices writes. `lineId(i, j)`: the id of invoice i's line j. */
function planPosting(invoices: readonly PostingInvoice[], lineId: (i: number, j: number) => string): Posting {
  const schedules: ScheduleRow[] = [];
  const entryIds = invoices.map(() => batchId());
  const jlines: JLine[] = [];
  const refs: AccountRef[] = ["accounts_receivable", "deferred_revenue", "tax_payable"];
  const withLines = new Set<string>();
  invoices.forEach((inv, i) => {
    // An entry credits a handful of accounts: a short list, in first-credited order, beats a Map per invoice.
    const byAccount: Array<{ key: string; account: AccountRef; amount: bigint }> = [];
    const credit = (account: AccountRef, amount: bigint) => {
      const key = refKey(account);
      for (const row of byAccount) {
        if (row.key === key) {
          row.amount += amount;
          return;
        }
      }
      byAccount.push({ key, account, amount });
    };
    let total = 0n;
    inv.lines.forEach((line, j) => {
      total += line.netMinor + line.taxMinor;
      credit("tax_payable", line.taxMinor);
      if (line.netMinor === 0n) return;
      const s = scheduleFor(line, inv.issueDate);
      const earnedAtIssue = s.method === "point_in_time" && s.start <= inv.issueDate;
      schedules.push({ id: batchId(), lineId: lineId(i, j), invoice: i, categoryId: line.categoryId, amount: line.netMinor, earnedAtIssue, method: s.method, start: s.start, end: s.end });
      credit(earnedAtIssue ? { revenueCategoryId: line.categoryId } : "deferred_revenue", line.netMinor);
    });
    if (total !== 0n) jlines.push({ invoice: i, account: "accounts_receivable", debit: total > 0n ? total : 0n, credit: total < 0n ? -total : 0n, receivable: true });
    for (const { account, amount } of byAccount) {
      if (amount === 0n) continue;
      refs.push(account);
      jlines.push({ invoice: i, account, debit: amount < 0n ? -amount : 0n, credit: amount > 0n ? amount : 0n, receivable: false });
    }
    if (jlines.length > 0 && jlines[jlines.length - 1].invoice === i) withLines.add(entryIds[i]);
  });
  return { schedules, entryIds, jlines, refs, posted: invoices.filter((_, i) => withLines.has(entryIds[i])) };
}

/** Issues the posting's three inserts on `pipe` (not awaited); returns their row counts. */
function issuePosting(pipe: Pipeline, tenantId: string, invoices: readonly PostingInvoice[], posting: Posting, accounts: Map<string, string>): Omit<InsertedCounts, "invoices" | "lines"> {
  const { schedules, jlines, posted } = posting;
  const postedIds = new Set(posted.map((p) => p.id));
  // An invoice's id, customer and currency are sent once, by its position in the batch (`d.invoices[x.invoice]`),
  // and a handful of categories, accounts and currencies once each, by position in a dictionary: small
  // integers per schedule and journal line, where uuids would be parsed row by row.
  const currencies = new ValueDictionary();
  const currencyOf = invoices.map((inv) => currencies.ref(inv.currency));
  const customers = plainArray(invoices.map((inv) => inv.customerId));
  if (schedules.length > 0) {
    const c = <T extends string | number | bigint | null>(f: (s: ScheduleRow) => T) => schedules.map(f);
    // Earned on issue, by an entry that is posted (an invoice whose lines net to nothing posts none):
    // recognized in the month of the invoice's issue date.
    const issueMonths = invoices.map((inv) => (postedIds.has(inv.id) ? monthStart(inv.issueDate) : null));
    const categories = new ValueDictionary();
    const category = c((s) => categories.ref(s.categoryId));
    const dates = new ValueDictionary();
    const [start, end, month] = [c((s) => dates.ref(s.start)), c((s) => dates.ref(s.end)), c((s) => dates.ref(s.earnedAtIssue ? issueMonths[s.invoice] : null))];
    pipe.run(sql`
      insert into revenue_schedules (tenant_id, id, invoice_line_id, invoice_id, customer_id, category_id, method, start_date, end_date, currency, amount_minor,
                                     recognized_at_issue_month)
      select ${tenantId}, x.id, x.line_id, d.invoices[x.invoice], d.customers[x.invoice], d.categories[x.category], x.method, d.dates[x.start_date], d.dates[x.end_date],
             d.currencies[x.currency], x.amount_minor, d.dates[x.recognized_at_issue_month]
        from (select ${plainArray(invoices.map((inv) => inv.id))}::uuid[] as invoices, ${customers}::uuid[] as customers, ${plainArray(categories.values)}::uuid[] as categories,
                     ${textArray(currencies.values)}::text[] as currencies, ${plainArray(dates.values)}::date[] as dates) d,
             unnest(${plainArray(c((s) => s.id))}::uuid[], ${plainArray(c((s) => s.lineId))}::uuid[], ${plainArray(c((s) => s.invoice + 1))}::int[],
                    ${plainArray(category)}::int[], ${textArray(c((s) => s.method))}::text[], ${plainArray(start)}::int[], ${plainArray(end)}::int[],
                    ${plainArray(c((s) => currencyOf[s.invoice]))}::int[], ${plainArray(c((s) => s.amount))}::bigint[],
                    ${plainArray(month)}::int[])
             as x(id, line_id, invoice, category, method, start_date, end_date, currency, amount_minor, recognized_at_issue_month)`);
  }
  const entryOf = new Map(invoices.map((inv, i) => [inv.id, posting.entryIds[i]]));
  if (posted.length > 0) {
    const entryDates = new ValueDictionary();
    const entryDate = posted.map((p) => entryDates.ref(p.issueDate));
    pipe.run(sql`
      insert into journal_entries (tenant_id, id, entry_date, source_type, source_id, event_key, memo)
      select ${tenantId}, e.id, d.dates[e.entry_date], 'invoice', e.source_id, 'issued', 'Invoice issued'
        from (select ${plainArray(entryDates.values)}::date[] as dates) d,
             unnest(${plainArray(posted.map((p) => entryOf.get(p.id)!))}::uuid[], ${plainArray(entryDate)}::int[], ${plainArray(posted.map((p) => p.id))}::uuid[])
             as e(id, entry_date, source_id)`);
    const accountIds = new ValueDictionary();
    const account = jlines.map((l) => accountIds.ref(accounts.get(refKey(l.account))!));
    pipe.run(sql`
      insert into journal_lines (tenant_id, entry_id, account_id, currency, debit_minor, credit_minor, customer_id)
      select ${tenantId}, d.entries[x.invoice], d.accounts[x.account], d.currencies[x.currency], x.debit_minor, x.credit_minor,
             case when x.receivable then d.customers[x.invoice] end
        from (select ${plainArray(posting.entryIds)}::uuid[] as entries, ${customers}::uuid[] as customers, ${plainArray(accountIds.values)}::uuid[] as accounts,
                     ${textArray(currencies.values)}::text[] as currencies) d,
             unnest(${plainArray(jlines.map((l) => l.invoice + 1))}::int[], ${plainArray(account)}::int[], ${plainArray(jlines.map((l) => currencyOf[l.invoice]))}::int[],
                    ${plainArray(jlines.map((l) => l.debit))}::bigint[], ${plainArray(jlines.map((l) => l.credit))}::bigint[],
                    ${plainArray(jlines.map((l) => String(l.receivable)))}::boolean[])
             as x(invoice, account, currency, debit_minor, credit_minor, receivable)`);
  }
  return { schedules: schedules.length, entries: posted.length, journalLines: jlines.length };
}
