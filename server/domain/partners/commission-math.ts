import { Dec } from "../money/money";

/**
 * Commission arithmetic, pure: no database. Rates are percent strings ("10", "12.5"), amounts are
 * bigint minor units. Bands are graduated: a period's revenue up to the next band's start earns the
 * band's rate, the rest the next rate (10% up to 10,000.00 and 12% above).
 */
export interface RateBand { fromMinor: bigint; ratePercent: string }

/** One recognized-revenue line to pay commission on, in the order they are settled. */
export interface CommissionInput { key: string; amountMinor: bigint }

export interface CommissionOutput { key: string; amountMinor: bigint; commissionMinor: bigint; ratePercent: string }

/** The exact (unrounded) commission on cumulative revenue `x` under graduated bands. */
export function graduatedCommission(bands: readonly RateBand[], x: bigint): Dec {
  const sorted = sortBands(bands);
  if (x <= 0n) return new Dec(x.toString()).times(sorted[0].ratePercent).dividedBy(100);
  let total = new Dec(0);
  for (let i = 0; i < sorted.length; i++) {
    const from = sorted[i].fromMinor;
    const to = sorted[i + 1]?.fromMinor ?? null;
    if (x <= from) break;
    const upper = to === null || x < to ? x : to;
    total = total.plus(new Dec((upper - from).toString()).times(sorted[i].ratePercent).dividedBy(100));
  }
  return total;
}

function sortBands(bands: readonly RateBand[]): RateBand[] {
  if (bands.length === 0) throw new Error("commission: a rule needs at least one band");
  const sorted = [...bands].sort((a, b) => (a.fromMinor < b.fromMinor ? -1 : a.fromMinor > b.fromMinor ? 1 : 0));
  // Revenue below the first band's start earns that band's rate (a plan's first band normally starts at 0).
  return sorted[0].fromMinor === 0n ? sorted : [{ fromMinor: 0n, ratePercent: sorted[0].ratePercent }, ...sorted.slice(1)];
}

const roundMinor = (d: Dec): bigint => BigInt(d.toDecimalPlaces(0, Dec.ROUND_HALF_UP).toFixed(0));

/**
 * Commission per line under one rule's bands, walking the period's lines in order: a line's
 * commission is round(F(after)) - round(F(before)) of the cumulative revenue, so the lines add up to
 * exactly round(F(period total)): no cent is lost or invented by rounding line by line, and a line
 * that crosses a band boundary is paid partly at each rate.
 */
export function commissionForLines(bands: readonly RateBand[], lines: readonly CommissionInput[], openingMinor = 0n): CommissionOutput[] {
  let cumulative = openingMinor;
  let paidSoFar = roundMinor(graduatedCommission(bands, cumulative));
  return lines.map((line) => {
    cumulative += line.amountMinor;
    const paid = roundMinor(graduatedCommission(bands, cumulative));
    const commissionMinor = paid - paidSoFar;
    paidSoFar = paid;
    const ratePercent = line.amountMinor === 0n ? "0" : new Dec(commissionMinor.toString()).times(100).dividedBy(line.amountMinor.toString()).toDecimalPlaces(4).toString();
    return { key: line.key, amountMinor: line.amountMinor, commissionMinor, ratePercent };
  });
}

/**
 * The clawback of a credit note line: the share of the commission its invoice line earned that the
 * credit covers (credited net / line net), never more than what is still unclawed. Returned <= 0.
 */
export function clawbackFor(input: { earnedMinor: bigint; alreadyClawedMinor: bigint; creditedNetMinor: bigint; lineNetMinor: bigint }): bigint {
  const { earnedMinor, alreadyClawedMinor, creditedNetMinor, lineNetMinor } = input;
  if (earnedMinor <= 0n || lineNetMinor <= 0n || creditedNetMinor <= 0n) return 0n;
  const share = creditedNetMinor >= lineNetMinor ? earnedMinor : roundMinor(new Dec(earnedMinor.toString()).times(creditedNetMinor.toString()).dividedBy(lineNetMinor.toString()));
  // alreadyClawedMinor is <= 0: what earlier credit notes on this line took back.
  const remaining = earnedMinor + alreadyClawedMinor;
  return -(share < remaining ? share : remaining > 0n ? remaining : 0n);
}
