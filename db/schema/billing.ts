import { sql, type SQL } from "drizzle-orm";
import { bigint, boolean, check, date, foreignKey, index, integer, jsonb, numeric, pgTable, primaryKey, smallint, text, timestamp, unique, uniqueIndex, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import { users } from "./access";
import { TAX_CLASSES } from "./catalog";
import { customers } from "./customers";
import { returnLines, returns } from "./orders";
import { createdAtColumn, customerScope, idColumn, resellerScope, scopePolicies, tenantIdColumn, tenantIsolationPolicy, tenantWideScope } from "./_rls";
import { currencies } from "./reference";
import { subscriptions } from "./subscriptions";
import { tenants } from "./tenancy";

/*
 * Billing (issue 5): tax rules, invoices and their lines, credit notes, payments and allocations,
 * customer credit, revenue schedules and recognitions, dunning, the customer message outbox, and
 * renewal (billing) runs. docs/billing.md explains the model; the custom migration after the
 * generated one adds FORCE RLS, grants (append-only tables get SELECT, INSERT), the tax-rule
 * exclusion constraint and the SQL period function the renewal run uses.
 *
 * Dates: a billing or service period is [start, end) — the end is exclusive, as in
 * server/domain/subscriptions/periods.ts. Money: bigint minor units of the document's currency.
 */

/** draft -> issued -> partially_paid -> paid; a draft may be discarded (void, no number); an issued invoice is void only with a credit note. */
export const INVOICE_STATUSES = ["draft", "issued", "partially_paid", "paid", "void"] as const;
export const INVOICE_SOURCES = ["renewal", "shipment", "manual"] as const;
/** `commit_shortfall`: what a period's usage fell short of a minimum commit; `overage`: a zero line recording usage above it (billed on the usage lines). */
export const INVOICE_LINE_KINDS = ["recurring_fee", "usage", "overage", "commit_shortfall", "proration_charge", "proration_credit", "goods", "manual"] as const;
export const CREDIT_NOTE_SOURCES = ["return", "proration", "manual"] as const;
export const CREDIT_NOTE_STATUSES = ["pending_approval", "issued", "rejected"] as const;
export const PAYMENT_STATUSES = ["pending", "succeeded", "failed"] as const;
export const PAYMENT_METHODS = ["manual", "bank_transfer", "card"] as const;
/** Ratable by day over [start, end), or all at once on `start` (end = start + 1 day). */
export const RECOGNITION_METHODS = ["ratable_daily", "point_in_time"] as const;
/** A recognition earns revenue (Dr deferred / Cr revenue); a reversal removes unearned revenue from the schedule (a credit note). */
export const RECOGNITION_KINDS = ["recognition", "reversal"] as const;
export const DUNNING_STATUSES = ["open", "resolved", "exhausted"] as const;
export const BILLING_RUN_STATUSES = ["queued", "running", "completed", "failed"] as const;

export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];
export type InvoiceLineKind = (typeof INVOICE_LINE_KINDS)[number];

const inList = (column: AnyPgColumn, values: readonly string[]): SQL => sql`${column} in (${sql.raw(values.map((v) => `'${v}'`).join(", "))})`;

/** Staff and jobs; a reseller or customer reads the documents of customers it can see (customers' policy filters the sub-select). Only staff and jobs write. */
const ofVisibleCustomer = (customerId: AnyPgColumn) =>
  scopePolicies(sql`${tenantWideScope} or ((${resellerScope} or ${customerScope}) and ${customerId} in (select c.id from customers c))`, tenantWideScope);
const ofVisibleInvoice = (invoiceId: AnyPgColumn) => scopePolicies(sql`${tenantWideScope} or ${invoiceId} in (select i.id from invoices i)`, tenantWideScope);
const staffOnly = () => scopePolicies(tenantWideScope);

/**
 * Tax rates by jurisdiction (the customer's `tax_jurisdiction`) and product tax class over a validity
 * window [effective_from, effective_to). Windows of one (jurisdiction, class) may not overlap: an
 * exclusion constraint (btree_gist) in the custom migration, so two racing inserts cannot both win.
 */
