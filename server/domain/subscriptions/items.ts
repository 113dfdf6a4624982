import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { customerSites, meters, planItems, products, type subscriptionItems } from "../../../db/schema";
import type { TenantTx } from "../../../db/with-tenant";
import { DomainError } from "../errors";
import { Dec } from "../money/money";
import { RATING_TO_MODEL, type PricingTerms } from "../pricing/rating";
import { resolvePrice, type PriceRule } from "../pricing/resolve-price";

/*
 * The items of a contract version, as a seller enters them, and how they become contract terms:
 * every priced item is resolved once, through resolvePrice, on the version's effective date, and
 * the resolved rule (tiers included) is stored with the item. Later price-book changes do not
 * touch a signed contract; a renewal or an amendment resolves again.
 */

const positiveQuantity = z
  .union([z.string().trim(), z.number()])
  .pipe(z.coerce.string())
  .refine((q) => /^\d+(\.\d{1,6})?$/.test(q) && new Dec(q).greaterThan(0), "Quantity must be greater than zero (at most 6 decimals)");

const discountPercent = z
  .union([z.string().trim(), z.number()])
  .pipe(z.coerce.string())
  .refine((d) => /^\d+(\.\d{1,2})?$/.test(d) && new Dec(d).lessThanOrEqualTo(100), "Discount must be a percentage from 0 to 100 (at most 2 decimals)")
  .default("0");

const commitAmount = z
  .union([z.bigint(), z.number().int(), z.string().trim().regex(/^\d+$/, "Commit amount must be a whole number of minor units")])
  .transform((v) => BigInt(v))
  .refine((v) => v > 0n, "Commit amount must be greater than zero");

const base = { productId: z.uuid("Choose a product"), discountPercent };

export const itemInput = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("recurring_fee"), ...base, quantity: positiveQuantity.default("1") }),
  z.object({
    kind: z.literal("usage"),
    ...base,
    meterId: z.uuid("Choose a meter"),
    rating: z.enum(["tiered", "volume", "package"], { message: "Rating must be tiered, volume or package" }),
    packageSize: positiveQuantity.optional(),
  }),
  z.object({ kind: z.literal("commit"), ...base, commitAmountMinor: commitAmount }),
  z.object({
    kind: z.literal("delivery"),
    ...base,
    quantity: positiveQuantity,
    deliveryEvery: z.number().int().min(1, "Deliver at least every 1 week or month").max(52, "At most every 52 weeks or months"),
    deliveryUnit: z.enum(["week", "month"], { message: "Deliver every N weeks or months" }),
    shipToSiteId: z.uuid("Choose a ship-to site"),
    preferredWarehouseId: z.uuid().nullable().optional(),
    firstDeliveryDate: z.iso.date("First delivery must be a date (YYYY-MM-DD)"),
  }),
]);
export type ItemInput = z.output<typeof itemInput>;
export type ItemInputRaw = z.input<typeof itemInput>;

/** What a contract item stores about its price: the rule resolvePrice chose, and the terms it rates with. */
export interface ItemPricing {
  resolvedOn: string;
  rule: Omit<PriceRule, "terms"> | null;
  /** The contract's rating terms (for usage: the meter's rating model with the resolved tiers). */
  terms: PricingTerms | null;
  /** For commit items: the minimum per period; usage charges above it are overage. */
  commitAmountMinor?: string;
}

export type PricedItem = Omit<typeof subscriptionItems.$inferInsert, "tenantId" | "subscriptionId" | "versionId">;

interface PricingContext { customerId: string; currency: string; date: string }

