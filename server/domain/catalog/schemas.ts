import { z } from "zod";
import { DELIVERY_UNITS, ITEM_KINDS, PRODUCT_KINDS, RATING_MODELS, TAX_CLASSES } from "../../../db/schema/catalog";
import { listInput } from "../lists";

/** A positive decimal with at most 6 places (numeric(20,6)), as a string: never a JS float. */
export const positiveDecimal = (label: string) =>
  z
    .union([z.string(), z.number()])
    .pipe(z.coerce.string())
    .pipe(z.string().trim())
    .refine((q) => !q.startsWith("-"), `${label} cannot be negative`)
    .refine((q) => /^\d{1,14}(\.\d{1,6})?$/.test(q), `${label} must be a number with at most 6 decimals`)
    .refine((q) => Number(q) > 0, `${label} must be greater than zero`);

const code = (label: string) =>
  z.string().trim().min(1, `Enter a ${label}`).max(40, `${label} is at most 40 characters`).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, `${label} may use letters, digits, dots, dashes and underscores`);
const name = z.string().trim().min(1, "Enter a name").max(120, "Name is at most 120 characters");

export const createCategoryInput = z.object({ code: code("Category code").transform((c) => c.toLowerCase()), name });
export type CreateCategoryInput = z.infer<typeof createCategoryInput>;

export const createMeterInput = z.object({
  code: code("Meter code").transform((c) => c.toLowerCase()),
  name,
  unit: z.string().trim().min(1, "Enter the unit measured (e.g. call, kWh)").max(30, "Unit is at most 30 characters"),
});
export type CreateMeterInput = z.infer<typeof createMeterInput>;

export const kitComponentInput = z.object({ componentId: z.uuid("Pick a component"), quantity: positiveDecimal("Quantity") });

/** A plan item: the same shape rules as the database's itemTermsChecks, reported per field. */
export const planItemInput = z
  .object({
    kind: z.enum(ITEM_KINDS, { message: `Item kind must be one of: ${ITEM_KINDS.join(", ")}` }),
    productId: z.uuid("Pick a product"),
    quantity: positiveDecimal("Quantity").default("1"),
    meterId: z.uuid("Pick a meter").nullish(),
    rating: z.enum(RATING_MODELS, { message: `Rating must be one of: ${RATING_MODELS.join(", ")}` }).nullish(),
    packageSize: positiveDecimal("Package size").nullish(),
    commitAmountMinor: z.coerce.bigint({ message: "Commit amount must be a whole number of minor units" }).nullish(),
    deliveryEvery: z.number().int("Deliver every N must be a whole number").min(1, "Deliver at least every 1").max(52, "Deliver at most every 52").nullish(),
    deliveryUnit: z.enum(DELIVERY_UNITS, { message: "Delivery unit must be week or month" }).nullish(),
  })
  .superRefine((item, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if (item.kind === "usage") {
      if (!item.meterId) issue("meterId", "A usage item needs a meter");
      if (!item.rating) issue("rating", "A usage item needs a rating (tiered, volume or package)");
      if (item.rating === "package" && !item.packageSize) issue("packageSize", "Package rating needs a package size");
    } else {
      if (item.meterId) issue("meterId", "Only usage items have a meter");
      if (item.rating) issue("rating", "Only usage items have a rating");
      if (item.packageSize) issue("packageSize", "Only usage items with package rating have a package size");
    }
    if (item.kind === "commit") {
      if (item.commitAmountMinor == null) issue("commitAmountMinor", "A commit item needs an amount");
      else if (item.commitAmountMinor <= 0n) issue("commitAmountMinor", "Commit amount must be greater than zero");
    } else if (item.commitAmountMinor != null) issue("commitAmountMinor", "Only commit items have a commit amount");
    if (item.kind === "delivery") {
      if (item.deliveryEvery == null) issue("deliveryEvery", "A delivery item needs an interval");
      if (!item.deliveryUnit) issue("deliveryUnit", "A delivery item needs a unit (week or month)");
    } else if (item.deliveryEvery != null || item.deliveryUnit) issue("deliveryEvery", "Only delivery items have a delivery schedule");
  });
