import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { closeAppPool } from "../../db/client";
import type { TenantTx } from "../../db/with-tenant";
import { creditNoteForProration, creditNoteForReturn, decideCreditNote, requestCreditNote, voidInvoice } from "../../server/domain/billing/credit-notes";
import { DomainError } from "../../server/domain/errors";
import { decideReturn, receiveReturn } from "../../server/domain/orders/returns";
import { customerCreditBalances } from "../../server/domain/payments/customer-credit";
import { recordPayment } from "../../server/domain/payments/payments";
import { changeTenantPolicy } from "../../server/domain/tenancy/settings";
import { closeRedis } from "../../server/redis";
import { withTenantRolledBack } from "../helpers/db";
import { createPlatformAdmin, createTenantFixture, type TenantFixture } from "../helpers/fixtures";
import { balanceOf, invoiceState, issueTestInvoice, recognize, trialBalanceTotal } from "./helpers";

let A: TenantFixture;
const sys = () => ({ kind: "system" as const, tenantId: A.id });
const finance = () => ({ tenantId: A.id, userId: A.users.finance.id });
const owner = () => ({ tenantId: A.id, userId: A.users.owner.id });
let seq = 0;
const key = () => `cn-key-${Date.now()}-${++seq}`;
const today = "2026-03-15";

beforeAll(async () => {
  A = await createTenantFixture(await createPlatformAdmin("credit"), "credit");
});
afterAll(async () => {
  await closeAppPool();
  await closeRedis();
});

async function failure(fn: () => Promise<unknown>): Promise<DomainError> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error("expected a DomainError");
}

async function snapshot(tx: TenantTx) {
  const [row] = await tx.execute<{ notes: number; entries: number; invoices: string }>(sql`
    select (select count(*)::int from credit_notes) as notes, (select count(*)::int from journal_entries) as entries,
           (select string_agg(status || ':' || paid_minor || ':' || credited_minor, ',' order by id) from invoices) as invoices`);
  return row;
}

/** A line's schedule: its amount, what was recognized, what credit notes reversed, and what is left to recognize. */
async function schedule(tx: TenantTx, lineId: string) {
  const [s] = await tx.execute<{ amount: string; recognized: string; reversed: string }>(sql`
    select s.amount_minor::text as amount,
           coalesce((select sum(r.amount_minor) from revenue_recognized r where r.schedule_id = s.id and r.kind = 'recognition'), 0)::text as recognized,
           coalesce((select sum(r.amount_minor) from revenue_recognized r where r.schedule_id = s.id and r.kind = 'reversal'), 0)::text as reversed
      from revenue_schedules s where s.invoice_line_id = ${lineId}`);
  const [amountMinor, recognizedMinor, reversedMinor] = [BigInt(s.amount), BigInt(s.recognized), BigInt(s.reversed)];
  return { amountMinor, recognizedMinor, reversedMinor, leftMinor: amountMinor - recognizedMinor - reversedMinor };
}

