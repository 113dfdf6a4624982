import { describe, expect, test } from "vitest";
import { RATING_TO_MODEL, rateQuantity, type PricingTerms } from "../../server/domain/pricing/rating";

/* Bands: 0-100 at 0.10, 100-1000 at 0.08, 1000+ at 0.05 (from inclusive, to exclusive by `from`). */
const tiers = [
  { from: "0", unitPrice: "0.10" },
  { from: "100", unitPrice: "0.08" },
  { from: "1000", unitPrice: "0.05" },
];
const graduated: PricingTerms = { model: "graduated", tiers };
const volume: PricingTerms = { model: "volume", tiers };
const pkg: PricingTerms = { model: "package", unitPrice: "25", packageSize: "10" };

const rate = (terms: PricingTerms, q: string) => {
  const r = rateQuantity(terms, q);
  return { amount: r.amount.toString(), unitPrice: r.unitPrice.toString(), bands: r.bands.length };
};

describe("graduated: each unit at the price of its band", () => {
  test.each([
    ["0", "0", "0.1", 0],
    ["1", "0.1", "0.1", 1],
    ["100", "10", "0.1", 1], // exactly on the boundary: the 100 units are all in the first band
    ["101", "10.08", "0.099802", 2],
    ["1000", "82", "0.082", 2], // 100 x 0.10 + 900 x 0.08
    ["1001", "82.05", "0.081968", 3],
    ["5000", "282", "0.0564", 3], // above the last band: 82 + 4000 x 0.05
    ["100.5", "10.04", "0.0999", 2], // fractional quantities stay exact
  ])("quantity %s -> amount %s (unit %s, %s bands)", (q, amount, unit, bands) => {
    expect(rate(graduated, q)).toEqual({ amount, unitPrice: unit, bands });
  });

  test("the bands add up to the amount and list the split", () => {
    const r = rateQuantity(graduated, "1001");
    expect(r.bands).toEqual([
      { from: "0", to: "100", quantity: "100", unitPrice: "0.10", amount: "10" },
      { from: "100", to: "1000", quantity: "900", unitPrice: "0.08", amount: "72" },
      { from: "1000", to: null, quantity: "1", unitPrice: "0.05", amount: "0.05" },
    ]);
  });
});

describe("volume: all units at the band the total reaches", () => {
  test.each([
    ["0", "0", "0.1"],
    ["99", "9.9", "0.1"],
    ["100", "8", "0.08"], // exactly on the boundary: the whole quantity drops to the next band
    ["999.999999", "79.99999992", "0.08"],
    ["1000", "50", "0.05"],
    ["5000", "250", "0.05"], // above the last band
  ])("quantity %s -> amount %s at %s", (q, amount, unit) => {
    const r = rate(volume, q);
    expect(r.amount).toBe(amount);
    expect(r.unitPrice).toBe(unit);
    expect(r.bands).toBe(1);
  });

  test("graduated and volume differ just above a boundary (the cliff)", () => {
    expect(rateQuantity(graduated, "100").amount.toString()).toBe("10");
    expect(rateQuantity(volume, "100").amount.toString()).toBe("8");
  });

  test("tiers given out of order are sorted by their start", () => {
    const shuffled: PricingTerms = { model: "volume", tiers: [tiers[2], tiers[0], tiers[1]] };
    expect(rateQuantity(shuffled, "150").amount.toString()).toBe("12");
  });
});

describe("package: whole packages, a started one counts in full", () => {
  test.each([
    ["0", "0", 0],
    ["1", "25", 1],
    ["10", "25", 1], // exactly one package
    ["10.000001", "50", 2],
    ["20", "50", 2],
    ["95", "250", 10],
  ])("quantity %s -> %s (%s packages)", (q, amount, packages) => {
    const r = rateQuantity(pkg, q);
    expect(r.amount.toString()).toBe(amount);
    expect(r.bands[0].quantity).toBe(String(packages));
  });

  test("the unit price at quantity 0 is the package price per unit", () => {
    expect(rateQuantity(pkg, "0").unitPrice.toString()).toBe("2.5");
  });
});

describe("flat and decimal exactness", () => {
  test("0.1 x 3 is 0.3 exactly", () => {
    expect(rateQuantity({ model: "flat", unitPrice: "0.1" }, "3").amount.toString()).toBe("0.3");
  });

  test("six-decimal prices at large quantities", () => {
    expect(rateQuantity({ model: "flat", unitPrice: "0.000001" }, "123456789").amount.toString()).toBe("123.456789");
  });

  test("a negative quantity is rejected", () => {
    expect(() => rateQuantity(graduated, "-1")).toThrow(/negative/);
  });

  test("banded pricing without bands is rejected", () => {
    expect(() => rateQuantity({ model: "volume", tiers: [] }, "1")).toThrow(/tier/);
  });

  test("a usage item's rating names map to pricing models", () => {
    expect(RATING_TO_MODEL).toEqual({ tiered: "graduated", volume: "volume", package: "package" });
  });
});
