import { asc, eq } from "drizzle-orm";
import { customers, customerSites, meters, products } from "../../../db/schema";
import type { TenantTx } from "../../../db/with-tenant";

/** What the contract form offers: customers (with their currency), their ship-to sites, products, plans and meters. */
export async function subscriptionFormOptions(tx: TenantTx) {
  const [customerRows, sites, productRows, meterRows] = await Promise.all([
    tx.select({ id: customers.id, name: customers.name, currency: customers.currency }).from(customers).orderBy(asc(customers.name)).limit(1000),
    tx.select({ id: customerSites.id, customerId: customerSites.customerId, name: customerSites.name, isDefault: customerSites.isDefault }).from(customerSites).orderBy(asc(customerSites.name)).limit(5000),
    tx.select({ id: products.id, sku: products.sku, name: products.name, kind: products.kind }).from(products).where(eq(products.status, "active")).orderBy(asc(products.name)).limit(2000),
    tx.select({ id: meters.id, code: meters.code, name: meters.name, unit: meters.unit }).from(meters).orderBy(asc(meters.name)),
  ]);
  return {
    customers: customerRows,
    sites,
    products: productRows.filter((p) => p.kind !== "plan"),
    plans: productRows.filter((p) => p.kind === "plan"),
    meters: meterRows,
  };
}
