import type { PricingTerms } from "../pricing/rating";
import { minorUnitsOf } from "./money";

/*
 * Exact decimal arithmetic on scaled integers (bigint) for the renewal run's hot loop, which prices
 * ~175,000 lines per run: the same results as the decimal.js functions of money.ts, tax.ts and
 * pricing/rating.ts (tests/money/exact.test.ts checks them against those on random inputs), without
 * decimal.js' digit arrays and string parsing per operation. A decimal is `n / 10^s` (n a bigint), so
 * sums and products are exact, and every rounding is one integer division rounded half-up (away from
 * zero at .5, decimal.js' ROUND_HALF_UP). No floats anywhere.
 */

/** The decimal `n / 10^s`. */
export interface Fixed {
  n: bigint;
  s: number;
}

const POW10: bigint[] = [1n];
export function pow10(k: number): bigint {
  for (let i = POW10.length; i <= k; i++) POW10.push(POW10[i - 1] * 10n);
  return POW10[k];
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** Parses a decimal (a Postgres numeric's text, a price book's "0.01", a number); throws on anything else. */
export function fixed(value: string | number): Fixed {
  const text = typeof value === "number" ? String(value) : value;
  const m = DECIMAL.exec(text);
  if (!m || (m[2] === "" && (m[3] === undefined || m[3] === ""))) throw new Error(`not a decimal: ${text}`);
  const frac = m[3] ?? "";
  let n = BigInt(`${m[2] || "0"}${frac}`);
  let s = frac.length - (m[4] ? Number(m[4]) : 0);
  if (s < 0) {
    n *= pow10(-s);
    s = 0;
  }
  return { n: m[1] === "-" ? -n : n, s };
}

/** `n / d` rounded half-up (away from zero at .5); `d` > 0. */
export function divRound(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r = n - q * d;
  if (r === 0n) return q;
  if (r > 0n) return 2n * r >= d ? q + 1n : q;
  return -2n * r >= d ? q - 1n : q;
}

/** `ceil(n / d)`; `d` > 0. */
function divCeil(n: bigint, d: bigint): bigint {
  const q = n / d;
  return q * d < n ? q + 1n : q;
}

/** The canonical text of `n / 10^s` (no trailing zeros, no exponent), as decimal.js' toString() writes it for these magnitudes. */
export function decimalText(n: bigint, s: number): string {
  if (n === 0n) return "0";
  const negative = n < 0n;
  let digits = (negative ? -n : n).toString();
  if (s > 0) {
    if (digits.length <= s) digits = "0".repeat(s - digits.length + 1) + digits;
    let end = digits.length;
    const point = digits.length - s;
    while (end > point && digits.charCodeAt(end - 1) === 48) end--;
    digits = end === point ? digits.slice(0, point) : `${digits.slice(0, point)}.${digits.slice(point, end)}`;
  }
  return negative ? `-${digits}` : digits;
}

export const fixedText = (f: Fixed): string => decimalText(f.n, f.s);

/** Compares two decimals. */
export function compareFixed(a: Fixed, b: Fixed): number {
  const x = a.s >= b.s ? a.n : a.n * pow10(b.s - a.s);
  const y = b.s >= a.s ? b.n : b.n * pow10(a.s - b.s);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** `amount x (100 - discount) / 100` in minor units of `minorUnits` digits, rounded half-up. */
function discountedMinor(amount: Fixed, discount: Fixed, minorUnits: number): bigint {
  return divRound(amount.n * (100n * pow10(discount.s) - discount.n) * pow10(minorUnits), pow10(amount.s + discount.s) * 100n);
}

/** lineTotalMinor() of money.ts: quantity x unit price less a percentage discount, half-up to the minor unit. */
export function lineMinor(quantity: Fixed, unitPrice: Fixed, currency: string, discount: Fixed): bigint {
  return discountedMinor({ n: quantity.n * unitPrice.n, s: quantity.s + unitPrice.s }, discount, minorUnitsOf(currency));
}

/** A unit price less a percentage discount, half-up to 6 decimals, as text. */
export function discountedPriceText(unitPrice: Fixed, discount: Fixed): string {
  return decimalText(discountedMinor(unitPrice, discount, 6), 6);
}

/** Minor units as major-unit text ("43.2" for 4320 cents), as `fromMinor(...).toString()` writes it. */
export const minorText = (minor: bigint, currency: string): string => decimalText(minor, minorUnitsOf(currency));

/** `minor / quantity` in major units, half-up to 6 decimals, as text (a usage line's unit price); quantity > 0. */
export function perUnitText(minor: bigint, currency: string, quantity: Fixed): string {
  return decimalText(divRound(minor * pow10(quantity.s + 6), pow10(minorUnitsOf(currency)) * quantity.n), 6);
}

/** taxLine() of tax.ts: tax of one line at `rate` percent, half-up away from zero; inclusive carves it out of the amount. */
export function taxOf(amountMinor: bigint, rate: Fixed, inclusive: boolean): { netMinor: bigint; taxMinor: bigint } {
  const hundred = 100n * pow10(rate.s);
  const taxMinor = divRound(amountMinor * rate.n, inclusive ? rate.n + hundred : hundred);
  return inclusive ? { netMinor: amountMinor - taxMinor, taxMinor } : { netMinor: amountMinor, taxMinor };
}

const add = (a: Fixed, b: Fixed): Fixed =>
  a.s === b.s ? { n: a.n + b.n, s: a.s } : a.s > b.s ? { n: a.n + b.n * pow10(a.s - b.s), s: a.s } : { n: a.n * pow10(b.s - a.s) + b.n, s: b.s };
const sub = (a: Fixed, b: Fixed): Fixed => add(a, { n: -b.n, s: b.s });
const mul = (a: Fixed, b: Fixed): Fixed => ({ n: a.n * b.n, s: a.s + b.s });

/**
 * rateUsageItem() of subscriptions/usage-summary.ts: a quantity priced with stored terms (flat,
 * graduated, volume, package), less the discount, half-up to the minor unit. Null where those terms
 * are not a shape this handles (the caller then rates with decimal.js, which also raises the errors).
 */
export function ratedMinor(terms: PricingTerms | null | undefined, quantity: Fixed, discount: Fixed, currency: string): bigint | null {
  if (!terms) return 0n;
  if (quantity.n < 0n) return null;
  try {
    const amount = ratedAmount(terms, quantity);
    return amount === null ? null : discountedMinor(amount, discount, minorUnitsOf(currency));
  } catch {
    return null;
  }
}

function ratedAmount(terms: PricingTerms, quantity: Fixed): Fixed | null {
  switch (terms.model) {
    case "flat":
      return terms.unitPrice == null ? null : mul(quantity, fixed(terms.unitPrice));
    case "package": {
      if (terms.unitPrice == null || terms.packageSize == null) return null;
      const size = fixed(terms.packageSize);
      if (size.n <= 0n) return null;
      // ceil(quantity / size): quantity.n * 10^size.s / (size.n * 10^quantity.s)
      const packages = divCeil(quantity.n * pow10(size.s), size.n * pow10(quantity.s));
      return mul({ n: packages, s: 0 }, fixed(terms.unitPrice));
    }
    case "volume":
    case "graduated": {
      const tiers = (terms.tiers ?? []).map((t) => ({ from: fixed(t.from), price: fixed(t.unitPrice) }));
      if (tiers.length === 0) return null;
      tiers.sort((a, b) => compareFixed(a.from, b.from));
      if (terms.model === "volume") {
        let index = 0;
        tiers.forEach((t, i) => {
          if (compareFixed(quantity, t.from) >= 0) index = i;
        });
        return mul(quantity, tiers[index].price);
      }
      let amount: Fixed = { n: 0n, s: 0 };
      for (let i = 0; i < tiers.length; i++) {
        const from = tiers[i].from;
        if (compareFixed(quantity, from) <= 0) continue;
        const to = i + 1 < tiers.length ? tiers[i + 1].from : null;
        const upTo = to && compareFixed(quantity, to) > 0 ? to : quantity;
        amount = add(amount, mul(sub(upTo, from), tiers[i].price));
      }
      return amount;
    }
    default:
      return null;
  }
}