export const taxRules = pgTable(
  "tax_rules",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    jurisdiction: text("jurisdiction").notNull(),
    taxClass: text("tax_class", { enum: TAX_CLASSES }).notNull(),
    name: text("name").notNull(),
    /** Percent, e.g. 21.0000. */
    rate: numeric("rate", { precision: 7, scale: 4 }).notNull(),
    effectiveFrom: date("effective_from").notNull(),
    /** Exclusive; null = open-ended. */
    effectiveTo: date("effective_to"),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: createdAtColumn(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index("tax_rules_lookup_idx").on(t.tenantId, t.jurisdiction, t.taxClass, t.effectiveFrom),
    check("tax_rules_rate", sql`${t.rate} >= 0 and ${t.rate} <= 100`),
    check("tax_rules_window", sql`${t.effectiveTo} is null or ${t.effectiveTo} > ${t.effectiveFrom}`),
    check("tax_rules_tax_class", inList(t.taxClass, TAX_CLASSES)),
    tenantIsolationPolicy(t.tenantId),
    ...scopePolicies(sql`true`, tenantWideScope),
  ],
).enableRLS();

/** A renewal run: every subscription due up to `through_date` billed, with progress and history. */
export const billingRuns = pgTable(
  "billing_runs",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    throughDate: date("through_date").notNull(),
    status: text("status", { enum: BILLING_RUN_STATUSES }).notNull().default("queued"),
    total: integer("total").notNull().default(0),
    done: integer("done").notNull().default(0),
    invoicesCreated: integer("invoices_created").notNull().default(0),
    linesCreated: integer("lines_created").notNull().default(0),
    amountMinor: bigint("amount_minor", { mode: "bigint" }).notNull().default(sql`0`),
    renewed: integer("renewed").notNull().default(0),
    expired: integer("expired").notNull().default(0),
    exceptionCount: integer("exception_count").notNull().default(0),
    error: text("error").notNull().default(""),
    jobId: text("job_id"),
    requestedBy: uuid("requested_by").references(() => users.id),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    createdAt: createdAtColumn(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index("billing_runs_created_idx").on(t.tenantId, t.createdAt),
    check("billing_runs_status", inList(t.status, BILLING_RUN_STATUSES)),
    check("billing_runs_progress", sql`${t.done} >= 0 and ${t.done} <= ${t.total}`),
    tenantIsolationPolicy(t.tenantId),
    ...staffOnly(),
  ],
).enableRLS();

/**
 * An invoice. Numbered gaplessly per tenant and year when issued (`INV-2026-000123`, counter
 * ('invoice', '2026') in tenant_counters); a draft has no number. A renewal invoice is unique per
 * (subscription, period start): a rerun, a retried job or two racing workers cannot bill a period
 * twice; a shipment is invoiced at most once. total = net + tax = the sum of the lines;
 * paid + credited never exceed the total; balance (generated) is what is still open.
 */
