import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { closeAppPool } from "../../db/client";
import { withTenant } from "../../db/with-tenant";
import { trialBalance } from "../../server/domain/ledger/reports";
import { driveCommissionRun, requestCommissionRun } from "../../server/domain/partners/runs";
import { buildStatement } from "../../server/domain/partners/settlement";
import { closeRedis } from "../../server/redis";
import { createPlatformAdmin, createTenantFixture, type TenantFixture } from "../helpers/fixtures";
import { failure } from "../helpers/trpc";
import { callerAs, FixtureRevenue, newReseller, statementOf, systemOf } from "./helpers";

/*
 * Settlement over recognized revenue: the statement of a month pays commission on what was
 * recognized in that month (not on what was invoiced), by graduated bands, less clawbacks for credit
 * notes issued in it; it is built once per (reseller, month); finance approves it (never the plan's
 * last changer), which posts to the ledger, and payouts settle it.
 */

let T: TenantFixture;

beforeAll(async () => {
  T = await createTenantFixture(await createPlatformAdmin("settle"), "settle");
});

afterAll(async () => {
  await closeAppPool();
  await closeRedis();
});

const STANDARD = [{ from: "0", ratePercent: "10" }, { from: "10000", ratePercent: "12" }];

async function planFor(resellerId: string, bands: Array<{ from: string; ratePercent: string; categoryId?: string | null }> = STANDARD, by = T.users.finance) {
  const caller = await callerAs(T, by);
  return caller.resellers.savePlan({ resellerId, name: "Agency 2025", currency: "EUR", effectiveFrom: "2025-01-01", effectiveTo: null, bands });
}

const build = (resellerId: string, periodMonth: string, source: FixtureRevenue) =>
  withTenant(systemOf(T), (tx) => buildStatement(tx, { tenantId: T.id, resellerId, periodMonth, runId: null, source }));

describe("commission is earned on recognized revenue, month by month", () => {
  test("an invoice spanning a period boundary pays commission as its revenue is recognized, not when invoiced", async () => {
    const { resellerId, customerId } = await newReseller(T, "Boundary");
    await planFor(resellerId);
    const revenue = new FixtureRevenue();
    // Invoiced on 16 December for 16 Dec - 15 Feb (61 days, 6,100.00): 1,600 recognized in December, 3,100 in January, 1,400 in February.
    const line = revenue.invoiceLine({ resellerId, customerId, netMinor: 610_000n, start: "2025-12-16", end: "2026-02-15" });
    expect(revenue.recognizedRows.map((r) => r.amountMinor)).toEqual([160_000n, 310_000n, 140_000n]);

    await build(resellerId, "2025-12-01", revenue);
    await build(resellerId, "2026-01-01", revenue);
    const dec = await statementOf(T, resellerId, "2025-12-01");
    const jan = await statementOf(T, resellerId, "2026-01-01");
    expect(dec).toMatchObject({ revenue_minor: "160000", commission_minor: "16000", total_minor: "16000" });
    expect(jan).toMatchObject({ revenue_minor: "310000", commission_minor: "31000" });
    // Each statement line traces to the recognition row behind it, and to the invoice line.
    expect(dec!.lines).toEqual([expect.objectContaining({ kind: "commission", source_id: revenue.recognizedRows[0].id, invoice_line_id: line.invoiceLineId, base_minor: "160000", amount_minor: "16000" })]);
    expect(jan!.lines[0].source_id).toBe(revenue.recognizedRows[1].id);
  });

  test("volume bands per period: 15,000 recognized in a month earns 10% of 10,000 + 12% of 5,000; the next month starts again at 10%", async () => {
    const { resellerId, customerId } = await newReseller(T, "Tiers");
    await planFor(resellerId);
    const revenue = new FixtureRevenue();
    revenue.invoiceLine({ resellerId, customerId, netMinor: 900_000n, start: "2026-01-01", end: "2026-02-01" });
    revenue.invoiceLine({ resellerId, customerId, netMinor: 600_000n, start: "2026-01-01", end: "2026-02-01" });
    revenue.invoiceLine({ resellerId, customerId, netMinor: 500_000n, start: "2026-02-01", end: "2026-03-01" });
    await build(resellerId, "2026-01-01", revenue);
    await build(resellerId, "2026-02-01", revenue);
    expect(await statementOf(T, resellerId, "2026-01-01")).toMatchObject({ revenue_minor: "1500000", commission_minor: "160000" });
    expect(await statementOf(T, resellerId, "2026-02-01")).toMatchObject({ revenue_minor: "500000", commission_minor: "50000" });
  });

  test("rates by product category: the category's own bands, the default bands for the rest", async () => {
    const { resellerId, customerId } = await newReseller(T, "Categories");
    await planFor(resellerId, [{ from: "0", ratePercent: "10" }, { from: "0", ratePercent: "4", categoryId: T.contract.categoryId }]);
    const revenue = new FixtureRevenue();
    revenue.invoiceLine({ resellerId, customerId, netMinor: 100_000n, start: "2026-01-01", end: "2026-02-01", categoryId: T.contract.categoryId });
    revenue.invoiceLine({ resellerId, customerId, netMinor: 100_000n, start: "2026-01-01", end: "2026-02-01", categoryId: null });
    await build(resellerId, "2026-01-01", revenue);
    expect(await statementOf(T, resellerId, "2026-01-01")).toMatchObject({ commission_minor: String(4_000 + 10_000) });
  });
});

