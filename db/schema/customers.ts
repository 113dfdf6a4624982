import { sql } from "drizzle-orm";
import { bigint, boolean, check, foreignKey, index, integer, pgTable, primaryKey, text, unique, uniqueIndex, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import { createdAtColumn, currentCustomerId, currentResellerId, customerScope, idColumn, resellerScope, scopePolicies, tenantIdColumn, tenantIsolationPolicy, tenantWideScope } from "./_rls";
import { resellers } from "./partners";
import { currencies } from "./reference";
import { tenants } from "./tenancy";
import { users } from "./access";
import { addressColumns } from "./address";
import { warehouses } from "./inventory";

export const CUSTOMER_STATUSES = ["active", "credit_hold"] as const;


/** A buying account: sold-to address, bill-to contact, commercial terms, optionally under a reseller. */
export const customers = pgTable(
  "customers",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    name: text("name").notNull(),
    resellerId: uuid("reseller_id"),
    createdAt: createdAtColumn(),
    code: text("code"),
    currency: text("currency").notNull().default("EUR").references(() => currencies.code),
    paymentTermsDays: integer("payment_terms_days").notNull().default(30),
    taxJurisdiction: text("tax_jurisdiction").notNull().default(""),
    creditLimitMinor: bigint("credit_limit_minor", { mode: "bigint" }).notNull().default(sql`0`),
    status: text("status", { enum: CUSTOMER_STATUSES }).notNull().default("active"),
    ...addressColumns(),
    billToName: text("bill_to_name").notNull().default(""),
    billToEmail: text("bill_to_email").notNull().default(""),
    /** Allocation tries this warehouse first. */
    preferredWarehouseId: uuid("preferred_warehouse_id"),
    /** False when the customer has opted out of substitutes for out-of-stock items. */
    allowSubstitutions: boolean("allow_substitutions").notNull().default(true),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("customers_code").on(t.tenantId, t.code),
    foreignKey({ columns: [t.tenantId, t.resellerId], foreignColumns: [resellers.tenantId, resellers.id] }),
    foreignKey({ columns: [t.tenantId, t.preferredWarehouseId], foreignColumns: [warehouses.tenantId, warehouses.id] }),
    index("customers_reseller_idx").on(t.tenantId, t.resellerId),
    index("customers_name_idx").on(t.tenantId, t.name),
    check("customers_status", sql`${t.status} in ('active', 'credit_hold')`),
    check("customers_terms", sql`${t.paymentTermsDays} between 0 and 365`),
    check("customers_credit_limit", sql`${t.creditLimitMinor} >= 0`),
    tenantIsolationPolicy(t.tenantId),
    ...scopePolicies(
      sql`${tenantWideScope} or (${resellerScope} and ${t.resellerId} = ${currentResellerId}) or (${customerScope} and ${t.id} = ${currentCustomerId})`,
    ),
  ],
).enableRLS();

/** Rows hanging off a customer follow the customer's visibility (customers' own policy filters the sub-select). */
const customerChildPolicies = (customerId: AnyPgColumn) =>
  scopePolicies(sql`${tenantWideScope} or ${customerId} in (select c.id from customers c)`);

/** Ship-to sites: where deliveries go. */
export const customerSites = pgTable(
  "customer_sites",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    customerId: uuid("customer_id").notNull(),
    name: text("name").notNull(),
    ...addressColumns(),
    isDefault: boolean("is_default").notNull().default(false),
    createdAt: createdAtColumn(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.customerId], foreignColumns: [customers.tenantId, customers.id] }),
    index("customer_sites_customer_idx").on(t.tenantId, t.customerId),
    uniqueIndex("customer_sites_one_default").on(t.tenantId, t.customerId).where(sql`${t.isDefault}`),
    tenantIsolationPolicy(t.tenantId),
    ...customerChildPolicies(t.customerId),
  ],
).enableRLS();

/** People at a customer; one may be invited as a customer-portal user (`user_id`). */
export const customerContacts = pgTable(
  "customer_contacts",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    customerId: uuid("customer_id").notNull(),
    name: text("name").notNull(),
    email: text("email").notNull(),
    phone: text("phone").notNull().default(""),
    role: text("role").notNull().default(""),
    userId: uuid("user_id").references(() => users.id),
    createdAt: createdAtColumn(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("customer_contacts_email").on(t.tenantId, t.customerId, t.email),
    foreignKey({ columns: [t.tenantId, t.customerId], foreignColumns: [customers.tenantId, customers.id] }),
    check("customer_contacts_email_normalized", sql`${t.email} = lower(${t.email})`),
    tenantIsolationPolicy(t.tenantId),
    ...customerChildPolicies(t.customerId),
  ],
).enableRLS();
