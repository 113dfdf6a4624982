import { sql, type SQL } from "drizzle-orm";
import { bigint, boolean, check, date, foreignKey, index, integer, numeric, pgTable, primaryKey, smallint, text, timestamp, unique, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import { users } from "./access";
import { products } from "./catalog";
import { customers, customerSites } from "./customers";
import { warehouses } from "./inventory";
import { createdAtColumn, customerScope, idColumn, resellerScope, scopePolicies, tenantIdColumn, tenantIsolationPolicy, tenantWideScope } from "./_rls";
import { currencies } from "./reference";
import { subscriptionItems, subscriptions } from "./subscriptions";
import { tenants } from "./tenancy";

export const ORDER_SOURCES = ["replenishment", "emergency", "ad_hoc", "operator", "reseller"] as const;
export const ORDER_STATUSES = ["open", "partially_shipped", "shipped", "closed", "cancelled"] as const;
export const ORDER_HOLDS = ["credit_hold", "credit_limit", "approval"] as const;
export const RETURN_STATUSES = ["requested", "approved", "rejected", "received"] as const;
export const RETURN_DISPOSITIONS = ["restock", "scrap"] as const;
export const RUN_STATUSES = ["queued", "running", "completed", "failed"] as const;

const inList = (column: AnyPgColumn, values: readonly string[]): SQL => sql`${column} in (${sql.raw(values.map((v) => `'${v}'`).join(", "))})`;

/** Staff, jobs, and a reseller or customer for the orders of customers they can see (customers' policy). */
const ownCustomer = (customerId: AnyPgColumn) => sql`${tenantWideScope} or ((${resellerScope} or ${customerScope}) and ${customerId} in (select c.id from customers c))`;
const ofVisibleOrder = (orderId: AnyPgColumn) => sql`${tenantWideScope} or ${orderId} in (select o.id from orders o)`;

/**
 * An order. `hold` is set while a release check stops it (credit hold, credit limit, approval): a held
 * order reserves nothing. `request_key` makes a retried submission return the first order.
 */
export const orders = pgTable(
  "orders",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    number: text("number").notNull(),
    customerId: uuid("customer_id").notNull(),
    shipToSiteId: uuid("ship_to_site_id").notNull(),
    currency: text("currency").notNull().references(() => currencies.code),
    source: text("source", { enum: ORDER_SOURCES }).notNull(),
    status: text("status", { enum: ORDER_STATUSES }).notNull().default("open"),
    hold: text("hold", { enum: ORDER_HOLDS }),
    holdReason: text("hold_reason").notNull().default(""),
    /** Higher is served first when stock is short (a contract's priority). */
    priority: smallint("priority").notNull().default(0),
    preferredWarehouseId: uuid("preferred_warehouse_id"),
    allowSubstitutions: boolean("allow_substitutions").notNull().default(true),
    subscriptionId: uuid("subscription_id"),
    deliveryDate: date("delivery_date"),
    replenishmentRunId: uuid("replenishment_run_id"),
    totalMinor: bigint("total_minor", { mode: "bigint" }).notNull().default(sql`0`),
    note: text("note").notNull().default(""),
    requestKey: text("request_key"),
    createdBy: uuid("created_by").references(() => users.id),
    approvedBy: uuid("approved_by").references(() => users.id),
    approvedAt: timestamp("approved_at", { withTimezone: true }),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
    createdAt: createdAtColumn(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("orders_number").on(t.tenantId, t.number),
    unique("orders_request").on(t.tenantId, t.requestKey),
    foreignKey({ columns: [t.tenantId, t.customerId], foreignColumns: [customers.tenantId, customers.id] }),
    foreignKey({ columns: [t.tenantId, t.shipToSiteId], foreignColumns: [customerSites.tenantId, customerSites.id] }),
    foreignKey({ columns: [t.tenantId, t.preferredWarehouseId], foreignColumns: [warehouses.tenantId, warehouses.id] }),
    foreignKey({ columns: [t.tenantId, t.subscriptionId], foreignColumns: [subscriptions.tenantId, subscriptions.id] }),
    index("orders_status_idx").on(t.tenantId, t.status, t.createdAt),
    index("orders_customer_idx").on(t.tenantId, t.customerId, t.createdAt),
    // The credit check's read (openExposureByCustomer): only the released, unsettled orders, so it never scans a customer's history.
    index("orders_open_exposure_idx").on(t.tenantId, t.customerId).where(sql`${t.hold} is null and ${t.status} in ('open', 'partially_shipped', 'shipped')`),
    index("orders_run_idx").on(t.tenantId, t.replenishmentRunId),
    check("orders_source", inList(t.source, ORDER_SOURCES)),
    check("orders_status", inList(t.status, ORDER_STATUSES)),
    check("orders_hold", sql`${t.hold} is null or ${inList(t.hold, ORDER_HOLDS)}`),
    check("orders_total", sql`${t.totalMinor} >= 0`),
    check("orders_approval_segregation", sql`${t.approvedBy} is null or ${t.approvedBy} is distinct from ${t.createdBy}`),
    tenantIsolationPolicy(t.tenantId),
    ...scopePolicies(ownCustomer(t.customerId), ownCustomer(t.customerId), tenantWideScope),
  ],
).enableRLS();

/**
 * A line, priced by the catalog's price resolution. A kit's line carries the price; its components
 * are child lines (`parent_line_id`, price 0) that are reserved and shipped. `backordered_quantity`
 * is what allocation could not cover yet; a goods receipt fills it.
 */
export const orderLines = pgTable(
  "order_lines",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    orderId: uuid("order_id").notNull(),
    lineNo: integer("line_no").notNull(),
    parentLineId: uuid("parent_line_id"),
    productId: uuid("product_id").notNull(),
    quantity: integer("quantity").notNull(),
    unitPrice: numeric("unit_price", { precision: 20, scale: 6 }).notNull(),
    /** Which price rule produced the unit price ("why this price"). */
    priceRule: text("price_rule").notNull().default(""),
    amountMinor: bigint("amount_minor", { mode: "bigint" }).notNull(),
    /** Whether this line is reserved and shipped (a stock item or a kit component). */
    stocked: boolean("stocked").notNull(),
    backorderedQuantity: integer("backordered_quantity").notNull().default(0),
    subscriptionItemId: uuid("subscription_item_id"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("order_lines_number").on(t.tenantId, t.orderId, t.lineNo),
    foreignKey({ columns: [t.tenantId, t.orderId], foreignColumns: [orders.tenantId, orders.id] }),
    foreignKey({ columns: [t.tenantId, t.parentLineId], foreignColumns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.productId], foreignColumns: [products.tenantId, products.id] }),
    foreignKey({ columns: [t.tenantId, t.subscriptionItemId], foreignColumns: [subscriptionItems.tenantId, subscriptionItems.id] }),
    index("order_lines_order_idx").on(t.tenantId, t.orderId),
    index("order_lines_backorder_idx").on(t.tenantId, t.productId).where(sql`${t.backorderedQuantity} > 0`),
    check("order_lines_quantity", sql`${t.quantity} > 0`),
    check("order_lines_amount", sql`${t.amountMinor} >= 0 and ${t.unitPrice} >= 0`),
    check("order_lines_backorder", sql`${t.backorderedQuantity} >= 0 and ${t.backorderedQuantity} <= ${t.quantity} and (${t.stocked} or ${t.backorderedQuantity} = 0)`),
    tenantIsolationPolicy(t.tenantId),
    ...scopePolicies(ofVisibleOrder(t.orderId), ofVisibleOrder(t.orderId), tenantWideScope),
  ],
).enableRLS();

