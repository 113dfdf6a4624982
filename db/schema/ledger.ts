import { sql } from "drizzle-orm";
import { bigint, check, date, foreignKey, pgTable, primaryKey, text, unique, uuid } from "drizzle-orm/pg-core";
import { productCategories } from "./catalog";
import { createdAtColumn, idColumn, scopePolicies, tenantIdColumn, tenantIsolationPolicy, tenantWideScope } from "./_rls";
import { tenants } from "./tenancy";

export const ACCOUNT_TYPES = ["asset", "liability", "equity", "revenue", "expense"] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];

/** What postings look an account up by; `revenue` accounts may be per product category. */
export const ACCOUNT_PURPOSES = [
  "cash",
  "accounts_receivable",
  "inventory",
  "deferred_revenue",
  "tax_payable",
  "customer_credit",
  "commissions_payable",
  "equity",
  "revenue",
  "cogs",
  "commission_expense",
] as const;
export type AccountPurpose = (typeof ACCOUNT_PURPOSES)[number];

/** Finance data: staff and jobs only (reseller statements and customer balances are read through domain views). */
const financePolicies = () => scopePolicies(tenantWideScope);

/** A tenant's chart of accounts, created from a template; postings find accounts by purpose (and category). */
export const ledgerAccounts = pgTable(
  "ledger_accounts",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    code: text("code").notNull(),
    name: text("name").notNull(),
    type: text("type", { enum: ACCOUNT_TYPES }).notNull(),
    purpose: text("purpose", { enum: ACCOUNT_PURPOSES }),
    categoryId: uuid("category_id"),
    createdAt: createdAtColumn(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("ledger_accounts_code").on(t.tenantId, t.code),
    unique("ledger_accounts_purpose").on(t.tenantId, t.purpose, t.categoryId).nullsNotDistinct(),
    foreignKey({ columns: [t.tenantId, t.categoryId], foreignColumns: [productCategories.tenantId, productCategories.id] }),
    check("ledger_accounts_type", sql`${t.type} in ('asset', 'liability', 'equity', 'revenue', 'expense')`),
    check("ledger_accounts_category", sql`${t.categoryId} is null or ${t.purpose} = 'revenue'`),
    tenantIsolationPolicy(t.tenantId),
    ...financePolicies(),
  ],
).enableRLS();

/**
 * One financial event's posting. (source_type, source_id, event_key) is unique, so an event posts at
 * most once however often it is retried. Entries and lines are append-only: a correction is a new entry.
 */
export const journalEntries = pgTable(
  "journal_entries",
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    entryDate: date("entry_date").notNull(),
    sourceType: text("source_type").notNull(),
    sourceId: uuid("source_id").notNull(),
    eventKey: text("event_key").notNull().default(""),
    memo: text("memo").notNull().default(""),
    createdBy: uuid("created_by"),
    createdAt: createdAtColumn(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    // References checked per statement by triggers, not row by row (migration 0022, docs/billing.md).
    unique("journal_entries_event").on(t.tenantId, t.sourceType, t.sourceId, t.eventKey),
    // No index by date: nothing reads entries by date range (the trial balance aggregates the whole
    // ledger); one can be added with the first reader that does (migration 0042).
    tenantIsolationPolicy(t.tenantId),
    ...financePolicies(),
  ],
).enableRLS();

/**
 * A debit or a credit (exactly one) in minor units of one currency. A trigger refuses any statement
 * that leaves an entry unbalanced per currency, or adds lines to an entry posted earlier.
 */
export const journalLines = pgTable(
  "journal_lines",
  {
    tenantId: tenantIdColumn(),
    id: idColumn(),
    entryId: uuid("entry_id").notNull(),
    accountId: uuid("account_id").notNull(),
    currency: text("currency").notNull(),
    debitMinor: bigint("debit_minor", { mode: "bigint" }).notNull().default(sql`0`),
    creditMinor: bigint("credit_minor", { mode: "bigint" }).notNull().default(sql`0`),
    /** Sub-ledgers: receivables and credit per customer, commissions per reseller. */
    customerId: uuid("customer_id"),
    resellerId: uuid("reseller_id"),
    memo: text("memo").notNull().default(""),
  },
  (t) => [
    // Keyed by entry first: the key also finds an entry's lines (the ledger's reads, the balance
    // and closed-entry checks, the entries' delete guard), so no second index is written per line.
    primaryKey({ columns: [t.tenantId, t.entryId, t.id] }),
    // References checked per statement by triggers, not row by row (migration 0022, docs/billing.md).
    // No index by account or customer: nothing reads lines that way (the trial balance aggregates them
    // all; receivables are read from invoices), and every invoice writes 3-4 lines. The guards of
    // accounts and customers, which the app never deletes, scan the tenant's lines instead (migration 0042).
    check("journal_lines_one_side", sql`${t.debitMinor} >= 0 and ${t.creditMinor} >= 0 and (${t.debitMinor} = 0) <> (${t.creditMinor} = 0)`),
    tenantIsolationPolicy(t.tenantId),
    ...financePolicies(),
  ],
).enableRLS();
