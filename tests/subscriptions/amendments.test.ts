import { TRPCError } from "@trpc/server";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { closeAppPool } from "../../db/client";
import { withTenant } from "../../db/with-tenant";
import { createCaller } from "../../server/api/root";
import { DomainError } from "../../server/domain/errors";
import { confirmAmendment, previewAmendment } from "../../server/domain/subscriptions/amendments";
import { createSubscription, getSubscription, transitionSubscription } from "../../server/domain/subscriptions/contracts";
import { closeRedis } from "../../server/redis";
import { failureInSavepoint } from "../helpers/db";
import { context, createPlatformAdmin, createTenantFixture, tenantActorOf, tenantHostOf, type TenantFixture, type TestUser } from "../helpers/fixtures";
import { addPrices, sessionOf, type PricedCatalog, type Session } from "./helpers";

let T: TenantFixture;
let prices: PricedCatalog;
let sales: Session;

beforeAll(async () => {
  T = await createTenantFixture(await createPlatformAdmin("amend"), "amend");
  prices = await addPrices(T);
  sales = await sessionOf(T, T.users.sales);
});

afterAll(async () => {
  await closeAppPool();
  await closeRedis();
});

const system = (q: ReturnType<typeof sql>) => withTenant({ kind: "system", tenantId: T.id }, (tx) => tx.execute<Record<string, string>>(q));
const snapshot = async (subscriptionId: string) =>
  system(sql`
    select (select count(*) from subscription_versions where subscription_id = ${subscriptionId})::text as versions,
           (select count(*) from subscription_items where subscription_id = ${subscriptionId})::text as items,
           (select count(*) from approvals)::text as approvals,
           (select string_agg(version || ':' || status, ',' order by version) from subscription_versions where subscription_id = ${subscriptionId}) as states`).then((r) => r[0]);

const fee = (quantity: string, discountPercent = "0") => ({ kind: "recurring_fee" as const, productId: prices.support, quantity, discountPercent });

/** An active monthly contract from Jan 1 2026 with one support fee of 100.00. */
async function activeContract(termStart = "2026-01-01", anchorDay?: number) {
  const { subscription } = await sales.run((tx) =>
    createSubscription(tx, sales.who, { customerId: T.customers.c1, currency: "EUR", termStart, termEnd: "2027-12-31", anchorDay, items: [fee("1")] }),
  );
  await sales.run((tx) => transitionSubscription(tx, sales.who, { id: subscription.id, to: "active" }));
  return subscription;
}

async function callerFor(user: TestUser) {
  return createCaller(context(await tenantHostOf(T), await tenantActorOf(T, user)));
}

describe("amendments", () => {
  test("the preview shows credit and charge lines for the unused days and writes nothing", async () => {
    const sub = await activeContract();
    const before = await snapshot(sub.id);
    const { proration } = await sales.run((tx) => previewAmendment(tx, { subscriptionId: sub.id, effectiveDate: "2026-02-15", items: [fee("2")] }));
    expect(proration.lines.map((l) => [l.kind, l.description, l.quantity, l.days, l.daysInPeriod, l.amountMinor])).toEqual([
      ["credit", "Standard support", "1.000000", 14, 28, -5000n],
      ["charge", "Standard support", "2", 14, 28, 10000n],
    ]);
    expect(await snapshot(sub.id)).toEqual(before);
  });

  test("an amendment dated before the contract starts is a BAD_REQUEST, in preview and confirm, and changes nothing", async () => {
    const sub = await activeContract("2026-03-01");
    const before = await snapshot(sub.id);
    for (const attempt of [
      sales.run((tx) => previewAmendment(tx, { subscriptionId: sub.id, effectiveDate: "2026-02-28", items: [fee("2")] })),
      sales.run((tx) => confirmAmendment(tx, sales.who, { subscriptionId: sub.id, effectiveDate: "2026-02-28", items: [fee("2")] })),
    ]) {
      const error = await attempt.then(() => null, (e: unknown) => e as DomainError);
      expect(error?.code).toBe("BAD_REQUEST");
      expect(error?.message).toBe("The amendment's effective date 2026-02-28 is before the contract starts (2026-03-01)");
    }
    await expect(sales.run((tx) => confirmAmendment(tx, sales.who, { subscriptionId: sub.id, effectiveDate: "2028-01-01", items: [fee("2")] }))).rejects.toThrow(/not within the term/);
    expect(await snapshot(sub.id)).toEqual(before);
  });

  test("confirming creates version 2 (active) and supersedes version 1; sending it again returns the same version", async () => {
    const sub = await activeContract();
    const input = { subscriptionId: sub.id, effectiveDate: "2026-02-15", items: [fee("2")], note: "Second seat" };
    const first = await sales.run((tx) => confirmAmendment(tx, sales.who, input));
    expect([first.version.version, first.version.status, first.duplicate]).toEqual([2, "active", false]);
    expect(first.proration.netMinor).toBe(5000n);
    const after = await snapshot(sub.id);
    expect(after.states).toBe("1:superseded,2:active");

    const again = await sales.run((tx) => confirmAmendment(tx, sales.who, input));
    expect([again.version.id, again.duplicate]).toEqual([first.version.id, true]);
    expect(await snapshot(sub.id)).toEqual(after);

    const detail = await sales.run((tx) => getSubscription(tx, sub.id, "2026-02-20"));
    expect(detail.versions.map((v) => [v.version, v.status, v.effectiveFrom])).toEqual([
      [2, "active", "2026-02-15"],
      [1, "superseded", "2026-01-01"],
    ]);
    expect(detail.activeVersionId).toBe(first.version.id);
  });

  test("an amendment dated before the current version's start is refused", async () => {
    const sub = await activeContract();
    await sales.run((tx) => confirmAmendment(tx, sales.who, { subscriptionId: sub.id, effectiveDate: "2026-05-01", items: [fee("2")] }));
    await expect(sales.run((tx) => previewAmendment(tx, { subscriptionId: sub.id, effectiveDate: "2026-04-01", items: [fee("3")] }))).rejects.toThrow(/before the current version 2/);
  });

  test("anchor 31: an amendment on Feb 20 prorates 8 of the 28 days of Jan 31 -> Feb 28", async () => {
    const sub = await activeContract("2026-01-31");
    expect(sub.anchorDay).toBe(31);
    const { proration } = await sales.run((tx) => previewAmendment(tx, { subscriptionId: sub.id, effectiveDate: "2026-02-20", items: [fee("1.5")] }));
    expect(proration.period).toEqual({ start: "2026-01-31", end: "2026-02-28" });
    expect(proration.lines.map((l) => l.amountMinor)).toEqual([-2857n, 4286n]);
  });
});