/**
 * A reservation: `quantity` units of `product_id` (the line's product, or a substitute) in one
 * warehouse for one line. Reserved now = quantity - shipped - released; the sum per warehouse and
 * product is `stock_balances.reserved`. `covers` is how many units of the line it fulfils.
 */
export const orderAllocations = pgTable(
  "order_allocations",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    orderId: uuid("order_id").notNull(),
    orderLineId: uuid("order_line_id").notNull(),
    warehouseId: uuid("warehouse_id").notNull(),
    productId: uuid("product_id").notNull(),
    quantity: integer("quantity").notNull(),
    shippedQuantity: integer("shipped_quantity").notNull().default(0),
    releasedQuantity: integer("released_quantity").notNull().default(0),
    covers: integer("covers").notNull(),
    substitute: boolean("substitute").notNull().default(false),
    createdAt: createdAtColumn(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.orderId], foreignColumns: [orders.tenantId, orders.id] }),
    foreignKey({ columns: [t.tenantId, t.orderLineId], foreignColumns: [orderLines.tenantId, orderLines.id] }),
    foreignKey({ columns: [t.tenantId, t.warehouseId], foreignColumns: [warehouses.tenantId, warehouses.id] }),
    foreignKey({ columns: [t.tenantId, t.productId], foreignColumns: [products.tenantId, products.id] }),
    unique("order_allocations_once").on(t.tenantId, t.orderLineId, t.productId, t.warehouseId),
    index("order_allocations_order_idx").on(t.tenantId, t.orderId),
    index("order_allocations_location_idx").on(t.tenantId, t.productId, t.warehouseId),
    check("order_allocations_quantities", sql`${t.quantity} > 0 and ${t.covers} > 0 and ${t.shippedQuantity} >= 0 and ${t.releasedQuantity} >= 0 and ${t.shippedQuantity} + ${t.releasedQuantity} <= ${t.quantity}`),
    tenantIsolationPolicy(t.tenantId),
    ...scopePolicies(ofVisibleOrder(t.orderId), tenantWideScope),
  ],
).enableRLS();

