import { sql } from "drizzle-orm";
import type { TenantTx } from "../../../db/with-tenant";
import { DomainError } from "../errors";
import { Dec } from "../money/money";

/** The unit prices an entry charges: its flat price, a package's price per unit, or each band's. */
function unitPricesOf(terms: { model: string; unitPrice?: string | null; packageSize?: string | null; tiers?: Array<{ unitPrice: string | number }> }): Dec[] {
  if (terms.model === "flat" && terms.unitPrice != null) return [new Dec(terms.unitPrice)];
  if (terms.model === "package" && terms.unitPrice != null && terms.packageSize != null) return [new Dec(terms.unitPrice).dividedBy(terms.packageSize)];
  return (terms.tiers ?? []).map((t) => new Dec(t.unitPrice));
}

/**
 * Refuses a price in a reseller's book outside the tenant's floor and ceiling for the product. Called
 * by addPriceEntry for every reseller-kind book (staff and the reseller alike).
 */
export async function assertWithinResellerLimits(
  tx: TenantTx,
  input: { priceBookId: string; productId: string; model: string; unitPrice?: string | null; packageSize?: string | null; tiers?: Array<{ unitPrice: string | number }> },
): Promise<void> {
  const [limit] = await tx.execute<{ kind: string; currency: string; floor_price: string | null; ceiling_price: string | null; sku: string }>(sql`
    select b.kind, b.currency, trim_scale(l.floor_price)::text as floor_price, trim_scale(l.ceiling_price)::text as ceiling_price, p.sku
      from price_books b
      join products p on p.tenant_id = b.tenant_id and p.id = ${input.productId}
      left join reseller_price_limits l on l.tenant_id = b.tenant_id and l.product_id = p.id and l.currency = b.currency
     where b.id = ${input.priceBookId}`);
  if (!limit || limit.kind !== "reseller" || limit.floor_price === null || limit.ceiling_price === null) return;
  for (const price of unitPricesOf(input)) {
    if (price.lessThan(limit.floor_price) || price.greaterThan(limit.ceiling_price)) {
      const message = `${limit.sku} must be priced between ${limit.floor_price} and ${limit.ceiling_price} ${limit.currency} (the tenant's floor and ceiling for resellers); ${price.toString()} is outside`;
      throw new DomainError("BAD_REQUEST", message, { unitPrice: [message] });
    }
  }
}