describe("manual credit notes", () => {
  test("a small one is issued at once: reverses deferred revenue and tax against receivables, gapless number", async () => {
    await withTenantRolledBack(sys(), async (tx) => {
      const c = A.customers.direct;
      const inv = await issueTestInvoice(tx, A.id, c, { lines: [{ netMinor: 10_000n, categoryId: A.contract.categoryId, serviceStart: "2026-03-01", serviceEnd: "2026-04-01" }] });
      const deferredBefore = await balanceOf(tx, "deferred_revenue");
      const taxBefore = await balanceOf(tx, "tax_payable");
      const note = await requestCreditNote(tx, finance(), { invoiceId: inv.id, reason: "Goodwill", lines: [{ invoiceLineId: inv.lineIds[0], amount: "25.00" }], requestKey: key() }, today);
      expect(note).toMatchObject({ status: "issued", totalMinor: 3_000n, invoiceStatus: "issued" });
      expect(note.number).toMatch(/^CN-2026-\d{6}$/);
      expect(await invoiceState(tx, inv.id)).toMatchObject({ creditedMinor: 3_000n, paidMinor: 0n });
      expect((await balanceOf(tx, "deferred_revenue")) - deferredBefore).toBe(2_500n);
      expect((await balanceOf(tx, "tax_payable")) - taxBefore).toBe(500n);
      expect(await balanceOf(tx, "accounts_receivable", c)).toBe(12_000n - 3_000n);
      expect(await schedule(tx, inv.lineIds[0])).toEqual({ amountMinor: 10_000n, recognizedMinor: 0n, reversedMinor: 2_500n, leftMinor: 7_500n });
      expect(await trialBalanceTotal(tx)).toBe(0n);
    });
  });

  test("earned revenue is reversed from revenue, the rest from deferred; a full credit voids the invoice", async () => {
    await withTenantRolledBack(sys(), async (tx) => {
      const c = A.customers.direct;
      const inv = await issueTestInvoice(tx, A.id, c, { lines: [{ netMinor: 12_000n, categoryId: A.contract.categoryId, serviceStart: "2026-01-01", serviceEnd: "2026-04-01" }] });
      await recognize(tx, A.id, inv.lineIds[0], 4_000n, "2026-01-01");
      const revenue = async () => balanceOf(tx, "revenue");
      const revenueBefore = await revenue();
      const note = await voidInvoice(tx, finance(), { invoiceId: inv.id, reason: "Billed in error", requestKey: key() }, today);
      expect(note).toMatchObject({ status: "issued", totalMinor: 14_400n, invoiceStatus: "void" });
      expect((await revenue()) - revenueBefore).toBe(4_000n); // Dr revenue for what was earned
      expect(await schedule(tx, inv.lineIds[0])).toEqual({ amountMinor: 12_000n, recognizedMinor: 4_000n, reversedMinor: 8_000n, leftMinor: 0n });
      const [{ voided }] = await tx.execute<{ voided: boolean }>(sql`select voided_at is not null as voided from invoices where id = ${inv.id}`);
      expect(voided).toBe(true);
      expect(await balanceOf(tx, "accounts_receivable", c)).toBe(0n);
      expect(await trialBalanceTotal(tx)).toBe(0n);
      expect((await failure(() => requestCreditNote(tx, finance(), { invoiceId: inv.id, reason: "Again", full: true, requestKey: key() }, today))).message).toMatch(/is void/);
    });
  });

  test("more than the line or the invoice allows is refused and nothing changes", async () => {
    await withTenantRolledBack(sys(), async (tx) => {
      const inv = await issueTestInvoice(tx, A.id, A.customers.direct, { lines: [{ netMinor: 10_000n }, { netMinor: 2_000n }] });
      await requestCreditNote(tx, finance(), { invoiceId: inv.id, reason: "Part", lines: [{ invoiceLineId: inv.lineIds[1], amount: "15" }], requestKey: key() }, today);
      const before = await snapshot(tx);
      const e = await failure(() => requestCreditNote(tx, finance(), { invoiceId: inv.id, reason: "Too much", lines: [{ invoiceLineId: inv.lineIds[1], amount: "5.01" }], requestKey: key() }, today));
      expect(e.code).toBe("BAD_REQUEST");
      expect(e.message).toMatch(/more than invoice INV-\d{4}-\d{6} allows/);
      expect(e.details!["lines.0.amount"][0]).toMatch(/At most €5\.00 can still be credited on line 2/);
      const e2 = await failure(() => requestCreditNote(tx, finance(), { invoiceId: inv.id, reason: "Twice", lines: [{ invoiceLineId: inv.lineIds[0], amount: "60" }, { invoiceLineId: inv.lineIds[0], amount: "40.01" }], requestKey: key() }, today));
      expect(e2.details!["lines.1.amount"][0]).toMatch(/At most €40\.00/);
      expect(await snapshot(tx)).toEqual(before);
    });
  });

  test("above the threshold it waits for another user: the requester cannot approve; pending amounts are reserved", async () => {
    await withTenantRolledBack(sys(), async (tx) => {
      await changeTenantPolicy(tx, A.id, { creditNoteApprovalThresholdMinor: 5_000n }, null);
      const inv = await issueTestInvoice(tx, A.id, A.customers.direct, { lines: [{ netMinor: 10_000n }] });
      const entries = (await snapshot(tx)).entries;
      const pending = await requestCreditNote(tx, finance(), { invoiceId: inv.id, reason: "Big goodwill", lines: [{ invoiceLineId: inv.lineIds[0], amount: "80" }], requestKey: key() }, today);
      expect(pending).toMatchObject({ status: "pending_approval", number: null, totalMinor: 9_600n });
      expect((await snapshot(tx)).entries).toBe(entries);
      expect(await invoiceState(tx, inv.id)).toMatchObject({ creditedMinor: 0n });
      // The pending 80 reserves its amount: 20.01 more on the line is refused.
      expect((await failure(() => requestCreditNote(tx, finance(), { invoiceId: inv.id, reason: "More", lines: [{ invoiceLineId: inv.lineIds[0], amount: "20.01" }], requestKey: key() }, today))).code).toBe("BAD_REQUEST");

      const self = await failure(() => decideCreditNote(tx, finance(), { id: pending.creditNoteId, decision: "approved" }, today));
      expect(self).toMatchObject({ code: "FORBIDDEN" });
      expect(self.message).toMatch(/another user must approve/);
      const approved = await decideCreditNote(tx, owner(), { id: pending.creditNoteId, decision: "approved" }, today);
      expect(approved).toMatchObject({ status: "issued", invoiceStatus: "issued" });
      expect(approved.number).toMatch(/^CN-2026-/);
      expect(await invoiceState(tx, inv.id)).toMatchObject({ creditedMinor: 9_600n });
      expect((await failure(() => decideCreditNote(tx, owner(), { id: pending.creditNoteId, decision: "approved" }, today))).code).toBe("CONFLICT");
      const [n] = await tx.execute<{ decided_by: string; requested_by: string }>(sql`select decided_by, requested_by from credit_notes where id = ${pending.creditNoteId}`);
      expect(n).toEqual({ decided_by: A.users.owner.id, requested_by: A.users.finance.id });
      expect(await trialBalanceTotal(tx)).toBe(0n);
    });
  });

  test("crediting a paid invoice gives the paid part back as customer credit", async () => {
    await withTenantRolledBack(sys(), async (tx) => {
      const c = A.customers.c2;
      const inv = await issueTestInvoice(tx, A.id, c, { lines: [{ netMinor: 10_000n }] });
      await recordPayment(tx, finance(), { customerId: c, currency: "EUR", amount: "120", method: "manual", receivedOn: today, requestKey: key() });
      const note = await requestCreditNote(tx, finance(), { invoiceId: inv.id, reason: "Price error", lines: [{ invoiceLineId: inv.lineIds[0], amount: "25" }], requestKey: key() }, today);
      expect(note.invoiceStatus).toBe("paid");
      expect(await invoiceState(tx, inv.id)).toMatchObject({ paidMinor: 9_000n, creditedMinor: 3_000n });
      expect(await customerCreditBalances(tx, [c])).toEqual([{ customerId: c, currency: "EUR", balanceMinor: 3_000n }]);
      expect(await balanceOf(tx, "accounts_receivable", c)).toBe(0n);
      const [{ sum }] = await tx.execute<{ sum: string }>(sql`select sum(amount_minor)::text as sum from payment_allocations where invoice_id = ${inv.id}`);
      expect(BigInt(sum)).toBe(9_000n);
      expect(await trialBalanceTotal(tx)).toBe(0n);
    });
  });
});

