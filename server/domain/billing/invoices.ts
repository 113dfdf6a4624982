import { sql, type SQL } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { z } from "zod";
import { plainArray } from "../../../db/pg-arrays";
import { INVOICE_SOURCES, INVOICE_STATUSES } from "../../../db/schema/billing";
import { asSystem, type TenantTx } from "../../../db/with-tenant";
import { containsPattern, DomainError, isUniqueViolation } from "../errors";
import { listInput, offsetOf, type Page } from "../lists";
import { Dec, lineTotalMinor } from "../money/money";
import { addDaysIso } from "../subscriptions/periods";
import { tenantPolicy } from "../tenancy/settings";
import { emitInvoicesIssued, insertIssuedInvoices, insertLines, invoiceYear, lockInvoiceNumbers, postIssuedInvoices, reserveInvoiceNumbers, sumLines, type InvoiceDraft, type LineDraft } from "./post-invoices";
import { loadTaxRules, resolveTax, taxLine, taxSummary, type TaxRule } from "./tax";

/*
 * Invoices besides the renewal run: goods shipped outside a subscription (invoiced in the shipment's
 * transaction), and manual invoices by finance (a draft, then issued). Both issue through
 * post-invoices.ts like the run does. Plus the finance screens' list, CSV and detail.
 */

type Acting = { tenantId: string; userId: string | null };

/** The state machine; void of an issued invoice happens only through a credit note (payments side). */
export const INVOICE_TRANSITIONS: Readonly<Record<(typeof INVOICE_STATUSES)[number], readonly (typeof INVOICE_STATUSES)[number][]>> = {
  draft: ["issued", "void"],
  issued: ["partially_paid", "paid", "void"],
  partially_paid: ["paid", "void"],
  paid: [],
  void: [],
};

interface CustomerForBilling { id: string; name: string; currency: string; tax_jurisdiction: string; payment_terms_days: number; reseller_id: string | null; bill_to: Record<string, string>; [key: string]: unknown }

async function customerForBilling(tx: TenantTx, customerId: string): Promise<CustomerForBilling | undefined> {
  const [c] = await tx.execute<CustomerForBilling>(sql`
    select c.id, c.name, c.currency, c.tax_jurisdiction, c.payment_terms_days, c.reseller_id,
           jsonb_build_object('name', coalesce(nullif(c.bill_to_name, ''), c.name), 'email', c.bill_to_email, 'line1', c.address_line1, 'city', c.city,
                              'postalCode', c.postal_code, 'country', c.country_code) as bill_to
      from customers c where c.id = ${customerId}`);
  return c;
}

function currencyRefusal(customer: { name: string; currency: string }, currency: string): DomainError {
  return new DomainError("BAD_REQUEST", `${customer.name} is invoiced in ${customer.currency}, not ${currency}: an invoice must be in the customer's currency`, { currency: [`Use ${customer.currency}`] });
}

function taxed(rules: readonly TaxRule[], jurisdiction: string, date: string, inclusive: boolean, l: Omit<LineDraft, "netMinor" | "taxMinor" | "taxRuleId" | "taxRate"> & { amountMinor: bigint }, where: string): LineDraft {
  const tax = resolveTax(rules, jurisdiction, l.taxClass, date);
  if (!tax.ok) throw new DomainError("BAD_REQUEST", `${where}: ${tax.reason}; add the tax rule first`);
  const { amountMinor, ...rest } = l;
  return { ...rest, ...taxLine(amountMinor, tax.rate, inclusive), taxRuleId: tax.ruleId, taxRate: tax.rate };
}

/**
 * Invoices a shipment of an order outside a subscription, in the shipment's transaction: a goods line
 * per shipped order line at its order price, taxed for the customer on the ship date; the revenue is
 * earned at shipment. Idempotent: a shipment is invoiced once (the second call returns the first).
 */
