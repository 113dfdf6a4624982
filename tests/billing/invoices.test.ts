import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { closeAppPool } from "../../db/client";
import { withTenant } from "../../db/with-tenant";
import { periodContaining, addMonthsIso } from "../../server/domain/subscriptions/periods";
import { addMonthsFast, periodContainingFast } from "../../server/domain/billing/fast-dates";
import { createManualInvoice } from "../../server/domain/billing/invoices";
import { latestRecognizableDate, recognizeClosedMonths, recognizeRevenue } from "../../server/domain/billing/recognition";
import { arAging, deferredWaterfall } from "../../server/domain/billing/reports";
import { createTaxRule, taxLine, taxSummary } from "../../server/domain/billing/tax";
import { DomainError } from "../../server/domain/errors";
import { closeRedis } from "../../server/redis";
import { createPlatformAdmin, createTenantFixture, type TenantFixture } from "../helpers/fixtures";
import { inTenant } from "./helpers";

/*
 * Tax arithmetic and rules, manual invoices (currency, gapless numbers under concurrency and
 * rollback, years), revenue recognition and the reports, against the database.
 */

let T: TenantFixture;
let N: TenantFixture;
beforeAll(async () => {
  const admin = await createPlatformAdmin("invoices");
  [T, N] = await Promise.all([createTenantFixture(admin, "inv"), createTenantFixture(admin, "num")]);
  // The direct customer is taxed in NL (the fixture's rule: standard 21% from 2026-01-01).
  for (const F of [T, N]) await inTenant(F, (tx) => tx.execute(sql`update customers set tax_jurisdiction = 'NL' where id = ${F.customers.direct}`));
});
afterAll(async () => {
  await closeAppPool();
  await closeRedis();
});

const finance = (F: TenantFixture) => ({ tenantId: F.id, userId: F.users.finance.id });
const asFinance = <R>(F: TenantFixture, fn: Parameters<typeof withTenant<R>>[1]) => withTenant({ kind: "operator", tenantId: F.id, userId: F.users.finance.id }, fn);

describe("tax", () => {
  test("exclusive prices add tax, inclusive prices carve it out; each line rounds half-up; credits mirror charges", () => {
    expect(taxLine(1000n, "21", false)).toEqual({ netMinor: 1000n, taxMinor: 210n });
    expect(taxLine(50n, "21", false)).toEqual({ netMinor: 50n, taxMinor: 11n }); // 10.5 -> 11
    expect(taxLine(1210n, "21", true)).toEqual({ netMinor: 1000n, taxMinor: 210n });
    expect(taxLine(1000n, "21", true)).toEqual({ netMinor: 826n, taxMinor: 174n }); // 173.55 -> 174
    expect(taxLine(-50n, "21", false)).toEqual({ netMinor: -50n, taxMinor: -11n });
    expect(taxLine(999n, "5.5", false)).toEqual({ netMinor: 999n, taxMinor: 55n }); // 54.945 -> 55
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.constantFrom("0", "6", "9", "21", "5.5", "25"), (gross, rate) => {
      const { netMinor, taxMinor } = taxLine(gross, rate, true);
      return netMinor + taxMinor === gross && taxMinor >= 0n;
    }));
  });

  test("the summary groups lines by rate without re-taxing the sum", () => {
    const lines = [{ taxRate: "21", netMinor: 50n, taxMinor: 11n }, { taxRate: "21.0000", netMinor: 50n, taxMinor: 11n }, { taxRate: "9", netMinor: 100n, taxMinor: 9n }];
    expect(taxSummary(lines)).toEqual([{ rate: "21.0000", netMinor: 100n, taxMinor: 22n }, { rate: "9.0000", netMinor: 100n, taxMinor: 9n }]);
  });

  test("an overlapping rule is refused with the rule it collides with and changes nothing; adjacent windows are fine", async () => {
    const count = () => inTenant(T, (tx) => tx.execute<{ n: number }>(sql`select count(*)::int as n from tax_rules`)).then((r) => r[0].n);
    const before = await count();
    const error = await asFinance(T, (tx) => createTaxRule(tx, finance(T), { jurisdiction: "nl", taxClass: "standard", name: "NL VAT 22%", rate: "22", effectiveFrom: "2027-01-01" })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).message).toMatch(/overlaps "NL VAT 21%" \(2026-01-01 to open\) for NL \/ standard/);
    expect(await count()).toBe(before);
    await asFinance(T, async (tx) => {
      await createTaxRule(tx, finance(T), { jurisdiction: "BE", taxClass: "reduced", name: "BE 6%", rate: "6", effectiveFrom: "2026-01-01", effectiveTo: "2026-07-01" });
      await createTaxRule(tx, finance(T), { jurisdiction: "BE", taxClass: "reduced", name: "BE 7%", rate: "7", effectiveFrom: "2026-07-01" });
    });
    expect(await count()).toBe(before + 2);
  });

  test("two racing overlapping rules: the exclusion constraint lets exactly one in", async () => {
    const attempt = (rate: string) => asFinance(T, (tx) => createTaxRule(tx, finance(T), { jurisdiction: "DE", taxClass: "standard", name: `DE ${rate}%`, rate, effectiveFrom: "2026-01-01" }));
    const results = await Promise.allSettled([attempt("19"), attempt("16"), attempt("20")]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results.filter((x) => x.status === "rejected")) expect(((r as PromiseRejectedResult).reason as DomainError).code).toBe("CONFLICT");
  });
});