describe("credit notes from returns and prorations", () => {
  test("a received return's restocked lines are credited once, against the invoice of the order line", async () => {
    await withTenantRolledBack(sys(), async (tx) => {
      const d = A.distribution;
      const inv = await issueTestInvoice(tx, A.id, A.customers.c1, { lines: [{ netMinor: 5_000n, quantity: 4, orderLineId: d.orderLineId, kind: "goods" }] });
      expect((await failure(() => creditNoteForReturn(tx, finance(), d.returnId, today))).message).toMatch(/not received yet/);
      await tx.execute(sql`update returns set status = 'received' where id = ${d.returnId}`);
      await tx.execute(sql`update return_lines set disposition = 'restock', received_quantity = 1, warehouse_id = ${d.warehouses.main} where return_id = ${d.returnId}`);
      const note = await creditNoteForReturn(tx, finance(), d.returnId, today);
      expect(note).toMatchObject({ status: "issued", totalMinor: 1_500n, created: true });
      const again = await creditNoteForReturn(tx, finance(), d.returnId, today);
      expect(again).toMatchObject({ creditNoteId: note!.creditNoteId, created: false });
      const [rl] = await tx.execute<{ credit_note_id: string }>(sql`select credit_note_id from return_lines where return_id = ${d.returnId}`);
      expect(rl.credit_note_id).toBe(note!.creditNoteId);
      const [n] = await tx.execute<{ source: string; return_id: string; invoice_id: string }>(sql`select source, return_id, invoice_id from credit_notes where id = ${note!.creditNoteId}`);
      expect(n).toEqual({ source: "return", return_id: d.returnId, invoice_id: inv.id });
      expect(await trialBalanceTotal(tx)).toBe(0n);
    });
  });

  test("receiving a return with restocked lines issues its credit note in the same transaction", async () => {
    await withTenantRolledBack(sys(), async (tx) => {
      const d = A.distribution;
      const inv = await issueTestInvoice(tx, A.id, A.customers.c1, { lines: [{ netMinor: 5_000n, quantity: 4, orderLineId: d.orderLineId, kind: "goods" }] });
      const ops = { tenantId: A.id, userId: A.users.ops.id };
      await decideReturn(tx, ops, "approved", { id: d.returnId });
      const [line] = await tx.execute<{ id: string }>(sql`select id from return_lines where return_id = ${d.returnId}`);
      await receiveReturn(tx, ops, { id: d.returnId, warehouseId: d.warehouses.main, lines: [{ returnLineId: line.id, disposition: "restock" }] });
      const [n] = await tx.execute<{ source: string; status: string; total: string }>(sql`select source, status, total_minor::text as total from credit_notes where return_id = ${d.returnId}`);
      expect(n).toEqual({ source: "return", status: "issued", total: "1500" });
      expect(await invoiceState(tx, inv.id)).toMatchObject({ creditedMinor: 1_500n });
      expect(await trialBalanceTotal(tx)).toBe(0n);
    });
  });

  test("a proration credit is a credit note on the period's invoice; an unbilled period gets none", async () => {
    await withTenantRolledBack(sys(), async (tx) => {
      const sub = A.contract.subscriptionId;
      const product = A.contract.products.service;
      const inv = await issueTestInvoice(tx, A.id, A.customers.c1, { subscriptionId: sub, periodStart: "2026-03-01", lines: [{ netMinor: 3_100n, productId: product, kind: "recurring_fee" }] });
      const proration = {
        period: { start: "2026-03-01", end: "2026-04-01" }, effectiveDate: "2026-03-21", daysRemaining: 11, daysInPeriod: 31, netMinor: -1_100n,
        lines: [{ kind: "credit" as const, productId: product, description: "API access", quantity: "1", unitPrice: "31", discountPercent: "0", from: "2026-03-21", to: "2026-04-01", days: 11, daysInPeriod: 31, amountMinor: -1_100n }],
      };
      const note = await creditNoteForProration(tx, finance(), sub, proration, `proration:${sub}:v2`, today);
      expect(note).toMatchObject({ status: "issued", totalMinor: 1_320n });
      expect(await invoiceState(tx, inv.id)).toMatchObject({ creditedMinor: 1_320n });
      expect(await creditNoteForProration(tx, finance(), sub, { ...proration, period: { start: "2026-04-01", end: "2026-05-01" } }, `proration:${sub}:v3`, today)).toBeNull();
      expect(await trialBalanceTotal(tx)).toBe(0n);
    });
  });
});
