import { describe, expect, test } from "vitest";
import { afterFailedRetry, DEFAULT_DUNNING_DAYS, isLastAttempt, isRetryDue, nextRetryOn, retryDates, scheduleProblem } from "../../server/domain/billing/dunning-schedule";

const start = "2026-01-29";

describe("dunning schedule", () => {
  test("defaults retry on days 3, 7 and 14 after the first failure (across a month end)", () => {
    expect(DEFAULT_DUNNING_DAYS).toEqual([3, 7, 14]);
    expect(retryDates(start, DEFAULT_DUNNING_DAYS)).toEqual(["2026-02-01", "2026-02-05", "2026-02-12"]);
    expect(nextRetryOn(start, DEFAULT_DUNNING_DAYS, 0)).toBe("2026-02-01");
    expect(nextRetryOn(start, DEFAULT_DUNNING_DAYS, 2)).toBe("2026-02-12");
    expect(nextRetryOn(start, DEFAULT_DUNNING_DAYS, 3)).toBeNull();
  });

  test("due on or after the date, never before; nothing is due once used up", () => {
    expect(isRetryDue("2026-02-01", "2026-01-31")).toBe(false);
    expect(isRetryDue("2026-02-01", "2026-02-01")).toBe(true);
    expect(isRetryDue("2026-02-01", "2026-02-03")).toBe(true);
    expect(isRetryDue(null, "2026-12-31")).toBe(false);
  });

  test("each failed retry on its day moves to the next slot; the third is the last", () => {
    expect(afterFailedRetry(start, DEFAULT_DUNNING_DAYS, 0, "2026-02-01")).toEqual({ retriesMade: 1, nextRetryOn: "2026-02-05", lastAttempt: false });
    expect(afterFailedRetry(start, DEFAULT_DUNNING_DAYS, 1, "2026-02-05")).toEqual({ retriesMade: 2, nextRetryOn: "2026-02-12", lastAttempt: false });
    expect(afterFailedRetry(start, DEFAULT_DUNNING_DAYS, 2, "2026-02-12")).toEqual({ retriesMade: 3, nextRetryOn: null, lastAttempt: true });
    expect(isLastAttempt(start, DEFAULT_DUNNING_DAYS, 2, "2026-02-12")).toBe(true);
    expect(isLastAttempt(start, DEFAULT_DUNNING_DAYS, 0, "2026-02-01")).toBe(false);
  });

  test("a late run retries once for all the slots already due (no burst of charges)", () => {
    expect(afterFailedRetry(start, DEFAULT_DUNNING_DAYS, 0, "2026-02-06")).toEqual({ retriesMade: 2, nextRetryOn: "2026-02-12", lastAttempt: false });
    expect(afterFailedRetry(start, DEFAULT_DUNNING_DAYS, 0, "2026-03-01")).toEqual({ retriesMade: 3, nextRetryOn: null, lastAttempt: true });
    expect(isLastAttempt(start, DEFAULT_DUNNING_DAYS, 0, "2026-02-20")).toBe(true);
  });

  test("a tenant's own schedule: one day works, bad ones are explained", () => {
    expect(afterFailedRetry(start, [1], 0, "2026-01-30")).toEqual({ retriesMade: 1, nextRetryOn: null, lastAttempt: true });
    expect(scheduleProblem([2, 5, 10, 20])).toBeNull();
    expect(scheduleProblem([])).toMatch(/at least one/);
    expect(scheduleProblem([3, 3])).toMatch(/increase/);
    expect(scheduleProblem([0])).toMatch(/1 to 365/);
    expect(scheduleProblem([1.5])).toMatch(/whole days/);
  });
});