export const invoices = pgTable(
  "invoices",
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    number: text("number"),
    customerId: uuid("customer_id").notNull(),
    /** The customer's reseller when issued: whose branding the printed invoice carries. */
    resellerId: uuid("reseller_id"),
    source: text("source", { enum: INVOICE_SOURCES }).notNull(),
    subscriptionId: uuid("subscription_id"),
    /** Renewal invoices: the period billed in advance [start, end); usage on it is of the period before. */
    periodStart: date("period_start"),
    periodEnd: date("period_end"),
    orderId: uuid("order_id"),
    shipmentId: uuid("shipment_id"),
    billingRunId: uuid("billing_run_id"),
    currency: text("currency").notNull(),
    status: text("status", { enum: INVOICE_STATUSES }).notNull().default("draft"),
    /** Prices on the lines include tax (tax is carved out of them) rather than adding to them. */
    taxInclusive: boolean("tax_inclusive").notNull().default(false),
    taxJurisdiction: text("tax_jurisdiction").notNull().default(""),
    /** Bill-to as issued (name, address, email): the document does not change when the customer does. */
    billTo: jsonb("bill_to").$type<Record<string, string>>().notNull().default({}),
    issueDate: date("issue_date"),
    dueDate: date("due_date"),
    netMinor: bigint("net_minor", { mode: "bigint" }).notNull().default(sql`0`),
    taxMinor: bigint("tax_minor", { mode: "bigint" }).notNull().default(sql`0`),
    totalMinor: bigint("total_minor", { mode: "bigint" }).notNull().default(sql`0`),
    paidMinor: bigint("paid_minor", { mode: "bigint" }).notNull().default(sql`0`),
    creditedMinor: bigint("credited_minor", { mode: "bigint" }).notNull().default(sql`0`),
    balanceMinor: bigint("balance_minor", { mode: "bigint" }).generatedAlwaysAs(sql`total_minor - paid_minor - credited_minor`),
    memo: text("memo").notNull().default(""),
    requestKey: text("request_key"),
    createdBy: uuid("created_by"),
    createdAt: createdAtColumn(),
    issuedAt: timestamp("issued_at", { withTimezone: true }),
    voidedAt: timestamp("voided_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    // References checked per statement by triggers, not row by row (migration 0022, docs/billing.md).
    unique("invoices_number").on(t.tenantId, t.number),
    unique("invoices_period").on(t.tenantId, t.subscriptionId, t.periodStart),
    // Partial: most invoices have neither, and a renewal chunk should not index 2,000 NULLs twice.
    uniqueIndex("invoices_shipment").on(t.tenantId, t.shipmentId).where(sql`${t.shipmentId} is not null`),
    uniqueIndex("invoices_request").on(t.tenantId, t.requestKey).where(sql`${t.requestKey} is not null`),
    index("invoices_customer_idx").on(t.tenantId, t.customerId, t.issueDate),
    // The credit check (openExposureByCustomer): a customer's open invoices, and its invoices of orders
    // (renewal invoices have none), without reading its whole invoice history. Aging and the overdue
    // filter read all open invoices through it too: no index by status (migration 0044).
    index("invoices_open_idx").on(t.tenantId, t.customerId).where(sql`${t.status} in ('issued', 'partially_paid')`),
    index("invoices_order_idx").on(t.tenantId, t.customerId, t.orderId).where(sql`${t.orderId} is not null`),
    index("invoices_issue_date_idx").on(t.tenantId, t.issueDate),
    check("invoices_status", inList(t.status, INVOICE_STATUSES)),
    check("invoices_source", inList(t.source, INVOICE_SOURCES)),
    check(
      "invoices_totals",
      sql`${t.totalMinor} = ${t.netMinor} + ${t.taxMinor} and ${t.totalMinor} >= 0 and ${t.paidMinor} >= 0 and ${t.creditedMinor} >= 0 and ${t.paidMinor} + ${t.creditedMinor} <= ${t.totalMinor}`,
    ),
    // A discarded draft is void without a number; everything issued keeps its number for good.
    check("invoices_numbered", sql`${t.status} in ('draft', 'void') or ${t.number} is not null`),
    check("invoices_draft_unnumbered", sql`${t.status} <> 'draft' or ${t.number} is null`),
    check("invoices_issued_dates", sql`${t.number} is null or (${t.issueDate} is not null and ${t.dueDate} is not null and ${t.dueDate} >= ${t.issueDate})`),
    check("invoices_renewal_period", sql`${t.source} <> 'renewal' or (${t.subscriptionId} is not null and ${t.periodStart} is not null and ${t.periodEnd} is not null and ${t.periodEnd} > ${t.periodStart})`),
    check("invoices_period_only_renewal", sql`${t.source} = 'renewal' or ${t.periodStart} is null`),
    check("invoices_shipment_source", sql`(${t.source} = 'shipment') = (${t.shipmentId} is not null)`),
    tenantIsolationPolicy(t.tenantId),
    ...ofVisibleCustomer(t.customerId),
  ],
).enableRLS();

/**
 * A line: net and tax rounded half-up per line (with tax-inclusive prices the tax is carved out of
 * the gross, so net + tax = the gross exactly); a proration credit is negative. The product's category
 * picks the revenue account; the service period [start, end) drives ratable recognition. Lines are
 * written with their invoice and never changed (append-only).
 */
