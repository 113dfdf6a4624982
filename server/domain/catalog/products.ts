import { and, asc, count, eq, ilike, inArray, or, sql, type SQL } from "drizzle-orm";
import { kitComponents, meters, planItems, productCategories, products } from "../../../db/schema";
import type { TenantTx } from "../../../db/with-tenant";
import { containsPattern, DomainError } from "../errors";
import { offsetOf, orderFor, type Page } from "../lists";
import { Dec } from "../money/money";
import { inSavepoint } from "./db-errors";
import {
  createProductInput,
  productListInput,
  productShape,
  updateProductInput,
  type CreateProduct,
  type CreateProductInput,
  type ProductListInput,
  type UpdateProductInput,
} from "./schemas";

/** The tenant of the transaction (set by withTenant), for inserts: RLS checks it again. */
export const currentTenant = sql<string>`(select current_setting('app.tenant_id')::uuid)`;

const bad = (message: string, path?: string) => new DomainError("BAD_REQUEST", message, path ? { [path]: [message] } : undefined);

function parse<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } } }, raw: unknown): T {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw bad(issue.message, issue.path.map(String).join(".") || undefined);
}

export interface ProductDetail {
  id: string;
  sku: string;
  name: string;
  description: string;
  kind: (typeof products.$inferSelect)["kind"];
  categoryId: string | null;
  categoryName: string | null;
  unitOfMeasure: string;
  weightGrams: number | null;
  taxClass: (typeof products.$inferSelect)["taxClass"];
  reorderPoint: number | null;
  status: "active" | "archived";
  createdAt: Date;
  archivedAt: Date | null;
  components: Array<{ componentId: string; sku: string; name: string; quantity: string }>;
  planItems: Array<{
    kind: (typeof planItems.$inferSelect)["kind"];
    productId: string;
    productSku: string;
    meterId: string | null;
    quantity: string;
    rating: (typeof planItems.$inferSelect)["rating"];
    packageSize: string | null;
    commitAmountMinor: bigint | null;
    deliveryEvery: number | null;
    deliveryUnit: (typeof planItems.$inferSelect)["deliveryUnit"];
  }>;
}

const trim = (v: string | null) => (v === null ? null : new Dec(v).toString());

export async function getProduct(tx: TenantTx, id: string): Promise<ProductDetail> {
  const [row] = await tx
    .select({ product: products, categoryName: productCategories.name })
    .from(products)
    .leftJoin(productCategories, eq(productCategories.id, products.categoryId))
    .where(eq(products.id, id));
  if (!row) throw new DomainError("NOT_FOUND", "No such product");
  const [components, items] = await Promise.all([
    tx
      .select({ componentId: kitComponents.componentId, sku: products.sku, name: products.name, quantity: kitComponents.quantity })
      .from(kitComponents)
      .innerJoin(products, eq(products.id, kitComponents.componentId))
      .where(eq(kitComponents.kitId, id))
      .orderBy(asc(products.sku)),
    tx
      .select({ item: planItems, productSku: products.sku })
      .from(planItems)
      .innerJoin(products, eq(products.id, planItems.productId))
      .where(eq(planItems.planId, id))
      .orderBy(asc(planItems.position), asc(planItems.id)),
  ]);
  const p = row.product;
  return {
    id: p.id, sku: p.sku, name: p.name, description: p.description, kind: p.kind, categoryId: p.categoryId, categoryName: row.categoryName,
    unitOfMeasure: p.unitOfMeasure, weightGrams: p.weightGrams, taxClass: p.taxClass, reorderPoint: p.reorderPoint, status: p.status,
    createdAt: p.createdAt, archivedAt: p.archivedAt,
    components: components.map((c) => ({ ...c, quantity: trim(c.quantity)! })),
    planItems: items.map(({ item, productSku }) => ({
      kind: item.kind, productId: item.productId, productSku, meterId: item.meterId, quantity: trim(item.quantity)!, rating: item.rating,
      packageSize: trim(item.packageSize), commitAmountMinor: item.commitAmountMinor, deliveryEvery: item.deliveryEvery, deliveryUnit: item.deliveryUnit,
    })),
  };
}

type Shape = Omit<CreateProduct, "sku" | "kind">;

/** What makes two requests "the same product": every field the caller sets, normalised. */
function signature(p: Shape & { kind: string }): string {
  return JSON.stringify({
    kind: p.kind, name: p.name, description: p.description, categoryId: p.categoryId ?? null, unitOfMeasure: p.unitOfMeasure,
    weightGrams: p.weightGrams ?? null, taxClass: p.taxClass, reorderPoint: p.reorderPoint ?? null,
    components: p.components.map((c) => [c.componentId, new Dec(c.quantity).toString()]).sort(),
    planItems: p.planItems.map((i) => [i.kind, i.productId, i.meterId ?? null, new Dec(i.quantity).toString(), i.rating ?? null, i.packageSize ? new Dec(i.packageSize).toString() : null,
      i.commitAmountMinor?.toString() ?? null, i.deliveryEvery ?? null, i.deliveryUnit ?? null]),
  });
}