describe("clawback", () => {
  test("a credit note on a line that earned commission claws back its share in the credit note's month", async () => {
    const { resellerId, customerId } = await newReseller(T, "Clawback");
    await planFor(resellerId);
    const revenue = new FixtureRevenue();
    const line = revenue.invoiceLine({ resellerId, customerId, netMinor: 200_000n, start: "2026-01-01", end: "2026-02-01" });
    await build(resellerId, "2026-01-01", revenue); // earns 20,000
    const credit = revenue.creditNote(line, { resellerId, customerId, creditedNetMinor: 50_000n, issueDate: "2026-02-10" }); // a quarter of the line
    await build(resellerId, "2026-02-01", revenue);
    const jan = await statementOf(T, resellerId, "2026-01-01");
    const feb = await statementOf(T, resellerId, "2026-02-01");
    expect(jan).toMatchObject({ commission_minor: "20000", clawback_minor: "0" });
    expect(feb).toMatchObject({ commission_minor: "0", clawback_minor: "-5000", total_minor: "-5000" });
    expect(feb!.lines).toEqual([expect.objectContaining({ kind: "clawback", source_id: credit.id, invoice_line_id: line.invoiceLineId, amount_minor: "-5000" })]);
  });

  test("credit notes never claw back more than the line earned", async () => {
    const { resellerId, customerId } = await newReseller(T, "Clawback cap");
    await planFor(resellerId);
    const revenue = new FixtureRevenue();
    const line = revenue.invoiceLine({ resellerId, customerId, netMinor: 100_000n, start: "2026-01-01", end: "2026-02-01" });
    await build(resellerId, "2026-01-01", revenue); // earns 10,000
    revenue.creditNote(line, { resellerId, customerId, creditedNetMinor: 80_000n, issueDate: "2026-02-03" });
    revenue.creditNote(line, { resellerId, customerId, creditedNetMinor: 80_000n, issueDate: "2026-02-20" });
    await build(resellerId, "2026-02-01", revenue);
    expect(await statementOf(T, resellerId, "2026-02-01")).toMatchObject({ clawback_minor: "-10000" });
  });
});

describe("statement idempotency", () => {
  test("building a (reseller, month) twice, or running the month twice, makes one statement and counts nothing twice", async () => {
    const { resellerId, customerId } = await newReseller(T, "Idempotent");
    await planFor(resellerId);
    const revenue = new FixtureRevenue();
    revenue.invoiceLine({ resellerId, customerId, netMinor: 300_000n, start: "2025-11-01", end: "2025-12-01" });
    const first = await build(resellerId, "2025-11-01", revenue);
    const again = await build(resellerId, "2025-11-01", revenue);
    expect(first.created).toBe(true);
    expect(again).toMatchObject({ created: false, statementId: first.statementId });

    // Whole runs of the month, twice: the second finds every statement built.
    const runs = [];
    for (let i = 0; i < 2; i++) {
      const run = await withTenant(systemOf(T), (tx) => requestCommissionRun(tx, { tenantId: T.id, userId: T.users.finance.id }, { periodMonth: "2025-11-01" }));
      runs.push(await driveCommissionRun(T.id, run.runId, { source: revenue }));
    }
    expect(runs[0]).toMatchObject({ status: "completed" });
    expect(runs[0].done).toBe(runs[0].total);
    expect(runs[1].statements_created).toBe(0);
    const count = await withTenant(systemOf(T), (tx) => tx.execute<{ n: number }>(sql`select count(*)::int as n from commission_statements where reseller_id = ${resellerId} and period_month = '2025-11-01'`));
    expect(count[0].n).toBe(1);
    expect((await statementOf(T, resellerId, "2025-11-01"))!.lines.length).toBe(1);
  });

  test("a month that is not over cannot be settled", async () => {
    const f = await failure((await callerAs(T, T.users.finance)).resellers.settleMonth({ periodMonth: `${new Date().toISOString().slice(0, 7)}-01` }));
    expect(f.code).toBe("BAD_REQUEST");
    expect(f.message).toMatch(/not closed/);
  });
});