export const invoiceLines = pgTable(
  "invoice_lines",
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    invoiceId: uuid("invoice_id").notNull(),
    lineNo: integer("line_no").notNull(),
    kind: text("kind", { enum: INVOICE_LINE_KINDS }).notNull(),
    description: text("description").notNull(),
    productId: uuid("product_id"),
    categoryId: uuid("category_id"),
    quantity: numeric("quantity", { precision: 20, scale: 6 }).notNull(),
    unitPrice: numeric("unit_price", { precision: 20, scale: 6 }).notNull(),
    netMinor: bigint("net_minor", { mode: "bigint" }).notNull(),
    taxClass: text("tax_class", { enum: TAX_CLASSES }).notNull(),
    taxRuleId: uuid("tax_rule_id"),
    taxRate: numeric("tax_rate", { precision: 7, scale: 4 }).notNull(),
    taxMinor: bigint("tax_minor", { mode: "bigint" }).notNull(),
    serviceStart: date("service_start"),
    serviceEnd: date("service_end"),
    subscriptionItemId: uuid("subscription_item_id"),
    orderLineId: uuid("order_line_id"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    // References checked per statement by triggers, not row by row (migration 0022, docs/billing.md).
    unique("invoice_lines_number").on(t.tenantId, t.invoiceId, t.lineNo),
    check("invoice_lines_kind", inList(t.kind, INVOICE_LINE_KINDS)),
    check("invoice_lines_tax_class", inList(t.taxClass, TAX_CLASSES)),
    check("invoice_lines_tax_rate", sql`${t.taxRate} >= 0 and ${t.taxRate} <= 100`),
    check("invoice_lines_service", sql`(${t.serviceStart} is null) = (${t.serviceEnd} is null) and (${t.serviceEnd} is null or ${t.serviceStart} < ${t.serviceEnd})`),
    check("invoice_lines_sign", sql`(${t.kind} = 'proration_credit') = (${t.netMinor} < 0) and (${t.netMinor} < 0 or ${t.taxMinor} >= 0) and (${t.netMinor} >= 0 or ${t.taxMinor} <= 0)`),
    tenantIsolationPolicy(t.tenantId),
    ...ofVisibleInvoice(t.invoiceId),
  ],
).enableRLS();

/**
 * A credit note against one invoice: from a return's restocked lines, a proration, or by hand (a
 * manual one above the tenant's threshold waits for another user's approval). Numbered gaplessly per
 * tenant and year when issued (counter ('credit_note', '2026')). It reverses the unearned revenue
 * and the tax of the lines it credits.
 */
export const creditNotes = pgTable(
  "credit_notes",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    number: text("number"),
    invoiceId: uuid("invoice_id").notNull(),
    customerId: uuid("customer_id").notNull(),
    source: text("source", { enum: CREDIT_NOTE_SOURCES }).notNull(),
    returnId: uuid("return_id"),
    status: text("status", { enum: CREDIT_NOTE_STATUSES }).notNull(),
    reason: text("reason").notNull(),
    currency: text("currency").notNull().references(() => currencies.code),
    netMinor: bigint("net_minor", { mode: "bigint" }).notNull(),
    taxMinor: bigint("tax_minor", { mode: "bigint" }).notNull(),
    totalMinor: bigint("total_minor", { mode: "bigint" }).notNull(),
    requestKey: text("request_key"),
    requestedBy: uuid("requested_by").references(() => users.id),
    decidedBy: uuid("decided_by").references(() => users.id),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    issueDate: date("issue_date"),
    createdAt: createdAtColumn(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("credit_notes_number").on(t.tenantId, t.number),
    unique("credit_notes_request").on(t.tenantId, t.requestKey),
    unique("credit_notes_return").on(t.tenantId, t.returnId),
    foreignKey({ columns: [t.tenantId, t.invoiceId], foreignColumns: [invoices.tenantId, invoices.id] }),
    foreignKey({ columns: [t.tenantId, t.customerId], foreignColumns: [customers.tenantId, customers.id] }),
    foreignKey({ columns: [t.tenantId, t.returnId], foreignColumns: [returns.tenantId, returns.id] }),
    index("credit_notes_invoice_idx").on(t.tenantId, t.invoiceId),
    index("credit_notes_status_idx").on(t.tenantId, t.status),
    check("credit_notes_source", inList(t.source, CREDIT_NOTE_SOURCES)),
    check("credit_notes_status", inList(t.status, CREDIT_NOTE_STATUSES)),
    check("credit_notes_totals", sql`${t.totalMinor} = ${t.netMinor} + ${t.taxMinor} and ${t.netMinor} >= 0 and ${t.taxMinor} >= 0 and ${t.totalMinor} > 0`),
    check("credit_notes_numbered", sql`(${t.status} = 'issued') = (${t.number} is not null) and (${t.number} is null or ${t.issueDate} is not null)`),
    check("credit_notes_return_source", sql`(${t.source} = 'return') = (${t.returnId} is not null)`),
    check("credit_notes_segregation", sql`${t.decidedBy} is null or ${t.decidedBy} is distinct from ${t.requestedBy}`),
    tenantIsolationPolicy(t.tenantId),
    ...ofVisibleCustomer(t.customerId),
  ],
).enableRLS();

