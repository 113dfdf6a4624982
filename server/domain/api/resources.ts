import { and, asc, eq, gt, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { z } from "zod";
import { customers, orders, products, subscriptions } from "../../../db/schema";
import { CUSTOMER_STATUSES } from "../../../db/schema/customers";
import type { TenantTx } from "../../../db/with-tenant";
import { DomainError } from "../errors";
import { decodeCursor, pageOf } from "./cursor";

/*
 * The embedding API's resources: JSON-safe shapes (money as a string of minor units, times as ISO
 * strings) read with keyset pagination over the uuidv7 id, so a page costs one index range scan
 * however deep the consumer pages. The same objects go out over tRPC and REST.
 */

/**
 * A query-string integer: digits arrive as text over REST, as a number over tRPC. Coerced here, not by
 * trpc-to-openapi, whose coercion check (`'coerce' in z`) fails in a webpack build of the app.
 */
const queryInt = (schema: z.ZodNumber) => z.preprocess((v) => (typeof v === "string" && /^-?\d+$/.test(v.trim()) ? Number(v) : v), schema);

export const pageQuery = {
  limit: queryInt(z.number().int().min(1).max(100)).default(25).describe("Rows per page, 1 to 100 (default 25)"),
  cursor: z.string().max(200).optional().describe("The nextCursor of the previous page; omit for the first page"),
};
export const pageOutput = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item), nextCursor: z.string().nullable() });

const minor = z.string().regex(/^-?\d+$/).describe("An amount in minor units (cents), as a string");
const instant = z.string().describe("ISO 8601 timestamp");

export const customerResource = z.object({
  id: z.uuid(),
  code: z.string().nullable(),
  name: z.string(),
  status: z.enum(CUSTOMER_STATUSES),
  currency: z.string(),
  creditLimitMinor: minor,
  paymentTermsDays: z.number().int(),
  resellerId: z.uuid().nullable(),
  city: z.string(),
  countryCode: z.string(),
  createdAt: instant,
}).meta({ id: "Customer" });
export type CustomerResource = z.infer<typeof customerResource>;

export const subscriptionResource = z.object({
  id: z.uuid(),
  number: z.string(),
  customerId: z.uuid(),
  status: z.string(),
  currency: z.string(),
  termStart: z.string(),
  termEnd: z.string(),
  billingInterval: z.string(),
  anchorDay: z.number().int(),
  autoRenew: z.boolean(),
  cancelAt: z.string().nullable(),
  createdAt: instant,
}).meta({ id: "Subscription" });

export const orderResource = z.object({
  id: z.uuid(),
  number: z.string(),
  customerId: z.uuid(),
  source: z.string(),
  status: z.string(),
  hold: z.string().nullable(),
  holdReason: z.string(),
  currency: z.string(),
  totalMinor: minor,
  subscriptionId: z.uuid().nullable(),
  createdAt: instant,
}).meta({ id: "Order" });

export const productResource = z.object({
  id: z.uuid(),
  sku: z.string(),
  name: z.string(),
  description: z.string(),
  kind: z.string(),
  unitOfMeasure: z.string(),
  taxClass: z.string(),
  status: z.string(),
  createdAt: instant,
}).meta({ id: "Product" });

const customerColumns = {
  id: customers.id, code: customers.code, name: customers.name, status: customers.status, currency: customers.currency,
  creditLimitMinor: customers.creditLimitMinor, paymentTermsDays: customers.paymentTermsDays, resellerId: customers.resellerId,
  city: customers.city, countryCode: customers.countryCode, createdAt: customers.createdAt,
};
const asCustomer = (r: { creditLimitMinor: bigint; createdAt: Date } & Omit<CustomerResource, "creditLimitMinor" | "createdAt">): CustomerResource => ({
  ...r, creditLimitMinor: r.creditLimitMinor.toString(), createdAt: r.createdAt.toISOString(),
});

