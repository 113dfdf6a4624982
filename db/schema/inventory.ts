import { sql } from "drizzle-orm";
import { check, foreignKey, index, integer, pgTable, primaryKey, smallint, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { users } from "./access";
import { products } from "./catalog";
import { addressColumns } from "./address";
import { createdAtColumn, idColumn, scopePolicies, tenantIdColumn, tenantIsolationPolicy, tenantWideScope } from "./_rls";
import { tenants } from "./tenancy";

export const STOCK_MOVEMENT_KINDS = ["receipt", "adjustment", "transfer_out", "transfer_in", "shipment", "return", "scrap"] as const;
export type StockMovementKind = (typeof STOCK_MOVEMENT_KINDS)[number];

/** Staff and jobs only: stock operations are the tenant's, never a customer's or a reseller's. */
const staffOnlyPolicies = () => scopePolicies(tenantWideScope);

/**
 * A stock location. Allocation tries the customer's preferred warehouse first, then warehouses by
 * `priority` (higher first). Every scope may read names and availability (portals show it).
 */
export const warehouses = pgTable(
  "warehouses",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    code: text("code").notNull(),
    name: text("name").notNull(),
    priority: smallint("priority").notNull().default(0),
    ...addressColumns(),
    status: text("status", { enum: ["active", "archived"] }).notNull().default("active"),
    createdAt: createdAtColumn(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("warehouses_code").on(t.tenantId, t.code),
    check("warehouses_status", sql`${t.status} in ('active', 'archived')`),
    tenantIsolationPolicy(t.tenantId),
    ...scopePolicies(sql`true`, tenantWideScope),
  ],
).enableRLS();

/**
 * On hand and reserved per warehouse and product. Changed only in the transaction that appends the
 * stock movement (on hand) or changes an allocation (reserved), so both can be rebuilt and checked.
 * The checks are the no-oversell invariant, enforced by the database under any concurrency.
 */
export const stockBalances = pgTable(
  "stock_balances",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    warehouseId: uuid("warehouse_id").notNull(),
    productId: uuid("product_id").notNull(),
    onHand: integer("on_hand").notNull().default(0),
    reserved: integer("reserved").notNull().default(0),
    available: integer("available").generatedAlwaysAs(sql`on_hand - reserved`),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("stock_balances_location").on(t.tenantId, t.productId, t.warehouseId),
    foreignKey({ columns: [t.tenantId, t.warehouseId], foreignColumns: [warehouses.tenantId, warehouses.id] }),
    foreignKey({ columns: [t.tenantId, t.productId], foreignColumns: [products.tenantId, products.id] }),
    check("stock_balances_on_hand", sql`${t.onHand} >= 0`),
    check("stock_balances_reserved", sql`${t.reserved} >= 0 and ${t.reserved} <= ${t.onHand}`),
    tenantIsolationPolicy(t.tenantId),
    ...scopePolicies(sql`true`, tenantWideScope),
  ],
).enableRLS();

/**
 * The append-only stock ledger: every change of on hand, signed. `reference_id` points at the
 * receipt, shipment, return or transfer that caused it; `request_key` makes a retried request a no-op.
 */
export const stockMovements = pgTable(
  "stock_movements",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    warehouseId: uuid("warehouse_id").notNull(),
    productId: uuid("product_id").notNull(),
    kind: text("kind", { enum: STOCK_MOVEMENT_KINDS }).notNull(),
    /** Change of on hand: positive into stock, negative out of it. */
    quantity: integer("quantity").notNull(),
    reason: text("reason").notNull().default(""),
    referenceType: text("reference_type"),
    referenceId: uuid("reference_id"),
    requestKey: text("request_key"),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: createdAtColumn(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("stock_movements_request").on(t.tenantId, t.kind, t.requestKey, t.productId),
    foreignKey({ columns: [t.tenantId, t.warehouseId], foreignColumns: [warehouses.tenantId, warehouses.id] }),
    foreignKey({ columns: [t.tenantId, t.productId], foreignColumns: [products.tenantId, products.id] }),
    index("stock_movements_location_idx").on(t.tenantId, t.productId, t.warehouseId, t.createdAt),
    index("stock_movements_reference_idx").on(t.tenantId, t.referenceId),
    check("stock_movements_kind", sql`${t.kind} in ('receipt', 'adjustment', 'transfer_out', 'transfer_in', 'shipment', 'return', 'scrap')`),
    check(
      "stock_movements_sign",
      sql`case when ${t.kind} in ('receipt', 'transfer_in', 'return') then ${t.quantity} > 0 when ${t.kind} in ('shipment', 'transfer_out', 'scrap') then ${t.quantity} < 0 else ${t.quantity} <> 0 end`,
    ),
    check("stock_movements_adjustment_reason", sql`${t.kind} <> 'adjustment' or length(${t.reason}) > 0`),
    tenantIsolationPolicy(t.tenantId),
    ...staffOnlyPolicies(),
  ],
).enableRLS();

/** Purchased goods received into a warehouse; each line appends a `receipt` movement. */
export const goodsReceipts = pgTable(
  "goods_receipts",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    number: text("number").notNull(),
    warehouseId: uuid("warehouse_id").notNull(),
    supplierReference: text("supplier_reference").notNull().default(""),
    note: text("note").notNull().default(""),
    requestKey: text("request_key"),
    receivedBy: uuid("received_by").references(() => users.id),
    receivedAt: createdAtColumn(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("goods_receipts_number").on(t.tenantId, t.number),
    unique("goods_receipts_request").on(t.tenantId, t.requestKey),
    foreignKey({ columns: [t.tenantId, t.warehouseId], foreignColumns: [warehouses.tenantId, warehouses.id] }),
    tenantIsolationPolicy(t.tenantId),
    ...staffOnlyPolicies(),
  ],
).enableRLS();

export const goodsReceiptLines = pgTable(
  "goods_receipt_lines",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    receiptId: uuid("receipt_id").notNull(),
    productId: uuid("product_id").notNull(),
    quantity: integer("quantity").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.receiptId], foreignColumns: [goodsReceipts.tenantId, goodsReceipts.id] }),
    foreignKey({ columns: [t.tenantId, t.productId], foreignColumns: [products.tenantId, products.id] }),
    index("goods_receipt_lines_receipt_idx").on(t.tenantId, t.receiptId),
    check("goods_receipt_lines_quantity", sql`${t.quantity} > 0`),
    tenantIsolationPolicy(t.tenantId),
    ...staffOnlyPolicies(),
  ],
).enableRLS();
