import type { createCaller } from "./root";
import { productListFilters } from "../domain/catalog/schemas";
import type { ProductRow } from "../domain/catalog/products";
import { priceBookListFilters } from "../domain/pricing/schemas";
import type { PriceBookRow } from "../domain/pricing/price-books";
import { subscriptionListFilters, type SubscriptionRow } from "../domain/subscriptions/contracts";
import { customerListFilters } from "../domain/customers/schemas";
import type { CustomerRow } from "../domain/customers/customers";
import { orderListFilters } from "../domain/orders/schemas";
import type { OrderRow } from "../domain/orders/queries";
import { stockListFilters } from "../domain/inventory/schemas";
import type { StockRow } from "../domain/inventory/stock";
import type { SuggestionRow } from "../domain/inventory/suggestions";
import { invoiceListFilters, type InvoiceRow } from "../domain/billing/invoices";

type Caller = ReturnType<typeof createCaller>;
type Query = { search?: string; sort?: string; dir?: "asc" | "desc"; filters: Record<string, string> };

/** A list that can be downloaded as CSV: which procedure pages it, and how a row becomes columns. */
export interface CsvExport {
  filename: string;
  /** Fetches one page through the same tRPC procedure the screen uses (same roles, same RLS). */
  page(caller: Caller, query: Query & { page: number; pageSize: number }): Promise<{ rows: unknown[]; total: number }>;
  columns: Array<{ header: string; value: (row: never) => string | number | bigint | null | undefined }>;
}

/**
 * The registry of exportable lists, keyed by the name used in `/api/export/<name>`. Domains add
 * their lists here; the route handler is shared.
 */
