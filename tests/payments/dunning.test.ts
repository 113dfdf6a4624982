import { QueueEvents, Worker } from "bullmq";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { closeAppPool } from "../../db/client";
import { withTenant } from "../../db/with-tenant";
import { processDunningJob } from "../../jobs/dunning";
import { closeDunningQueue, dunningQueue, QUEUES, queueConnection, type DunningResult } from "../../jobs/queues";
import { placeCreditHold } from "../../server/domain/customers/customers";
import { payInvoiceByCard, recordPayment } from "../../server/domain/payments/payments";
import { TEST_CARDS } from "../../server/domain/payments/provider";
import { closeRedis } from "../../server/redis";
import { createPlatformAdmin, createTenantFixture, type TenantFixture } from "../helpers/fixtures";
import { issueTestInvoice } from "./helpers";

/*
 * Dunning through the real queue: the test enqueues the tenant's dunning job with a fixed date (the
 * clock) and an in-process BullMQ worker runs jobs/dunning.ts against the real database.
 */

let A: TenantFixture;
let worker: Worker;
let events: QueueEvents;
const sys = () => ({ kind: "system" as const, tenantId: A.id });
const card = (number: string) => ({ number, expMonth: 12, expYear: 2030, cvc: "123" });

beforeAll(async () => {
  A = await createTenantFixture(await createPlatformAdmin("dunning"), "dunning");
  // The fixture's own open case (no card on file) would be due in these runs too: settle it out of the way.
  await withTenant(sys(), (tx) => tx.execute(sql`update dunning_cases set status = 'resolved', next_attempt_on = null, closed_at = now()`));
  worker = new Worker(QUEUES.dunning, (job) => processDunningJob(job), { connection: queueConnection(), concurrency: 1 });
  events = new QueueEvents(QUEUES.dunning, { connection: queueConnection() });
  await Promise.all([worker.waitUntilReady(), events.waitUntilReady()]);
});
afterAll(async () => {
  await worker.close();
  await events.close();
  await closeDunningQueue();
  await closeAppPool();
  await closeRedis();
});

let run = 0;
/** One dunning job of the tenant "on" `today`, through Redis and the worker. */
async function dunningOn(today: string): Promise<DunningResult> {
  const job = await dunningQueue().add("run", { tenantId: A.id, today }, { jobId: `test-dunning-${A.id}-${today}-${++run}` });
  return job.waitUntilFinished(events, 30_000);
}

async function state(invoiceId: string, customerId: string) {
  return withTenant(sys(), async (tx) => {
    const [c] = await tx.execute<{ status: string; attempts: number; next_attempt_on: string | null; hold_placed: boolean }>(sql`
      select status, attempts, next_attempt_on::text, hold_placed from dunning_cases where invoice_id = ${invoiceId}`);
    const subs = await tx.execute<{ status: string }>(sql`select status from subscriptions where customer_id = ${customerId} order by id`);
    const [cust] = await tx.execute<{ status: string }>(sql`select status from customers where id = ${customerId}`);
    const messages = await tx.execute<{ kind: string }>(sql`select kind from customer_messages where customer_id = ${customerId} and kind like 'dunning.%' order by created_at, id`);
    const [{ failed }] = await tx.execute<{ failed: number }>(sql`select count(*)::int as failed from payments where invoice_id = ${invoiceId} and status = 'failed'`);
    return { case: c, subscriptions: subs.map((s) => s.status), customer: cust.status, messages: messages.map((m) => m.kind), failedPayments: failed };
  });
}