/** A shipment from one warehouse: carrier and tracking; its lines move stock out of reserved. */
export const shipments = pgTable(
  "shipments",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    number: text("number").notNull(),
    orderId: uuid("order_id").notNull(),
    warehouseId: uuid("warehouse_id").notNull(),
    carrier: text("carrier").notNull(),
    trackingNumber: text("tracking_number").notNull().default(""),
    requestKey: text("request_key"),
    shippedBy: uuid("shipped_by").references(() => users.id),
    shippedAt: createdAtColumn(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("shipments_number").on(t.tenantId, t.number),
    unique("shipments_request").on(t.tenantId, t.requestKey),
    foreignKey({ columns: [t.tenantId, t.orderId], foreignColumns: [orders.tenantId, orders.id] }),
    foreignKey({ columns: [t.tenantId, t.warehouseId], foreignColumns: [warehouses.tenantId, warehouses.id] }),
    index("shipments_order_idx").on(t.tenantId, t.orderId),
    tenantIsolationPolicy(t.tenantId),
    ...scopePolicies(ofVisibleOrder(t.orderId), tenantWideScope),
  ],
).enableRLS();

export const shipmentLines = pgTable(
  "shipment_lines",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    shipmentId: uuid("shipment_id").notNull(),
    orderId: uuid("order_id").notNull(),
    orderLineId: uuid("order_line_id").notNull(),
    allocationId: uuid("allocation_id").notNull(),
    productId: uuid("product_id").notNull(),
    quantity: integer("quantity").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.shipmentId], foreignColumns: [shipments.tenantId, shipments.id] }),
    foreignKey({ columns: [t.tenantId, t.orderId], foreignColumns: [orders.tenantId, orders.id] }),
    foreignKey({ columns: [t.tenantId, t.orderLineId], foreignColumns: [orderLines.tenantId, orderLines.id] }),
    foreignKey({ columns: [t.tenantId, t.allocationId], foreignColumns: [orderAllocations.tenantId, orderAllocations.id] }),
    foreignKey({ columns: [t.tenantId, t.productId], foreignColumns: [products.tenantId, products.id] }),
    index("shipment_lines_shipment_idx").on(t.tenantId, t.shipmentId),
    index("shipment_lines_order_line_idx").on(t.tenantId, t.orderLineId),
    check("shipment_lines_quantity", sql`${t.quantity} > 0`),
    tenantIsolationPolicy(t.tenantId),
    ...scopePolicies(ofVisibleOrder(t.orderId), tenantWideScope),
  ],
).enableRLS();

