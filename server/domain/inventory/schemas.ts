import { z } from "zod";
import { STOCK_MOVEMENT_KINDS } from "../../../db/schema/inventory";
import { addressInput } from "../customers/schemas";
import { listInput } from "../lists";

/*
 * Inputs of the inventory domain. The router validates with these and client forms import them, so
 * a field error reads the same in the browser and from the API.
 */

export { STOCK_MOVEMENT_KINDS };

const text = (max: number) => z.string().trim().max(max, `At most ${max} characters`);

/**
 * The client's idempotency key for a stock operation: a retry with the same key and body returns
 * the first result, with another body it is a CONFLICT. Forms make one per opened form.
 */
export const requestKeyInput = z.string().trim().min(8, "A request key has at least 8 characters").max(100, "At most 100 characters");

/** A whole number of units, greater than zero. */
const units = (label: string) =>
  z.number({ error: `Enter the ${label}` }).int(`The ${label} must be a whole number`).positive(`The ${label} must be greater than zero`).max(1_000_000_000, `The ${label} is too large`);

export const warehouseCodeInput = z
  .string()
  .trim()
  .toUpperCase()
  .min(1, "Enter a code (e.g. RTM)")
  .max(16, "At most 16 characters")
  .regex(/^[A-Z0-9][A-Z0-9._-]*$/, "Use letters, digits, dots, dashes and underscores");

const warehouseFields = {
  name: z.string().trim().min(2, "Name must be at least 2 characters").max(120, "At most 120 characters"),
  /** Allocation tries higher priorities first. */
  priority: z.number({ error: "Enter a priority" }).int("Priority is a whole number").min(-1000, "At least -1000").max(1000, "At most 1000"),
};

export const createWarehouseInput = z.object({ code: warehouseCodeInput, ...warehouseFields, priority: warehouseFields.priority.default(0), ...addressInput.shape });
export type CreateWarehouseInput = z.infer<typeof createWarehouseInput>;

export const updateWarehouseInput = z.object({
  id: z.uuid(),
  code: warehouseCodeInput.optional(),
  name: warehouseFields.name.optional(),
  priority: warehouseFields.priority.optional(),
  addressLine1: text(200).optional(),
  addressLine2: text(200).optional(),
  city: text(100).optional(),
  postalCode: text(20).optional(),
  countryCode: addressInput.shape.countryCode.unwrap().optional(),
});
export type UpdateWarehouseInput = z.infer<typeof updateWarehouseInput>;

export const archiveWarehouseInput = z.object({ id: z.uuid(), archived: z.boolean().default(true) });

export const warehouseListInput = z.object({ includeArchived: z.boolean().default(false) }).default({ includeArchived: false });

// Stock list ------------------------------------------------------------------------------------

export const STOCK_SORTS = ["sku", "name", "warehouse", "onHand", "reserved", "available", "updated"] as const;

export const stockListInput = listInput.extend({
  sort: z.string().max(40).optional().transform((v) => STOCK_SORTS.find((s) => s === v)),
  warehouseId: z.uuid().optional(),
  productId: z.uuid().optional(),
  /** Only products whose available stock across all warehouses is below their reorder point. */
  belowReorder: z.boolean().optional(),
});
export type StockListInput = z.infer<typeof stockListInput>;

/** The stock list's filters from URL query parameters (page and CSV export read the same names). */
export function stockListFilters(params: Record<string, string | undefined>): Pick<StockListInput, "warehouseId" | "productId" | "belowReorder"> {
  const id = z.uuid();
  return {
    warehouseId: id.safeParse(params.warehouse).success ? params.warehouse : undefined,
    productId: id.safeParse(params.product).success ? params.product : undefined,
    belowReorder: params.below === "1" ? true : undefined,
  };
}

export const movementListInput = listInput.omit({ sort: true, dir: true, search: true }).extend({
  warehouseId: z.uuid("Pick a warehouse"),
  productId: z.uuid("Pick a product"),
  kind: z.enum(STOCK_MOVEMENT_KINDS).optional(),
});
export type MovementListInput = z.infer<typeof movementListInput>;

// Receipts ----------------------------------------------------------------------------------------

export const receiptLineInput = z.object({ productId: z.uuid("Pick a product"), quantity: units("quantity") });

export const receiveGoodsInput = z
  .object({
    requestKey: requestKeyInput,
    warehouseId: z.uuid("Pick a warehouse"),
    supplierReference: text(80).default(""),
    note: text(500).default(""),
    lines: z.array(receiptLineInput).min(1, "Add at least one line").max(500, "At most 500 lines per receipt"),
  })
  .superRefine((r, ctx) => {
    const seen = new Set<string>();
    r.lines.forEach((l, i) => {
      if (seen.has(l.productId)) ctx.addIssue({ code: "custom", path: ["lines", i, "productId"], message: "This product is already on the receipt: add the quantities up" });
      seen.add(l.productId);
    });
  });
export type ReceiveGoodsInput = z.infer<typeof receiveGoodsInput>;

export const RECEIPT_SORTS = ["number", "received", "warehouse"] as const;
export const receiptListInput = listInput.extend({
  sort: z.string().max(40).optional().transform((v) => RECEIPT_SORTS.find((s) => s === v)),
  warehouseId: z.uuid().optional(),
});
export type ReceiptListInput = z.infer<typeof receiptListInput>;

// Adjustments, transfers, scrap -----------------------------------------------------------------

const reason = (what: string) => z.string({ error: `Give a reason for the ${what}` }).trim().min(3, `Give a reason for the ${what} (at least 3 characters)`).max(300, "At most 300 characters");

export const adjustStockInput = z.object({
  requestKey: requestKeyInput,
  warehouseId: z.uuid("Pick a warehouse"),
  productId: z.uuid("Pick a product"),
  /** Signed: +5 found in a count, -3 missing. */
  quantity: z.number({ error: "Enter the change" }).int("The change must be a whole number").refine((v) => v !== 0, "The change cannot be zero").refine((v) => Math.abs(v) <= 1_000_000_000, "The change is too large"),
  reason: reason("adjustment"),
});
export type AdjustStockInput = z.infer<typeof adjustStockInput>;

export const transferStockInput = z
  .object({
    requestKey: requestKeyInput,
    fromWarehouseId: z.uuid("Pick the warehouse to take from"),
    toWarehouseId: z.uuid("Pick the warehouse to move to"),
    productId: z.uuid("Pick a product"),
    quantity: units("quantity"),
    reason: text(300).default(""),
  })
  .refine((t) => t.fromWarehouseId !== t.toWarehouseId, { path: ["toWarehouseId"], message: "A transfer needs two different warehouses" });
export type TransferStockInput = z.infer<typeof transferStockInput>;

export const scrapStockInput = z.object({
  requestKey: requestKeyInput,
  warehouseId: z.uuid("Pick a warehouse"),
  productId: z.uuid("Pick a product"),
  quantity: units("quantity"),
  reason: reason("scrap"),
});
export type ScrapStockInput = z.infer<typeof scrapStockInput>;

// Suggestions -------------------------------------------------------------------------------------

export const SUGGESTION_SORTS = ["sku", "name", "available", "reorderPoint", "suggested"] as const;
export const suggestionListInput = listInput.extend({
  sort: z.string().max(40).optional().transform((v) => SUGGESTION_SORTS.find((s) => s === v)),
});
export type SuggestionListInput = z.infer<typeof suggestionListInput>;