describe("dunning job", () => {
  test("retries on days 3, 7, 14; the last failure suspends the subscriptions and holds the account; paying lifts both", async () => {
    const c = A.customers.c1;
    const invoice = await withTenant(sys(), (tx) => issueTestInvoice(tx, A.id, c, { lines: [{ netMinor: 10_000n }], issueDate: "2026-03-01" }));
    const acting = { tenantId: A.id, userId: A.users.customer_admin.id };
    const customerScope = { kind: "customer" as const, tenantId: A.id, userId: acting.userId, customerId: c };
    const declined = await withTenant(customerScope, (tx) => payInvoiceByCard(tx, acting, { invoiceId: invoice.id, card: card(TEST_CARDS.declines), requestKey: `decl-${invoice.id}` }, { today: "2026-03-01" }));
    expect(declined.outcome).toBe("declined");
    expect((await state(invoice.id, c)).case).toMatchObject({ status: "open", attempts: 0, next_attempt_on: "2026-03-04" });
    expect((await state(invoice.id, c)).subscriptions).toEqual(["active"]);

    expect(await dunningOn("2026-03-03")).toMatchObject({ due: 0 });
    expect(await dunningOn("2026-03-04")).toMatchObject({ today: "2026-03-04", due: 1, retryFailed: 1 });
    expect(await dunningOn("2026-03-04")).toMatchObject({ due: 0 }); // a re-run of the day retries nothing twice
    expect((await state(invoice.id, c)).case).toMatchObject({ status: "open", attempts: 1, next_attempt_on: "2026-03-08" });
    expect(await dunningOn("2026-03-08")).toMatchObject({ due: 1, retryFailed: 1 });
    expect((await state(invoice.id, c)).case).toMatchObject({ attempts: 2, next_attempt_on: "2026-03-15" });
    expect(await dunningOn("2026-03-15")).toMatchObject({ due: 1, exhausted: 1 });

    const suspended = await state(invoice.id, c);
    expect(suspended.case).toMatchObject({ status: "exhausted", attempts: 3, next_attempt_on: null, hold_placed: true });
    expect(suspended.subscriptions).toEqual(["suspended"]);
    expect(suspended.customer).toBe("credit_hold");
    expect(suspended.failedPayments).toBe(4);
    expect(suspended.messages).toEqual(["dunning.payment_failed", "dunning.retry_failed", "dunning.retry_failed", "dunning.suspended"]);
    expect(await dunningOn("2026-03-20")).toMatchObject({ due: 0 }); // exhausted: no more retries

    const paid = await withTenant(customerScope, (tx) => payInvoiceByCard(tx, acting, { invoiceId: invoice.id, card: card(TEST_CARDS.succeeds), requestKey: `good-${invoice.id}` }, { today: "2026-03-21" }));
    expect(paid.outcome).toBe("succeeded");
    const lifted = await state(invoice.id, c);
    expect(lifted.case.status).toBe("resolved");
    expect(lifted.subscriptions).toEqual(["active"]);
    expect(lifted.customer).toBe("active");
    expect(lifted.messages.at(-1)).toBe("dunning.resolved");
  });

  test("a retry with a good card on file pays; a hold placed by someone else is not lifted by dunning", async () => {
    const c = A.customers.direct;
    const [first, second] = await withTenant(sys(), async (tx) => [
      await issueTestInvoice(tx, A.id, c, { lines: [{ netMinor: 3_000n }], issueDate: "2026-04-01" }),
      await issueTestInvoice(tx, A.id, c, { lines: [{ netMinor: 4_000n }], issueDate: "2026-04-01" }),
    ]);
    const finance = { tenantId: A.id, userId: A.users.finance.id };
    await withTenant(sys(), async (tx) => {
      await payInvoiceByCard(tx, finance, { invoiceId: first.id, card: card(TEST_CARDS.timesOut), requestKey: `to-${first.id}` }, { today: "2026-04-01" });
      // The customer updates the card on file by trying another one that also fails today...
      await payInvoiceByCard(tx, finance, { invoiceId: second.id, card: card(TEST_CARDS.declines), requestKey: `de-${second.id}` }, { today: "2026-04-01" });
      // ...and on the first case a good card is put on file (as a card update would).
      await tx.execute(sql`update dunning_cases set card_token = 'tok_test_4242_0123456789abcdef' where invoice_id = ${first.id}`);
      await placeCreditHold(tx, finance, { id: c, reason: "Manual hold by finance" });
    });
    const result = await dunningOn("2026-04-04");
    expect(result).toMatchObject({ due: 2, paid: 1, retryFailed: 1 });
    expect((await state(first.id, c)).case.status).toBe("resolved");

    // Finance records a transfer for the second one after it is exhausted: resolved, but the manual hold stays.
    await dunningOn("2026-04-08");
    await dunningOn("2026-04-15");
    expect((await state(second.id, c)).case).toMatchObject({ status: "exhausted", hold_placed: false });
    await withTenant(sys(), (tx) => recordPayment(tx, finance, { customerId: c, currency: "EUR", amount: "48", method: "bank_transfer", receivedOn: "2026-04-16", requestKey: `bt-${second.id}` }));
    const after = await state(second.id, c);
    expect(after.case.status).toBe("resolved");
    expect(after.customer).toBe("credit_hold");
  });
});