export async function invoiceShipment(tx: TenantTx, tenantId: string, shipmentId: string): Promise<{ invoiceId: string; number: string; created: boolean } | null> {
  return asSystem(tx, async () => {
    const [head] = await tx.execute<{ order_id: string; order_number: string; customer_id: string; currency: string; subscription_id: string | null; shipped_on: string }>(sql`
      select o.id as order_id, o.number as order_number, o.customer_id, o.currency, o.subscription_id, (s.created_at at time zone 'UTC')::date::text as shipped_on
        from shipments s join orders o on o.tenant_id = s.tenant_id and o.id = s.order_id where s.id = ${shipmentId}`);
    if (!head) throw new DomainError("NOT_FOUND", "No such shipment");
    // Goods under a subscription are billed by the renewal run.
    if (head.subscription_id) return null;
    const customer = (await customerForBilling(tx, head.customer_id))!;
    if (customer.currency !== head.currency) throw currencyRefusal(customer, head.currency);
    const year = invoiceYear(head.shipped_on);
    await lockInvoiceNumbers(tx, tenantId, year);
    const [existing] = await tx.execute<{ id: string; number: string }>(sql`select id, number from invoices where shipment_id = ${shipmentId}`);
    if (existing) return { invoiceId: existing.id, number: existing.number, created: false };

    const lines = await tx.execute<{ order_line_id: string; line_no: number; product_id: string; name: string; sku: string; category_id: string | null; tax_class: string; quantity: number; unit_price: string }>(sql`
      select sl.order_line_id, ol.line_no, ol.product_id, p.name, p.sku, p.category_id, p.tax_class, sum(sl.quantity)::int as quantity, ol.unit_price::text
        from shipment_lines sl
        join order_lines ol on ol.tenant_id = sl.tenant_id and ol.id = sl.order_line_id
        join products p on p.tenant_id = ol.tenant_id and p.id = ol.product_id
       where sl.shipment_id = ${shipmentId}
       group by sl.order_line_id, ol.line_no, ol.product_id, p.name, p.sku, p.category_id, p.tax_class, ol.unit_price
       order by ol.line_no`);
    const [rules, policy] = await Promise.all([loadTaxRules(tx), tenantPolicy(tx)]);
    const drafts = lines
      .map((l) => ({ l, amountMinor: lineTotalMinor(l.quantity, l.unit_price, head.currency) }))
      .filter(({ amountMinor }) => amountMinor !== 0n)
      .map(({ l, amountMinor }, i) =>
        taxed(rules, customer.tax_jurisdiction, head.shipped_on, policy.pricesIncludeTax, {
          kind: "goods", description: `${l.name} (${l.sku}), order ${head.order_number} line ${l.line_no}`, productId: l.product_id, categoryId: l.category_id,
          quantity: String(l.quantity), unitPrice: l.unit_price, taxClass: l.tax_class, serviceStart: head.shipped_on, serviceEnd: addDaysIso(head.shipped_on, 1),
          orderLineId: l.order_line_id, amountMinor,
        }, `Line ${i + 1}`),
      );
    if (drafts.length === 0) return null;
    const draft: InvoiceDraft = {
      id: uuidv7(), customerId: customer.id, resellerId: customer.reseller_id, source: "shipment", orderId: head.order_id, shipmentId, currency: head.currency,
      taxInclusive: policy.pricesIncludeTax, taxJurisdiction: customer.tax_jurisdiction, billTo: customer.bill_to, issueDate: head.shipped_on,
      dueDate: addDaysIso(head.shipped_on, customer.payment_terms_days), memo: `Order ${head.order_number}`, lines: drafts,
    };
    const [number] = await reserveInvoiceNumbers(tx, tenantId, year, 1);
    await insertIssuedInvoices(tx, tenantId, [draft], [number]);
    return { invoiceId: draft.id, number, created: true };
  });
}

const amount = z
  .union([z.string().trim(), z.number()])
  .pipe(z.coerce.string())
  .refine((v) => /^-?\d+(\.\d{1,6})?$/.test(v), "Enter an amount with at most 6 decimals");

export const manualInvoiceInput = z
  .object({
    customerId: z.uuid("Choose a customer"),
    currency: z.string().length(3, "Currency is a 3-letter code"),
    issueDate: z.iso.date("Issue date must be a date (YYYY-MM-DD)"),
    memo: z.string().trim().max(500).default(""),
    requestKey: z.string().trim().min(8).max(100).optional(),
    issue: z.boolean().default(true),
    lines: z
      .array(
        z
          .object({
            description: z.string().trim().min(1, "Describe the line").max(200),
            productId: z.uuid().nullable().default(null),
            quantity: amount.refine((v) => new Dec(v).greaterThan(0), "Quantity must be greater than zero"),
            unitPrice: amount.refine((v) => new Dec(v).greaterThanOrEqualTo(0), "Unit price cannot be negative"),
            taxClass: z.enum(["standard", "reduced", "zero", "exempt"]).optional(),
            serviceStart: z.iso.date().nullable().default(null),
            serviceEnd: z.iso.date().nullable().default(null),
          })
          .refine((l) => (l.serviceStart === null) === (l.serviceEnd === null) && (l.serviceStart === null || l.serviceStart < l.serviceEnd!), {
            message: "A service period needs a start before its end (the end is exclusive)",
            path: ["serviceEnd"],
          }),
      )
      .min(1, "An invoice needs at least one line")
      .max(200),
  });

