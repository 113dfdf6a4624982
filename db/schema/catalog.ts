import { sql } from "drizzle-orm";
import { bigint, check, foreignKey, index, integer, numeric, pgTable, primaryKey, smallint, text, timestamp, unique, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import { createdAtColumn, idColumn, scopePolicies, tenantIdColumn, tenantIsolationPolicy, tenantWideScope } from "./_rls";
import { tenants } from "./tenancy";

export const PRODUCT_KINDS = ["stock_item", "service", "kit", "plan"] as const;
export const TAX_CLASSES = ["standard", "reduced", "zero", "exempt"] as const;
export const ITEM_KINDS = ["recurring_fee", "usage", "commit", "delivery"] as const;
export const RATING_MODELS = ["tiered", "volume", "package"] as const;
export const DELIVERY_UNITS = ["week", "month"] as const;

/** The catalog is readable by every scope of the tenant; only staff and jobs write it. */
const catalogPolicies = () => scopePolicies(sql`true`, tenantWideScope);

export const productCategories = pgTable(
  "product_categories",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    code: text("code").notNull(),
    name: text("name").notNull(),
    createdAt: createdAtColumn(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), unique("product_categories_code").on(t.tenantId, t.code), tenantIsolationPolicy(t.tenantId), ...catalogPolicies()],
).enableRLS();

/** Stock items, services, kits and plans. Archived, never deleted once referenced (FKs restrict). */
export const products = pgTable(
  "products",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    sku: text("sku").notNull(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    kind: text("kind", { enum: PRODUCT_KINDS }).notNull(),
    categoryId: uuid("category_id"),
    unitOfMeasure: text("unit_of_measure").notNull().default("each"),
    weightGrams: integer("weight_grams"),
    taxClass: text("tax_class", { enum: TAX_CLASSES }).notNull().default("standard"),
    reorderPoint: integer("reorder_point"),
    status: text("status", { enum: ["active", "archived"] }).notNull().default("active"),
    createdAt: createdAtColumn(),
    archivedAt: timestamp("archived_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("products_sku").on(t.tenantId, t.sku),
    foreignKey({ columns: [t.tenantId, t.categoryId], foreignColumns: [productCategories.tenantId, productCategories.id] }),
    index("products_category_idx").on(t.tenantId, t.categoryId),
    check("products_kind", sql`${t.kind} in ('stock_item', 'service', 'kit', 'plan')`),
    check("products_status", sql`${t.status} in ('active', 'archived')`),
    check("products_tax_class", sql`${t.taxClass} in ('standard', 'reduced', 'zero', 'exempt')`),
    check("products_weight", sql`${t.weightGrams} is null or ${t.weightGrams} >= 0`),
    check("products_reorder_point", sql`${t.reorderPoint} is null or ${t.reorderPoint} >= 0`),
    tenantIsolationPolicy(t.tenantId),
    ...catalogPolicies(),
  ],
).enableRLS();

/** A kit's components: its stock items are reserved and shipped as these. */
export const kitComponents = pgTable(
  "kit_components",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    kitId: uuid("kit_id").notNull(),
    componentId: uuid("component_id").notNull(),
    quantity: numeric("quantity", { precision: 20, scale: 6 }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("kit_components_once").on(t.tenantId, t.kitId, t.componentId),
    foreignKey({ columns: [t.tenantId, t.kitId], foreignColumns: [products.tenantId, products.id] }),
    foreignKey({ columns: [t.tenantId, t.componentId], foreignColumns: [products.tenantId, products.id] }),
    check("kit_components_positive", sql`${t.quantity} > 0`),
    check("kit_components_not_self", sql`${t.kitId} <> ${t.componentId}`),
    tenantIsolationPolicy(t.tenantId),
    ...catalogPolicies(),
  ],
).enableRLS();

/** What is measured for usage billing (e.g. `api_calls`, `kwh`). */
export const meters = pgTable(
  "meters",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    code: text("code").notNull(),
    name: text("name").notNull(),
    unit: text("unit").notNull(),
    createdAt: createdAtColumn(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), unique("meters_code").on(t.tenantId, t.code), tenantIsolationPolicy(t.tenantId), ...catalogPolicies()],
).enableRLS();