describe("approval and payout", () => {
  test("the plan's last changer cannot approve; another finance user can, which posts Dr commission expense / Cr commissions payable; a payout posts Dr payable / Cr cash", async () => {
    const { resellerId, customerId } = await newReseller(T, "Approval");
    await planFor(resellerId, STANDARD, T.users.finance); // finance last changed the plan
    const revenue = new FixtureRevenue();
    revenue.invoiceLine({ resellerId, customerId, netMinor: 250_000n, start: "2025-10-01", end: "2025-11-01" });
    const { statementId } = await build(resellerId, "2025-10-01", revenue);

    const finance = await callerAs(T, T.users.finance);
    const refused = await failure(finance.resellers.approveStatement({ statementId: statementId! }));
    expect(refused.code).toBe("FORBIDDEN");
    expect(refused.message).toMatch(/another finance user must approve/);
    expect(await statementOf(T, resellerId, "2025-10-01")).toMatchObject({ status: "draft" });

    const owner = await callerAs(T, T.users.owner);
    expect(await owner.resellers.approveStatement({ statementId: statementId! })).toMatchObject({ approved: true, status: "approved" });
    expect(await owner.resellers.approveStatement({ statementId: statementId! })).toMatchObject({ approved: false }); // twice: nothing more
    const approvedEvents = await withTenant(systemOf(T), (tx) => tx.execute<{ payload: Record<string, string> }>(sql`
      select payload from events where type = 'commission_statement.approved' and payload->>'statementId' = ${statementId!}`));
    expect(approvedEvents.map((e) => e.payload)).toEqual([{ statementId, resellerId, periodMonth: "2025-10-01", currency: "EUR", totalMinor: "25000", status: "approved" }]);

    const postings = () => withTenant(systemOf(T), (tx) => tx.execute<{ source_type: string; purpose: string; debit: string; credit: string }>(sql`
      select e.source_type, a.purpose, sum(l.debit_minor)::text as debit, sum(l.credit_minor)::text as credit
        from journal_entries e join journal_lines l on l.entry_id = e.id join ledger_accounts a on a.id = l.account_id
       where l.reseller_id = ${resellerId} group by e.source_type, a.purpose order by e.source_type, a.purpose`));
    expect(await postings()).toEqual([
      { source_type: "commission_statement", purpose: "commission_expense", debit: "25000", credit: "0" },
      { source_type: "commission_statement", purpose: "commissions_payable", debit: "0", credit: "25000" },
    ]);

    const overpaid = await failure(owner.resellers.recordPayout({ statementId: statementId!, amount: "250.01", paidOn: "2025-11-10", requestKey: `pay-${statementId}-x` }));
    expect(overpaid.code).toBe("BAD_REQUEST");
    const payout = { statementId: statementId!, amount: "250.00", paidOn: "2025-11-10", reference: "BANK-42", requestKey: `pay-${statementId}` };
    expect(await finance.resellers.recordPayout(payout)).toMatchObject({ created: true });
    expect(await finance.resellers.recordPayout(payout)).toMatchObject({ created: false }); // a retry
    expect(await statementOf(T, resellerId, "2025-10-01")).toMatchObject({ status: "paid" });
    expect((await postings()).filter((p) => p.source_type === "commission_payout")).toEqual([
      { source_type: "commission_payout", purpose: "cash", debit: "0", credit: "25000" },
      { source_type: "commission_payout", purpose: "commissions_payable", debit: "25000", credit: "0" },
    ]);
    const balance = await withTenant(systemOf(T), (tx) => trialBalance(tx));
    const sum = (k: "debitMinor" | "creditMinor") => balance.reduce((s, r) => s + r[k], 0n);
    expect(sum("debitMinor")).toBe(sum("creditMinor"));
  });

  test("the database refuses an approval by the plan's last changer even without the domain check", async () => {
    const { resellerId, customerId } = await newReseller(T, "Constraint");
    await planFor(resellerId, STANDARD, T.users.finance);
    const revenue = new FixtureRevenue();
    revenue.invoiceLine({ resellerId, customerId, netMinor: 10_000n, start: "2025-09-01", end: "2025-10-01" });
    const { statementId } = await build(resellerId, "2025-09-01", revenue);
    const attempt = withTenant(systemOf(T), (tx) => tx.execute(sql`update commission_statements set status = 'approved', approved_by = ${T.users.finance.id} where id = ${statementId}`));
    await expect(attempt).rejects.toThrow();
  });
});