/**
 * A manual invoice by finance: a draft with its lines (taxed for the customer on the issue date), and
 * issued at once unless `issue: false`. The currency must be the customer's. A request key makes a
 * retried request return the first invoice.
 */
export async function createManualInvoice(tx: TenantTx, acting: Acting, raw: z.input<typeof manualInvoiceInput>): Promise<{ invoiceId: string; number: string | null; created: boolean }> {
  const parsed = manualInvoiceInput.safeParse(raw);
  if (!parsed.success) throw new DomainError("BAD_REQUEST", parsed.error.issues[0].message);
  const v = parsed.data;
  if (v.requestKey) {
    const [existing] = await tx.execute<{ id: string; number: string | null }>(sql`select id, number from invoices where request_key = ${v.requestKey}`);
    if (existing) return { invoiceId: existing.id, number: existing.number, created: false };
  }
  const customer = await customerForBilling(tx, v.customerId);
  if (!customer) throw new DomainError("BAD_REQUEST", "No such customer", { customerId: ["Choose a customer"] });
  if (customer.currency !== v.currency) throw currencyRefusal(customer, v.currency);
  const productIds = [...new Set(v.lines.flatMap((l) => (l.productId ? [l.productId] : [])))];
  const products = productIds.length
    ? await tx.execute<{ id: string; tax_class: string; category_id: string | null }>(sql`select id, tax_class, category_id from products where id = any(${plainArray(productIds)}::uuid[])`)
    : [];
  const [rules, policy] = await Promise.all([loadTaxRules(tx), tenantPolicy(tx)]);
  const lines = v.lines.map((l, i) => {
    const product = l.productId ? products.find((p) => p.id === l.productId) : undefined;
    if (l.productId && !product) throw new DomainError("BAD_REQUEST", `Line ${i + 1}: unknown product`);
    return taxed(rules, customer.tax_jurisdiction, v.issueDate, policy.pricesIncludeTax, {
      kind: "manual", description: l.description, productId: l.productId, categoryId: product?.category_id ?? null, quantity: l.quantity, unitPrice: l.unitPrice,
      taxClass: l.taxClass ?? product?.tax_class ?? "standard", serviceStart: l.serviceStart, serviceEnd: l.serviceEnd, amountMinor: lineTotalMinor(l.quantity, l.unitPrice, v.currency),
    }, `Line ${i + 1}`);
  });
  const id = uuidv7();
  const totals = sumLines(lines);
  try {
    await tx.execute(sql`
      insert into invoices (tenant_id, id, customer_id, reseller_id, source, currency, status, tax_inclusive, tax_jurisdiction, bill_to, issue_date, net_minor, tax_minor,
                            total_minor, memo, request_key, created_by)
      values (${acting.tenantId}, ${id}, ${customer.id}, ${customer.reseller_id}, 'manual', ${v.currency}, 'draft', ${policy.pricesIncludeTax}, ${customer.tax_jurisdiction},
              ${JSON.stringify(customer.bill_to)}::jsonb, ${v.issueDate}, ${totals.net}, ${totals.tax}, ${totals.net + totals.tax}, ${v.memo}, ${v.requestKey ?? null}, ${acting.userId})`);
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("CONFLICT", "This request key was already used for another invoice");
    throw error;
  }
  await insertLines(tx, acting.tenantId, [{ id, lines }], [lines.map(() => uuidv7())]);
  if (!v.issue) return { invoiceId: id, number: null, created: true };
  const issued = await issueInvoice(tx, acting, id);
  return { invoiceId: id, number: issued.number, created: true };
}

