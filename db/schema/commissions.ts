import { sql, type SQL } from "drizzle-orm";
import { bigint, check, date, foreignKey, index, integer, numeric, pgTable, primaryKey, text, timestamp, unique, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import { users } from "./access";
import { productCategories } from "./catalog";
import { customers } from "./customers";
import { journalEntries } from "./ledger";
import { resellers } from "./partners";
import { createdAtColumn, currentResellerId, idColumn, resellerScope, scopePolicies, tenantIdColumn, tenantIsolationPolicy, tenantWideScope } from "./_rls";
import { currencies } from "./reference";
import { tenants } from "./tenancy";

export const STATEMENT_STATUSES = ["draft", "approved", "paid"] as const;
export const STATEMENT_LINE_KINDS = ["commission", "clawback"] as const;
export const COMMISSION_RUN_STATUSES = ["queued", "running", "completed", "failed"] as const;

const inList = (column: AnyPgColumn, values: readonly string[]): SQL => sql`${column} in (${sql.raw(values.map((v) => `'${v}'`).join(", "))})`;
/** Staff see all; a reseller session sees its own rows. Only staff (and jobs) write. */
const ownReseller = (resellerId: AnyPgColumn) => scopePolicies(sql`${tenantWideScope} or (${resellerScope} and ${resellerId} = ${currentResellerId})`, tenantWideScope);

/**
 * An agency reseller's commission plan for a date range [effective_from, effective_to) in one
 * currency. A reseller's plans never overlap (exclusion constraint in the migration). `changed_by` is
 * the user who last changed it: they may not approve a statement computed with it.
 */
export const commissionPlans = pgTable(
  "commission_plans",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    resellerId: uuid("reseller_id").notNull(),
    name: text("name").notNull(),
    currency: text("currency").notNull().references(() => currencies.code),
    effectiveFrom: date("effective_from").notNull(),
    effectiveTo: date("effective_to"),
    changedBy: uuid("changed_by").references(() => users.id),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    createdAt: createdAtColumn(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.resellerId], foreignColumns: [resellers.tenantId, resellers.id] }),
    index("commission_plans_reseller_idx").on(t.tenantId, t.resellerId, t.effectiveFrom),
    check("commission_plans_window", sql`${t.effectiveTo} is null or ${t.effectiveTo} > ${t.effectiveFrom}`),
    tenantIsolationPolicy(t.tenantId),
    ...ownReseller(t.resellerId),
  ],
).enableRLS();

/**
 * A rate band of a plan: for revenue of `category_id` (null: every category without its own bands),
 * from `from_minor` of the period's recognized revenue on, `rate_percent`. Graduated: 10% up to
 * 10,000.00 and 12% above is two rows (from 0 at 10, from 1000000 at 12).
 */
export const commissionPlanRates = pgTable(
  "commission_plan_rates",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    planId: uuid("plan_id").notNull(),
    categoryId: uuid("category_id"),
    fromMinor: bigint("from_minor", { mode: "bigint" }).notNull().default(sql`0`),
    ratePercent: numeric("rate_percent", { precision: 7, scale: 4 }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("commission_plan_rates_band").on(t.tenantId, t.planId, t.categoryId, t.fromMinor).nullsNotDistinct(),
    foreignKey({ columns: [t.tenantId, t.planId], foreignColumns: [commissionPlans.tenantId, commissionPlans.id] }).onDelete("cascade"),
    foreignKey({ columns: [t.tenantId, t.categoryId], foreignColumns: [productCategories.tenantId, productCategories.id] }),
    check("commission_plan_rates_rate", sql`${t.ratePercent} >= 0 and ${t.ratePercent} <= 100`),
    check("commission_plan_rates_from", sql`${t.fromMinor} >= 0`),
    tenantIsolationPolicy(t.tenantId),
    ...scopePolicies(sql`${tenantWideScope} or ${t.planId} in (select p.id from commission_plans p)`, tenantWideScope),
  ],
).enableRLS();