/** What a credit note credits of one invoice line (positive amounts); append-only. */
export const creditNoteLines = pgTable(
  "credit_note_lines",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    creditNoteId: uuid("credit_note_id").notNull(),
    invoiceLineId: uuid("invoice_line_id").notNull(),
    returnLineId: uuid("return_line_id"),
    description: text("description").notNull(),
    quantity: numeric("quantity", { precision: 20, scale: 6 }).notNull(),
    netMinor: bigint("net_minor", { mode: "bigint" }).notNull(),
    taxMinor: bigint("tax_minor", { mode: "bigint" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.creditNoteId], foreignColumns: [creditNotes.tenantId, creditNotes.id] }),
    foreignKey({ columns: [t.tenantId, t.invoiceLineId], foreignColumns: [invoiceLines.tenantId, invoiceLines.id] }),
    foreignKey({ columns: [t.tenantId, t.returnLineId], foreignColumns: [returnLines.tenantId, returnLines.id] }),
    index("credit_note_lines_note_idx").on(t.tenantId, t.creditNoteId),
    index("credit_note_lines_invoice_line_idx").on(t.tenantId, t.invoiceLineId),
    check("credit_note_lines_amounts", sql`${t.netMinor} >= 0 and ${t.taxMinor} >= 0 and ${t.netMinor} + ${t.taxMinor} > 0`),
    tenantIsolationPolicy(t.tenantId),
    ...scopePolicies(sql`${tenantWideScope} or ${t.creditNoteId} in (select n.id from credit_notes n)`, tenantWideScope),
  ],
).enableRLS();

/**
 * Money received (or attempted) from a customer: recorded by finance or taken through a payment
 * provider. A failed attempt is kept (it starts or advances dunning). What a succeeded payment does
 * not allocate to invoices becomes the customer's credit (customer_credit_balances + the ledger).
 */
export const payments = pgTable(
  "payments",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    number: text("number").notNull(),
    customerId: uuid("customer_id").notNull(),
    /** The invoice the payment was taken for (portal pay, a dunning retry); null for an unapplied receipt. */
    invoiceId: uuid("invoice_id"),
    currency: text("currency").notNull().references(() => currencies.code),
    amountMinor: bigint("amount_minor", { mode: "bigint" }).notNull(),
    method: text("method", { enum: PAYMENT_METHODS }).notNull(),
    provider: text("provider").notNull().default(""),
    providerReference: text("provider_reference").notNull().default(""),
    /** Card payments: the card's last four digits, for people (the provider keeps the card). */
    cardLast4: text("card_last4").notNull().default(""),
    status: text("status", { enum: PAYMENT_STATUSES }).notNull(),
    failureReason: text("failure_reason").notNull().default(""),
    receivedOn: date("received_on").notNull(),
    requestKey: text("request_key"),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: createdAtColumn(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("payments_number").on(t.tenantId, t.number),
    unique("payments_request").on(t.tenantId, t.requestKey),
    foreignKey({ columns: [t.tenantId, t.customerId], foreignColumns: [customers.tenantId, customers.id] }),
    foreignKey({ columns: [t.tenantId, t.invoiceId], foreignColumns: [invoices.tenantId, invoices.id] }),
    index("payments_customer_idx").on(t.tenantId, t.customerId, t.receivedOn),
    index("payments_invoice_idx").on(t.tenantId, t.invoiceId).where(sql`${t.invoiceId} is not null`),
    check("payments_amount", sql`${t.amountMinor} > 0`),
    check("payments_status", inList(t.status, PAYMENT_STATUSES)),
    check("payments_method", inList(t.method, PAYMENT_METHODS)),
    tenantIsolationPolicy(t.tenantId),
    ...ofVisibleCustomer(t.customerId),
  ],
).enableRLS();

