import { z } from "zod";
import { PRICE_BOOK_KINDS, PRICING_MODELS } from "../../../db/schema/pricing";
import { listInput } from "../lists";
import { CURRENCIES, Dec } from "../money/money";

/** A price or quantity as a decimal string (numeric(20,6)): zero allowed, negatives never. */
export const nonNegativeDecimal = (label: string) =>
  z
    .union([z.string(), z.number()])
    .pipe(z.coerce.string())
    .pipe(z.string().trim())
    .refine((q) => !q.startsWith("-"), `${label} cannot be negative`)
    .refine((q) => /^\d{1,14}(\.\d{1,6})?$/.test(q), `${label} must be a number with at most 6 decimals`);

/** A Dec of a string that may not have passed validation yet (refinements can run on bad input). */
function safeDec(s: string) {
  try {
    return new Dec(s);
  } catch {
    return null;
  }
}

const isoDate = (label: string) => z.iso.date(`${label} must be a date (YYYY-MM-DD)`);

export const createPriceBookInput = z
  .object({
    /** Optional client-chosen id: retrying the same create returns the same book. */
    id: z.uuid().optional(),
    name: z.string().trim().min(1, "Enter a name").max(120, "Name is at most 120 characters"),
    kind: z.enum(PRICE_BOOK_KINDS, { message: `Kind must be one of: ${PRICE_BOOK_KINDS.join(", ")}` }),
    currency: z.enum(CURRENCIES, { message: "Unknown currency" }),
    customerId: z.uuid("Pick a customer").nullish(),
    resellerId: z.uuid("Pick a reseller").nullish(),
  })
  .superRefine((b, ctx) => {
    if (b.kind === "customer" && !b.customerId) ctx.addIssue({ code: "custom", path: ["customerId"], message: "A customer book needs a customer" });
    if (b.kind !== "customer" && b.customerId) ctx.addIssue({ code: "custom", path: ["customerId"], message: "Only customer books belong to a customer" });
    if (b.kind === "reseller" && !b.resellerId) ctx.addIssue({ code: "custom", path: ["resellerId"], message: "A reseller book needs a reseller" });
    if (b.kind !== "reseller" && b.resellerId) ctx.addIssue({ code: "custom", path: ["resellerId"], message: "Only reseller books belong to a reseller" });
  });
export type CreatePriceBookInput = z.input<typeof createPriceBookInput>;

export const priceTierInput = z.object({ from: nonNegativeDecimal("Band start"), unitPrice: nonNegativeDecimal("Unit price") });

export const addPriceEntryInput = z
  .object({
    priceBookId: z.uuid("Pick a price book"),
    productId: z.uuid("Pick a product"),
    model: z.enum(PRICING_MODELS, { message: `Model must be one of: ${PRICING_MODELS.join(", ")}` }),
    unitPrice: nonNegativeDecimal("Unit price").nullish(),
    packageSize: nonNegativeDecimal("Package size").refine((s) => /[1-9]/.test(s), "Package size must be greater than zero").nullish(),
    tiers: z.array(priceTierInput).max(50, "At most 50 bands").default([]),
    effectiveFrom: isoDate("Effective from"),
    /** Exclusive: the first day the price no longer applies. */
    effectiveTo: isoDate("Effective to").nullish(),
  })
  .superRefine((e, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    const banded = e.model === "graduated" || e.model === "volume";
    if (!banded && e.unitPrice == null) issue("unitPrice", `A ${e.model} price needs a unit price`);
    if (banded && e.unitPrice != null) issue("unitPrice", `A ${e.model} price is set per band, not as one unit price`);
    if (e.model === "package" && e.packageSize == null) issue("packageSize", "A package price needs a package size");
    if (e.model !== "package" && e.packageSize != null) issue("packageSize", "Only package prices have a package size");
    if (banded) {
      if (e.tiers.length === 0) issue("tiers", `A ${e.model} price needs at least one band`);
      else if (/[1-9]/.test(e.tiers[0].from)) issue("tiers.0.from", "The first band starts at 0");
      e.tiers.forEach((t, i) => {
        if (i > 0 && !(safeDec(t.from)?.greaterThan(safeDec(e.tiers[i - 1].from) ?? Infinity) ?? true)) issue(`tiers.${i}.from`, "Bands must start at increasing quantities");
      });
    } else if (e.tiers.length > 0) issue("tiers", `A ${e.model} price has no bands`);
    if (e.effectiveTo && e.effectiveTo <= e.effectiveFrom) issue("effectiveTo", "Effective to must be after effective from");
  });
export type AddPriceEntryInput = z.input<typeof addPriceEntryInput>;

export const BOOK_SORTS = ["name", "kind", "currency", "status", "createdAt"] as const;

export const priceBookListInput = listInput.extend({
  kind: z.enum(PRICE_BOOK_KINDS).optional(),
  currency: z.enum(CURRENCIES).optional(),
  status: z.enum(["active", "archived"]).optional(),
});
export type PriceBookListInput = z.input<typeof priceBookListInput>;

export const explainPriceInput = z.object({
  customerId: z.uuid("Pick a customer").nullish(),
  resellerId: z.uuid("Pick a reseller").nullish(),
  productId: z.uuid("Pick a product"),
  quantity: nonNegativeDecimal("Quantity"),
  date: isoDate("Date"),
  currency: z.enum(CURRENCIES, { message: "Unknown currency" }),
});
export type ExplainPriceInput = z.input<typeof explainPriceInput>;

/** The price book list's filters from URL params; unknown values are dropped. */
export function priceBookListFilters(params: Record<string, string | undefined>): Pick<PriceBookListInput, "kind" | "currency" | "status"> {
  const picked = priceBookListInput.pick({ kind: true, currency: true, status: true });
  const out: Record<string, string> = {};
  for (const key of ["kind", "currency", "status"] as const) {
    const one = picked.shape[key].safeParse(params[key]);
    if (one.success && one.data) out[key] = one.data;
  }
  return out as Pick<PriceBookListInput, "kind" | "currency" | "status">;
}
