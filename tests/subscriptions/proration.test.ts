import { describe, expect, test } from "vitest";
import { prorate, proratedMinor, type ProratedFee } from "../../server/domain/subscriptions/proration";

/*
 * Day-based proration: credit the unused days at the old terms, charge them at the new ones,
 * amount = quantity x price x (1 - discount) x days remaining / days in period, half-up to cents.
 */

const fee = (unitPrice: string, extra: Partial<ProratedFee> = {}): ProratedFee => ({ productId: "p-support", description: "Support", quantity: "1", unitPrice, discountPercent: "0", ...extra });
const monthly = (termStart: string, anchorDay: number) => ({ currency: "EUR", termStart, anchorDay, billingInterval: "month" as const });

const amounts = (p: ReturnType<typeof prorate>) => p.lines.map((l) => [l.kind, l.amountMinor]);

describe("proration by month length", () => {
  test("28-day month (February 2026): 14 of 28 days", () => {
    const p = prorate(monthly("2026-01-01", 1), "2026-02-15", [fee("100")], [fee("150")]);
    expect([p.period, p.daysInPeriod, p.daysRemaining]).toEqual([{ start: "2026-02-01", end: "2026-03-01" }, 28, 14]);
    expect(amounts(p)).toEqual([["credit", -5000n], ["charge", 7500n]]);
    expect(p.netMinor).toBe(2500n);
  });

  test("29-day month (February 2028, leap year): 15 of 29 days, rounded half-up", () => {
    const p = prorate(monthly("2028-01-01", 1), "2028-02-15", [fee("100")], [fee("150")]);
    expect([p.daysInPeriod, p.daysRemaining]).toEqual([29, 15]);
    // 100 x 15/29 = 51.724..., 150 x 15/29 = 77.586...
    expect(amounts(p)).toEqual([["credit", -5172n], ["charge", 7759n]]);
  });

  test("30-day month (April): 20 of 30 days", () => {
    const p = prorate(monthly("2026-01-01", 1), "2026-04-11", [fee("100")], [fee("150")]);
    expect([p.daysInPeriod, p.daysRemaining]).toEqual([30, 20]);
    expect(amounts(p)).toEqual([["credit", -6667n], ["charge", 10000n]]);
  });

  test("31-day month (January): 11 of 31 days", () => {
    const p = prorate(monthly("2026-01-01", 1), "2026-01-21", [fee("100")], [fee("150")]);
    expect([p.daysInPeriod, p.daysRemaining]).toEqual([31, 11]);
    expect(amounts(p)).toEqual([["credit", -3548n], ["charge", 5323n]]);
  });
});

describe("proration with anchors on the 29th, 30th and 31st", () => {
  test("anchor 31 in February: the period Jan 31 -> Feb 28 has 28 days", () => {
    const p = prorate(monthly("2026-01-31", 31), "2026-02-20", [fee("100")], [fee("150")]);
    expect(p.period).toEqual({ start: "2026-01-31", end: "2026-02-28" });
    expect([p.daysInPeriod, p.daysRemaining]).toEqual([28, 8]);
    expect(amounts(p)).toEqual([["credit", -2857n], ["charge", 4286n]]);
  });

  test("anchor 31 after February: the period Feb 28 -> Mar 31 has 31 days", () => {
    const p = prorate(monthly("2026-01-31", 31), "2026-03-01", [fee("100")], [fee("150")]);
    expect(p.period).toEqual({ start: "2026-02-28", end: "2026-03-31" });
    expect([p.daysInPeriod, p.daysRemaining]).toEqual([31, 30]);
    expect(amounts(p)).toEqual([["credit", -9677n], ["charge", 14516n]]);
  });

  test("anchor 30: the period Feb 28 -> Mar 30 has 30 days", () => {
    const p = prorate(monthly("2026-01-30", 30), "2026-03-10", [fee("100")], [fee("150")]);
    expect(p.period).toEqual({ start: "2026-02-28", end: "2026-03-30" });
    expect([p.daysInPeriod, p.daysRemaining]).toEqual([30, 20]);
    expect(amounts(p)).toEqual([["credit", -6667n], ["charge", 10000n]]);
  });

  test("anchor 29 in a common year: Jan 29 -> Feb 28 is 30 days", () => {
    const p = prorate(monthly("2027-01-29", 29), "2027-02-10", [fee("100")], []);
    expect(p.period).toEqual({ start: "2027-01-29", end: "2027-02-28" });
    expect([p.daysInPeriod, p.daysRemaining]).toEqual([30, 18]);
    expect(amounts(p)).toEqual([["credit", -6000n]]);
  });

  test("anchor 29 in a leap year: Jan 29 -> Feb 29 is 31 days", () => {
    const p = prorate(monthly("2028-01-29", 29), "2028-02-10", [fee("100")], []);
    expect(p.period).toEqual({ start: "2028-01-29", end: "2028-02-29" });
    expect([p.daysInPeriod, p.daysRemaining]).toEqual([31, 19]);
    expect(amounts(p)).toEqual([["credit", -6129n]]);
  });
});

describe("proration arithmetic", () => {
  test("rounds half-up to the minor unit: 100.01 x 14/28 = 50.005 -> 50.01", () => {
    expect(proratedMinor({ quantity: "1", unitPrice: "100.01", discountPercent: "0" }, 14, 28, "EUR")).toBe(5001n);
  });

  test("quantity and discount apply before the day fraction: 3 x 40 less 10% for 10 of 30 days = 36.00", () => {
    expect(proratedMinor({ quantity: "3", unitPrice: "40", discountPercent: "10" }, 10, 30, "EUR")).toBe(3600n);
  });

  test("a zero-decimal currency rounds to whole units", () => {
    expect(proratedMinor({ quantity: "1", unitPrice: "1000", discountPercent: "0" }, 1, 3, "JPY")).toBe(333n);
  });

  test("an unchanged fee nets to nothing and gets no lines; a changed one is credited and charged", () => {
    const p = prorate(monthly("2026-01-01", 1), "2026-02-15", [fee("100"), fee("20", { productId: "p-extra" })], [fee("100"), fee("25", { productId: "p-extra" })]);
    expect(p.lines.map((l) => [l.kind, l.productId, l.amountMinor])).toEqual([
      ["credit", "p-extra", -1000n],
      ["charge", "p-extra", 1250n],
    ]);
  });

  test("on the period's first day the whole period is prorated; quarterly periods count their own days", () => {
    const first = prorate(monthly("2026-01-01", 1), "2026-02-01", [fee("100")], []);
    expect([first.daysRemaining, first.daysInPeriod, first.netMinor]).toEqual([28, 28, -10000n]);
    const q = prorate({ currency: "EUR", termStart: "2026-01-01", anchorDay: 1, billingInterval: "quarter" }, "2026-03-02", [fee("300")], []);
    expect([q.period, q.daysInPeriod, q.daysRemaining, q.netMinor]).toEqual([{ start: "2026-01-01", end: "2026-04-01" }, 90, 30, -10000n]);
  });
});