describe("discount approval", () => {
  test("a discount within the policy (10%) is active at once", async () => {
    const sub = await activeContract();
    const { version } = await sales.run((tx) => confirmAmendment(tx, sales.who, { subscriptionId: sub.id, effectiveDate: "2026-03-01", items: [fee("1", "10")] }));
    expect(version.status).toBe("active");
  });

  test("beyond the threshold the version waits; the requester and sales cannot decide; finance approves and it supersedes the previous", async () => {
    const sub = await activeContract();
    const admin = await sessionOf(T, T.users.admin);
    const { version } = await admin.run((tx) => confirmAmendment(tx, admin.who, { subscriptionId: sub.id, effectiveDate: "2026-03-01", items: [fee("1", "15")] }));
    expect([version.status, version.maxDiscountPercent]).toEqual(["pending_approval", "15.00"]);
    expect((await snapshot(sub.id)).states).toBe("1:active,2:pending_approval");

    const financeCaller = await callerFor(T.users.finance);
    const pending = await financeCaller.subscriptions.pendingApprovals();
    const approval = pending.find((a) => a.versionId === version.id)!;
    expect(approval).toMatchObject({ number: sub.number, version: 2, requestedById: T.users.admin.id });
    expect(approval.summary).toContain("15% discount (policy threshold 10%)");

    // A second amendment while one waits is refused.
    await expect(admin.run((tx) => confirmAmendment(tx, admin.who, { subscriptionId: sub.id, effectiveDate: "2026-04-01", items: [fee("3")] }))).rejects.toThrow(/waiting for approval/);

    const denied = await (await callerFor(T.users.admin)).subscriptions.decideApproval({ approvalId: approval.id, decision: "approve" }).then(() => null, (e: unknown) => e as TRPCError);
    expect([denied?.code, denied?.message]).toEqual(["FORBIDDEN", "You requested this discount; another finance or admin user must decide it"]);
    const salesDenied = await (await callerFor(T.users.sales)).subscriptions.decideApproval({ approvalId: approval.id, decision: "approve" }).then(() => null, (e: unknown) => e as TRPCError);
    expect(salesDenied?.code).toBe("FORBIDDEN");
    expect((await snapshot(sub.id)).states).toBe("1:active,2:pending_approval");

    await financeCaller.subscriptions.decideApproval({ approvalId: approval.id, decision: "approve", reason: "Volume deal" });
    expect((await snapshot(sub.id)).states).toBe("1:superseded,2:active");
    const [row] = await system(sql`select status, decided_by from approvals where id = ${approval.id}`);
    expect(row).toEqual({ status: "approved", decided_by: T.users.finance.id });
    // Deciding again the same way is a no-op; the other way is a conflict.
    await financeCaller.subscriptions.decideApproval({ approvalId: approval.id, decision: "approve" });
    await expect(financeCaller.subscriptions.decideApproval({ approvalId: approval.id, decision: "reject" })).rejects.toThrow(/already approved/);
  });

  test("a rejected discount leaves the previous version active", async () => {
    const sub = await activeContract();
    const { version } = await sales.run((tx) => confirmAmendment(tx, sales.who, { subscriptionId: sub.id, effectiveDate: "2026-03-01", items: [fee("1", "50")] }));
    const admin = await callerFor(T.users.admin);
    const approval = (await admin.subscriptions.pendingApprovals()).find((a) => a.versionId === version.id)!;
    await admin.subscriptions.decideApproval({ approvalId: approval.id, decision: "reject", reason: "Too deep" });
    expect((await snapshot(sub.id)).states).toBe("1:active,2:rejected");
  });

  test("the database itself refuses a version decided by its requester", async () => {
    const sub = await activeContract();
    const failure = await withTenant({ kind: "system", tenantId: T.id }, (tx) =>
      failureInSavepoint(tx, (sp) => sp.execute(sql`update subscription_versions set decided_by = created_by where subscription_id = ${sub.id}`)),
    );
    expect(failure.code).toBe("23514");
    expect(failure.message).toMatch(/subscription_versions_segregation/);
  });
});

