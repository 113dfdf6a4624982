import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { closeAppPool } from "../../db/client";
import { withTenant, type TenantTx } from "../../db/with-tenant";
import { createManualInvoice } from "../../server/domain/billing/invoices";
import { DomainError } from "../../server/domain/errors";
import { applyCustomerCredit, customerCreditBalances } from "../../server/domain/payments/customer-credit";
import { payInvoiceByCard, recordPayment } from "../../server/domain/payments/payments";
import { TEST_CARDS, TestPaymentProvider } from "../../server/domain/payments/provider";
import { changeTenantPolicy } from "../../server/domain/tenancy/settings";
import { flushEvents } from "../../server/domain/events/emit";
import { closeRedis } from "../../server/redis";
import { withTenantRolledBack } from "../helpers/db";
import { createPlatformAdmin, createTenantFixture, type TenantFixture } from "../helpers/fixtures";
import { balanceOf, invoiceState, issueTestInvoice, trialBalanceTotal } from "./helpers";

let A: TenantFixture;
const sys = () => ({ kind: "system" as const, tenantId: A.id });
const finance = () => ({ tenantId: A.id, userId: A.users.finance.id });
const provider = new TestPaymentProvider({ timeoutDelayMs: 5 });
const card = (number: string) => ({ number, expMonth: 12, expYear: 2030, cvc: "123" });
let seq = 0;
const key = () => `test-key-${Date.now()}-${++seq}`;

beforeAll(async () => {
  A = await createTenantFixture(await createPlatformAdmin("payments"), "payments");
});
afterAll(async () => {
  await closeAppPool();
  await closeRedis();
});

async function counts(tx: TenantTx) {
  const [row] = await tx.execute<{ payments: number; allocations: number; entries: number }>(sql`
    select (select count(*)::int from payments) as payments, (select count(*)::int from payment_allocations) as allocations, (select count(*)::int from journal_entries) as entries`);
  return row;
}

/** The transaction's events of one type so far (flushed first: they are written at commit otherwise). */
async function eventsOf(tx: TenantTx, type: string) {
  await flushEvents(tx);
  return tx.execute<{ payload: Record<string, unknown> }>(sql`select payload from events where type = ${type} order by seq`);
}

async function failure(fn: () => Promise<unknown>): Promise<DomainError> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error("expected a DomainError");
}