/** A return (RMA): requested by the customer for shipped lines, approved by staff, then received. */
export const returns = pgTable(
  "returns",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    number: text("number").notNull(),
    orderId: uuid("order_id").notNull(),
    customerId: uuid("customer_id").notNull(),
    status: text("status", { enum: RETURN_STATUSES }).notNull().default("requested"),
    reason: text("reason").notNull(),
    decisionNote: text("decision_note").notNull().default(""),
    requestKey: text("request_key"),
    requestedBy: uuid("requested_by").references(() => users.id),
    decidedBy: uuid("decided_by").references(() => users.id),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    receivedBy: uuid("received_by").references(() => users.id),
    receivedAt: timestamp("received_at", { withTimezone: true }),
    createdAt: createdAtColumn(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("returns_number").on(t.tenantId, t.number),
    unique("returns_request").on(t.tenantId, t.requestKey),
    foreignKey({ columns: [t.tenantId, t.orderId], foreignColumns: [orders.tenantId, orders.id] }),
    foreignKey({ columns: [t.tenantId, t.customerId], foreignColumns: [customers.tenantId, customers.id] }),
    index("returns_status_idx").on(t.tenantId, t.status, t.createdAt),
    index("returns_order_idx").on(t.tenantId, t.orderId),
    check("returns_status", inList(t.status, RETURN_STATUSES)),
    tenantIsolationPolicy(t.tenantId),
    ...scopePolicies(ownCustomer(t.customerId), ownCustomer(t.customerId), tenantWideScope),
  ],
).enableRLS();

/**
 * A returned line, with what billing needs for the credit note: the line's unit price, the amount and
 * the tax class as sold. `disposition` and `received_quantity` are set when the goods arrive;
 * `credit_note_id` when billing has credited it.
 */
export const returnLines = pgTable(
  "return_lines",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    returnId: uuid("return_id").notNull(),
    orderLineId: uuid("order_line_id").notNull(),
    productId: uuid("product_id").notNull(),
    quantity: integer("quantity").notNull(),
    unitPrice: numeric("unit_price", { precision: 20, scale: 6 }).notNull(),
    amountMinor: bigint("amount_minor", { mode: "bigint" }).notNull(),
    taxClass: text("tax_class").notNull(),
    disposition: text("disposition", { enum: RETURN_DISPOSITIONS }),
    warehouseId: uuid("warehouse_id"),
    receivedQuantity: integer("received_quantity"),
    creditNoteId: uuid("credit_note_id"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.returnId], foreignColumns: [returns.tenantId, returns.id] }),
    foreignKey({ columns: [t.tenantId, t.orderLineId], foreignColumns: [orderLines.tenantId, orderLines.id] }),
    foreignKey({ columns: [t.tenantId, t.productId], foreignColumns: [products.tenantId, products.id] }),
    foreignKey({ columns: [t.tenantId, t.warehouseId], foreignColumns: [warehouses.tenantId, warehouses.id] }),
    index("return_lines_return_idx").on(t.tenantId, t.returnId),
    index("return_lines_order_line_idx").on(t.tenantId, t.orderLineId),
    check("return_lines_quantity", sql`${t.quantity} > 0 and ${t.amountMinor} >= 0`),
    check("return_lines_disposition", sql`${t.disposition} is null or ${inList(t.disposition, RETURN_DISPOSITIONS)}`),
    check("return_lines_received", sql`${t.receivedQuantity} is null or (${t.receivedQuantity} between 0 and ${t.quantity})`),
    tenantIsolationPolicy(t.tenantId),
    ...scopePolicies(
      sql`${tenantWideScope} or ${t.returnId} in (select r.id from returns r)`,
      sql`${tenantWideScope} or ${t.returnId} in (select r.id from returns r)`,
      tenantWideScope,
    ),
  ],
).enableRLS();

