import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { closeAppPool } from "../../db/client";
import { withTenant } from "../../db/with-tenant";
import { SUBSCRIPTION_STATUSES } from "../../db/schema/subscriptions";
import { DomainError } from "../../server/domain/errors";
import { createSubscription, transitionSubscription } from "../../server/domain/subscriptions/contracts";
import { canTransition, TRANSITIONS } from "../../server/domain/subscriptions/lifecycle";
import { closeRedis } from "../../server/redis";
import { createPlatformAdmin, createTenantFixture, type TenantFixture } from "../helpers/fixtures";
import { addPrices, forceStatus, sessionOf, type PricedCatalog, type Session } from "./helpers";

/*
 * The lifecycle, every (from, to) pair, through the domain function against the database: allowed
 * moves change the status; every other pair is a BAD_REQUEST naming both states and changes nothing.
 * The expected set is written out here independently of the code's table.
 */

const ALLOWED = new Set(["draft->active", "draft->cancelled", "active->paused", "active->cancelled", "active->expired", "paused->active", "paused->cancelled", "suspended->active", "suspended->cancelled", "cancelled->expired"]);
const PAIRS = SUBSCRIPTION_STATUSES.flatMap((from) => SUBSCRIPTION_STATUSES.map((to) => [from, to] as const));

let T: TenantFixture;
let prices: PricedCatalog;
let sales: Session;

beforeAll(async () => {
  T = await createTenantFixture(await createPlatformAdmin("life"), "life");
  prices = await addPrices(T);
  sales = await sessionOf(T, T.users.sales);
});

afterAll(async () => {
  await closeAppPool();
  await closeRedis();
});

async function newContract() {
  const { subscription } = await sales.run((tx) =>
    createSubscription(tx, sales.who, { customerId: T.customers.c1, currency: "EUR", termStart: "2026-01-01", termEnd: "2027-01-01", items: [{ kind: "recurring_fee", productId: prices.support }] }),
  );
  return subscription;
}

const stateOf = (id: string) =>
  withTenant({ kind: "system", tenantId: T.id }, (tx) => tx.execute<{ status: string; cancel_at: string | null }>(sql`select status, cancel_at::text from subscriptions where id = ${id}`)).then((r) => r[0]);

test("the code's table allows exactly the documented moves", () => {
  expect(PAIRS.filter(([f, t]) => canTransition(f, t)).map(([f, t]) => `${f}->${t}`).sort()).toEqual([...ALLOWED].sort());
  expect(TRANSITIONS.expired).toEqual([]);
});

describe.each(PAIRS)("%s -> %s", (from, to) => {
  test(ALLOWED.has(`${from}->${to}`) ? "is allowed" : "is refused and changes nothing", async () => {
    const sub = await newContract();
    await forceStatus(T, sub.id, from);
    const attempt = sales.run((tx) => transitionSubscription(tx, sales.who, { id: sub.id, to }, "2026-03-15"));
    if (ALLOWED.has(`${from}->${to}`)) {
      const result = await attempt;
      expect([result.from, result.subscription.status]).toEqual([from, to]);
      expect((await stateOf(sub.id)).status).toBe(to);
    } else {
      const error = await attempt.then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe("BAD_REQUEST");
      expect((error as DomainError).message).toContain(`${from} -> ${to}`);
      expect(await stateOf(sub.id)).toEqual({ status: from, cancel_at: null });
    }
  });
});

describe("cancellation", () => {
  test("at term end: status cancelled, cancel_at = term end, no proration", async () => {
    const sub = await newContract();
    await forceStatus(T, sub.id, "active");
    const result = await sales.run((tx) => transitionSubscription(tx, sales.who, { id: sub.id, to: "cancelled" }, "2026-03-15"));
    expect(result.proration).toBeNull();
    expect(await stateOf(sub.id)).toEqual({ status: "cancelled", cancel_at: "2027-01-01" });
  });

  test("immediately: cancel_at = the date, and the unused days of the period are credited (17 of 31 days of 100.00)", async () => {
    const sub = await newContract();
    await forceStatus(T, sub.id, "active");
    const result = await sales.run((tx) => transitionSubscription(tx, sales.who, { id: sub.id, to: "cancelled", cancelMode: "immediate" }, "2026-03-15"));
    expect(await stateOf(sub.id)).toEqual({ status: "cancelled", cancel_at: "2026-03-15" });
    expect(result.proration?.lines.map((l) => [l.kind, l.days, l.daysInPeriod, l.amountMinor])).toEqual([["credit", 17, 31, -5484n]]);
  });

  test("an immediate cancellation dated outside the term is refused", async () => {
    const sub = await newContract();
    await forceStatus(T, sub.id, "active");
    await expect(sales.run((tx) => transitionSubscription(tx, sales.who, { id: sub.id, to: "cancelled", cancelMode: "immediate", effectiveDate: "2025-12-01" }))).rejects.toThrow(/outside the term/);
    expect((await stateOf(sub.id)).status).toBe("active");
  });
});