/** A settlement run: statements for one closed month, reseller by reseller, with progress. */
export const commissionRuns = pgTable(
  "commission_runs",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    periodMonth: date("period_month").notNull(),
    status: text("status", { enum: COMMISSION_RUN_STATUSES }).notNull().default("queued"),
    total: integer("total").notNull().default(0),
    done: integer("done").notNull().default(0),
    statementsCreated: integer("statements_created").notNull().default(0),
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
    unique("commission_runs_job").on(t.tenantId, t.jobId),
    index("commission_runs_created_idx").on(t.tenantId, t.createdAt),
    check("commission_runs_status", inList(t.status, COMMISSION_RUN_STATUSES)),
    check("commission_runs_progress", sql`${t.done} >= 0 and ${t.done} <= ${t.total}`),
    check("commission_runs_month", sql`extract(day from ${t.periodMonth}) = 1`),
    tenantIsolationPolicy(t.tenantId),
    ...scopePolicies(tenantWideScope),
  ],
).enableRLS();

/** What a run could not settle as planned (no plan in force, revenue in another currency, ...). */
export const commissionRunExceptions = pgTable(
  "commission_run_exceptions",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    runId: uuid("run_id").notNull(),
    resellerId: uuid("reseller_id"),
    kind: text("kind").notNull(),
    detail: text("detail").notNull().default(""),
    createdAt: createdAtColumn(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.runId], foreignColumns: [commissionRuns.tenantId, commissionRuns.id] }),
    foreignKey({ columns: [t.tenantId, t.resellerId], foreignColumns: [resellers.tenantId, resellers.id] }),
    index("commission_run_exceptions_run_idx").on(t.tenantId, t.runId),
    tenantIsolationPolicy(t.tenantId),
    ...scopePolicies(tenantWideScope),
  ],
).enableRLS();

/**
 * A reseller's commission statement for one month: one per (reseller, period), so a run that settles
 * the month again builds nothing twice. total = commission + clawback (clawback <= 0). Approval (by
 * someone other than `plan_changed_by`) posts Dr commission expense / Cr commissions payable; payouts
 * settle it.
 */
export const commissionStatements = pgTable(
  "commission_statements",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    resellerId: uuid("reseller_id").notNull(),
    periodMonth: date("period_month").notNull(),
    currency: text("currency").notNull().references(() => currencies.code),
    status: text("status", { enum: STATEMENT_STATUSES }).notNull().default("draft"),
    revenueMinor: bigint("revenue_minor", { mode: "bigint" }).notNull().default(sql`0`),
    commissionMinor: bigint("commission_minor", { mode: "bigint" }).notNull().default(sql`0`),
    clawbackMinor: bigint("clawback_minor", { mode: "bigint" }).notNull().default(sql`0`),
    totalMinor: bigint("total_minor", { mode: "bigint" }).notNull().default(sql`0`),
    paidMinor: bigint("paid_minor", { mode: "bigint" }).notNull().default(sql`0`),
    /** Who last changed the plan(s) behind the lines, when the statement was built. */
    planChangedBy: uuid("plan_changed_by").references(() => users.id),
    runId: uuid("run_id"),
    approvedBy: uuid("approved_by").references(() => users.id),
    approvedAt: timestamp("approved_at", { withTimezone: true }),
    journalEntryId: uuid("journal_entry_id"),
    createdAt: createdAtColumn(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("commission_statements_period").on(t.tenantId, t.resellerId, t.periodMonth),
    foreignKey({ columns: [t.tenantId, t.resellerId], foreignColumns: [resellers.tenantId, resellers.id] }),
    foreignKey({ columns: [t.tenantId, t.runId], foreignColumns: [commissionRuns.tenantId, commissionRuns.id] }),
    foreignKey({ columns: [t.tenantId, t.journalEntryId], foreignColumns: [journalEntries.tenantId, journalEntries.id] }),
    index("commission_statements_status_idx").on(t.tenantId, t.status, t.periodMonth),
    check("commission_statements_status", inList(t.status, STATEMENT_STATUSES)),
    check("commission_statements_month", sql`extract(day from ${t.periodMonth}) = 1`),
    check("commission_statements_total", sql`${t.totalMinor} = ${t.commissionMinor} + ${t.clawbackMinor} and ${t.clawbackMinor} <= 0`),
    check("commission_statements_paid", sql`${t.paidMinor} >= 0 and (${t.paidMinor} = 0 or ${t.paidMinor} <= ${t.totalMinor})`),
    check("commission_statements_approved", sql`(${t.status} = 'draft') = (${t.approvedBy} is null)`),
    check("commission_statements_segregation", sql`${t.approvedBy} is null or ${t.approvedBy} is distinct from ${t.planChangedBy}`),
    tenantIsolationPolicy(t.tenantId),
    ...ownReseller(t.resellerId),
  ],
).enableRLS();