/** Settles an invoice from a payment, or from the customer's credit balance (`payment_id` null). Append-only. */
export const paymentAllocations = pgTable(
  "payment_allocations",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    paymentId: uuid("payment_id"),
    invoiceId: uuid("invoice_id").notNull(),
    customerId: uuid("customer_id").notNull(),
    amountMinor: bigint("amount_minor", { mode: "bigint" }).notNull(),
    /**
     * Set on the one negative allocation a credit note makes when it credits a paid invoice: the paid
     * money it gives back leaves the invoice and becomes customer credit (payments).
     */
    creditNoteId: uuid("credit_note_id"),
    requestKey: text("request_key"),
    createdAt: createdAtColumn(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("payment_allocations_request").on(t.tenantId, t.requestKey),
    foreignKey({ columns: [t.tenantId, t.creditNoteId], foreignColumns: [creditNotes.tenantId, creditNotes.id] }),
    foreignKey({ columns: [t.tenantId, t.paymentId], foreignColumns: [payments.tenantId, payments.id] }),
    foreignKey({ columns: [t.tenantId, t.invoiceId], foreignColumns: [invoices.tenantId, invoices.id] }),
    foreignKey({ columns: [t.tenantId, t.customerId], foreignColumns: [customers.tenantId, customers.id] }),
    index("payment_allocations_invoice_idx").on(t.tenantId, t.invoiceId),
    index("payment_allocations_payment_idx").on(t.tenantId, t.paymentId),
    check("payment_allocations_amount", sql`${t.amountMinor} > 0 or (${t.amountMinor} < 0 and ${t.creditNoteId} is not null and ${t.paymentId} is null)`),
    tenantIsolationPolicy(t.tenantId),
    ...ofVisibleCustomer(t.customerId),
  ],
).enableRLS();

/**
 * A customer's credit (overpayments, credit notes refunded to credit) per currency: a balance kept
 * in the same transaction as the journal entry that moves the `customer_credit` account for that
 * customer, so it can always be rebuilt from journal_lines (customer_id, account purpose
 * customer_credit). The row lock serialises concurrent uses; the check keeps it from going negative.
 */
export const customerCreditBalances = pgTable(
  "customer_credit_balances",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    customerId: uuid("customer_id").notNull(),
    currency: text("currency").notNull().references(() => currencies.code),
    balanceMinor: bigint("balance_minor", { mode: "bigint" }).notNull().default(sql`0`),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("customer_credit_balances_customer").on(t.tenantId, t.customerId, t.currency),
    foreignKey({ columns: [t.tenantId, t.customerId], foreignColumns: [customers.tenantId, customers.id] }),
    check("customer_credit_balances_positive", sql`${t.balanceMinor} >= 0`),
    tenantIsolationPolicy(t.tenantId),
    ...ofVisibleCustomer(t.customerId),
  ],
).enableRLS();

/**
 * How an invoice line's revenue is earned: ratably by day over [start, end) (subscription fees), or
 * at once on `start` (goods at shipment, usage when billed; end = start + 1 day). amount = the line's
 * net. Append-only; recognitions and reversals are rows of revenue_recognitions.
 */