/** Checks every item's references (product kind, meter, the customer's own ship-to site) and prices it. */
export async function priceItems(tx: TenantTx, ctx: PricingContext, items: ItemInput[]): Promise<PricedItem[]> {
  const productIds = [...new Set(items.map((i) => i.productId))];
  const known = productIds.length ? await tx.select({ id: products.id, kind: products.kind, status: products.status, name: products.name }).from(products).where(inArray(products.id, productIds)) : [];
  const byId = new Map(known.map((p) => [p.id, p]));

  const out: PricedItem[] = [];
  for (const [position, item] of items.entries()) {
    const where = `Item ${position + 1}`;
    const product = byId.get(item.productId);
    if (!product) throw new DomainError("BAD_REQUEST", `${where}: unknown product`, { [`items.${position}.productId`]: ["Unknown product"] });
    if (product.status !== "active") throw new DomainError("BAD_REQUEST", `${where}: ${product.name} is archived`, { [`items.${position}.productId`]: ["This product is archived"] });
    if (product.kind === "plan") throw new DomainError("BAD_REQUEST", `${where}: a plan is a template, not an item`, { [`items.${position}.productId`]: ["Choose a product, not a plan"] });
    if (item.kind === "delivery" && product.kind !== "stock_item" && product.kind !== "kit") {
      throw new DomainError("BAD_REQUEST", `${where}: only stock items and kits can be delivered`, { [`items.${position}.productId`]: ["Choose a stock item or kit"] });
    }
    const common = { kind: item.kind, productId: item.productId, position, discountPercent: item.discountPercent };

    if (item.kind === "commit") {
      const pricing: ItemPricing = { resolvedOn: ctx.date, rule: null, terms: null, commitAmountMinor: item.commitAmountMinor.toString() };
      out.push({ ...common, quantity: "1", commitAmountMinor: item.commitAmountMinor, unitPrice: null, pricing: { ...pricing } });
      continue;
    }

    if (item.kind === "usage") {
      const [meter] = await tx.select({ id: meters.id }).from(meters).where(eq(meters.id, item.meterId));
      if (!meter) throw new DomainError("BAD_REQUEST", `${where}: unknown meter`, { [`items.${position}.meterId`]: ["Unknown meter"] });
    }
    if (item.kind === "delivery") {
      const [site] = await tx.select({ id: customerSites.id }).from(customerSites).where(and(eq(customerSites.id, item.shipToSiteId), eq(customerSites.customerId, ctx.customerId)));
      if (!site) throw new DomainError("BAD_REQUEST", `${where}: the ship-to site is not a site of this customer`, { [`items.${position}.shipToSiteId`]: ["Not a site of this customer"] });
    }

    const quantity = item.kind === "usage" ? "1" : item.quantity;
    const resolved = await resolvePrice(tx, { customerId: ctx.customerId, productId: item.productId, quantity, date: ctx.date, currency: ctx.currency }).catch((e: unknown) => {
      if (e instanceof DomainError) throw new DomainError(e.code === "NOT_FOUND" ? "BAD_REQUEST" : e.code, `${where} (${product.name}): ${e.message}`);
      throw e;
    });
    const { terms: ruleTerms, ...rule } = resolved.rule;

    if (item.kind === "usage") {
      const terms = usageTerms(item.rating, ruleTerms, item.packageSize);
      const pricing: ItemPricing = { resolvedOn: ctx.date, rule, terms };
      out.push({ ...common, meterId: item.meterId, rating: item.rating, packageSize: terms.packageSize ?? null, quantity: "1", unitPrice: terms.model === "graduated" ? null : resolved.unitPrice, pricing: { ...pricing } });
      continue;
    }
    const pricing: ItemPricing = { resolvedOn: ctx.date, rule, terms: ruleTerms };
    out.push({
      ...common,
      quantity,
      unitPrice: resolved.unitPrice,
      pricing: { ...pricing },
      ...(item.kind === "delivery"
        ? { deliveryEvery: item.deliveryEvery, deliveryUnit: item.deliveryUnit, shipToSiteId: item.shipToSiteId, preferredWarehouseId: item.preferredWarehouseId ?? null, firstDeliveryDate: item.firstDeliveryDate }
        : {}),
    });
  }
  return out;
}