const subscriptionColumns = {
  id: subscriptions.id, number: subscriptions.number, customerId: subscriptions.customerId, status: subscriptions.status, currency: subscriptions.currency,
  termStart: subscriptions.termStart, termEnd: subscriptions.termEnd, billingInterval: subscriptions.billingInterval, anchorDay: subscriptions.anchorDay,
  autoRenew: subscriptions.autoRenew, cancelAt: subscriptions.cancelAt, createdAt: subscriptions.createdAt,
};
const orderColumns = {
  id: orders.id, number: orders.number, customerId: orders.customerId, source: orders.source, status: orders.status, hold: orders.hold,
  holdReason: orders.holdReason, currency: orders.currency, totalMinor: orders.totalMinor, subscriptionId: orders.subscriptionId, createdAt: orders.createdAt,
};
const productColumns = {
  id: products.id, sku: products.sku, name: products.name, description: products.description, kind: products.kind,
  unitOfMeasure: products.unitOfMeasure, taxClass: products.taxClass, status: products.status, createdAt: products.createdAt,
};

const iso = <T extends { createdAt: Date }>(r: T) => ({ ...r, createdAt: r.createdAt.toISOString() });
const after = (column: AnyPgColumn, tenantId: string, cursor: string | undefined): SQL | undefined => {
  const last = decodeCursor(tenantId, cursor);
  if (last !== null && !z.uuid().safeParse(last).success) throw new DomainError("BAD_REQUEST", "Invalid cursor", { cursor: ["Invalid cursor"] });
  return last === null ? undefined : gt(column, last);
};
const found = <T>(row: T | undefined, what: string): T => {
  if (!row) throw new DomainError("NOT_FOUND", `No such ${what}`);
  return row;
};

interface Page { tenantId: string; limit: number; cursor?: string }

export async function customerPage(tx: TenantTx, p: Page & { status?: (typeof CUSTOMER_STATUSES)[number] }) {
  const where = and(after(customers.id, p.tenantId, p.cursor), p.status ? eq(customers.status, p.status) : undefined);
  const rows = await tx.select(customerColumns).from(customers).where(where).orderBy(asc(customers.id)).limit(p.limit + 1);
  return pageOf(p.tenantId, rows.map(asCustomer), p.limit, (r) => r.id);
}
export async function customerById(tx: TenantTx, id: string): Promise<CustomerResource> {
  const [row] = await tx.select(customerColumns).from(customers).where(eq(customers.id, id));
  return asCustomer(found(row, "customer"));
}

export async function subscriptionPage(tx: TenantTx, p: Page & { customerId?: string; status?: string }) {
  const where = and(
    after(subscriptions.id, p.tenantId, p.cursor),
    p.customerId ? eq(subscriptions.customerId, p.customerId) : undefined,
    p.status ? eq(subscriptions.status, p.status as never) : undefined,
  );
  const rows = await tx.select(subscriptionColumns).from(subscriptions).where(where).orderBy(asc(subscriptions.id)).limit(p.limit + 1);
  return pageOf(p.tenantId, rows.map(iso), p.limit, (r) => r.id);
}
export async function subscriptionById(tx: TenantTx, id: string) {
  const [row] = await tx.select(subscriptionColumns).from(subscriptions).where(eq(subscriptions.id, id));
  return iso(found(row, "subscription"));
}

const asOrder = <T extends { totalMinor: bigint; createdAt: Date }>(r: T) => ({ ...r, totalMinor: r.totalMinor.toString(), createdAt: r.createdAt.toISOString() });
export async function orderPage(tx: TenantTx, p: Page & { customerId?: string; status?: string }) {
  const where = and(
    after(orders.id, p.tenantId, p.cursor),
    p.customerId ? eq(orders.customerId, p.customerId) : undefined,
    p.status ? eq(orders.status, p.status as never) : undefined,
  );
  const rows = await tx.select(orderColumns).from(orders).where(where).orderBy(asc(orders.id)).limit(p.limit + 1);
  return pageOf(p.tenantId, rows.map(asOrder), p.limit, (r) => r.id);
}
export async function orderById(tx: TenantTx, id: string) {
  const [row] = await tx.select(orderColumns).from(orders).where(eq(orders.id, id));
  return asOrder(found(row, "order"));
}

export async function productPage(tx: TenantTx, p: Page & { status?: "active" | "archived" }) {
  const where = and(after(products.id, p.tenantId, p.cursor), p.status ? eq(products.status, p.status) : undefined);
  const rows = await tx.select(productColumns).from(products).where(where).orderBy(asc(products.id)).limit(p.limit + 1);
  return pageOf(p.tenantId, rows.map(iso), p.limit, (r) => r.id);
}
export async function productById(tx: TenantTx, id: string) {
  const [row] = await tx.select(productColumns).from(products).where(eq(products.id, id));
  return iso(found(row, "product"));
}