export type PlanItemInput = z.infer<typeof planItemInput>;

const productFields = {
  name,
  description: z.string().trim().max(2000, "Description is at most 2000 characters").default(""),
  categoryId: z.uuid("Pick a category").nullish(),
  unitOfMeasure: z.string().trim().min(1, "Enter a unit of measure").max(20, "Unit of measure is at most 20 characters").default("each"),
  weightGrams: z.number().int("Weight must be whole grams").min(0, "Weight cannot be negative").nullish(),
  taxClass: z.enum(TAX_CLASSES, { message: `Tax class must be one of: ${TAX_CLASSES.join(", ")}` }).default("standard"),
  reorderPoint: z.number().int("Reorder point must be a whole number").min(0, "Reorder point cannot be negative").nullish(),
  components: z.array(kitComponentInput).max(100, "A kit has at most 100 components").default([]),
  planItems: z.array(planItemInput).max(100, "A plan has at most 100 items").default([]),
};

function checkKindFields(p: { kind: string; weightGrams?: number | null; reorderPoint?: number | null; components: unknown[]; planItems: unknown[] }, ctx: z.RefinementCtx) {
  const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
  if (p.kind !== "stock_item" && p.weightGrams != null) issue("weightGrams", "Only stock items have a weight");
  if (p.kind !== "stock_item" && p.reorderPoint != null) issue("reorderPoint", "Only stock items have a reorder point");
  if (p.kind === "kit" && p.components.length === 0) issue("components", "A kit needs at least one component");
  if (p.kind !== "kit" && p.components.length > 0) issue("components", "Only kits have components");
  if (p.kind === "plan" && p.planItems.length === 0) issue("planItems", "A plan needs at least one item");
  if (p.kind !== "plan" && p.planItems.length > 0) issue("planItems", "Only plans have items");
}

export const createProductInput = z
  .object({ sku: code("SKU").transform((s) => s.toUpperCase()), kind: z.enum(PRODUCT_KINDS, { message: `Kind must be one of: ${PRODUCT_KINDS.join(", ")}` }), ...productFields })
  .superRefine(checkKindFields);
export type CreateProductInput = z.input<typeof createProductInput>;
export type CreateProduct = z.infer<typeof createProductInput>;

/** An edit replaces every field (the SKU and kind are the product's identity and stay). */
export const updateProductInput = z.object({ id: z.uuid(), ...productFields });
export type UpdateProductInput = z.input<typeof updateProductInput>;

export const PRODUCT_SORTS = ["sku", "name", "kind", "category", "status", "createdAt"] as const;

export const productListInput = listInput.extend({
  kind: z.enum(PRODUCT_KINDS).optional(),
  categoryId: z.uuid().optional(),
  status: z.enum(["active", "archived"]).optional(),
});
export type ProductListInput = z.input<typeof productListInput>;

export const idInput = z.object({ id: z.uuid("Unknown id") });

/** The fields of a product of a known kind, with the kind's rules: how an update is checked against the stored kind. */
export const productShape = z.object({ kind: z.enum(PRODUCT_KINDS), ...productFields }).superRefine(checkKindFields);

/** The product list's filters from URL params (a page's or a CSV export's); unknown values are dropped. */
export function productListFilters(params: Record<string, string | undefined>): Pick<ProductListInput, "kind" | "categoryId" | "status"> {
  const picked = productListInput.pick({ kind: true, categoryId: true, status: true });
  const out: Pick<ProductListInput, "kind" | "categoryId" | "status"> = {};
  for (const key of ["kind", "categoryId", "status"] as const) {
    const one = picked.shape[key].safeParse(params[key]);
    if (one.success && one.data) (out as Record<string, string>)[key] = one.data;
  }
  return out;
}