/** draft -> issued: the next gapless number of the issue year, the journal entry, the schedules. Issuing an issued invoice returns it. */
export async function issueInvoice(tx: TenantTx, acting: Acting, invoiceId: string): Promise<{ number: string; status: string }> {
  const [inv] = await tx.execute<{ status: string; number: string | null; issue_date: string | null; customer_id: string; currency: string; total_minor: string }>(sql`
    select status, number, issue_date::text, customer_id, currency, total_minor::text from invoices where id = ${invoiceId} for update`);
  if (!inv) throw new DomainError("NOT_FOUND", "No such invoice");
  if (inv.status !== "draft") {
    if (inv.number) return { number: inv.number, status: inv.status };
    throw new DomainError("CONFLICT", `A ${inv.status} invoice cannot be issued`);
  }
  if (BigInt(inv.total_minor) < 0n) throw new DomainError("BAD_REQUEST", "An invoice cannot total less than zero: issue a credit note instead");
  const issueDate = inv.issue_date!;
  const year = invoiceYear(issueDate);
  await lockInvoiceNumbers(tx, acting.tenantId, year);
  const [number] = await reserveInvoiceNumbers(tx, acting.tenantId, year, 1);
  const [{ terms }] = await tx.execute<{ terms: number }>(sql`select payment_terms_days as terms from customers where id = ${inv.customer_id}`);
  const dueDate = addDaysIso(issueDate, terms);
  await tx.execute(sql`
    update invoices set status = 'issued', number = ${number}, due_date = ${dueDate}, issued_at = now(), updated_at = now() where id = ${invoiceId}`);
  const lines = await tx.execute<{ id: string; kind: LineDraft["kind"]; category_id: string | null; net_minor: string; tax_minor: string; service_start: string | null; service_end: string | null }>(sql`
    select id, kind, category_id, net_minor::text, tax_minor::text, service_start::text, service_end::text from invoice_lines where invoice_id = ${invoiceId} order by line_no`);
  await postIssuedInvoices(tx, acting.tenantId, [
    {
      id: invoiceId, customerId: inv.customer_id, currency: inv.currency, issueDate,
      lines: lines.map((l) => ({ id: l.id, kind: l.kind, categoryId: l.category_id, netMinor: BigInt(l.net_minor), taxMinor: BigInt(l.tax_minor), serviceStart: l.service_start, serviceEnd: l.service_end })),
    },
  ]);
  emitInvoicesIssued(tx, acting.tenantId, [{ id: invoiceId, number, customerId: inv.customer_id, subscriptionId: null, currency: inv.currency, issueDate, dueDate, totalMinor: BigInt(inv.total_minor) }]);
  return { number, status: "issued" };
}

/** A draft discarded: void without a number, nothing posted. An issued invoice is voided only by a credit note. */
export async function discardDraft(tx: TenantTx, invoiceId: string): Promise<void> {
  const [inv] = await tx.execute<{ status: string }>(sql`select status from invoices where id = ${invoiceId} for update`);
  if (!inv) throw new DomainError("NOT_FOUND", "No such invoice");
  if (inv.status === "void") return;
  if (inv.status !== "draft") throw new DomainError("CONFLICT", `A ${inv.status} invoice is voided only by a credit note for its open amount`);
  await tx.execute(sql`update invoices set status = 'void', voided_at = now(), updated_at = now() where id = ${invoiceId}`);
}

// ---------------------------------------------------------------- lists and detail

export const invoiceListFilters = (f: Record<string, string | undefined>) => ({
  status: INVOICE_STATUSES.find((s) => s === f.status),
  source: INVOICE_SOURCES.find((s) => s === f.source),
  customerId: f.customerId && /^[0-9a-f-]{36}$/.test(f.customerId) ? f.customerId : undefined,
  from: f.from && /^\d{4}-\d{2}-\d{2}$/.test(f.from) ? f.from : undefined,
  to: f.to && /^\d{4}-\d{2}-\d{2}$/.test(f.to) ? f.to : undefined,
  overdue: f.overdue === "1" ? true : undefined,
  runId: f.run && /^[0-9a-f-]{36}$/.test(f.run) ? f.run : undefined,
});

export const listInvoicesInput = listInput.extend({
  status: z.enum(INVOICE_STATUSES).optional(),
  source: z.enum(INVOICE_SOURCES).optional(),
  customerId: z.uuid().optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  overdue: z.boolean().optional(),
  runId: z.uuid().optional(),
  asOf: z.iso.date().optional(),
});

export interface InvoiceRow {
  id: string;
  number: string | null;
  status: string;
  source: string;
  customer_id: string;
  customer: string;
  subscription_number: string | null;
  currency: string;
  issue_date: string | null;
  due_date: string | null;
  period_start: string | null;
  period_end: string | null;
  net_minor: string;
  tax_minor: string;
  total_minor: string;
  balance_minor: string;
  [key: string]: unknown;
}