describe("manual invoices and numbering", () => {
  const lines = [{ description: "Installation", quantity: "2", unitPrice: "75.50" }, { description: "Training day", quantity: "1", unitPrice: "400" }];

  test("taxed per line for the customer, issued with the next number of the year and one balanced entry", async () => {
    const created = await asFinance(T, (tx) => createManualInvoice(tx, finance(T), { customerId: T.customers.direct, currency: "EUR", issueDate: "2026-03-10", lines }));
    expect(created.number).toMatch(/^INV-2026-\d{6}$/);
    const [inv] = await inTenant(T, (tx) => tx.execute<{ net_minor: string; tax_minor: string; total_minor: string; status: string; due_date: string }>(sql`
      select net_minor::text, tax_minor::text, total_minor::text, status, due_date::text from invoices where id = ${created.invoiceId}`));
    // 151.00 + 400.00 net; tax 31.71 + 84.00
    expect(inv).toEqual({ net_minor: "55100", tax_minor: "11571", total_minor: "66671", status: "issued", due_date: "2026-04-09" });
    const [entry] = await inTenant(T, (tx) => tx.execute<{ d: string; c: string }>(sql`
      select sum(l.debit_minor)::text as d, sum(l.credit_minor)::text as c from journal_lines l join journal_entries e on e.id = l.entry_id
       where e.source_type = 'invoice' and e.source_id = ${created.invoiceId}`));
    expect(entry).toEqual({ d: "66671", c: "66671" });
  });

  test("an invoice in a currency the customer does not use is refused and nothing is written", async () => {
    const count = () => inTenant(T, (tx) => tx.execute<{ n: number }>(sql`select count(*)::int as n from invoices`)).then((r) => r[0].n);
    const before = await count();
    const error = await asFinance(T, (tx) => createManualInvoice(tx, finance(T), { customerId: T.customers.direct, currency: "USD", issueDate: "2026-03-10", lines })).catch((e: unknown) => e);
    expect((error as DomainError).message).toMatch(/invoiced in EUR, not USD/);
    expect(await count()).toBe(before);
  });

  test("numbers stay gapless per year under concurrent issues, some of which roll back", async () => {
    const attempts = Array.from({ length: 10 }, (_, i) =>
      asFinance(N, async (tx) => {
        const r = await createManualInvoice(tx, finance(N), { customerId: N.customers.c2, currency: "EUR", issueDate: "2026-05-01", lines: [{ description: `Job ${i}`, quantity: "1", unitPrice: "10" }] });
        if (i % 3 === 0) throw new Error("rolled back on purpose");
        return r;
      }),
    );
    const settled = await Promise.allSettled(attempts);
    expect(settled.filter((s) => s.status === "fulfilled")).toHaveLength(6);
    const next = await asFinance(N, (tx) => createManualInvoice(tx, finance(N), { customerId: N.customers.c2, currency: "EUR", issueDate: "2027-01-02", lines: [{ description: "New year", quantity: "1", unitPrice: "10" }] }));
    expect(next.number).toBe("INV-2027-000001");
    const numbers = await inTenant(N, (tx) => tx.execute<{ number: string }>(sql`select number from invoices where number like 'INV-2026-%' order by number`));
    expect(numbers.map((r) => Number(r.number.slice(-6)))).toEqual(numbers.map((_, i) => i + 1));
  });
});

