import { sql } from "drizzle-orm";
import { check, foreignKey, jsonb, numeric, pgTable, primaryKey, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import type { ThemeOverrides } from "../../themes";
import { createdAtColumn, currentResellerId, customerScope, idColumn, resellerScope, scopePolicies, tenantIdColumn, tenantIsolationPolicy, tenantWideScope } from "./_rls";
import { users } from "./access";
import { products } from "./catalog";
import { currencies } from "./reference";
import { tenants } from "./tenancy";

export const RESELLER_STATUSES = ["invited", "active", "suspended"] as const;
export const COMMERCIAL_MODELS = ["agency", "buy_sell"] as const;
export type CommercialModel = (typeof COMMERCIAL_MODELS)[number];

/**
 * A partner of the tenant. `agency`: it earns commission on the recognized revenue of its customers;
 * `buy_sell`: it buys at the wholesale book and sells at its own (reseller) book within the tenant's
 * floors and ceilings. Branding (preset + overrides, validated like a tenant's) applies to its domain.
 */
export const resellers = pgTable(
  "resellers",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    name: text("name").notNull(),
    status: text("status", { enum: RESELLER_STATUSES }).notNull().default("active"),
    contactEmail: text("contact_email").notNull().default(""),
    commercialModel: text("commercial_model", { enum: COMMERCIAL_MODELS }).notNull().default("agency"),
    /**
     * Buy-sell: the book the reseller buys at (margin = its sell price - this). Its composite foreign key
     * to price_books is in the custom migration (a schema reference would make the two modules' types circular).
     */
    wholesalePriceBookId: uuid("wholesale_price_book_id"),
    /** Null: its customers see the tenant's preset. */
    themePreset: text("theme_preset"),
    themeOverrides: jsonb("theme_overrides").$type<ThemeOverrides>().notNull().default({}),
    statusChangedAt: timestamp("status_changed_at", { withTimezone: true }),
    createdAt: createdAtColumn(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    check("resellers_status", sql`${t.status} in ('invited', 'active', 'suspended')`),
    check("resellers_model", sql`${t.commercialModel} in ('agency', 'buy_sell')`),
    check("resellers_contact_email", sql`${t.contactEmail} = lower(${t.contactEmail})`),
    tenantIsolationPolicy(t.tenantId),
    ...scopePolicies(
      // A customer may read the reseller it buys through (customers' own policy limits the sub-select).
      sql`${tenantWideScope} or (${resellerScope} and ${t.id} = ${currentResellerId}) or (${customerScope} and ${t.id} in (select c.reseller_id from customers c))`,
      sql`${tenantWideScope} or (${resellerScope} and ${t.id} = ${currentResellerId})`,
    ),
  ],
).enableRLS();

export const INVITATION_ROLES = ["reseller_admin", "reseller_agent"] as const;

/**
 * An invitation to join a reseller's team: the operator invites the reseller's admin, the admin its
 * agents. Only the SHA-256 of the token is stored; accepting creates the login and the membership.
 * Unique per (reseller, email): inviting again returns the open invitation.
 */
export const resellerInvitations = pgTable(
  "reseller_invitations",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    resellerId: uuid("reseller_id").notNull(),
    email: text("email").notNull(),
    name: text("name").notNull().default(""),
    role: text("role", { enum: INVITATION_ROLES }).notNull(),
    tokenHash: text("token_hash").notNull(),
    invitedBy: uuid("invited_by").references(() => users.id),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    acceptedUserId: uuid("accepted_user_id").references(() => users.id),
    createdAt: createdAtColumn(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("reseller_invitations_email").on(t.tenantId, t.resellerId, t.email),
    unique("reseller_invitations_token").on(t.tenantId, t.tokenHash),
    foreignKey({ columns: [t.tenantId, t.resellerId], foreignColumns: [resellers.tenantId, resellers.id] }),
    check("reseller_invitations_role", sql`${t.role} in ('reseller_admin', 'reseller_agent')`),
    check("reseller_invitations_email_normalized", sql`${t.email} = lower(${t.email})`),
    check("reseller_invitations_accepted", sql`(${t.acceptedAt} is null) = (${t.acceptedUserId} is null)`),
    tenantIsolationPolicy(t.tenantId),
    ...scopePolicies(sql`${tenantWideScope} or (${resellerScope} and ${t.resellerId} = ${currentResellerId})`),
  ],
).enableRLS();

/**
 * Tenant-set bounds for what any reseller may charge for a product (its reseller book's unit price),
 * per currency. Resellers may read them (their price form shows them); only staff set them.
 */
export const resellerPriceLimits = pgTable(
  "reseller_price_limits",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    productId: uuid("product_id").notNull(),
    currency: text("currency").notNull().references(() => currencies.code),
    floorPrice: numeric("floor_price", { precision: 20, scale: 6 }).notNull(),
    ceilingPrice: numeric("ceiling_price", { precision: 20, scale: 6 }).notNull(),
    changedBy: uuid("changed_by").references(() => users.id),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("reseller_price_limits_product").on(t.tenantId, t.productId, t.currency),
    foreignKey({ columns: [t.tenantId, t.productId], foreignColumns: [products.tenantId, products.id] }),
    check("reseller_price_limits_range", sql`${t.floorPrice} >= 0 and ${t.ceilingPrice} >= ${t.floorPrice}`),
    tenantIsolationPolicy(t.tenantId),
    ...scopePolicies(sql`${tenantWideScope} or ${resellerScope}`, tenantWideScope),
  ],
).enableRLS();

/** The plans (catalog products of kind plan) the tenant lets resellers sell to their customers. */
export const resellerSellablePlans = pgTable(
  "reseller_sellable_plans",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    productId: uuid("product_id").notNull(),
    addedBy: uuid("added_by").references(() => users.id),
    createdAt: createdAtColumn(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("reseller_sellable_plans_product").on(t.tenantId, t.productId),
    foreignKey({ columns: [t.tenantId, t.productId], foreignColumns: [products.tenantId, products.id] }),
    tenantIsolationPolicy(t.tenantId),
    ...scopePolicies(sql`${tenantWideScope} or ${resellerScope}`, tenantWideScope),
  ],
).enableRLS();