const SORTS: Record<string, SQL> = {
  number: sql`i.number`,
  issueDate: sql`i.issue_date`,
  dueDate: sql`i.due_date`,
  total: sql`i.total_minor`,
  balance: sql`i.balance_minor`,
  customer: sql`c.name`,
  status: sql`i.status`,
};

/** Invoices, paged and filtered by the database (status, source, customer, issue dates, overdue, number or customer search). */
export async function listInvoices(tx: TenantTx, raw: z.input<typeof listInvoicesInput>): Promise<Page<InvoiceRow>> {
  const input = listInvoicesInput.parse(raw);
  const asOf = input.asOf ?? new Date().toISOString().slice(0, 10);
  const where: SQL[] = [sql`true`];
  if (input.status) where.push(sql`i.status = ${input.status}`);
  if (input.source) where.push(sql`i.source = ${input.source}`);
  if (input.customerId) where.push(sql`i.customer_id = ${input.customerId}`);
  if (input.from) where.push(sql`i.issue_date >= ${input.from}::date`);
  if (input.to) where.push(sql`i.issue_date <= ${input.to}::date`);
  if (input.runId) where.push(sql`i.billing_run_id = ${input.runId}`);
  if (input.overdue) where.push(sql`i.status in ('issued', 'partially_paid') and i.due_date < ${asOf}::date`);
  if (input.search) where.push(sql`(i.number ilike ${containsPattern(input.search)} or c.name ilike ${containsPattern(input.search)})`);
  const filter = sql.join(where, sql` and `);
  const sortKey = input.sort && input.sort in SORTS ? input.sort : "issueDate";
  const dir = input.sort ? (input.dir === "desc" ? sql`desc` : sql`asc`) : sql`desc`;
  const [rows, [{ total }]] = await Promise.all([
    tx.execute<InvoiceRow>(sql`
      select i.id, i.number, i.status, i.source, i.customer_id, c.name as customer, s.number as subscription_number, i.currency, i.issue_date::text, i.due_date::text,
             i.period_start::text, i.period_end::text, i.net_minor::text, i.tax_minor::text, i.total_minor::text, i.balance_minor::text
        from invoices i
        join customers c on c.tenant_id = i.tenant_id and c.id = i.customer_id
        left join subscriptions s on s.tenant_id = i.tenant_id and s.id = i.subscription_id
       where ${filter}
       order by ${SORTS[sortKey]} ${dir} nulls last, i.id desc
       limit ${input.pageSize} offset ${offsetOf(input)}`),
    tx.execute<{ total: number }>(sql`select count(*)::int as total from invoices i join customers c on c.tenant_id = i.tenant_id and c.id = i.customer_id where ${filter}`),
  ]);
  return { rows, total, page: input.page, pageSize: input.pageSize };
}

export interface InvoiceDetail {
  invoice: InvoiceRow & { tax_inclusive: boolean; tax_jurisdiction: string; bill_to: Record<string, string>; memo: string; paid_minor: string; credited_minor: string; reseller_id: string | null; order_number: string | null; shipment_number: string | null };
  lines: Array<{ id: string; line_no: number; kind: string; description: string; quantity: string; unit_price: string; net_minor: string; tax_rate: string; tax_minor: string; service_start: string | null; service_end: string | null; [key: string]: unknown }>;
  taxSummary: Array<{ rate: string; netMinor: bigint; taxMinor: bigint }>;
  journal: Array<{ entry_id: string; entry_date: string; event_key: string; code: string; account: string; debit_minor: string; credit_minor: string; [key: string]: unknown }>;
  schedules: Array<{ invoice_line_id: string; method: string; start_date: string; end_date: string; amount_minor: string; recognized_minor: string; [key: string]: unknown }>;
  payments: Array<{ id: string; number: string | null; kind: string; amount_minor: string; on_date: string; [key: string]: unknown }>;
  /** Whose name heads the printed invoice: the tenant, or the customer's reseller (white label). */
  seller: { kind: "tenant" | "reseller"; name: string; resellerId: string | null };
}

