import { Dec } from "../money/money";
import type Decimal from "decimal.js";

/**
 * How a quantity is priced. `flat`: every unit at `unitPrice`. `graduated` (a usage meter's "tiered"):
 * each unit at the price of the band it falls in. `volume`: every unit at the price of the band the
 * total reaches. `package`: whole packages of `packageSize` at `unitPrice` each, a started package
 * counting in full. Bands start at `from` (inclusive) and run to the next band's `from`.
 */
export interface PricingTerms {
  model: "flat" | "graduated" | "volume" | "package";
  unitPrice?: string | null;
  packageSize?: string | null;
  tiers?: Array<{ from: string; unitPrice: string }>;
}

export interface Band { from: string; to: string | null; quantity: string; unitPrice: string; amount: string }

export interface Rated {
  /** Total in major units, unrounded (documents round lines half-up to the minor unit). */
  amount: Decimal;
  /** amount / quantity (the band price at quantity 0), 6 decimals. */
  unitPrice: Decimal;
  bands: Band[];
}

/** Maps a usage meter's rating name to the pricing model it uses. */
export const RATING_TO_MODEL = { tiered: "graduated", volume: "volume", package: "package" } as const;

function sortedTiers(terms: PricingTerms) {
  const tiers = [...(terms.tiers ?? [])].sort((a, b) => new Dec(a.from).comparedTo(b.from));
  if (tiers.length === 0) throw new Error(`${terms.model} pricing needs at least one tier`);
  return tiers;
}

export function rateQuantity(terms: PricingTerms, quantityValue: Decimal.Value): Rated {
  const quantity = new Dec(quantityValue);
  if (quantity.isNegative()) throw new Error("Quantity cannot be negative");
  const result = (amount: Decimal, bands: Band[], zeroPrice: Decimal): Rated => ({
    amount,
    unitPrice: (quantity.isZero() ? zeroPrice : amount.dividedBy(quantity)).toDecimalPlaces(6),
    bands,
  });

  switch (terms.model) {
    case "flat": {
      const price = new Dec(terms.unitPrice ?? NaN);
      const amount = quantity.times(price);
      return result(amount, [{ from: "0", to: null, quantity: quantity.toString(), unitPrice: price.toString(), amount: amount.toString() }], price);
    }
    case "package": {
      const size = new Dec(terms.packageSize ?? NaN);
      const price = new Dec(terms.unitPrice ?? NaN);
      const packages = quantity.dividedBy(size).ceil();
      const amount = packages.times(price);
      return result(amount, [{ from: "0", to: null, quantity: packages.toString(), unitPrice: price.toString(), amount: amount.toString() }], price.dividedBy(size));
    }
    case "volume": {
      const tiers = sortedTiers(terms);
      const index = tiers.reduce((found, t, i) => (quantity.greaterThanOrEqualTo(t.from) ? i : found), 0);
      const tier = tiers[index];
      const amount = quantity.times(tier.unitPrice);
      const to = tiers[index + 1]?.from ?? null;
      return result(amount, [{ from: tier.from, to, quantity: quantity.toString(), unitPrice: tier.unitPrice, amount: amount.toString() }], new Dec(tiers[0].unitPrice));
    }
    case "graduated": {
      const tiers = sortedTiers(terms);
      const bands: Band[] = [];
      let amount = new Dec(0);
      tiers.forEach((tier, i) => {
        const from = new Dec(tier.from);
        const to = tiers[i + 1] ? new Dec(tiers[i + 1].from) : null;
        if (quantity.lessThanOrEqualTo(from)) return;
        const inBand = (to && quantity.greaterThan(to) ? to : quantity).minus(from);
        const bandAmount = inBand.times(tier.unitPrice);
        amount = amount.plus(bandAmount);
        bands.push({ from: tier.from, to: to?.toString() ?? null, quantity: inBand.toString(), unitPrice: tier.unitPrice, amount: bandAmount.toString() });
      });
      return result(amount, bands, new Dec(tiers[0].unitPrice));
    }
  }
}
