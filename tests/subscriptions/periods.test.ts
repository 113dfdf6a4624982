import { describe, expect, test } from "vitest";
import { addDaysIso, addMonthsIso, daysBetween, firstPeriodStart, parseDate, periodContaining, periodsBetween } from "../../server/domain/subscriptions/periods";

describe("billing periods", () => {
  test("monthly periods on the 1st run calendar months; the end is exclusive", () => {
    expect(periodContaining("2026-02-14", "2026-01-01", 1, "month")).toEqual({ start: "2026-02-01", end: "2026-03-01" });
    expect(periodContaining("2026-02-01", "2026-01-01", 1, "month")).toEqual({ start: "2026-02-01", end: "2026-03-01" });
    expect(periodContaining("2026-02-28", "2026-01-01", 1, "month")).toEqual({ start: "2026-02-01", end: "2026-03-01" });
  });

  test("anchor 31 clamps to the month's last day and returns to 31 afterwards (Jan 31 -> Feb 28 -> Mar 31)", () => {
    expect(periodContaining("2026-02-10", "2026-01-31", 31, "month")).toEqual({ start: "2026-01-31", end: "2026-02-28" });
    expect(periodContaining("2026-02-28", "2026-01-31", 31, "month")).toEqual({ start: "2026-02-28", end: "2026-03-31" });
    expect(periodContaining("2026-04-30", "2026-01-31", 31, "month")).toEqual({ start: "2026-04-30", end: "2026-05-31" });
  });

  test("anchor 29 and 30 in February, leap and common years", () => {
    expect(periodContaining("2027-02-10", "2027-01-29", 29, "month")).toEqual({ start: "2027-01-29", end: "2027-02-28" });
    expect(periodContaining("2028-02-10", "2028-01-29", 29, "month")).toEqual({ start: "2028-01-29", end: "2028-02-29" });
    expect(periodContaining("2028-03-01", "2028-01-30", 30, "month")).toEqual({ start: "2028-02-29", end: "2028-03-30" });
  });

  test("quarters and years follow the contract's start, not the calendar", () => {
    expect(periodContaining("2026-05-20", "2026-02-15", 15, "quarter")).toEqual({ start: "2026-05-15", end: "2026-08-15" });
    expect(periodContaining("2026-05-14", "2026-02-15", 15, "quarter")).toEqual({ start: "2026-02-15", end: "2026-05-15" });
    expect(periodContaining("2027-03-01", "2026-06-01", 1, "year")).toEqual({ start: "2026-06-01", end: "2027-06-01" });
  });

  test("the first period starts on the anchor on or before the term start", () => {
    expect(firstPeriodStart("2026-03-10", 10)).toBe("2026-03-10");
    expect(firstPeriodStart("2026-03-10", 1)).toBe("2026-03-01");
    expect(firstPeriodStart("2026-03-10", 20)).toBe("2026-02-20");
    expect(firstPeriodStart("2026-03-10", 31)).toBe("2026-02-28");
  });

  test("periodsBetween lists consecutive periods without gaps or overlaps", () => {
    const periods = periodsBetween("2026-01-31", "2026-06-01", "2026-01-31", 31, "month");
    expect(periods.map((p) => p.start)).toEqual(["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31"]);
    for (let i = 1; i < periods.length; i++) expect(periods[i].start).toBe(periods[i - 1].end);
  });

  test("day arithmetic: days between (end exclusive), adding days and months with clamping", () => {
    expect(daysBetween("2026-02-01", "2026-03-01")).toBe(28);
    expect(daysBetween("2028-02-01", "2028-03-01")).toBe(29);
    expect(daysBetween("2026-04-01", "2026-05-01")).toBe(30);
    expect(daysBetween("2026-01-01", "2026-02-01")).toBe(31);
    expect(addDaysIso("2026-02-28", 1)).toBe("2026-03-01");
    expect(addDaysIso("2028-02-28", 1)).toBe("2028-02-29");
    expect(addMonthsIso("2026-01-31", 1)).toBe("2026-02-28");
    expect(addMonthsIso("2028-01-31", 1)).toBe("2028-02-29");
  });

  test("a malformed date is refused", () => {
    expect(() => parseDate("2026-2-1")).toThrow(/Not a date/);
  });
});