/**
 * A statement line, traced to what earned it: `source_id` is the recognized-revenue row (kind
 * commission) or the credit note line (kind clawback). Unique per (kind, source): a source earns or
 * claws back once, whatever statement or run reaches it. Append-only.
 */
export const commissionStatementLines = pgTable(
  "commission_statement_lines",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    statementId: uuid("statement_id").notNull(),
    kind: text("kind", { enum: STATEMENT_LINE_KINDS }).notNull(),
    sourceId: uuid("source_id").notNull(),
    invoiceLineId: uuid("invoice_line_id").notNull(),
    creditNoteId: uuid("credit_note_id"),
    customerId: uuid("customer_id").notNull(),
    categoryId: uuid("category_id"),
    planId: uuid("plan_id"),
    /** Recognized revenue (commission) or credited net (clawback), minor units, signed. */
    baseMinor: bigint("base_minor", { mode: "bigint" }).notNull(),
    /** The effective rate on this line (commission / base), for display. */
    ratePercent: numeric("rate_percent", { precision: 9, scale: 4 }).notNull(),
    amountMinor: bigint("amount_minor", { mode: "bigint" }).notNull(),
    description: text("description").notNull().default(""),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("commission_statement_lines_source").on(t.tenantId, t.kind, t.sourceId),
    foreignKey({ columns: [t.tenantId, t.statementId], foreignColumns: [commissionStatements.tenantId, commissionStatements.id] }),
    foreignKey({ columns: [t.tenantId, t.customerId], foreignColumns: [customers.tenantId, customers.id] }),
    foreignKey({ columns: [t.tenantId, t.categoryId], foreignColumns: [productCategories.tenantId, productCategories.id] }),
    foreignKey({ columns: [t.tenantId, t.planId], foreignColumns: [commissionPlans.tenantId, commissionPlans.id] }),
    index("commission_statement_lines_statement_idx").on(t.tenantId, t.statementId),
    index("commission_statement_lines_invoice_line_idx").on(t.tenantId, t.invoiceLineId),
    check("commission_statement_lines_kind", inList(t.kind, STATEMENT_LINE_KINDS)),
    check("commission_statement_lines_clawback", sql`(${t.kind} = 'clawback') = (${t.creditNoteId} is not null) and (${t.kind} <> 'clawback' or ${t.amountMinor} <= 0)`),
    tenantIsolationPolicy(t.tenantId),
    ...scopePolicies(sql`${tenantWideScope} or ${t.statementId} in (select s.id from commission_statements s)`, tenantWideScope),
  ],
).enableRLS();

/** Money paid to a reseller against an approved statement: Dr commissions payable / Cr cash. Append-only. */
export const commissionPayouts = pgTable(
  "commission_payouts",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    statementId: uuid("statement_id").notNull(),
    resellerId: uuid("reseller_id").notNull(),
    amountMinor: bigint("amount_minor", { mode: "bigint" }).notNull(),
    currency: text("currency").notNull().references(() => currencies.code),
    paidOn: date("paid_on").notNull(),
    reference: text("reference").notNull().default(""),
    requestKey: text("request_key").notNull(),
    recordedBy: uuid("recorded_by").references(() => users.id),
    journalEntryId: uuid("journal_entry_id"),
    createdAt: createdAtColumn(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("commission_payouts_request").on(t.tenantId, t.requestKey),
    foreignKey({ columns: [t.tenantId, t.statementId], foreignColumns: [commissionStatements.tenantId, commissionStatements.id] }),
    foreignKey({ columns: [t.tenantId, t.resellerId], foreignColumns: [resellers.tenantId, resellers.id] }),
    foreignKey({ columns: [t.tenantId, t.journalEntryId], foreignColumns: [journalEntries.tenantId, journalEntries.id] }),
    index("commission_payouts_statement_idx").on(t.tenantId, t.statementId),
    check("commission_payouts_amount", sql`${t.amountMinor} > 0`),
    tenantIsolationPolicy(t.tenantId),
    ...ownReseller(t.resellerId),
  ],
).enableRLS();
