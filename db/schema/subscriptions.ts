import { sql } from "drizzle-orm";
import { bigint, boolean, check, date, foreignKey, index, integer, jsonb, numeric, pgTable, primaryKey, smallint, text, timestamp, unique, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import { users } from "./access";
import { itemTermsChecks, itemTermsColumns, meters, products } from "./catalog";
import { customers, customerSites } from "./customers";
import { warehouses } from "./inventory";
import { createdAtColumn, customerScope, idColumn, resellerScope, scopePolicies, tenantIdColumn, tenantIsolationPolicy, tenantWideScope } from "./_rls";
import { currencies } from "./reference";
import { tenants } from "./tenancy";

/** `suspended`: stopped by dunning after the last failed retry; a successful payment makes it active again. */
export const SUBSCRIPTION_STATUSES = ["draft", "active", "paused", "suspended", "cancelled", "expired"] as const;
export const BILLING_INTERVALS = ["month", "quarter", "year"] as const;
export const VERSION_STATUSES = ["draft", "pending_approval", "active", "superseded", "rejected"] as const;

/**
 * A subscription contract. Staff see all; a reseller its customers' contracts; a customer its own
 * (customers' policy filters the sub-select). Customers read but do not write contracts.
 */
export const subscriptions = pgTable(
  "subscriptions",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    number: text("number").notNull(),
    customerId: uuid("customer_id").notNull(),
    currency: text("currency").notNull().references(() => currencies.code),
    status: text("status", { enum: SUBSCRIPTION_STATUSES }).notNull().default("draft"),
    termStart: date("term_start").notNull(),
    termEnd: date("term_end").notNull(),
    autoRenew: boolean("auto_renew").notNull().default(true),
    renewalTermMonths: smallint("renewal_term_months").notNull().default(12),
    billingInterval: text("billing_interval", { enum: BILLING_INTERVALS }).notNull().default("month"),
    /** Day of month periods start on, 1-31, clamped to the month's last day (31 -> Feb 28). */
    anchorDay: smallint("anchor_day").notNull(),
    /** Higher is served first when stock is short. */
    priority: smallint("priority").notNull().default(0),
    cancelAt: date("cancel_at"),
    /**
     * The start of the next period the renewal run bills (null: not billed yet, the run starts at the
     * term start). Advanced by the run in the same transaction as the period's invoice.
     */
    nextPeriodStart: date("next_period_start"),
    planId: uuid("plan_id"),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: createdAtColumn(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("subscriptions_number").on(t.tenantId, t.number),
    foreignKey({ columns: [t.tenantId, t.customerId], foreignColumns: [customers.tenantId, customers.id] }),
    foreignKey({ columns: [t.tenantId, t.planId], foreignColumns: [products.tenantId, products.id] }),
    index("subscriptions_customer_idx").on(t.tenantId, t.customerId),
    index("subscriptions_status_idx").on(t.tenantId, t.status),
    // No index on the billing date (next_period_start): the renewal run moves it for every contract it
    // bills, and an index on it would make each of those updates write a new entry in every index
    // (not HOT). The run reads a tenant's contracts in key order instead (one pass per run). The table's
    // fillfactor is 50 (migration 0041), so a contract's next version fits on its page.
    check("subscriptions_status", sql`${t.status} in ('draft', 'active', 'paused', 'suspended', 'cancelled', 'expired')`),
    check("subscriptions_interval", sql`${t.billingInterval} in ('month', 'quarter', 'year')`),
    check("subscriptions_anchor_day", sql`${t.anchorDay} between 1 and 31`),
    check("subscriptions_term", sql`${t.termEnd} > ${t.termStart}`),
    check("subscriptions_renewal_term", sql`${t.renewalTermMonths} between 1 and 120`),
    tenantIsolationPolicy(t.tenantId),
    ...scopePolicies(
      sql`${tenantWideScope} or ((${resellerScope} or ${customerScope}) and ${t.customerId} in (select c.id from customers c))`,
      sql`${tenantWideScope} or (${resellerScope} and ${t.customerId} in (select c.id from customers c))`,
    ),
  ],
).enableRLS();

/** Rows of a contract follow the contract's visibility (subscriptions' policy filters the sub-select). */
const contractChildPolicies = (subscriptionId: AnyPgColumn) =>
  scopePolicies(
    sql`${tenantWideScope} or ${subscriptionId} in (select s.id from subscriptions s)`,
    sql`${tenantWideScope} or (${resellerScope} and ${subscriptionId} in (select s.id from subscriptions s))`,
  );

/** A version of a contract's terms from `effective_from`; an amendment is a new version. */
export const subscriptionVersions = pgTable(
  "subscription_versions",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    subscriptionId: uuid("subscription_id").notNull(),
    version: integer("version").notNull(),
    effectiveFrom: date("effective_from").notNull(),
    status: text("status", { enum: VERSION_STATUSES }).notNull(),
    note: text("note").notNull().default(""),
    /** The largest discount on any item, compared with the tenant's approval threshold. */
    maxDiscountPercent: numeric("max_discount_percent", { precision: 5, scale: 2 }).notNull().default("0"),
    createdBy: uuid("created_by").references(() => users.id),
    decidedBy: uuid("decided_by").references(() => users.id),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    createdAt: createdAtColumn(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("subscription_versions_number").on(t.tenantId, t.subscriptionId, t.version),
    foreignKey({ columns: [t.tenantId, t.subscriptionId], foreignColumns: [subscriptions.tenantId, subscriptions.id] }),
    check("subscription_versions_status", sql`${t.status} in ('draft', 'pending_approval', 'active', 'superseded', 'rejected')`),
    check("subscription_versions_segregation", sql`${t.decidedBy} is null or ${t.decidedBy} is distinct from ${t.createdBy}`),
    tenantIsolationPolicy(t.tenantId),
    ...contractChildPolicies(t.subscriptionId),
  ],
).enableRLS();

/** An item of a contract version: a recurring fee, a usage meter, a minimum commit, or a delivery. */
export const subscriptionItems = pgTable(
  "subscription_items",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    subscriptionId: uuid("subscription_id").notNull(),
    versionId: uuid("version_id").notNull(),
    ...itemTermsColumns(),
    /** Resolved at signing (flat fee, or the price of one unit/package); null for tiered usage. */
    unitPrice: numeric("unit_price", { precision: 20, scale: 6 }),
    discountPercent: numeric("discount_percent", { precision: 5, scale: 2 }).notNull().default("0"),
    /** The price rule as resolved when the version was made (tiers included): the contract's terms. */
    pricing: jsonb("pricing").$type<Record<string, unknown>>().notNull().default({}),
    shipToSiteId: uuid("ship_to_site_id"),
    /** Preferred warehouse for deliveries (else the customer's, then warehouse priority). */
    preferredWarehouseId: uuid("preferred_warehouse_id"),
    firstDeliveryDate: date("first_delivery_date"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.subscriptionId], foreignColumns: [subscriptions.tenantId, subscriptions.id] }),
    foreignKey({ columns: [t.tenantId, t.versionId], foreignColumns: [subscriptionVersions.tenantId, subscriptionVersions.id] }),
    foreignKey({ columns: [t.tenantId, t.productId], foreignColumns: [products.tenantId, products.id] }),
    foreignKey({ columns: [t.tenantId, t.meterId], foreignColumns: [meters.tenantId, meters.id] }),
    foreignKey({ columns: [t.tenantId, t.shipToSiteId], foreignColumns: [customerSites.tenantId, customerSites.id] }),
    foreignKey({ columns: [t.tenantId, t.preferredWarehouseId], foreignColumns: [warehouses.tenantId, warehouses.id] }),
    index("subscription_items_version_idx").on(t.tenantId, t.versionId),
    index("subscription_items_subscription_idx").on(t.tenantId, t.subscriptionId),
    ...itemTermsChecks("subscription_items", t),
    check("subscription_items_discount", sql`${t.discountPercent} between 0 and 100`),
    check("subscription_items_delivery_site", sql`${t.kind} <> 'delivery' or (${t.shipToSiteId} is not null and ${t.firstDeliveryDate} is not null)`),
    tenantIsolationPolicy(t.tenantId),
    ...contractChildPolicies(t.subscriptionId),
  ],
).enableRLS();