describe("recorded payments", () => {
  test("oldest first, partial payment, overpayment held as credit and applied to the next invoice; balanced throughout", async () => {
    await withTenantRolledBack(sys(), async (tx) => {
      const c = A.customers.direct;
      const i1 = await issueTestInvoice(tx, A.id, c, { lines: [{ netMinor: 10_000n }], dueDate: "2026-03-10" }); // 120.00
      const i2 = await issueTestInvoice(tx, A.id, c, { lines: [{ netMinor: 5_000n }], dueDate: "2026-03-20" }); // 60.00
      const arBefore = await balanceOf(tx, "accounts_receivable", c);
      expect(arBefore).toBe(18_000n);

      const first = await recordPayment(tx, finance(), { customerId: c, currency: "EUR", amount: "150.00", method: "bank_transfer", receivedOn: "2026-03-05", requestKey: key() });
      expect(first).toMatchObject({ status: "succeeded", allocatedMinor: 15_000n, creditMinor: 0n, created: true });
      expect(first.number).toMatch(/^PAY-\d{6}$/);
      expect(await invoiceState(tx, i1.id)).toMatchObject({ status: "paid", paidMinor: 12_000n });
      expect(await invoiceState(tx, i2.id)).toMatchObject({ status: "partially_paid", paidMinor: 3_000n });
      expect(await balanceOf(tx, "accounts_receivable", c)).toBe(3_000n);
      expect(await balanceOf(tx, "cash")).toBeGreaterThanOrEqual(15_000n);

      const over = await recordPayment(tx, finance(), { customerId: c, currency: "EUR", amount: "100", method: "manual", receivedOn: "2026-03-06", requestKey: key() });
      expect(over).toMatchObject({ allocatedMinor: 3_000n, creditMinor: 7_000n });
      expect(over.message).toMatch(/held as customer credit/);
      expect(await invoiceState(tx, i2.id)).toMatchObject({ status: "paid" });
      expect(await customerCreditBalances(tx, [c])).toEqual([{ customerId: c, currency: "EUR", balanceMinor: 7_000n }]);
      expect(await balanceOf(tx, "customer_credit", c)).toBe(-7_000n);

      // Billing issues the next invoice and calls applyCustomerCredit with its id.
      const i3 = await issueTestInvoice(tx, A.id, c, { lines: [{ netMinor: 10_000n }], dueDate: "2026-04-10" });
      const applied = await applyCustomerCredit(tx, finance(), [i3.id], "2026-04-01");
      expect(applied.map((a) => a.amountMinor)).toEqual([7_000n]);
      expect(await invoiceState(tx, i3.id)).toMatchObject({ status: "partially_paid", paidMinor: 7_000n });
      expect(await customerCreditBalances(tx, [c])).toEqual([]);
      expect(await applyCustomerCredit(tx, finance(), [i3.id], "2026-04-01")).toEqual([]); // nothing left: nothing happens
      expect(await balanceOf(tx, "accounts_receivable", c)).toBe(12_000n - 7_000n);
      expect(await trialBalanceTotal(tx)).toBe(0n);

      // Every payment entry balances and is one entry per payment.
      const [{ n }] = await tx.execute<{ n: number }>(sql`select count(*)::int as n from journal_entries where source_type = 'payment' and source_id in (${first.paymentId}, ${over.paymentId})`);
      expect(n).toBe(2);
    });
  });

  test("an explicit split is honoured; a split above what is open is refused and nothing changes", async () => {
    await withTenantRolledBack(sys(), async (tx) => {
      const c = A.customers.direct;
      const i1 = await issueTestInvoice(tx, A.id, c, { lines: [{ netMinor: 10_000n }], dueDate: "2026-03-10" });
      const i2 = await issueTestInvoice(tx, A.id, c, { lines: [{ netMinor: 5_000n }], dueDate: "2026-03-20" });
      const paid = await recordPayment(tx, finance(), {
        customerId: c, currency: "EUR", amount: "60", method: "manual", receivedOn: "2026-03-05", requestKey: key(), allocations: [{ invoiceId: i2.id, amount: "60.00" }],
      });
      expect(paid.allocatedMinor).toBe(6_000n);
      expect(await invoiceState(tx, i2.id)).toMatchObject({ status: "paid" });
      expect(await invoiceState(tx, i1.id)).toMatchObject({ status: "issued", paidMinor: 0n });

      const before = await counts(tx);
      const e = await failure(() => recordPayment(tx, finance(), { customerId: c, currency: "EUR", amount: "200", method: "manual", receivedOn: "2026-03-05", requestKey: key(), allocations: [{ invoiceId: i1.id, amount: "120.01" }] }));
      expect(e.code).toBe("BAD_REQUEST");
      expect(e.details!["allocations.0.amountMinor"][0]).toMatch(/At most 12000 is open/);
      const e2 = await failure(() => recordPayment(tx, finance(), { customerId: c, currency: "EUR", amount: "1.001", method: "manual", receivedOn: "2026-03-05", requestKey: key() }));
      expect(e2.message).toMatch(/at most 2 decimals/);
      expect(await counts(tx)).toEqual(before);
    });
  });

  test("the same request key returns the first payment; with other details it is a conflict", async () => {
    await withTenantRolledBack(sys(), async (tx) => {
      const c = A.customers.direct;
      await issueTestInvoice(tx, A.id, c, { lines: [{ netMinor: 10_000n }] });
      const k = key();
      const input = { customerId: c, currency: "EUR", amount: "50", method: "manual" as const, receivedOn: "2026-03-05", requestKey: k };
      const first = await recordPayment(tx, finance(), input);
      const before = await counts(tx);
      const again = await recordPayment(tx, finance(), input);
      expect(again).toMatchObject({ paymentId: first.paymentId, created: false, allocatedMinor: 5_000n });
      expect(await counts(tx)).toEqual(before);
      expect((await failure(() => recordPayment(tx, finance(), { ...input, amount: "51" }))).code).toBe("CONFLICT");
    });
  });

  test("a payment larger than open AR, where the tenant keeps no customer credit, is refused and nothing changes", async () => {
    await withTenantRolledBack(sys(), async (tx) => {
      await changeTenantPolicy(tx, A.id, { holdOverpaymentAsCredit: false }, null);
      const c = A.customers.direct;
      const inv = await issueTestInvoice(tx, A.id, c, { lines: [{ netMinor: 10_000n }] });
      const before = await counts(tx);
      const e = await failure(() => recordPayment(tx, finance(), { customerId: c, currency: "EUR", amount: "500", method: "manual", receivedOn: "2026-03-05", requestKey: key() }));
      expect(e.code).toBe("BAD_REQUEST");
      expect(e.message).toMatch(/is more than .*open invoices \(€120\.00\).*does not hold overpayments as customer credit: record at most €120\.00/);
      expect(await counts(tx)).toEqual(before);
      expect(await invoiceState(tx, inv.id)).toMatchObject({ status: "issued", paidMinor: 0n });
      // Exactly what is open is fine.
      expect((await recordPayment(tx, finance(), { customerId: c, currency: "EUR", amount: "120", method: "manual", receivedOn: "2026-03-05", requestKey: key() })).creditMinor).toBe(0n);
    });
  });
});