/** A replenishment run: deliveries due up to `through_date` turned into orders, with progress. */
export const replenishmentRuns = pgTable(
  "replenishment_runs",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    throughDate: date("through_date").notNull(),
    status: text("status", { enum: RUN_STATUSES }).notNull().default("queued"),
    total: integer("total").notNull().default(0),
    done: integer("done").notNull().default(0),
    ordersCreated: integer("orders_created").notNull().default(0),
    linesBackordered: integer("lines_backordered").notNull().default(0),
    unitsBackordered: integer("units_backordered").notNull().default(0),
    substitutions: integer("substitutions").notNull().default(0),
    holds: integer("holds").notNull().default(0),
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
    index("replenishment_runs_created_idx").on(t.tenantId, t.createdAt),
    check("replenishment_runs_status", inList(t.status, RUN_STATUSES)),
    check("replenishment_runs_progress", sql`${t.done} >= 0 and ${t.done} <= ${t.total}`),
    tenantIsolationPolicy(t.tenantId),
    ...scopePolicies(tenantWideScope),
  ],
).enableRLS();

/** Something a run could not do as planned: a backorder, a hold, a missing ship-to site. */
export const replenishmentExceptions = pgTable(
  "replenishment_exceptions",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    runId: uuid("run_id").notNull(),
    subscriptionId: uuid("subscription_id"),
    productId: uuid("product_id"),
    orderId: uuid("order_id"),
    deliveryDate: date("delivery_date"),
    kind: text("kind").notNull(),
    detail: text("detail").notNull().default(""),
    createdAt: createdAtColumn(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.runId], foreignColumns: [replenishmentRuns.tenantId, replenishmentRuns.id] }),
    index("replenishment_exceptions_run_idx").on(t.tenantId, t.runId),
    tenantIsolationPolicy(t.tenantId),
    ...scopePolicies(tenantWideScope),
  ],
).enableRLS();

/**
 * One row per delivery of a contract's schedule turned into an order: the unique key
 * (subscription, product, delivery date) is what makes a rerun, a retried job or two racing
 * workers create nothing twice. Keyed by product, not item id, because an amendment makes new items.
 */
export const scheduledDeliveries = pgTable(
  "scheduled_deliveries",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    subscriptionId: uuid("subscription_id").notNull(),
    productId: uuid("product_id").notNull(),
    deliveryDate: date("delivery_date").notNull(),
    subscriptionItemId: uuid("subscription_item_id").notNull(),
    orderId: uuid("order_id"),
    runId: uuid("run_id"),
    createdAt: createdAtColumn(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("scheduled_deliveries_once").on(t.tenantId, t.subscriptionId, t.productId, t.deliveryDate),
    foreignKey({ columns: [t.tenantId, t.subscriptionId], foreignColumns: [subscriptions.tenantId, subscriptions.id] }),
    foreignKey({ columns: [t.tenantId, t.subscriptionItemId], foreignColumns: [subscriptionItems.tenantId, subscriptionItems.id] }),
    foreignKey({ columns: [t.tenantId, t.orderId], foreignColumns: [orders.tenantId, orders.id] }),
    tenantIsolationPolicy(t.tenantId),
    ...scopePolicies(tenantWideScope),
  ],
).enableRLS();
export type OrderHold = (typeof ORDER_HOLDS)[number];