/**
 * Metered usage. `event_id` is the client's id: unique per tenant, so a resent event is a duplicate,
 * not a second charge. Append-only. `period_start` is the open billing period it counts toward.
 *
 * The references to subscriptions and meters are not row-by-row foreign keys: each statement's rows
 * are summed into usage_period_totals, whose foreign keys check each distinct contract and meter once
 * (23503) and keep a contract or meter with usage from being deleted (migration 0012_usage_period_totals,
 * docs/usage.md "Storage and speed").
 */
export const usageEvents = pgTable(
  "usage_events",
  {
    // No row-by-row foreign key to tenants: the checked (tenant_id, subscription_id) implies it (see above).
    tenantId: tenantIdColumn(),
    id: idColumn(),
    // COLLATE "C" (migration 0012): opaque keys compared bytewise, not by the locale.
    eventId: text("event_id").notNull(),
    subscriptionId: uuid("subscription_id").notNull(),
    meterId: uuid("meter_id").notNull(),
    quantity: numeric("quantity", { precision: 20, scale: 6 }).notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    periodStart: date("period_start").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("usage_events_event_id").on(t.tenantId, t.eventId),
    // No index by contract and period: readers use usage_period_totals (below), and each index here
    // costs every ingested event.
    check("usage_events_quantity", sql`${t.quantity} >= 0`),
    tenantIsolationPolicy(t.tenantId),
    ...contractChildPolicies(t.subscriptionId),
  ],
).enableRLS();