/** A meter's rating applied to the price the book gives: the book's tiers (or its one price as a single tier). */
function usageTerms(rating: "tiered" | "volume" | "package", rule: PricingTerms, packageSize: string | undefined): PricingTerms {
  const model = RATING_TO_MODEL[rating];
  if (model === "package") {
    const size = packageSize ?? rule.packageSize;
    if (!size) throw new DomainError("BAD_REQUEST", "Package rating needs a package size (the price book has none)", { packageSize: ["Enter a package size"] });
    const price = rule.unitPrice ?? rule.tiers?.[0]?.unitPrice;
    return { model, unitPrice: price, packageSize: size, tiers: [] };
  }
  const tiers = rule.tiers?.length ? rule.tiers : [{ from: "0", unitPrice: rule.unitPrice ?? "0" }];
  return { model, tiers };
}

/** A plan's items as item inputs for a contract: deliveries go to the customer's default site from the term start. */
export async function itemsFromPlan(tx: TenantTx, planId: string, customerId: string, termStart: string): Promise<ItemInput[]> {
  const [plan] = await tx.select({ kind: products.kind }).from(products).where(eq(products.id, planId));
  if (!plan || plan.kind !== "plan") throw new DomainError("BAD_REQUEST", "The plan does not exist", { planId: ["Unknown plan"] });
  const rows = await tx.select().from(planItems).where(eq(planItems.planId, planId)).orderBy(planItems.position);
  const sites = rows.some((r) => r.kind === "delivery")
    ? await tx.select({ id: customerSites.id, isDefault: customerSites.isDefault }).from(customerSites).where(eq(customerSites.customerId, customerId))
    : [];
  const site = sites.find((s) => s.isDefault) ?? sites[0];
  return rows.map((r): ItemInput => {
    const common = { productId: r.productId, discountPercent: "0" };
    switch (r.kind) {
      case "recurring_fee":
        return { kind: "recurring_fee", ...common, quantity: r.quantity };
      case "usage":
        return { kind: "usage", ...common, meterId: r.meterId!, rating: r.rating!, packageSize: r.packageSize ?? undefined };
      case "commit":
        return { kind: "commit", ...common, commitAmountMinor: r.commitAmountMinor! };
      case "delivery":
        if (!site) throw new DomainError("BAD_REQUEST", "The plan has a delivery but the customer has no ship-to site", { planId: ["Add a ship-to site to the customer first"] });
        return { kind: "delivery", ...common, quantity: r.quantity, deliveryEvery: r.deliveryEvery!, deliveryUnit: r.deliveryUnit!, shipToSiteId: site.id, preferredWarehouseId: null, firstDeliveryDate: termStart };
    }
  });
}

/** A stored item as an item input (to copy a version's items into an amendment). */
export function itemInputOf(row: typeof subscriptionItems.$inferSelect): ItemInput {
  const common = { productId: row.productId, discountPercent: trimDecimal(row.discountPercent) };
  switch (row.kind) {
    case "recurring_fee":
      return { kind: "recurring_fee", ...common, quantity: trimDecimal(row.quantity) };
    case "usage":
      return { kind: "usage", ...common, meterId: row.meterId!, rating: row.rating!, packageSize: row.packageSize ? trimDecimal(row.packageSize) : undefined };
    case "commit":
      return { kind: "commit", ...common, commitAmountMinor: row.commitAmountMinor! };
    case "delivery":
      return {
        kind: "delivery",
        ...common,
        quantity: trimDecimal(row.quantity),
        deliveryEvery: row.deliveryEvery!,
        deliveryUnit: row.deliveryUnit!,
        shipToSiteId: row.shipToSiteId!,
        preferredWarehouseId: row.preferredWarehouseId,
        firstDeliveryDate: row.firstDeliveryDate!,
      };
  }
}

/** "12.500000" -> "12.5": numeric columns compared with what a user typed. */
export function trimDecimal(value: string): string {
  return new Dec(value).toString();
}