describe("customer credit and billing", () => {
  test("an invoice billing issues is settled from the customer's credit in the same transaction", async () => {
    await withTenantRolledBack(sys(), async (tx) => {
      const c = A.customers.c2;
      const over = await recordPayment(tx, finance(), { customerId: c, currency: "EUR", amount: "30", method: "bank_transfer", receivedOn: "2026-03-01", requestKey: key() });
      expect(over.creditMinor).toBe(3_000n); // c2 has nothing open: all of it is credit
      const issued = await createManualInvoice(tx, finance(), {
        customerId: c, currency: "EUR", issueDate: "2026-03-02", requestKey: key(), issue: true,
        lines: [{ description: "Installation", quantity: "1", unitPrice: "100" }],
      });
      const state = await invoiceState(tx, issued.invoiceId);
      expect(state.paidMinor).toBe(3_000n);
      expect(state.status).toBe("partially_paid");
      expect(await customerCreditBalances(tx, [c])).toEqual([]);
      const [{ n }] = await tx.execute<{ n: number }>(sql`select count(*)::int as n from payment_allocations where invoice_id = ${issued.invoiceId} and payment_id is null`);
      expect(n).toBe(1);
      expect(await trialBalanceTotal(tx)).toBe(0n);
    });
  });
});

describe("card payments", () => {
  test("a good card pays the invoice; a declining card is a failed payment that opens dunning; a timeout says so", async () => {
    await withTenantRolledBack(sys(), async (tx) => {
      const c = A.customers.direct;
      const good = await issueTestInvoice(tx, A.id, c, { lines: [{ netMinor: 10_000n }] });
      const paid = await payInvoiceByCard(tx, finance(), { invoiceId: good.id, card: card(TEST_CARDS.succeeds), requestKey: key() }, { today: "2026-03-05", provider });
      expect(paid).toMatchObject({ status: "succeeded", outcome: "succeeded", allocatedMinor: 12_000n });
      expect(paid.message).toMatch(/ending 4242.*is paid/);
      expect(await invoiceState(tx, good.id)).toMatchObject({ status: "paid" });
      const [p] = await tx.execute<{ method: string; card_last4: string; provider: string; provider_reference: string }>(sql`select method, card_last4, provider, provider_reference from payments where id = ${paid.paymentId}`);
      expect(p).toMatchObject({ method: "card", card_last4: "4242", provider: "test" });
      expect((await failure(() => payInvoiceByCard(tx, finance(), { invoiceId: good.id, card: card(TEST_CARDS.succeeds), requestKey: key() }, { today: "2026-03-05", provider }))).message).toMatch(/nothing left to pay/);

      const bad = await issueTestInvoice(tx, A.id, c, { lines: [{ netMinor: 5_000n }] });
      const entriesBefore = (await counts(tx)).entries;
      const declined = await payInvoiceByCard(tx, finance(), { invoiceId: bad.id, card: card(TEST_CARDS.declines), requestKey: key() }, { today: "2026-03-05", provider });
      expect(declined).toMatchObject({ status: "failed", outcome: "declined" });
      expect(declined.message).toMatch(/ending 0002 was declined/);
      expect((await counts(tx)).entries).toBe(entriesBefore); // no money moved, no entry
      expect(await invoiceState(tx, bad.id)).toMatchObject({ status: "issued", paidMinor: 0n });
      const [dc] = await tx.execute<{ status: string; next_attempt_on: string; attempts: number; card_token: string; schedule_days: number[] }>(sql`
        select status, next_attempt_on::text, attempts, card_token, schedule_days from dunning_cases where invoice_id = ${bad.id}`);
      expect(dc).toMatchObject({ status: "open", next_attempt_on: "2026-03-08", attempts: 0, schedule_days: [3, 7, 14] });
      expect(dc.card_token).toMatch(/^tok_test_0002_/);
      const [msg] = await tx.execute<{ kind: string; subject: string }>(sql`select kind, subject from customer_messages where customer_id = ${c} order by created_at desc limit 1`);
      expect(msg).toMatchObject({ kind: "dunning.payment_failed", subject: `Payment for invoice ${bad.number} failed` });

      const timedOut = await payInvoiceByCard(tx, finance(), { invoiceId: bad.id, card: card(TEST_CARDS.timesOut), requestKey: key() }, { today: "2026-03-05", provider });
      expect(timedOut).toMatchObject({ status: "failed", outcome: "timeout" });
      expect(timedOut.message).toMatch(/did not answer in time/);
      const [{ cases }] = await tx.execute<{ cases: number }>(sql`select count(*)::int as cases from dunning_cases where invoice_id = ${bad.id}`);
      expect(cases).toBe(1); // the same case, with the newest card

      // Paying with a good card resolves the case.
      await payInvoiceByCard(tx, finance(), { invoiceId: bad.id, card: card(TEST_CARDS.succeeds), requestKey: key() }, { today: "2026-03-06", provider });
      const [after] = await tx.execute<{ status: string }>(sql`select status from dunning_cases where invoice_id = ${bad.id}`);
      expect(after.status).toBe("resolved");
      expect(await trialBalanceTotal(tx)).toBe(0n);

      // The outbox: each invoice paid once is one invoice.paid; each failed attempt one payment.failed.
      expect((await eventsOf(tx, "invoice.paid")).map((e) => e.payload)).toEqual([
        expect.objectContaining({ invoiceId: good.id, number: good.number, customerId: c, totalMinor: "12000", paidMinor: "12000" }),
        expect.objectContaining({ invoiceId: bad.id, number: bad.number, totalMinor: "6000", paidMinor: "6000" }),
      ]);
      expect((await eventsOf(tx, "payment.failed")).map((e) => e.payload)).toEqual([
        expect.objectContaining({ paymentId: declined.paymentId, invoiceId: bad.id, customerId: c, amountMinor: "6000", method: "card", reason: expect.stringMatching(/declined/i) }),
        expect.objectContaining({ paymentId: timedOut.paymentId, invoiceId: bad.id, reason: expect.stringMatching(/timeout/i) }),
      ]);
    });
  });

  test("a customer pays only its own invoices; a malformed card is refused before anything is written", async () => {
    const [own, other] = await withTenant(sys(), async (tx) => [
      await issueTestInvoice(tx, A.id, A.customers.c1, { lines: [{ netMinor: 1_000n }] }),
      await issueTestInvoice(tx, A.id, A.customers.c2, { lines: [{ netMinor: 1_000n }] }),
    ]);
    const customerScope = { kind: "customer" as const, tenantId: A.id, userId: A.users.customer_admin.id, customerId: A.customers.c1 };
    const acting = { tenantId: A.id, userId: A.users.customer_admin.id };
    await withTenantRolledBack(customerScope, async (tx) => {
      const e = await failure(() => payInvoiceByCard(tx, acting, { invoiceId: other.id, card: card(TEST_CARDS.succeeds), requestKey: key() }, { today: "2026-03-05", provider }));
      expect(e.code).toBe("NOT_FOUND");
    });
    await withTenantRolledBack(customerScope, async (tx) => {
      const e = await failure(() => payInvoiceByCard(tx, acting, { invoiceId: own.id, card: card("4242 4242 4242 4241"), requestKey: key() }, { today: "2026-03-05", provider }));
      expect(e.details!.number[0]).toMatch(/not valid/);
    });
    const result = await withTenant(customerScope, (tx) => payInvoiceByCard(tx, acting, { invoiceId: own.id, card: card(TEST_CARDS.succeeds), requestKey: key() }, { today: "2026-03-05", provider }));
    expect(result.outcome).toBe("succeeded");
    expect(await withTenant(sys(), (tx) => invoiceState(tx, own.id))).toMatchObject({ status: "paid" });
  });
});
