import Decimal from "decimal.js";

/**
 * All money arithmetic goes through decimal.js (never JS floats). Amounts are integer minor units
 * (bigint) in an ISO currency; unit prices and rates are decimal strings (numeric(20,6) in Postgres).
 */
export const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
export type Dec = Decimal;

/** Minor units per currency, mirroring the `currencies` reference table. */
export const CURRENCY_MINOR_UNITS: Record<string, number> = {
  EUR: 2, USD: 2, GBP: 2, CHF: 2, SEK: 2, DKK: 2, NOK: 2, PLN: 2, CAD: 2, AUD: 2, JPY: 0, KWD: 3,
};
export const CURRENCIES = Object.keys(CURRENCY_MINOR_UNITS) as [string, ...string[]];

export function minorUnitsOf(currency: string): number {
  const units = CURRENCY_MINOR_UNITS[currency];
  if (units === undefined) throw new Error(`Unknown currency ${currency}`);
  return units;
}

/** A decimal amount in major units (e.g. 12.345 EUR) to integer minor units, rounded half-up (1235). */
export function toMinor(amount: Decimal.Value, currency: string): bigint {
  const scaled = new Dec(amount).times(new Dec(10).pow(minorUnitsOf(currency))).toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
  return BigInt(scaled.toFixed(0));
}

/** Integer minor units back to a decimal amount in major units. */
export function fromMinor(minor: bigint | number | string, currency: string): Decimal {
  return new Dec(minor.toString()).dividedBy(new Dec(10).pow(minorUnitsOf(currency)));
}

/** A line total: quantity x unit price, less a percentage discount, rounded half-up to the minor unit. */
export function lineTotalMinor(quantity: Decimal.Value, unitPrice: Decimal.Value, currency: string, discountPercent: Decimal.Value = 0): bigint {
  const gross = new Dec(quantity).times(unitPrice);
  const net = gross.times(new Dec(100).minus(discountPercent)).dividedBy(100);
  return toMinor(net, currency);
}

/** "€1,234.50"-style display of minor units, for UIs and documents. */
export function formatMoney(minor: bigint | number | string, currency: string, locale = "en-GB"): string {
  const digits = minorUnitsOf(currency);
  return new Intl.NumberFormat(locale, { style: "currency", currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
    // Display only: Intl needs a number; amounts beyond 2^53 minor units are not displayed exactly.
    Number(fromMinor(minor, currency).toFixed(digits)),
  );
}

/** A unit price (decimal string) for display, with up to 6 decimals and no trailing zeros beyond the currency's. */
export function formatUnitPrice(price: Decimal.Value, currency: string): string {
  const d = new Dec(price);
  const digits = Math.max(minorUnitsOf(currency), Math.min(6, d.decimalPlaces()));
  return `${d.toFixed(digits)} ${currency}`;
}
