import { describe, expect, test } from "vitest";
import { clawbackFor, commissionForLines, graduatedCommission } from "../../server/domain/partners/commission-math";

const tiers = [{ fromMinor: 0n, ratePercent: "10" }, { fromMinor: 1_000_000n, ratePercent: "12" }]; // 10% up to 10,000.00, 12% above

describe("graduated commission bands", () => {
  test("10% up to 10,000 and 12% above: 15,000 earns 1,000 + 600", () => {
    expect(graduatedCommission(tiers, 1_500_000n).toString()).toBe("160000");
    expect(graduatedCommission(tiers, 1_000_000n).toString()).toBe("100000");
    expect(graduatedCommission(tiers, 999_999n).toString()).toBe("99999.9");
  });

  test("a line crossing the band boundary is paid partly at each rate, and lines add up to the period total exactly", () => {
    const lines = [
      { key: "a", amountMinor: 800_000n }, // 8,000 at 10%
      { key: "b", amountMinor: 400_000n }, // 2,000 at 10% + 2,000 at 12%
      { key: "c", amountMinor: 300_000n }, // 3,000 at 12%
    ];
    const out = commissionForLines(tiers, lines);
    expect(out.map((l) => l.commissionMinor)).toEqual([80_000n, 44_000n, 36_000n]);
    expect(out.map((l) => l.ratePercent)).toEqual(["10", "11", "12"]);
    expect(out.reduce((s, l) => s + l.commissionMinor, 0n)).toBe(160_000n);
  });

  test("rounding never loses or invents a cent: many odd lines sum to round(F(total))", () => {
    const lines = Array.from({ length: 97 }, (_, i) => ({ key: String(i), amountMinor: 12_345n + BigInt(i * 7) }));
    const total = lines.reduce((s, l) => s + l.amountMinor, 0n);
    const sum = commissionForLines([{ fromMinor: 0n, ratePercent: "7.5" }, { fromMinor: 600_000n, ratePercent: "9.25" }], lines).reduce((s, l) => s + l.commissionMinor, 0n);
    const exact = graduatedCommission([{ fromMinor: 0n, ratePercent: "7.5" }, { fromMinor: 600_000n, ratePercent: "9.25" }], total);
    expect(sum.toString()).toBe(exact.toDecimalPlaces(0).toString());
  });

  test("a negative line (a proration credit recognized) walks back down the bands", () => {
    const out = commissionForLines(tiers, [{ key: "a", amountMinor: 1_200_000n }, { key: "b", amountMinor: -300_000n }]);
    expect(out[0].commissionMinor).toBe(124_000n);
    expect(out[1].commissionMinor).toBe(-34_000n); // 2,000 back at 12%, 1,000 at 10%
  });
});

describe("clawback", () => {
  test("the credited share of what the line earned, rounded half-up", () => {
    expect(clawbackFor({ earnedMinor: 1_000n, alreadyClawedMinor: 0n, creditedNetMinor: 5_000n, lineNetMinor: 10_000n })).toBe(-500n);
    expect(clawbackFor({ earnedMinor: 1_001n, alreadyClawedMinor: 0n, creditedNetMinor: 1n, lineNetMinor: 2n })).toBe(-501n);
  });

  test("never more than is still unclawed, and nothing when nothing was earned", () => {
    expect(clawbackFor({ earnedMinor: 1_000n, alreadyClawedMinor: -800n, creditedNetMinor: 10_000n, lineNetMinor: 10_000n })).toBe(-200n);
    expect(clawbackFor({ earnedMinor: 1_000n, alreadyClawedMinor: -1_000n, creditedNetMinor: 10_000n, lineNetMinor: 10_000n })).toBe(0n);
    expect(clawbackFor({ earnedMinor: 0n, alreadyClawedMinor: 0n, creditedNetMinor: 10_000n, lineNetMinor: 10_000n })).toBe(0n);
  });
});
