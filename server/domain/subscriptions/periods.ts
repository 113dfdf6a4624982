import { UTCDate } from "@date-fns/utc";
import { addDays, addMonths, differenceInCalendarDays, format, getDaysInMonth, parseISO } from "date-fns";

/*
 * Billing periods are calendar dates (YYYY-MM-DD, in the tenant's time zone) computed in UTC so that
 * no server time zone can shift them. A period starts on the anchor day of its month, clamped to the
 * month's last day (anchor 31: Jan 31, Feb 28/29, Mar 31, ...), and ends the day before the next start.
 */

export type IsoDate = string;
export type BillingInterval = "month" | "quarter" | "year";

export const INTERVAL_MONTHS: Record<BillingInterval, number> = { month: 1, quarter: 3, year: 12 };

export function parseDate(iso: IsoDate): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) throw new Error(`Not a date: ${iso}`);
  return new UTCDate(parseISO(iso));
}

export function isoDate(date: Date): IsoDate {
  return format(new UTCDate(date), "yyyy-MM-dd");
}

export function addDaysIso(iso: IsoDate, days: number): IsoDate {
  return isoDate(addDays(parseDate(iso), days));
}

/** Days from `from` to `to` (to exclusive): 2026-02-01 -> 2026-03-01 is 28. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return differenceInCalendarDays(parseDate(to), parseDate(from));
}

/** The anchor day in the month `monthsFromStart` after `base`'s month, clamped to that month's length. */
function anchoredDate(base: Date, monthsFromStart: number, anchorDay: number): Date {
  const firstOfMonth = addMonths(new UTCDate(base.getUTCFullYear(), base.getUTCMonth(), 1), monthsFromStart);
  const day = Math.min(anchorDay, getDaysInMonth(firstOfMonth));
  return new UTCDate(firstOfMonth.getUTCFullYear(), firstOfMonth.getUTCMonth(), day);
}

export interface Period { start: IsoDate; end: IsoDate /* exclusive */ }

/**
 * The billing period containing `date` for a contract anchored on `anchorDay`, with periods of
 * `interval` counted from the term start's anchor (so quarters follow the contract, not the calendar).
 */
export function periodContaining(date: IsoDate, termStart: IsoDate, anchorDay: number, interval: BillingInterval): Period {
  const step = INTERVAL_MONTHS[interval];
  const origin = parseDate(firstPeriodStart(termStart, anchorDay));
  const target = parseDate(date);
  // Months between the origin's month and the target's month, rounded down to whole intervals.
  let k = Math.floor(((target.getUTCFullYear() - origin.getUTCFullYear()) * 12 + target.getUTCMonth() - origin.getUTCMonth()) / step);
  let start = anchoredDate(origin, k * step, anchorDay);
  if (start > target) start = anchoredDate(origin, --k * step, anchorDay);
  const end = anchoredDate(origin, (k + 1) * step, anchorDay);
  return { start: isoDate(start), end: isoDate(end) };
}

/** The first period starts on the anchor day on or before the term start (the term start itself when they match). */
export function firstPeriodStart(termStart: IsoDate, anchorDay: number): IsoDate {
  const start = parseDate(termStart);
  const sameMonth = anchoredDate(start, 0, anchorDay);
  return isoDate(sameMonth <= start ? sameMonth : anchoredDate(start, -1, anchorDay));
}

/** The periods from `from` up to (not including) `until`. */
export function periodsBetween(from: IsoDate, until: IsoDate, termStart: IsoDate, anchorDay: number, interval: BillingInterval): Period[] {
  const out: Period[] = [];
  for (let p = periodContaining(from, termStart, anchorDay, interval); p.start < until; p = periodContaining(p.end, termStart, anchorDay, interval)) {
    out.push(p);
    if (out.length > 1000) throw new Error("periodsBetween: too many periods");
  }
  return out;
}

/** Months added to a date with month-end clamping (Jan 31 + 1 month = Feb 28). */
export function addMonthsIso(iso: IsoDate, months: number): IsoDate {
  return isoDate(addMonths(parseDate(iso), months));
}
