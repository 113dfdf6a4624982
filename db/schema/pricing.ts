import { sql } from "drizzle-orm";
import { check, date, foreignKey, index, numeric, pgTable, primaryKey, text, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { products } from "./catalog";
import { customers } from "./customers";
import { createdAtColumn, currentCustomerId, currentResellerId, customerScope, idColumn, resellerScope, scopePolicies, tenantIdColumn, tenantIsolationPolicy, tenantWideScope } from "./_rls";
import { resellers } from "./partners";
import { currencies } from "./reference";
import { tenants } from "./tenancy";

export const PRICE_BOOK_KINDS = ["list", "customer", "reseller", "promotion"] as const;
export const PRICING_MODELS = ["flat", "graduated", "volume", "package"] as const;

/**
 * Staff see every book. A reseller sees the shared books (list, promotion), its own book and its
 * customers' books; a customer sees the shared books and its own. Only staff write prices.
 */
export const priceBooks = pgTable(
  "price_books",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    name: text("name").notNull(),
    kind: text("kind", { enum: PRICE_BOOK_KINDS }).notNull(),
    currency: text("currency").notNull().references(() => currencies.code),
    customerId: uuid("customer_id"),
    resellerId: uuid("reseller_id"),
    status: text("status", { enum: ["active", "archived"] }).notNull().default("active"),
    createdAt: createdAtColumn(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.customerId], foreignColumns: [customers.tenantId, customers.id] }),
    foreignKey({ columns: [t.tenantId, t.resellerId], foreignColumns: [resellers.tenantId, resellers.id] }),
    index("price_books_customer_idx").on(t.tenantId, t.customerId),
    // One active book per customer and per reseller in a currency, so resolution never has to choose.
    uniqueIndex("price_books_one_active_customer_book").on(t.tenantId, t.customerId, t.currency).where(sql`${t.kind} = 'customer' and ${t.status} = 'active'`),
    uniqueIndex("price_books_one_active_reseller_book").on(t.tenantId, t.resellerId, t.currency).where(sql`${t.kind} = 'reseller' and ${t.status} = 'active'`),
    index("price_books_reseller_idx").on(t.tenantId, t.resellerId),
    check("price_books_kind", sql`${t.kind} in ('list', 'customer', 'reseller', 'promotion')`),
    check("price_books_owner", sql`(${t.kind} = 'customer') = (${t.customerId} is not null) and (${t.kind} = 'reseller') = (${t.resellerId} is not null)`),
    check("price_books_status", sql`${t.status} in ('active', 'archived')`),
    tenantIsolationPolicy(t.tenantId),
    ...scopePolicies(
      sql`${tenantWideScope}
        or (${resellerScope} and (${t.kind} in ('list', 'promotion') or ${t.resellerId} = ${currentResellerId} or ${t.customerId} in (select c.id from customers c)))
        or (${customerScope} and (${t.kind} in ('list', 'promotion') or ${t.customerId} = ${currentCustomerId}))`,
      tenantWideScope,
    ),
  ],
).enableRLS();

/**
 * A product's price in a book from `effective_from` (and, for a window such as a promotion, until
 * `effective_to`, exclusive). Within a book the latest effective row wins; windows may not overlap
 * (an exclusion constraint in the migration).
 */
export const priceBookEntries = pgTable(
  "price_book_entries",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    priceBookId: uuid("price_book_id").notNull(),
    productId: uuid("product_id").notNull(),
    model: text("model", { enum: PRICING_MODELS }).notNull().default("flat"),
    /** The unit price for `flat`, the price of one package for `package`. */
    unitPrice: numeric("unit_price", { precision: 20, scale: 6 }),
    packageSize: numeric("package_size", { precision: 20, scale: 6 }),
    effectiveFrom: date("effective_from").notNull(),
    effectiveTo: date("effective_to"),
    createdAt: createdAtColumn(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("price_book_entries_effective").on(t.tenantId, t.priceBookId, t.productId, t.effectiveFrom),
    foreignKey({ columns: [t.tenantId, t.priceBookId], foreignColumns: [priceBooks.tenantId, priceBooks.id] }),
    foreignKey({ columns: [t.tenantId, t.productId], foreignColumns: [products.tenantId, products.id] }),
    index("price_book_entries_product_idx").on(t.tenantId, t.productId),
    check("price_book_entries_model", sql`${t.model} in ('flat', 'graduated', 'volume', 'package')`),
    check("price_book_entries_price", sql`(${t.model} in ('flat', 'package')) = (${t.unitPrice} is not null) and (${t.unitPrice} is null or ${t.unitPrice} >= 0)`),
    check("price_book_entries_package", sql`(${t.model} = 'package') = (${t.packageSize} is not null) and (${t.packageSize} is null or ${t.packageSize} > 0)`),
    check("price_book_entries_window", sql`${t.effectiveTo} is null or ${t.effectiveTo} > ${t.effectiveFrom}`),
    tenantIsolationPolicy(t.tenantId),
    ...scopePolicies(sql`${tenantWideScope} or ${t.priceBookId} in (select b.id from price_books b)`, tenantWideScope),
  ],
).enableRLS();

/**
 * Price breaks of a graduated or volume entry: from `from_quantity` (inclusive) on, `unit_price`.
 * Graduated prices each unit by the band it falls in; volume prices all units at the band the total reaches.
 */
export const priceTiers = pgTable(
  "price_tiers",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    entryId: uuid("entry_id").notNull(),
    fromQuantity: numeric("from_quantity", { precision: 20, scale: 6 }).notNull(),
    unitPrice: numeric("unit_price", { precision: 20, scale: 6 }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("price_tiers_band").on(t.tenantId, t.entryId, t.fromQuantity),
    foreignKey({ columns: [t.tenantId, t.entryId], foreignColumns: [priceBookEntries.tenantId, priceBookEntries.id] }).onDelete("cascade"),
    check("price_tiers_values", sql`${t.fromQuantity} >= 0 and ${t.unitPrice} >= 0`),
    tenantIsolationPolicy(t.tenantId),
    ...scopePolicies(sql`${tenantWideScope} or ${t.entryId} in (select e.id from price_book_entries e)`, tenantWideScope),
  ],
).enableRLS();