describe("the first version and the API surface", () => {
  test("a first version beyond the discount policy waits for approval, and the draft cannot be activated until it is approved", async () => {
    const { subscription, version } = await sales.run((tx) =>
      createSubscription(tx, sales.who, { customerId: T.customers.c1, currency: "EUR", termStart: "2026-01-01", termEnd: "2027-01-01", items: [fee("1", "25")] }),
    );
    expect(version?.status).toBe("pending_approval");
    await expect(sales.run((tx) => transitionSubscription(tx, sales.who, { id: subscription.id, to: "active" }))).rejects.toThrow(/first version awaits approval/);

    const finance = await callerFor(T.users.finance);
    const approval = (await finance.subscriptions.pendingApprovals()).find((a) => a.versionId === version?.id)!;
    await finance.subscriptions.decideApproval({ approvalId: approval.id, decision: "approve" });
    const result = await sales.run((tx) => transitionSubscription(tx, sales.who, { id: subscription.id, to: "active" }));
    expect(result.subscription.status).toBe("active");
  });

  test("bad input through the router is a BAD_REQUEST with field errors keyed by dotted path, and writes nothing", async () => {
    const caller = await callerFor(T.users.sales);
    const before = await system(sql`select count(*)::text as n from subscriptions`);
    const error = await caller.subscriptions
      .create({ customerId: T.customers.c1, currency: "EUR", termStart: "2026-01-01", termEnd: "2027-01-01", items: [fee("-3")] })
      .then(() => null, (e: unknown) => e as TRPCError);
    expect(error?.code).toBe("BAD_REQUEST");
    expect((error?.cause as { issues?: Array<{ path: PropertyKey[] }> })?.issues?.map((i) => i.path.join("."))).toEqual(["items.0.quantity"]);
    expect(await system(sql`select count(*)::text as n from subscriptions`)).toEqual(before);
  });

  test("the router's preview and confirm match the domain's: the customer sees the amended terms", async () => {
    const sub = await activeContract();
    const caller = await callerFor(T.users.sales);
    const input = { subscriptionId: sub.id, effectiveDate: "2026-04-11", items: [fee("1"), { kind: "delivery" as const, productId: T.contract.products.stock, quantity: "2", deliveryEvery: 1, deliveryUnit: "week" as const, shipToSiteId: T.contract.siteId, firstDeliveryDate: "2026-04-13" }] };
    const preview = await caller.subscriptions.previewAmendment(input);
    expect(preview.proration.lines).toEqual([]);
    const confirmed = await caller.subscriptions.confirmAmendment(input);
    expect(confirmed.version.status).toBe("active");
    const customer = createCaller(context(await tenantHostOf(T), await tenantActorOf(T, T.users.customer_buyer)));
    const mine = (await customer.subscriptions.mySubscriptions()).find((s) => s.id === sub.id)!;
    expect([mine.version, mine.items.map((i) => i.kind)]).toEqual([2, ["recurring_fee", "delivery"]]);
  });
});

test("two concurrent identical confirms make one version", async () => {
  const sub = await activeContract();
  const input = { subscriptionId: sub.id, effectiveDate: "2026-06-01", items: [fee("4")] };
  const results = await Promise.all([sales.run((tx) => confirmAmendment(tx, sales.who, input)), sales.run((tx) => confirmAmendment(tx, sales.who, input))]);
  expect(results.map((r) => r.duplicate).sort()).toEqual([false, true]);
  expect(results[0].version.id).toBe(results[1].version.id);
  expect((await snapshot(sub.id)).states).toBe("1:superseded,2:active");
});