export const revenueSchedules = pgTable(
  "revenue_schedules",
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    invoiceLineId: uuid("invoice_line_id").notNull(),
    invoiceId: uuid("invoice_id").notNull(),
    customerId: uuid("customer_id").notNull(),
    categoryId: uuid("category_id"),
    method: text("method", { enum: RECOGNITION_METHODS }).notNull(),
    startDate: date("start_date").notNull(),
    endDate: date("end_date").notNull(),
    currency: text("currency").notNull(),
    amountMinor: bigint("amount_minor", { mode: "bigint" }).notNull(),
    /**
     * Set when the whole amount was earned on issue (usage, goods already delivered), to the month of
     * the invoice's issue date: the invoice's own entry credited the revenue. That recognition is this
     * column, not a revenue_recognitions row; the `revenue_recognized` view shows both (migration 0040).
     */
    recognizedAtIssueMonth: date("recognized_at_issue_month"),
    createdAt: createdAtColumn(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    // References checked per statement by triggers, not row by row (migration 0022, docs/billing.md).
    unique("revenue_schedules_line").on(t.tenantId, t.invoiceLineId),
    // invoice, customer, category and currency are copies of the line's (for the recognition job and the
    // waterfall, without joins): the key to the line is the one that matters; no row-by-row check of the copies.
    // No index on the dates: the recognition job and the waterfall read the tenant's schedules whole
    // (migration 0042).
    // The month's revenue earned on issue (commissions, the waterfall), as revenue_recognitions_month_idx finds the rest.
    index("revenue_schedules_at_issue_idx").on(t.tenantId, t.recognizedAtIssueMonth).where(sql`${t.recognizedAtIssueMonth} is not null`),
    check("revenue_schedules_method", inList(t.method, RECOGNITION_METHODS)),
    check("revenue_schedules_dates", sql`${t.startDate} < ${t.endDate} and (${t.method} <> 'point_in_time' or ${t.endDate} = ${t.startDate} + 1)`),
    check("revenue_schedules_at_issue", sql`${t.recognizedAtIssueMonth} is null or (${t.method} = 'point_in_time' and extract(day from ${t.recognizedAtIssueMonth}) = 1)`),
    tenantIsolationPolicy(t.tenantId),
    ...staffOnly(),
  ],
).enableRLS();

/**
 * What was earned of a schedule in one month (kind recognition, Dr deferred / Cr revenue; the monthly
 * job, or the invoice's own entry for revenue earned when billed), or removed from it unearned by a
 * credit note (kind reversal). Unique per (schedule, month, kind, credit note): the job is idempotent
 * per (schedule, month). Amounts carry the schedule's sign. Append-only.
 */
export const revenueRecognitions = pgTable(
  "revenue_recognitions",
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    scheduleId: uuid("schedule_id").notNull(),
    /** First day of the month recognized. */
    periodMonth: date("period_month").notNull(),
    kind: text("kind", { enum: RECOGNITION_KINDS }).notNull().default("recognition"),
    creditNoteId: uuid("credit_note_id"),
    amountMinor: bigint("amount_minor", { mode: "bigint" }).notNull(),
    journalEntryId: uuid("journal_entry_id"),
    createdAt: createdAtColumn(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    // References checked per statement by triggers, not row by row (migration 0022, docs/billing.md).
    unique("revenue_recognitions_once").on(t.tenantId, t.scheduleId, t.periodMonth, t.kind, t.creditNoteId).nullsNotDistinct(),
    index("revenue_recognitions_month_idx").on(t.tenantId, t.periodMonth),
    check("revenue_recognitions_kind", inList(t.kind, RECOGNITION_KINDS)),
    check("revenue_recognitions_month", sql`extract(day from ${t.periodMonth}) = 1`),
    check("revenue_recognitions_reversal", sql`(${t.kind} = 'reversal') = (${t.creditNoteId} is not null)`),
    check("revenue_recognitions_amount", sql`${t.amountMinor} <> 0`),
    tenantIsolationPolicy(t.tenantId),
    ...staffOnly(),
  ],
).enableRLS();

/**
 * A failed payment's dunning: retries on the tenant's schedule days (snapshotted), a notice per step in
 * customer_messages, then suspension of the subscription and a credit hold; a successful payment
 * resolves it and lifts both. At most one open case per invoice.
 */