/** One invoice with its lines, tax summary, journal entries, schedules, and what settled it (payments, credit notes). */
export async function getInvoice(tx: TenantTx, invoiceId: string): Promise<InvoiceDetail> {
  const [invoice] = await tx.execute<InvoiceDetail["invoice"]>(sql`
    select i.id, i.number, i.status, i.source, i.customer_id, c.name as customer, s.number as subscription_number, i.currency, i.issue_date::text, i.due_date::text,
           i.period_start::text, i.period_end::text, i.net_minor::text, i.tax_minor::text, i.total_minor::text, i.balance_minor::text, i.paid_minor::text, i.credited_minor::text,
           i.tax_inclusive, i.tax_jurisdiction, i.bill_to, i.memo, i.reseller_id, o.number as order_number, sh.number as shipment_number
      from invoices i
      join customers c on c.tenant_id = i.tenant_id and c.id = i.customer_id
      left join subscriptions s on s.tenant_id = i.tenant_id and s.id = i.subscription_id
      left join orders o on o.tenant_id = i.tenant_id and o.id = i.order_id
      left join shipments sh on sh.tenant_id = i.tenant_id and sh.id = i.shipment_id
     where i.id = ${invoiceId}`);
  if (!invoice) throw new DomainError("NOT_FOUND", "No such invoice");
  const [lines, journal, schedules, payments] = await Promise.all([
    tx.execute<InvoiceDetail["lines"][number]>(sql`
      select id, line_no, kind, description, quantity::text, unit_price::text, net_minor::text, tax_rate::text, tax_minor::text, service_start::text, service_end::text
        from invoice_lines where invoice_id = ${invoiceId} order by line_no`),
    tx.execute<InvoiceDetail["journal"][number]>(sql`
      select e.id as entry_id, e.entry_date::text, e.event_key, a.code, a.name as account, l.debit_minor::text, l.credit_minor::text
        from journal_entries e
        join journal_lines l on l.tenant_id = e.tenant_id and l.entry_id = e.id
        join ledger_accounts a on a.tenant_id = l.tenant_id and a.id = l.account_id
       where e.source_type = 'invoice' and e.source_id = ${invoiceId}
       order by e.created_at, l.debit_minor desc, a.code`),
    tx.execute<InvoiceDetail["schedules"][number]>(sql`
      select r.invoice_line_id, r.method, r.start_date::text, r.end_date::text, r.amount_minor::text,
             coalesce((select sum(x.amount_minor) from revenue_recognized x where x.tenant_id = r.tenant_id and x.schedule_id = r.id and x.kind = 'recognition'), 0)::text as recognized_minor
        from invoice_lines il join revenue_schedules r on r.tenant_id = il.tenant_id and r.invoice_line_id = il.id
       where il.invoice_id = ${invoiceId} order by r.start_date`),
    tx.execute<InvoiceDetail["payments"][number]>(sql`
      select a.id, p.number, 'payment' as kind, a.amount_minor::text, a.created_at::date::text as on_date
        from payment_allocations a left join payments p on p.tenant_id = a.tenant_id and p.id = a.payment_id where a.invoice_id = ${invoiceId}
      union all
      select n.id, n.number, 'credit_note', n.total_minor::text, n.issue_date::text from credit_notes n where n.invoice_id = ${invoiceId} and n.status = 'issued'
      order by on_date`),
  ]);
  const summary = taxSummary(lines.map((l) => ({ taxRate: l.tax_rate, netMinor: BigInt(l.net_minor), taxMinor: BigInt(l.tax_minor) })));
  return { invoice, lines, taxSummary: summary, journal, schedules, payments, seller: await invoiceBranding(tx, invoiceId) };
}

/** What the printed invoice shows of the seller: the tenant, or the reseller the customer buys through (white label). */
export async function invoiceBranding(tx: TenantTx, invoiceId: string): Promise<{ kind: "tenant" | "reseller"; name: string; resellerId: string | null }> {
  const [row] = await tx.execute<{ reseller_id: string | null; reseller: string | null; tenant: string }>(sql`
    select i.reseller_id, r.name as reseller, t.name as tenant
      from invoices i
      join tenants t on t.id = i.tenant_id
      left join resellers r on r.tenant_id = i.tenant_id and r.id = i.reseller_id
     where i.id = ${invoiceId}`);
  if (!row) throw new DomainError("NOT_FOUND", "No such invoice");
  return row.reseller_id && row.reseller ? { kind: "reseller", name: row.reseller, resellerId: row.reseller_id } : { kind: "tenant", name: row.tenant, resellerId: null };
}