export const CSV_EXPORTS: Record<string, CsvExport> = {
  "billing-invoices": {
    filename: "invoices.csv",
    page: (caller, q) => caller.billing.invoices({ ...invoiceListFilters(q.filters), page: q.page, pageSize: q.pageSize, search: q.search, sort: q.sort, dir: q.dir }),
    columns: [
      { header: "Number", value: (r: InvoiceRow) => r.number ?? "" },
      { header: "Status", value: (r: InvoiceRow) => r.status },
      { header: "Source", value: (r: InvoiceRow) => r.source },
      { header: "Customer", value: (r: InvoiceRow) => r.customer },
      { header: "Subscription", value: (r: InvoiceRow) => r.subscription_number ?? "" },
      { header: "Period start", value: (r: InvoiceRow) => r.period_start ?? "" },
      { header: "Period end (exclusive)", value: (r: InvoiceRow) => r.period_end ?? "" },
      { header: "Issue date", value: (r: InvoiceRow) => r.issue_date ?? "" },
      { header: "Due date", value: (r: InvoiceRow) => r.due_date ?? "" },
      { header: "Currency", value: (r: InvoiceRow) => r.currency },
      { header: "Net (minor units)", value: (r: InvoiceRow) => r.net_minor },
      { header: "Tax (minor units)", value: (r: InvoiceRow) => r.tax_minor },
      { header: "Total (minor units)", value: (r: InvoiceRow) => r.total_minor },
      { header: "Open (minor units)", value: (r: InvoiceRow) => r.balance_minor },
    ],
  },
  "catalog-products": {
    filename: "products.csv",
    page: (caller, q) => caller.catalog.products({ ...productListFilters(q.filters), page: q.page, pageSize: q.pageSize, search: q.search, sort: q.sort, dir: q.dir }),
    columns: [
      { header: "SKU", value: (r: ProductRow) => r.sku },
      { header: "Name", value: (r: ProductRow) => r.name },
      { header: "Kind", value: (r: ProductRow) => r.kind },
      { header: "Category", value: (r: ProductRow) => r.category ?? "" },
      { header: "Unit of measure", value: (r: ProductRow) => r.unitOfMeasure },
      { header: "Tax class", value: (r: ProductRow) => r.taxClass },
      { header: "Status", value: (r: ProductRow) => r.status },
      { header: "Created", value: (r: ProductRow) => r.createdAt.toISOString() },
    ],
  },
  "price-books": {
    filename: "price-books.csv",
    page: (caller, q) => caller.pricing.books({ ...priceBookListFilters(q.filters), page: q.page, pageSize: q.pageSize, search: q.search, sort: q.sort, dir: q.dir }),
    columns: [
      { header: "Name", value: (r: PriceBookRow) => r.name },
      { header: "Kind", value: (r: PriceBookRow) => r.kind },
      { header: "Currency", value: (r: PriceBookRow) => r.currency },
      { header: "Customer", value: (r: PriceBookRow) => r.customer ?? "" },
      { header: "Reseller", value: (r: PriceBookRow) => r.reseller ?? "" },
      { header: "Entries", value: (r: PriceBookRow) => r.entries },
      { header: "Status", value: (r: PriceBookRow) => r.status },
    ],
  },
  "operator-customers": {
    filename: "customers.csv",
    page: (caller, q) => caller.customers.list({ ...customerListFilters(q.filters), page: q.page, pageSize: q.pageSize, search: q.search, sort: q.sort, dir: q.dir }),
    columns: [
      { header: "Code", value: (r: CustomerRow) => r.code },
      { header: "Name", value: (r: CustomerRow) => r.name },
      { header: "City", value: (r: CustomerRow) => r.city },
      { header: "Country", value: (r: CustomerRow) => r.countryCode },
      { header: "Status", value: (r: CustomerRow) => r.status },
      { header: "Reseller", value: (r: CustomerRow) => r.reseller ?? "" },
      { header: "Currency", value: (r: CustomerRow) => r.currency },
      { header: "Payment terms (days)", value: (r: CustomerRow) => r.paymentTermsDays },
      { header: "Credit limit (minor units)", value: (r: CustomerRow) => r.creditLimitMinor },
      { header: "Created", value: (r: CustomerRow) => r.createdAt.toISOString() },
    ],
  },
  "subscriptions": {
    filename: "subscriptions.csv",
    page: (caller, q) => caller.subscriptions.list({ ...subscriptionListFilters(q.filters), page: q.page, pageSize: q.pageSize, search: q.search, sort: q.sort, dir: q.dir }),
    columns: [
      { header: "Number", value: (r: SubscriptionRow) => r.number },
      { header: "Customer", value: (r: SubscriptionRow) => r.customer },
      { header: "Status", value: (r: SubscriptionRow) => r.status },
      { header: "Currency", value: (r: SubscriptionRow) => r.currency },
      { header: "Term start", value: (r: SubscriptionRow) => r.termStart },
      { header: "Term end", value: (r: SubscriptionRow) => r.termEnd },
      { header: "Billing interval", value: (r: SubscriptionRow) => r.billingInterval },
      { header: "Anchor day", value: (r: SubscriptionRow) => r.anchorDay },
      { header: "Auto-renew", value: (r: SubscriptionRow) => (r.autoRenew ? "yes" : "no") },
      { header: "Cancel at", value: (r: SubscriptionRow) => r.cancelAt },
      { header: "Version", value: (r: SubscriptionRow) => r.version },
    ],
  },
  "orders": {
    filename: "orders.csv",
    page: (caller, q) => caller.orders.list({ ...orderListFilters(q.filters), page: q.page, pageSize: q.pageSize, search: q.search, sort: q.sort, dir: q.dir }),
    columns: [
      { header: "Number", value: (r: OrderRow) => r.number },
      { header: "Customer", value: (r: OrderRow) => r.customer },
      { header: "Source", value: (r: OrderRow) => r.source },
      { header: "Status", value: (r: OrderRow) => r.status },
      { header: "Hold", value: (r: OrderRow) => r.hold ?? "" },
      { header: "Hold reason", value: (r: OrderRow) => r.holdReason },
      { header: "Currency", value: (r: OrderRow) => r.currency },
      { header: "Total (minor units)", value: (r: OrderRow) => r.totalMinor },
      { header: "Lines", value: (r: OrderRow) => r.lines },
      { header: "Backordered units", value: (r: OrderRow) => r.backorderedUnits },
      { header: "Substitutions", value: (r: OrderRow) => r.substitutions },
      { header: "Shipments", value: (r: OrderRow) => r.shipments },
      { header: "Created", value: (r: OrderRow) => r.createdAt.toISOString() },
    ],
  },
  "inventory-stock": {
    filename: "stock.csv",
    page: (caller, q) => caller.inventory.stock({ ...stockListFilters(q.filters), page: q.page, pageSize: q.pageSize, search: q.search, sort: q.sort, dir: q.dir }),
    columns: [
      { header: "Warehouse", value: (r: StockRow) => r.warehouseCode },
      { header: "SKU", value: (r: StockRow) => r.sku },
      { header: "Product", value: (r: StockRow) => r.name },
      { header: "Unit", value: (r: StockRow) => r.unitOfMeasure },
      { header: "On hand", value: (r: StockRow) => r.onHand },
      { header: "Reserved", value: (r: StockRow) => r.reserved },
      { header: "Available", value: (r: StockRow) => r.available },
      { header: "Available, all warehouses", value: (r: StockRow) => r.totalAvailable },
      { header: "Reorder point", value: (r: StockRow) => r.reorderPoint },
      { header: "Updated", value: (r: StockRow) => r.updatedAt.toISOString() },
    ],
  },
  "inventory-suggestions": {
    filename: "replenishment-suggestions.csv",
    page: (caller, q) => caller.inventory.suggestions({ page: q.page, pageSize: q.pageSize, search: q.search, sort: q.sort, dir: q.dir }),
    columns: [
      { header: "SKU", value: (r: SuggestionRow) => r.sku },
      { header: "Product", value: (r: SuggestionRow) => r.name },
      { header: "Unit", value: (r: SuggestionRow) => r.unitOfMeasure },
      { header: "On hand", value: (r: SuggestionRow) => r.onHand },
      { header: "Reserved", value: (r: SuggestionRow) => r.reserved },
      { header: "Available", value: (r: SuggestionRow) => r.available },
      { header: "Backordered", value: (r: SuggestionRow) => r.backordered },
      { header: "Reorder point", value: (r: SuggestionRow) => r.reorderPoint },
      { header: "Suggested quantity", value: (r: SuggestionRow) => r.suggested },
    ],
  },
};

/** Exports stop here; beyond it the user should filter (the response says so in a header). */
export const CSV_EXPORT_MAX_ROWS = 50_000;
