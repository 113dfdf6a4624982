import { Dec, toMinor } from "../money/money";
import { daysBetween, periodContaining, type BillingInterval, type IsoDate, type Period } from "./periods";

/*
 * Day-based proration of recurring fees (billed in advance) when terms change inside a period:
 * the unused days of the period are credited at the old terms and charged at the new ones.
 * amount = quantity x unit price x (100 - discount)/100 x days remaining / days in period,
 * rounded half-up to the minor unit once per line. Days remaining counts the effective date itself.
 */

export interface ProratedFee {
  productId: string;
  description: string;
  quantity: string;
  unitPrice: string;
  discountPercent: string;
}

export interface ProrationLine {
  kind: "credit" | "charge";
  productId: string;
  description: string;
  quantity: string;
  unitPrice: string;
  discountPercent: string;
  from: IsoDate;
  /** Exclusive. */
  to: IsoDate;
  days: number;
  daysInPeriod: number;
  /** Negative for a credit. */
  amountMinor: bigint;
}

export interface Proration {
  period: Period;
  effectiveDate: IsoDate;
  daysRemaining: number;
  daysInPeriod: number;
  lines: ProrationLine[];
  netMinor: bigint;
}

export interface ProrationContract { currency: string; termStart: IsoDate; anchorDay: number; billingInterval: BillingInterval }

/** The prorated amount of one fee for `days` of a `daysInPeriod`-day period, in minor units (half-up). */
export function proratedMinor(fee: Pick<ProratedFee, "quantity" | "unitPrice" | "discountPercent">, days: number, daysInPeriod: number, currency: string): bigint {
  const periodAmount = new Dec(fee.quantity).times(fee.unitPrice).times(new Dec(100).minus(fee.discountPercent)).dividedBy(100);
  return toMinor(periodAmount.times(days).dividedBy(daysInPeriod), currency);
}

const feeKey = (f: ProratedFee) => `${f.productId}|${new Dec(f.quantity).toString()}|${new Dec(f.unitPrice).toString()}|${new Dec(f.discountPercent).toString()}`;

/**
 * Credit and charge lines for replacing `oldFees` by `newFees` from `effectiveDate`. A fee that is
 * the same in both (product, quantity, price, discount) nets to zero and gets no lines.
 */
export function prorate(contract: ProrationContract, effectiveDate: IsoDate, oldFees: ProratedFee[], newFees: ProratedFee[]): Proration {
  const period = periodContaining(effectiveDate, contract.termStart, contract.anchorDay, contract.billingInterval);
  const daysInPeriod = daysBetween(period.start, period.end);
  const daysRemaining = daysBetween(effectiveDate, period.end);

  const unchanged = new Map<string, number>();
  for (const f of oldFees) unchanged.set(feeKey(f), (unchanged.get(feeKey(f)) ?? 0) + 1);
  const kept = new Map<string, number>();
  for (const f of newFees) {
    const k = feeKey(f);
    const available = (unchanged.get(k) ?? 0) - (kept.get(k) ?? 0);
    if (available > 0) kept.set(k, (kept.get(k) ?? 0) + 1);
  }
  const skip = (fees: ProratedFee[]) => {
    const left = new Map(kept);
    return fees.filter((f) => {
      const n = left.get(feeKey(f)) ?? 0;
      if (n > 0) {
        left.set(feeKey(f), n - 1);
        return false;
      }
      return true;
    });
  };

  const line = (kind: ProrationLine["kind"], f: ProratedFee): ProrationLine => {
    const amount = proratedMinor(f, daysRemaining, daysInPeriod, contract.currency);
    return { kind, ...f, from: effectiveDate, to: period.end, days: daysRemaining, daysInPeriod, amountMinor: kind === "credit" ? -amount : amount };
  };
  const lines = [...skip(oldFees).map((f) => line("credit", f)), ...skip(newFees).map((f) => line("charge", f))];
  return { period, effectiveDate, daysRemaining, daysInPeriod, lines, netMinor: lines.reduce((sum, l) => sum + l.amountMinor, 0n) };
}
