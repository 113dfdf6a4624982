import type { BillingInterval, IsoDate, Period } from "../subscriptions/periods";

/*
 * The period arithmetic of server/domain/subscriptions/periods.ts on plain integers (Date.UTC), for the
 * renewal run, which plans 100,000 contracts per run: same results (tests/billing/fast-dates.test.ts
 * checks them against periods.ts on random inputs), without date-fns' per-call parsing and objects.
 */

const DAY = 86_400_000;
const MONTHS: Record<BillingInterval, number> = { month: 1, quarter: 3, year: 12 };

const y = (iso: IsoDate) => +iso.slice(0, 4);
const m = (iso: IsoDate) => +iso.slice(5, 7) - 1;
const d = (iso: IsoDate) => +iso.slice(8, 10);
const ms = (iso: IsoDate) => Date.UTC(y(iso), m(iso), d(iso));
const pad = (n: number) => (n < 10 ? `0${n}` : String(n));
const fromMs = (t: number): IsoDate => {
  const date = new Date(t);
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
};
const daysInMonth = (year: number, month0: number) => new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate();

/*
 * A run asks for the same few dates over and over (the day before a period starts, a due date 30 days
 * out): answers are remembered, a bounded table per process (cleared when full).
 */
function recall<T>(table: Map<string, T>, key: string, compute: () => T): T {
  let value = table.get(key);
  if (value === undefined) {
    if (table.size >= 20_000) table.clear();
    value = compute();
    table.set(key, value);
  }
  return value;
}
const datesAfter = new Map<string, IsoDate>();
const periodsOf = new Map<string, Period>();

export const addDays = (iso: IsoDate, days: number): IsoDate => recall(datesAfter, `${iso}+${days}`, () => fromMs(ms(iso) + days * DAY));
export const daysFromTo = (from: IsoDate, to: IsoDate): number => Math.round((ms(to) - ms(from)) / DAY);

/** The anchor day of the month `monthIndex` (months since year 0), clamped to the month's length. */
function anchored(monthIndex: number, anchorDay: number): IsoDate {
  const year = Math.floor(monthIndex / 12);
  const month0 = monthIndex - year * 12;
  const day = Math.min(anchorDay, daysInMonth(year, month0));
  return `${String(year).padStart(4, "0")}-${pad(month0 + 1)}-${pad(day)}`;
}

const monthIndex = (iso: IsoDate) => y(iso) * 12 + m(iso);

export function firstPeriodStartFast(termStart: IsoDate, anchorDay: number): IsoDate {
  const same = anchored(monthIndex(termStart), anchorDay);
  return same <= termStart ? same : anchored(monthIndex(termStart) - 1, anchorDay);
}

/** periodContaining() of periods.ts. */
export function periodContainingFast(date: IsoDate, termStart: IsoDate, anchorDay: number, interval: BillingInterval): Period {
  const { start, end } = recall(periodsOf, `${date}|${termStart}|${anchorDay}|${interval}`, () => periodOf(date, termStart, anchorDay, interval));
  return { start, end }; // a copy: the remembered one is shared
}

function periodOf(date: IsoDate, termStart: IsoDate, anchorDay: number, interval: BillingInterval): Period {
  const step = MONTHS[interval];
  const origin = monthIndex(firstPeriodStartFast(termStart, anchorDay));
  let k = Math.floor((monthIndex(date) - origin) / step);
  let start = anchored(origin + k * step, anchorDay);
  if (start > date) start = anchored(origin + --k * step, anchorDay);
  return { start, end: anchored(origin + (k + 1) * step, anchorDay) };
}

/** addMonthsIso() of periods.ts (month-end clamping: Jan 31 + 1 month = Feb 28). */
export function addMonthsFast(iso: IsoDate, months: number): IsoDate {
  const target = monthIndex(iso) + months;
  return anchored(target, d(iso));
}