/** The item columns a plan template and a contract version share. */
export function itemTermsColumns() {
  return {
    kind: text("kind", { enum: ITEM_KINDS }).notNull(),
    productId: uuid("product_id").notNull(),
    meterId: uuid("meter_id"),
    quantity: numeric("quantity", { precision: 20, scale: 6 }).notNull().default("1"),
    rating: text("rating", { enum: RATING_MODELS }),
    packageSize: numeric("package_size", { precision: 20, scale: 6 }),
    commitAmountMinor: bigint("commit_amount_minor", { mode: "bigint" }),
    deliveryEvery: smallint("delivery_every"),
    deliveryUnit: text("delivery_unit", { enum: DELIVERY_UNITS }),
    position: smallint("position").notNull().default(0),
  };
}

/** Shape rules for an item of each kind, shared by plan items and contract items. */
export function itemTermsChecks(name: string, t: Record<keyof ReturnType<typeof itemTermsColumns>, AnyPgColumn>) {
  return [
    check(`${name}_kind`, sql`${t.kind} in ('recurring_fee', 'usage', 'commit', 'delivery')`),
    check(`${name}_quantity`, sql`${t.quantity} > 0`),
    check(`${name}_usage_meter`, sql`(${t.kind} = 'usage') = (${t.meterId} is not null) and (${t.kind} <> 'usage' or ${t.rating} in ('tiered', 'volume', 'package'))`),
    check(`${name}_package`, sql`${t.rating} is distinct from 'package' or ${t.packageSize} > 0`),
    check(`${name}_commit`, sql`(${t.kind} = 'commit') = (${t.commitAmountMinor} is not null) and (${t.commitAmountMinor} is null or ${t.commitAmountMinor} > 0)`),
    check(`${name}_delivery`, sql`(${t.kind} = 'delivery') = (${t.deliveryEvery} is not null and ${t.deliveryUnit} is not null) and (${t.deliveryEvery} is null or ${t.deliveryEvery} between 1 and 52)`),
  ];
}

/** A plan: the template of subscription items a seller can start a contract from. */
export const planItems = pgTable(
  "plan_items",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    planId: uuid("plan_id").notNull(),
    ...itemTermsColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.planId], foreignColumns: [products.tenantId, products.id] }),
    foreignKey({ columns: [t.tenantId, t.productId], foreignColumns: [products.tenantId, products.id] }),
    foreignKey({ columns: [t.tenantId, t.meterId], foreignColumns: [meters.tenantId, meters.id] }),
    index("plan_items_plan_idx").on(t.tenantId, t.planId),
    ...itemTermsChecks("plan_items", t),
    tenantIsolationPolicy(t.tenantId),
    ...catalogPolicies(),
  ],
).enableRLS();

/**
 * Substitutes for a stock item, tried in `rank` order when it is out of stock (unless the customer
 * opted out). `ratio` substitute units replace one unit of the product; the original price stands.
 */
export const productSubstitutes = pgTable(
  "product_substitutes",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    productId: uuid("product_id").notNull(),
    substituteId: uuid("substitute_id").notNull(),
    rank: smallint("rank").notNull(),
    ratio: numeric("ratio", { precision: 20, scale: 6 }).notNull().default("1"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("product_substitutes_once").on(t.tenantId, t.productId, t.substituteId),
    unique("product_substitutes_rank").on(t.tenantId, t.productId, t.rank),
    foreignKey({ columns: [t.tenantId, t.productId], foreignColumns: [products.tenantId, products.id] }),
    foreignKey({ columns: [t.tenantId, t.substituteId], foreignColumns: [products.tenantId, products.id] }),
    check("product_substitutes_ratio", sql`${t.ratio} > 0`),
    check("product_substitutes_not_self", sql`${t.productId} <> ${t.substituteId}`),
    tenantIsolationPolicy(t.tenantId),
    ...catalogPolicies(),
  ],
).enableRLS();
