import { addDaysIso, type IsoDate } from "../subscriptions/periods";

/*
 * The tenant's dunning schedule as pure date logic: after a card payment first fails, retry on the
 * schedule's days (counted from the day of that first failure); the last retry failing ends the
 * schedule (the customer is suspended). The job and the tests ask these functions, never the clock.
 */

/** Retry on days 3, 7 and 14 after the first failure, unless the tenant chose otherwise. */
export const DEFAULT_DUNNING_DAYS: readonly number[] = [3, 7, 14];

/** A schedule is 1-10 strictly increasing whole days between 1 and 365; the message says what is wrong. */
export function scheduleProblem(days: readonly number[]): string | null {
  if (days.length === 0) return "A dunning schedule needs at least one retry day";
  if (days.length > 10) return "A dunning schedule has at most 10 retry days";
  for (const [i, d] of days.entries()) {
    if (!Number.isInteger(d) || d < 1 || d > 365) return `Retry days are whole days from 1 to 365 (got ${d})`;
    if (i > 0 && d <= days[i - 1]) return `Retry days must increase (${days[i - 1]} then ${d})`;
  }
  return null;
}

/** The dates of every retry for a failure on `startedOn`. */
export function retryDates(startedOn: IsoDate, days: readonly number[]): IsoDate[] {
  return days.map((d) => addDaysIso(startedOn, d));
}

/** When the next retry is due after `retriesMade` retries, or null when the schedule is used up. */
export function nextRetryOn(startedOn: IsoDate, days: readonly number[], retriesMade: number): IsoDate | null {
  return retriesMade < days.length ? addDaysIso(startedOn, days[retriesMade]) : null;
}

/** Whether a retry is due on `today` (the job runs daily; a missed day is caught up on the next run). */
export function isRetryDue(nextOn: IsoDate | null, today: IsoDate): boolean {
  return nextOn !== null && nextOn <= today;
}

export interface AfterRetry {
  /** Retries counted as done: the one just made and any slots it caught up on. */
  retriesMade: number;
  nextRetryOn: IsoDate | null;
  /** The retry just made was the last: the schedule is exhausted. */
  lastAttempt: boolean;
}

/**
 * The schedule after a failed retry on `today`. A run that was late (the worker was down) makes one
 * retry for every slot already due instead of charging the card several times on one day, so the
 * slots up to today count as done and the next retry is the first slot after today.
 */
export function afterFailedRetry(startedOn: IsoDate, days: readonly number[], retriesMade: number, today: IsoDate): AfterRetry {
  let made = retriesMade + 1;
  while (made < days.length && addDaysIso(startedOn, days[made]) <= today) made++;
  const next = nextRetryOn(startedOn, days, made);
  return { retriesMade: made, nextRetryOn: next, lastAttempt: next === null };
}

/** Whether the retry about to be made (after `retriesMade`, on `today`) is the schedule's last. */
export function isLastAttempt(startedOn: IsoDate, days: readonly number[], retriesMade: number, today: IsoDate): boolean {
  return afterFailedRetry(startedOn, days, retriesMade, today).lastAttempt;
}
