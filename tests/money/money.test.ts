import { describe, expect, test } from "vitest";
import { Dec, formatMoney, formatUnitPrice, fromMinor, lineTotalMinor, minorUnitsOf, toMinor } from "../../server/domain/money/money";

describe("toMinor rounds half-up to the currency's minor unit", () => {
  test.each([
    ["12.345", "EUR", 1235n],
    ["12.344999", "EUR", 1234n],
    ["0.005", "EUR", 1n],
    ["0.004999", "EUR", 0n],
    ["2.5", "EUR", 250n],
    ["1.005", "USD", 101n], // 1.005 is 1.00499999... as a float; decimal arithmetic gets it right
    ["1234.5", "JPY", 1235n],
    ["1234.49", "JPY", 1234n],
    ["0.5", "JPY", 1n],
    ["1.2345", "KWD", 1235n],
    ["1.2344", "KWD", 1234n],
    ["0.0005", "KWD", 1n],
  ])("%s %s -> %s", (amount, currency, minor) => {
    expect(toMinor(amount, currency)).toBe(minor);
  });

  test("negative amounts round half away from zero (a credit of 0.005 is one cent)", () => {
    expect(toMinor("-0.005", "EUR")).toBe(-1n);
    expect(toMinor("-12.344", "EUR")).toBe(-1234n);
  });

  test("amounts beyond 2^53 minor units stay exact", () => {
    expect(toMinor("123456789012345678.91", "EUR")).toBe(12345678901234567891n);
  });

  test("an unknown currency is an error, not a guess", () => {
    expect(() => toMinor("1", "XXX")).toThrow(/Unknown currency/);
  });
});

describe("minor units per currency", () => {
  test("JPY has 0 decimals, KWD 3, EUR 2", () => {
    expect(minorUnitsOf("JPY")).toBe(0);
    expect(minorUnitsOf("KWD")).toBe(3);
    expect(minorUnitsOf("EUR")).toBe(2);
  });

  test("fromMinor reverses toMinor exactly", () => {
    expect(fromMinor(1235n, "EUR").toString()).toBe("12.35");
    expect(fromMinor(1235n, "JPY").toString()).toBe("1235");
    expect(fromMinor(1235n, "KWD").toString()).toBe("1.235");
    expect(fromMinor("-1", "KWD").toString()).toBe("-0.001");
  });
});

describe("no float drift", () => {
  test("0.1 + 0.2 is exactly 0.3 with Dec (and is not with JS numbers)", () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(new Dec("0.1").plus("0.2").toString()).toBe("0.3");
    expect(toMinor(new Dec("0.1").plus("0.2"), "EUR")).toBe(30n);
  });

  test("summing 0.1 a thousand times is exactly 100", () => {
    let sum = new Dec(0);
    for (let i = 0; i < 1000; i++) sum = sum.plus("0.1");
    expect(sum.toString()).toBe("100");
  });

  test("1.15 x 100 units is 115.00, not 114.99999", () => {
    expect(lineTotalMinor(100, "1.15", "EUR")).toBe(11500n);
  });
});

describe("lineTotalMinor: quantity x unit price less a discount, rounded once", () => {
  test("rounds the line, not the unit price", () => {
    // 3 x 0.333333 = 0.999999 -> 1.00; rounding the unit price first would give 0.99
    expect(lineTotalMinor(3, "0.333333", "EUR")).toBe(100n);
  });

  test("a 12.5% discount on 7 x 9.99 = 69.93 -> 61.18875 -> 61.19", () => {
    expect(lineTotalMinor(7, "9.99", "EUR", "12.5")).toBe(6119n);
  });

  test("JPY and KWD lines", () => {
    expect(lineTotalMinor("2.5", "333", "JPY")).toBe(833n); // 832.5 -> 833
    expect(lineTotalMinor(3, "1.0005", "KWD")).toBe(3002n); // 3.0015 -> 3.002
  });

  test("fractional quantities", () => {
    expect(lineTotalMinor("0.125", "10.04", "EUR")).toBe(126n); // 1.255 -> 1.26
  });
});

describe("display", () => {
  test("formatMoney shows the currency's decimals", () => {
    expect(formatMoney(123450n, "EUR")).toBe("€1,234.50");
    expect(formatMoney(1235n, "JPY")).toBe("JP¥1,235");
    expect(formatMoney(1235n, "KWD")).toMatch(/1\.235/);
  });

  test("formatUnitPrice keeps up to 6 decimals", () => {
    expect(formatUnitPrice("0.008", "EUR")).toBe("0.008 EUR");
    expect(formatUnitPrice("12.5", "EUR")).toBe("12.50 EUR");
    expect(formatUnitPrice("0.0000015", "EUR")).toBe("0.000002 EUR");
  });
});
