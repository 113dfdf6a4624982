import { sql } from "drizzle-orm";
import { bigint, boolean, check, foreignKey, index, jsonb, numeric, pgPolicy, pgTable, primaryKey, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import type { ThemeOverrides } from "../../themes";
import { createdAtColumn, currentScope, currentTenantId, currentResellerId, idColumn, resellerScope, scopePolicies, tenantIdColumn, tenantIsolationPolicy, tenantWideScope } from "./_rls";
import { resellers } from "./partners";

const platformScope = sql`${currentScope} = 'platform'`;

export const SERVICE_TIERS = ["starter", "growth", "enterprise"] as const;
export type ServiceTier = (typeof SERVICE_TIERS)[number];

/** A distributor. Global (no tenant_id): a session sees its own tenant row, the platform console sees all. */
export const tenants = pgTable(
  "tenants",
  {
    id: uuid("id").primaryKey().default(sql`uuidv7()`),
    slug: text("slug").notNull().unique(),
    name: text("name").notNull(),
    themePreset: text("theme_preset").notNull(),
    themeOverrides: jsonb("theme_overrides").$type<ThemeOverrides>().notNull().default({}),
    status: text("status", { enum: ["active", "suspended"] }).notNull().default("active"),
    /** The service tier: sets the API rate limits (server/domain/api/tiers.ts). */
    serviceTier: text("service_tier", { enum: SERVICE_TIERS }).notNull().default("starter"),
    createdAt: createdAtColumn(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("tenants_service_tier", sql`${t.serviceTier} in ('starter', 'growth', 'enterprise')`),
    pgPolicy("tenant_self_or_platform_read", { for: "select", using: sql`${t.id} = ${currentTenantId} or ${platformScope}` }),
    pgPolicy("platform_insert", { for: "insert", withCheck: platformScope }),
    pgPolicy("platform_update", { for: "update", using: platformScope, withCheck: platformScope }),
  ],
).enableRLS();

/** Custom hosts of a tenant (`portal.acme-supplies.test`), optionally white-labelled for one reseller. */
export const tenantDomains = pgTable(
  "tenant_domains",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    host: text("host").notNull().unique(),
    resellerId: uuid("reseller_id"),
    createdAt: createdAtColumn(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.resellerId], foreignColumns: [resellers.tenantId, resellers.id] }),
    index("tenant_domains_reseller_idx").on(t.tenantId, t.resellerId),
    tenantIsolationPolicy(t.tenantId),
    ...scopePolicies(sql`${tenantWideScope} or (${resellerScope} and ${t.resellerId} = ${currentResellerId})`),
  ],
).enableRLS();

/**
 * A tenant's business policies as a history: the row with the latest `effective_from` is in force, and
 * a change is a new row (append-only), so "which threshold applied to this amendment" stays answerable.
 */
export const tenantSettings = pgTable(
  "tenant_settings",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    effectiveFrom: timestamp("effective_from", { withTimezone: true }).notNull().defaultNow(),
    /** An amendment with a larger discount waits for a second user's approval. */
    discountApprovalThresholdPercent: numeric("discount_approval_threshold_percent", { precision: 5, scale: 2 }).notNull().default("10"),
    defaultCurrency: text("default_currency").notNull().default("EUR"),
    /** An order whose total (minor units of its currency) is above this waits for a second user's approval. */
    orderApprovalThresholdMinor: bigint("order_approval_threshold_minor", { mode: "bigint" }).notNull().default(sql`1000000`),
    /** IANA zone in which billing periods (dates) are reckoned. */
    timeZone: text("time_zone").notNull().default("UTC"),
    /** Dunning: retry a failed payment this many days after the first failure, then suspend. */
    dunningRetryDays: jsonb("dunning_retry_days").$type<number[]>().notNull().default([3, 7, 14]),
    /** A manual credit note above this total (minor units) waits for approval by another user. */
    creditNoteApprovalThresholdMinor: bigint("credit_note_approval_threshold_minor", { mode: "bigint" }).notNull().default(sql`50000`),
    /** Price books hold tax-inclusive prices (B2C): invoices carve tax out instead of adding it. */
    pricesIncludeTax: boolean("prices_include_tax").notNull().default(false),
    /** What a payment leaves after the customer's open invoices is kept as customer credit; when false such a payment is refused. */
    holdOverpaymentAsCredit: boolean("hold_overpayment_as_credit").notNull().default(true),
    changedBy: uuid("changed_by"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("tenant_settings_effective").on(t.tenantId, t.effectiveFrom),
    check("tenant_settings_threshold", sql`${t.discountApprovalThresholdPercent} between 0 and 100`),
    check("tenant_settings_order_threshold", sql`${t.orderApprovalThresholdMinor} >= 0`),
    check("tenant_settings_credit_note_threshold", sql`${t.creditNoteApprovalThresholdMinor} >= 0`),
    check("tenant_settings_dunning_days", sql`jsonb_typeof(${t.dunningRetryDays}) = 'array' and jsonb_array_length(${t.dunningRetryDays}) between 1 and 10`),
    tenantIsolationPolicy(t.tenantId),
    ...scopePolicies(sql`true`, tenantWideScope),
  ],
).enableRLS();

/**
 * Per-tenant number sequences for human references (`SUB-000042`, later gapless `INV-2026-000123`):
 * a row lock on the counter, taken in the document's own transaction, orders concurrent issuers.
 */
export const tenantCounters = pgTable(
  "tenant_counters",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    name: text("name").notNull(),
    /** '' for a sequence that never resets, else e.g. the year. */
    period: text("period").notNull().default(""),
    lastValue: bigint("last_value", { mode: "number" }).notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("tenant_counters_name").on(t.tenantId, t.name, t.period),
    tenantIsolationPolicy(t.tenantId),
  ],
).enableRLS();
