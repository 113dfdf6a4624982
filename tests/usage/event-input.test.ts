import { describe, expect, test } from "vitest";
import { parseEvent, parseTimestamp } from "../../server/domain/usage/event-input";

/* parseTimestamp computes the instant from the fields (Date.parse was the hot spot of a batch); it must agree with Date.parse. */
describe("parseTimestamp", () => {
  const valid = [
    "2026-11-23T10:15:00Z", "2026-11-23T10:15Z", "2026-11-23t10:15:00z", "2026-11-23T11:15:00+01:00", "2026-11-23T01:15:00.5-09:30",
    "2026-11-23T10:15:00.123456789Z", "2026-11-23T10:15:00.12+14:00", "2024-02-29T23:59:59.999Z", "2000-02-29T00:00:00Z",
    "0050-03-01T00:00:00Z", "0000-02-29T12:00:00Z", "0099-12-31T23:59:59-00:30", "9999-12-31T23:59:59Z", "1970-01-01T00:00:00.001Z",
  ];
  test.each(valid)("%s is read as Date.parse reads it", (text) => {
    expect(parseTimestamp(text)).toBe(Date.parse(text));
  });

  test.each(["2026-02-29T10:00:00Z", "1900-02-29T10:00:00Z", "2026-04-31T10:00:00Z", "2026-13-01T10:00:00Z", "2026-06-01T24:00:00Z", "2026-06-01T10:60:00Z",
    "2026-06-01T10:00:60Z", "2026-06-01T10:00:00+15:00", "2026-06-01T10:00:00", "2026-06-01 10:00:00Z", "yesterday"])("%s is refused", (text) => {
    expect(parseTimestamp(text)).toBeNull();
  });

  test("a canonical timestamp is passed on as sent (microseconds kept); any other form as its ISO instant", () => {
    const at = (timestamp: string) => {
      const p = parseEvent({ eventId: "e", meter: "m", subscriptionId: "0190f0e0-0000-7000-8000-000000000000", quantity: 1, timestamp }, 0, Date.parse("2027-01-01T00:00:00Z"));
      if (typeof p === "string") throw new Error(p);
      return p.timestamp;
    };
    expect(at("2026-11-23T10:15:00.123456Z")).toBe("2026-11-23T10:15:00.123456Z");
    expect(at("2026-11-23T11:15:00+01:00")).toBe("2026-11-23T11:15:00+01:00");
    expect(at("2026-11-23T11:15+01:00")).toBe("2026-11-23T10:15:00.000Z");
    expect(at("2026-11-23t10:15:00z")).toBe("2026-11-23T10:15:00.000Z");
    expect(at("2026-11-23T10:15:00.1234567Z")).toBe("2026-11-23T10:15:00.123Z");
  });
});