/** Checks the references of a product's components and plan items before writing them. */
async function checkReferences(tx: TenantTx, self: string | null, kind: string, input: Shape) {
  if (input.categoryId) {
    const [category] = await tx.select({ id: productCategories.id }).from(productCategories).where(eq(productCategories.id, input.categoryId));
    if (!category) throw bad("No such category", "categoryId");
  }
  if (kind === "kit") {
    const ids = input.components.map((c) => c.componentId);
    if (new Set(ids).size !== ids.length) throw bad("A component is listed twice; combine its quantities", "components");
    const found = await tx.select({ id: products.id, sku: products.sku, kind: products.kind, status: products.status }).from(products).where(inArray(products.id, ids));
    for (const [i, id] of ids.entries()) {
      const path = `components.${i}.componentId`;
      const c = found.find((f) => f.id === id);
      if (id === self) throw bad("A kit cannot contain itself", path);
      if (!c) throw bad("No such component product", path);
      if (c.kind !== "stock_item") throw bad(`Component ${c.sku} is a ${c.kind.replace("_", " ")}; kit components must be stock items`, path);
      if (c.status !== "active") throw bad(`Component ${c.sku} is archived`, path);
    }
  }
  if (kind === "plan") {
    const ids = [...new Set(input.planItems.map((i) => i.productId))];
    const meterIds = [...new Set(input.planItems.flatMap((i) => (i.meterId ? [i.meterId] : [])))];
    const [found, foundMeters] = await Promise.all([
      tx.select({ id: products.id, sku: products.sku, kind: products.kind, status: products.status }).from(products).where(inArray(products.id, ids)),
      meterIds.length ? tx.select({ id: meters.id }).from(meters).where(inArray(meters.id, meterIds)) : Promise.resolve([]),
    ]);
    for (const [i, item] of input.planItems.entries()) {
      const p = found.find((f) => f.id === item.productId);
      const path = `planItems.${i}.productId`;
      if (item.productId === self || p?.kind === "plan") throw bad("A plan item cannot be a plan", path);
      if (!p) throw bad("No such product", path);
      if (p.status !== "active") throw bad(`Product ${p.sku} is archived`, path);
      if (item.kind === "delivery" && p.kind !== "stock_item" && p.kind !== "kit") throw bad(`Only stock items and kits are delivered; ${p.sku} is a ${p.kind.replace("_", " ")}`, path);
      if (item.meterId && !foundMeters.some((m) => m.id === item.meterId)) throw bad("No such meter", `planItems.${i}.meterId`);
    }
  }
}

async function writeChildren(tx: TenantTx, productId: string, input: Shape) {
  await tx.delete(kitComponents).where(eq(kitComponents.kitId, productId));
  await tx.delete(planItems).where(eq(planItems.planId, productId));
  if (input.components.length) {
    await tx.insert(kitComponents).values(input.components.map((c) => ({ tenantId: currentTenant, kitId: productId, componentId: c.componentId, quantity: c.quantity })));
  }
  if (input.planItems.length) {
    await tx.insert(planItems).values(
      input.planItems.map((item, position) => ({
        tenantId: currentTenant, planId: productId, position, kind: item.kind, productId: item.productId, meterId: item.meterId ?? null, quantity: item.quantity,
        rating: item.rating ?? null, packageSize: item.packageSize ?? null, commitAmountMinor: item.commitAmountMinor ?? null,
        deliveryEvery: item.deliveryEvery ?? null, deliveryUnit: item.deliveryUnit ?? null,
      })),
    );
  }
}

function shapeOf(detail: ProductDetail): Shape & { kind: string } {
  return { ...detail, components: detail.components, planItems: detail.planItems } as unknown as Shape & { kind: string };
}

/**
 * Creates a product, idempotent on its SKU: the same request again returns the existing product;
 * a different product under a taken SKU is a CONFLICT.
 */
export async function createProduct(tx: TenantTx, raw: CreateProductInput): Promise<{ product: ProductDetail; created: boolean }> {
  const input = parse(createProductInput, raw);
  const existingOf = async () => {
    const [existing] = await tx.select({ id: products.id }).from(products).where(eq(products.sku, input.sku));
    if (!existing) return null;
    const product = await getProduct(tx, existing.id);
    if (signature(shapeOf(product)) !== signature(input)) {
      throw new DomainError("CONFLICT", `SKU ${input.sku} is already used by "${product.name}" with different details; pick another SKU or edit that product`, { sku: [`SKU ${input.sku} is taken`] });
    }
    return { product, created: false };
  };
  // A retry of a create that succeeded returns the product even if, say, a component was archived since.
  const before = await existingOf();
  if (before) return before;
  await checkReferences(tx, null, input.kind, input);
  const [row] = await tx
    .insert(products)
    .values({
      tenantId: currentTenant, sku: input.sku, name: input.name, description: input.description, kind: input.kind, categoryId: input.categoryId ?? null,
      unitOfMeasure: input.unitOfMeasure, weightGrams: input.weightGrams ?? null, taxClass: input.taxClass, reorderPoint: input.reorderPoint ?? null,
    })
    .onConflictDoNothing({ target: [products.tenantId, products.sku] })
    .returning({ id: products.id });
  if (!row) {
    // A concurrent create won the race for this SKU.
    const winner = await existingOf();
    if (!winner) throw new DomainError("CONFLICT", `SKU ${input.sku} is taken`);
    return winner;
  }
  await writeChildren(tx, row.id, input);
  return { product: await getProduct(tx, row.id), created: true };
}

