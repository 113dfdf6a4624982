import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { batchId } from "../../db/batch-ids";
import { taxLine } from "../../server/domain/billing/tax";
import { discountedPriceText, fixed, fixedText, lineMinor, minorText, perUnitText, ratedMinor, taxOf } from "../../server/domain/money/exact";
import { Dec, fromMinor, lineTotalMinor } from "../../server/domain/money/money";
import type { PricingTerms } from "../../server/domain/pricing/rating";
import { rateUsageItem } from "../../server/domain/subscriptions/usage-summary";

/*
 * The renewal run prices lines on scaled integers (money/exact.ts) instead of decimal.js. These check
 * every function against the decimal.js code it replaces, on random inputs in the columns' ranges
 * (quantities and prices numeric(20,6), discounts numeric(5,2), tax rates numeric(7,4)).
 */

const RUNS = { numRuns: 2000 };
const currency = fc.constantFrom("EUR", "JPY", "KWD");
/** A decimal text with up to `scale` decimals and `digits` integer digits, as Postgres' numeric::text writes it (trailing zeros kept). */
const decimal = (digits: number, scale: number, opts: { negative?: boolean } = {}) =>
  fc
    .tuple(fc.bigInt({ min: opts.negative ? -(10n ** BigInt(digits + scale)) + 1n : 0n, max: 10n ** BigInt(digits + scale) - 1n }), fc.integer({ min: 0, max: scale }))
    .map(([n, s]) => new Dec(n.toString()).dividedBy(new Dec(10).pow(s)).toFixed(s));
const quantity = decimal(7, 6);
const price = decimal(8, 6);
const discount = fc.oneof(fc.constant("0"), fc.constant("10.00"), decimal(2, 2), fc.constant("100.00"));
const rate = fc.oneof(fc.constantFrom("21", "9", "0", "21.0000", "7.5000"), decimal(2, 4));

/** taxLine() as it was, in decimal.js. */
function taxLineDecimal(amountMinor: bigint, rateText: string, inclusive: boolean) {
  const r = new Dec(rateText);
  const amount = new Dec(amountMinor.toString());
  const tax = inclusive ? amount.times(r).dividedBy(r.plus(100)) : amount.times(r).dividedBy(100);
  const abs = BigInt(tax.abs().toDecimalPlaces(0, Dec.ROUND_HALF_UP).toFixed(0));
  const taxMinor = tax.isNegative() ? -abs : abs;
  return inclusive ? { netMinor: amountMinor - taxMinor, taxMinor } : { netMinor: amountMinor, taxMinor };
}

describe("exact decimal arithmetic equals decimal.js", () => {
  test("parsing and canonical text", () => {
    fc.assert(fc.property(decimal(12, 6, { negative: true }), (v) => {
      expect(fixedText(fixed(v))).toBe(new Dec(v).toString());
    }), RUNS);
    expect(fixedText(fixed("1e3"))).toBe("1000");
    expect(fixedText(fixed(0.25))).toBe("0.25");
    expect(fixedText(fixed("-0.000100"))).toBe("-0.0001");
    expect(() => fixed("abc")).toThrow();
    expect(() => fixed(".")).toThrow();
  });

  test("line totals: quantity x price less discount, half-up to the minor unit", () => {
    fc.assert(
      fc.property(quantity, price, discount, currency, (q, p, d, c) => {
        expect(lineMinor(fixed(q), fixed(p), c, fixed(d))).toBe(lineTotalMinor(q, p, c, d));
      }),
      RUNS,
    );
    expect(lineMinor(fixed("3"), fixed("0.005"), "EUR", fixed("0"))).toBe(2n); // 1.5 cents rounds up
    expect(lineMinor(fixed("1"), fixed("0.015"), "EUR", fixed("50"))).toBe(1n); // 0.75 cents
  });

  test("discounted unit price to 6 decimals", () => {
    fc.assert(
      fc.property(price, discount, (p, d) => {
        expect(discountedPriceText(fixed(p), fixed(d))).toBe(new Dec(p).times(new Dec(100).minus(d)).dividedBy(100).toDecimalPlaces(6).toString());
      }),
      RUNS,
    );
  });

  test("tax per line, exclusive and inclusive, credits mirroring charges", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 13n), max: 10n ** 13n }), rate, fc.boolean(), (amount, r, inclusive) => {
        const expected = taxLineDecimal(amount, r, inclusive);
        expect(taxOf(amount, fixed(r), inclusive)).toEqual(expected);
        expect(taxLine(amount, r, inclusive)).toEqual(expected);
      }),
      RUNS,
    );
    expect(taxOf(-250n, fixed("21"), false)).toEqual({ netMinor: -250n, taxMinor: -53n }); // -52.5 away from zero
    expect(taxOf(121n, fixed("21"), true)).toEqual({ netMinor: 100n, taxMinor: 21n });
  });

  test("minor units as text, and a usage line's unit price", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), currency, (m, c) => {
        expect(minorText(m, c)).toBe(fromMinor(m, c).toString());
      }),
      RUNS,
    );
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), currency, quantity.filter((q) => !new Dec(q).isZero()), (m, c, q) => {
        expect(perUnitText(m, c, fixed(q))).toBe(fromMinor(m, c).dividedBy(q).toDecimalPlaces(6).toString());
      }),
      RUNS,
    );
  });

  test("usage rating with stored terms (flat, graduated, volume, package) less discount", () => {
    const tierList = fc
      .uniqueArray(decimal(5, 2), { minLength: 1, maxLength: 4, selector: (v) => new Dec(v).toString() })
      .chain((froms) => fc.tuple(fc.constant(froms), fc.array(decimal(2, 6), { minLength: froms.length, maxLength: froms.length })))
      .map(([froms, prices]) => froms.map((from, i) => ({ from, unitPrice: prices[i] })));
    const terms: fc.Arbitrary<PricingTerms> = fc.oneof(
      decimal(3, 6).map((unitPrice) => ({ model: "flat" as const, unitPrice })),
      fc.tuple(decimal(3, 6), decimal(4, 3).filter((s) => !new Dec(s).isZero())).map(([unitPrice, packageSize]) => ({ model: "package" as const, unitPrice, packageSize })),
      tierList.map((tiers) => ({ model: "graduated" as const, tiers })),
      tierList.map((tiers) => ({ model: "volume" as const, tiers })),
    );
    fc.assert(
      fc.property(terms, quantity, discount, currency, (t, q, d, c) => {
        const expected = rateUsageItem({ pricing: { terms: t }, discountPercent: d }, q, c).amountMinor;
        expect(ratedMinor(t, fixed(q), fixed(d), c)).toBe(expected);
      }),
      RUNS,
    );
    // Terms it does not take are left to decimal.js (null), as are negative quantities; no terms rate 0.
    expect(ratedMinor({ model: "graduated", tiers: [] }, fixed("5"), fixed("0"), "EUR")).toBeNull();
    expect(ratedMinor({ model: "flat", unitPrice: "1" }, fixed("-1"), fixed("0"), "EUR")).toBeNull();
    expect(ratedMinor(null, fixed("5"), fixed("0"), "EUR")).toBe(0n);
  });
});

describe("batch ids", () => {
  test("are canonical, time-ordered UUIDv7 text, each a new value", () => {
    const ids = Array.from({ length: 5000 }, () => batchId());
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });
});