/**
 * Usage per (contract, meter, billing period), kept by statement-level triggers on usage_events
 * (migration 0012_usage_period_totals): every INSERT adds its rows' sums in the same statement, an
 * owner's UPDATE or DELETE subtracts what it removed. Readers (the usage page, rating at renewal)
 * read one row per meter instead of summing events, and usage_events needs no index by period.
 *
 * Its foreign keys are what tie usage to contracts and meters: every event has a totals row, so a
 * missing or other tenant's contract or meter fails the event's INSERT (23503), and a contract or meter
 * with usage cannot be deleted or re-keyed. app_user may only read it.
 */
export const usagePeriodTotals = pgTable(
  "usage_period_totals",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    subscriptionId: uuid("subscription_id").notNull(),
    meterId: uuid("meter_id").notNull(),
    periodStart: date("period_start").notNull(),
    quantity: numeric("quantity", { precision: 24, scale: 6 }).notNull(),
    events: bigint("events", { mode: "number" }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("usage_period_totals_key").on(t.tenantId, t.subscriptionId, t.meterId, t.periodStart),
    // The meter side of the foreign key: deleting a meter looks its usage up here.
    index("usage_period_totals_meter_idx").on(t.tenantId, t.meterId),
    foreignKey({ name: "usage_period_totals_subscription", columns: [t.tenantId, t.subscriptionId], foreignColumns: [subscriptions.tenantId, subscriptions.id] }),
    foreignKey({ name: "usage_period_totals_meter", columns: [t.tenantId, t.meterId], foreignColumns: [meters.tenantId, meters.id] }),
    check("usage_period_totals_events", sql`${t.events} > 0`),
    tenantIsolationPolicy(t.tenantId),
    ...contractChildPolicies(t.subscriptionId),
  ],
).enableRLS();