/** Replaces a product's editable fields (kit components and plan items included); SKU and kind stay. */
export async function updateProduct(tx: TenantTx, raw: UpdateProductInput): Promise<ProductDetail> {
  const { id, ...fields } = parse(updateProductInput, raw);
  const [current] = await tx.select({ kind: products.kind }).from(products).where(eq(products.id, id)).for("update");
  if (!current) throw new DomainError("NOT_FOUND", "No such product");
  const input = parse(productShape, { ...fields, kind: current.kind });
  await checkReferences(tx, id, current.kind, input);
  await tx
    .update(products)
    .set({
      name: input.name, description: input.description, categoryId: input.categoryId ?? null, unitOfMeasure: input.unitOfMeasure,
      weightGrams: input.weightGrams ?? null, taxClass: input.taxClass, reorderPoint: input.reorderPoint ?? null,
    })
    .where(eq(products.id, id));
  await writeChildren(tx, id, input);
  return getProduct(tx, id);
}

/** Archived products stay on existing contracts and documents but cannot be added to new ones. Idempotent. */
export async function setProductArchived(tx: TenantTx, id: string, archived: boolean): Promise<ProductDetail> {
  const updated = await tx
    .update(products)
    .set(archived ? { status: "archived", archivedAt: sql`coalesce(${products.archivedAt}, now())` } : { status: "active", archivedAt: null })
    .where(eq(products.id, id))
    .returning({ id: products.id });
  if (!updated.length) throw new DomainError("NOT_FOUND", "No such product");
  return getProduct(tx, id);
}

/** Deletes a product nothing refers to (its own components and plan items go with it); a used one is archived instead. */
export async function deleteProduct(tx: TenantTx, id: string): Promise<{ deleted: true }> {
  return inSavepoint(
    tx,
    async (sp) => {
      await sp.delete(kitComponents).where(eq(kitComponents.kitId, id));
      await sp.delete(planItems).where(eq(planItems.planId, id));
      const deleted = await sp.delete(products).where(eq(products.id, id)).returning({ id: products.id });
      if (!deleted.length) throw new DomainError("NOT_FOUND", "No such product");
      return { deleted: true as const };
    },
    { "23503": () => new DomainError("CONFLICT", "This product is used (in a kit, plan, price book, contract or document) and cannot be deleted; archive it instead") },
  );
}

export interface ProductRow {
  id: string;
  sku: string;
  name: string;
  kind: ProductDetail["kind"];
  categoryId: string | null;
  category: string | null;
  unitOfMeasure: string;
  taxClass: ProductDetail["taxClass"];
  status: "active" | "archived";
  createdAt: Date;
}

export async function listProducts(tx: TenantTx, raw: ProductListInput): Promise<Page<ProductRow>> {
  const input = parse(productListInput, raw);
  const filters: SQL[] = [];
  if (input.kind) filters.push(eq(products.kind, input.kind));
  if (input.categoryId) filters.push(eq(products.categoryId, input.categoryId));
  if (input.status) filters.push(eq(products.status, input.status));
  if (input.search) {
    const pattern = containsPattern(input.search);
    filters.push(or(ilike(products.sku, pattern), ilike(products.name, pattern))!);
  }
  const where = filters.length ? and(...filters) : undefined;
  const sortable = { sku: products.sku, name: products.name, kind: products.kind, category: productCategories.name, status: products.status, createdAt: products.createdAt };
  const [rows, [{ total }]] = await Promise.all([
    tx
      .select({
        id: products.id, sku: products.sku, name: products.name, kind: products.kind, categoryId: products.categoryId, category: productCategories.name,
        unitOfMeasure: products.unitOfMeasure, taxClass: products.taxClass, status: products.status, createdAt: products.createdAt,
      })
      .from(products)
      .leftJoin(productCategories, eq(productCategories.id, products.categoryId))
      .where(where)
      .orderBy(...orderFor(input, sortable, "sku", products.id))
      .limit(input.pageSize)
      .offset(offsetOf(input)),
    tx.select({ total: count() }).from(products).where(where),
  ]);
  return { rows, total, page: input.page, pageSize: input.pageSize };
}