export const dunningCases = pgTable(
  "dunning_cases",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    customerId: uuid("customer_id").notNull(),
    invoiceId: uuid("invoice_id").notNull(),
    subscriptionId: uuid("subscription_id"),
    firstFailedPaymentId: uuid("first_failed_payment_id"),
    lastPaymentId: uuid("last_payment_id"),
    status: text("status", { enum: DUNNING_STATUSES }).notNull().default("open"),
    /** Days after the first failure to retry, e.g. [3, 7, 14]. */
    scheduleDays: jsonb("schedule_days").$type<number[]>().notNull(),
    attempts: smallint("attempts").notNull().default(0),
    nextAttemptOn: date("next_attempt_on"),
    lastFailureReason: text("last_failure_reason").notNull().default(""),
    startedOn: date("started_on").notNull(),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    /** The provider's token for the card the retries charge (the newest card that failed). */
    cardToken: text("card_token").notNull().default(""),
    /** Set when the last retry failed: which subscriptions dunning suspended, and whether it placed the credit hold. */
    suspendedAt: timestamp("suspended_at", { withTimezone: true }),
    suspendedSubscriptionIds: jsonb("suspended_subscription_ids").$type<string[]>().notNull().default([]),
    holdPlaced: boolean("hold_placed").notNull().default(false),
    /** When a payment lifted that suspension (the customer had no unresolved case left). */
    suspensionLiftedAt: timestamp("suspension_lifted_at", { withTimezone: true }),
    createdAt: createdAtColumn(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.customerId], foreignColumns: [customers.tenantId, customers.id] }),
    foreignKey({ columns: [t.tenantId, t.invoiceId], foreignColumns: [invoices.tenantId, invoices.id] }),
    foreignKey({ columns: [t.tenantId, t.subscriptionId], foreignColumns: [subscriptions.tenantId, subscriptions.id] }),
    foreignKey({ columns: [t.tenantId, t.firstFailedPaymentId], foreignColumns: [payments.tenantId, payments.id] }),
    foreignKey({ columns: [t.tenantId, t.lastPaymentId], foreignColumns: [payments.tenantId, payments.id] }),
    uniqueIndex("dunning_cases_one_open").on(t.tenantId, t.invoiceId).where(sql`${t.status} = 'open'`),
    index("dunning_cases_due_idx").on(t.tenantId, t.status, t.nextAttemptOn),
    check("dunning_cases_status", inList(t.status, DUNNING_STATUSES)),
    check("dunning_cases_attempts", sql`${t.attempts} >= 0`),
    tenantIsolationPolicy(t.tenantId),
    ...ofVisibleCustomer(t.customerId),
  ],
).enableRLS();

/**
 * Outbox of messages to customers (invoice issued, dunning notices, suspension): append-only, written in
 * the transaction of the change; delivery (e-mail, webhooks) is issue 7's relay. `dedupe_key` makes a
 * retried step record its notice once (e.g. `dunning:<case id>:<attempt>`).
 */
export const customerMessages = pgTable(
  "customer_messages",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    customerId: uuid("customer_id").notNull(),
    kind: text("kind").notNull(),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    toEmail: text("to_email").notNull().default(""),
    sourceType: text("source_type"),
    sourceId: uuid("source_id"),
    dedupeKey: text("dedupe_key"),
    createdAt: createdAtColumn(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("customer_messages_dedupe").on(t.tenantId, t.dedupeKey),
    foreignKey({ columns: [t.tenantId, t.customerId], foreignColumns: [customers.tenantId, customers.id] }),
    index("customer_messages_customer_idx").on(t.tenantId, t.customerId, t.createdAt),
    tenantIsolationPolicy(t.tenantId),
    ...ofVisibleCustomer(t.customerId),
  ],
).enableRLS();

/** Something a run could not bill as planned, with the reason (a missing tax rule, a currency mismatch...). Append-only. */
export const billingRunExceptions = pgTable(
  "billing_run_exceptions",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    runId: uuid("run_id").notNull(),
    subscriptionId: uuid("subscription_id"),
    periodStart: date("period_start"),
    kind: text("kind").notNull(),
    detail: text("detail").notNull().default(""),
    createdAt: createdAtColumn(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.runId], foreignColumns: [billingRuns.tenantId, billingRuns.id] }),
    foreignKey({ columns: [t.tenantId, t.subscriptionId], foreignColumns: [subscriptions.tenantId, subscriptions.id] }),
    index("billing_run_exceptions_run_idx").on(t.tenantId, t.runId),
    tenantIsolationPolicy(t.tenantId),
    ...staffOnly(),
  ],
).enableRLS();