describe("recognition and reports", () => {
  test("ratable revenue is recognized by day per month, once; the waterfall and the ledger agree", async () => {
    // 90.00 over [2026-01-15, 2026-04-15): 90 days; January 17, February 28, March 31, April 14.
    const inv = await asFinance(N, (tx) =>
      createManualInvoice(tx, finance(N), { customerId: N.customers.c2, currency: "EUR", issueDate: "2026-01-15", lines: [{ description: "Quarter of support", quantity: "1", unitPrice: "90", serviceStart: "2026-01-15", serviceEnd: "2026-04-15" }] }),
    );
    const months = async () =>
      inTenant(N, (tx) => tx.execute<{ month: string; amount: string }>(sql`
        select to_char(x.period_month, 'YYYY-MM') as month, x.amount_minor::text as amount from revenue_recognitions x join revenue_schedules r on r.id = x.schedule_id
         where r.invoice_id = ${inv.invoiceId} order by x.period_month`));
    await inTenant(N, (tx) => recognizeRevenue(tx, N.id, "2026-02-28"));
    expect(await months()).toEqual([{ month: "2026-01", amount: "1700" }, { month: "2026-02", amount: "2800" }]);
    const again = await inTenant(N, (tx) => recognizeRevenue(tx, N.id, "2026-02-28"));
    expect(again.recognitions).toBe(0);
    const wf = await inTenant(N, (tx) => deferredWaterfall(tx, { asOf: "2026-02-28", monthsBack: 1, monthsAhead: 3 }));
    const eur = wf.months.filter((m) => m.currency === "EUR");
    expect(eur.find((m) => m.month === "2026-03")!.scheduled).not.toBe("0");
    await inTenant(N, (tx) => recognizeRevenue(tx, N.id, "2026-04-30"));
    expect(await months()).toEqual([
      { month: "2026-01", amount: "1700" },
      { month: "2026-02", amount: "2800" },
      { month: "2026-03", amount: "3100" },
      { month: "2026-04", amount: "1400" },
    ]);
  });

  test("an operator recognizes only months that are over: an open month is refused, with the field to fix", async () => {
    expect([latestRecognizableDate("2026-03-10"), latestRecognizableDate("2028-03-01"), latestRecognizableDate("2027-01-31")]).toEqual(["2026-02-28", "2028-02-29", "2026-12-31"]);
    const refused = await inTenant(N, (tx) => recognizeClosedMonths(tx, N.id, "2026-07-01", "2026-07-20")).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainError);
    expect((refused as DomainError).code).toBe("BAD_REQUEST");
    expect((refused as DomainError).message).toBe("2026-07 is not over yet: recognize through 2026-06-30 at the latest");
    expect((refused as DomainError).details).toEqual({ throughDate: ["At most 2026-06-30: only months that are over"] });
    // Nothing was recognized in July by the refused request.
    const [{ n }] = await inTenant(N, (tx) => tx.execute<{ n: number }>(sql`select count(*)::int as n from revenue_recognized where period_month = '2026-07-01'`));
    expect(n).toBe(0);

    // 62.00 over June: recognized in full through the last day of June, reported per currency.
    await asFinance(N, (tx) =>
      createManualInvoice(tx, finance(N), { customerId: N.customers.c2, currency: "EUR", issueDate: "2026-06-01", lines: [{ description: "June support", quantity: "1", unitPrice: "62", serviceStart: "2026-06-01", serviceEnd: "2026-07-01" }] }),
    );
    const done = await inTenant(N, (tx) => recognizeClosedMonths(tx, N.id, "2026-06-30", "2026-07-20"));
    expect(done.byCurrency.EUR).toBeGreaterThanOrEqual(6_200n);
    expect(Object.values(done.byCurrency).reduce((a, b) => a + b, 0n)).toBe(done.amountMinor);
  });

  test("revenue earned on issue is recognized by the invoice's entry: the schedule carries the month, no row is written, and every reader counts it once", async () => {
    const recognizedIn = async (month: string) => {
      const wf = await inTenant(N, (tx) => deferredWaterfall(tx, { asOf: month, monthsBack: 0, monthsAhead: 1 }));
      return BigInt(wf.months.find((m) => m.currency === "EUR" && m.month === month.slice(0, 7))?.recognized ?? "0");
    };
    const before = await recognizedIn("2026-09-30");
    // A one-off line (no service period) is earned the day it is invoiced.
    const inv = await asFinance(N, (tx) =>
      createManualInvoice(tx, finance(N), { customerId: N.customers.c2, currency: "EUR", issueDate: "2026-09-14", lines: [{ description: "Installation", quantity: "1", unitPrice: "50" }] }),
    );
    const schedule = async () => {
      const [s] = await inTenant(N, (tx) => tx.execute<{ id: string; method: string; month: string | null; stored: number; seen: string }>(sql`
        select s.id, s.method, s.recognized_at_issue_month::text as month,
               (select count(*)::int from revenue_recognitions x where x.schedule_id = s.id) as stored,
               (select string_agg(x.id || ' ' || x.period_month || ' ' || x.kind || ' ' || x.amount_minor, ',') from revenue_recognized x where x.schedule_id = s.id) as seen
          from revenue_schedules s where s.invoice_id = ${inv.invoiceId}`));
      return s;
    };
    const s = await schedule();
    expect(s).toEqual({ id: s.id, method: "point_in_time", month: "2026-09-01", stored: 0, seen: `${s.id} 2026-09-01 recognition 5000` });
    // The invoice's entry credited the revenue itself; nothing is deferred.
    const [entry] = await inTenant(N, (tx) => tx.execute<{ revenue: string; deferred: string }>(sql`
      select coalesce(sum(l.credit_minor) filter (where a.type = 'revenue'), 0)::text as revenue, coalesce(sum(l.credit_minor) filter (where a.purpose = 'deferred_revenue'), 0)::text as deferred
        from journal_entries e join journal_lines l on l.tenant_id = e.tenant_id and l.entry_id = e.id join ledger_accounts a on a.tenant_id = l.tenant_id and a.id = l.account_id
       where e.source_type = 'invoice' and e.source_id = ${inv.invoiceId}`));
    expect(entry).toEqual({ revenue: "5000", deferred: "0" });
    // The monthly job finds nothing left on it, and the waterfall counts it in September once.
    await inTenant(N, (tx) => recognizeRevenue(tx, N.id, "2026-09-30"));
    expect(await schedule()).toEqual(s);
    expect((await recognizedIn("2026-09-30")) - before).toBe(5000n);
  });

  test("AR aging puts open balances in buckets by days past due", async () => {
    const [{ id: customerId }] = await inTenant(N, (tx) => tx.execute<{ id: string }>(sql`insert into customers (tenant_id, name, payment_terms_days) values (${N.id}, 'Aging Ltd', 30) returning id`));
    const issue = (date: string, price: string) =>
      asFinance(N, (tx) => createManualInvoice(tx, finance(N), { customerId, currency: "EUR", issueDate: date, lines: [{ description: `Due ${date}`, quantity: "1", unitPrice: price }] }));
    // Terms of 30 days. As of 2026-06-30: due 06-30 (current), 05-31 (30), 04-30 (61), 03-01 (121).
    await issue("2026-05-31", "1");
    await issue("2026-05-01", "2");
    await issue("2026-03-31", "3");
    await issue("2026-01-30", "4");
    const { rows } = await inTenant(N, (tx) => arAging(tx, { asOf: "2026-06-30" }));
    expect(rows.find((r) => r.customer_id === customerId)).toMatchObject({ current: "100", d1_30: "200", d31_60: "0", d61_90: "300", d90_plus: "400", total: "1000" });
  });
});

describe("the fast period arithmetic of the run equals periods.ts", () => {
  test("on random dates, anchors and intervals", () => {
    const day = fc.integer({ min: 0, max: 3650 }).map((n) => new Date(Date.UTC(2024, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, day, fc.integer({ min: 1, max: 31 }), fc.constantFrom("month" as const, "quarter" as const, "year" as const), fc.integer({ min: -30, max: 30 }), (date, termStart, anchor, interval, months) => {
        expect(periodContainingFast(date, termStart, anchor, interval)).toEqual(periodContaining(date, termStart, anchor, interval));
        expect(addMonthsFast(date, months)).toBe(addMonthsIso(date, months));
      }),
      { numRuns: 500 },
    );
  });
});
