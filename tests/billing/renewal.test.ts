import { sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { closeAppPool } from "../../db/client";
import { DomainError } from "../../server/domain/errors";
import { getInvoice } from "../../server/domain/billing/invoices";
import { insertIssuedInvoices, type InvoiceDraft } from "../../server/domain/billing/post-invoices";
import { createBillingRun, billSubscriptionNow, driveBillingRun } from "../../server/domain/billing/runs";
import { trialBalance } from "../../server/domain/ledger/reports";
import { renderMetrics } from "../../server/metrics/exposition";
import { closeRedis } from "../../server/redis";
import { createPlatformAdmin, createTenantFixture, type TenantFixture } from "../helpers/fixtures";
import { addContract, addUsage, addVersion, inTenant, invoicesOf } from "./helpers";

/*
 * The renewal run against the database: each item kind, month lengths (28/29/30/31 days and month-end
 * anchors), arrears usage with tiers, commits, proration from an amendment, term end (renew or expire),
 * idempotent reruns and racing workers, balanced entries and schedules that sum to their lines.
 */

let T: TenantFixture;
let R: TenantFixture;
beforeAll(async () => {
  const admin = await createPlatformAdmin("renewal");
  [T, R] = await Promise.all([createTenantFixture(admin, "renew"), createTenantFixture(admin, "race")]);
});
afterAll(async () => {
  await closeAppPool();
  await closeRedis();
});

/** tributary_billing_exceptions_total of kind currency_mismatch, over all tenant labels. */
async function currencyExceptionsCounted(): Promise<number> {
  const text = await renderMetrics();
  return [...text.matchAll(/^tributary_billing_exceptions_total\{[^}]*kind="currency_mismatch"[^}]*\} (\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
}

const run = async (F: TenantFixture, through: string) => driveBillingRun(F.id, await createBillingRun(F.id, through));
const fee = (F: TenantFixture, unitPrice: string) => ({ kind: "recurring_fee" as const, productId: F.contract.products.service, unitPrice });

describe("periods and fees", () => {
  test("an anchor on the 31st bills 28-, 31-, 30- and 31-day months in full, each period ending on the clamped anchor", async () => {
    const c = await addContract(T, { customerId: T.customers.c2, termStart: "2026-01-31", termEnd: "2027-01-31", items: [fee(T, "100")] });
    await run(T, "2026-04-30");
    const inv = await invoicesOf(T, c.id);
    expect(inv.map((i) => [i.period_start, i.period_end])).toEqual([
      ["2026-01-31", "2026-02-28"],
      ["2026-02-28", "2026-03-31"],
      ["2026-03-31", "2026-04-30"],
      ["2026-04-30", "2026-05-31"],
    ]);
    expect(inv.map((i) => i.net_minor)).toEqual(["10000", "10000", "10000", "10000"]);
    expect(inv.every((i) => i.lines.length === 1 && i.lines[0].kind === "recurring_fee")).toBe(true);
  });

  test("a leap February is a 29-day period; a partial first period is prorated by day", async () => {
    const leap = await addContract(T, { customerId: T.customers.c2, termStart: "2028-01-31", termEnd: "2029-01-31", items: [fee(T, "100")] });
    const partial = await addContract(T, { customerId: T.customers.c2, termStart: "2026-01-15", termEnd: "2027-01-15", anchorDay: 1, items: [fee(T, "100")] });
    await run(T, "2028-02-29");
    const [jan, feb] = await invoicesOf(T, leap.id);
    expect([jan.period_end, feb.period_start, feb.period_end]).toEqual(["2028-02-29", "2028-02-29", "2028-03-31"]);
    const first = (await invoicesOf(T, partial.id))[0];
    // 17 of January's 31 days: 100.00 x 17 / 31 = 54.8387 -> 54.84
    expect([first.period_start, first.period_end, first.net_minor]).toEqual(["2026-01-15", "2026-02-01", "5484"]);
    expect(first.lines[0].description).toMatch(/17 of 31 days/);
  });
});

describe("arrears usage, commits, deliveries, proration", () => {
  test("usage of the closed period is rated with tiers on the next invoice; the first invoice has none", async () => {
    const tiers = [{ from: "0", unitPrice: "0.01" }, { from: "1000", unitPrice: "0.008" }];
    const c = await addContract(T, { customerId: T.customers.c2, termStart: "2026-01-01", termEnd: "2027-01-01", items: [fee(T, "10"), { kind: "usage", productId: T.contract.products.service, tiers }] });
    await addUsage(T, c.id, "2026-01-01", 1500);
    await run(T, "2026-02-01");
    const [jan, feb] = await invoicesOf(T, c.id);
    expect(jan.lines.map((l) => l.kind)).toEqual(["recurring_fee"]);
    const usage = feb.lines.find((l) => l.kind === "usage")!;
    // 1000 x 0.01 + 500 x 0.008 = 14.00
    expect([usage.quantity, usage.net_minor, usage.service_start, usage.service_end]).toEqual(["1500.000000", "1400", "2026-01-01", "2026-02-01"]);
  });

  test("a minimum commit bills the shortfall under it, and usage above it in full with the overage recorded", async () => {
    const items = [{ kind: "commit" as const, productId: T.contract.products.service, commitMinor: 5000n }, { kind: "usage" as const, productId: T.contract.products.service, tiers: [{ from: "0", unitPrice: "0.01" }] }];
    const under = await addContract(T, { customerId: T.customers.c2, termStart: "2026-01-01", termEnd: "2027-01-01", items });
    const over = await addContract(T, { customerId: T.customers.c2, termStart: "2026-01-01", termEnd: "2027-01-01", items });
    await addUsage(T, under.id, "2026-01-01", 2000); // 20.00 of 50.00
    await addUsage(T, over.id, "2026-01-01", 8000); // 80.00
    await run(T, "2026-02-01");
    const u = (await invoicesOf(T, under.id)).find((i) => i.period_start === "2026-02-01")!; // January billed nothing (no fee, no usage yet): no invoice
    expect(u.lines.map((l) => [l.kind, l.net_minor])).toEqual([["usage", "2000"], ["commit_shortfall", "3000"]]);
    expect(u.net_minor).toBe("5000");
    const o = (await invoicesOf(T, over.id)).find((i) => i.period_start === "2026-02-01")!;
    expect(o.lines.map((l) => [l.kind, l.net_minor])).toEqual([["usage", "8000"], ["overage", "0"]]);
    expect(o.lines[1].description).toMatch(/overage .* 30/);
  });

  test("stock items bill the deliveries of the coming period (weekly: four in February 2026)", async () => {
    const c = await addContract(T, {
      customerId: T.customers.c2, termStart: "2026-02-01", termEnd: "2027-02-01",
      items: [{ kind: "delivery", productId: T.contract.products.stock, quantity: "5", unitPrice: "12.5", every: 1, unit: "week", firstDelivery: "2026-01-05" }],
    });
    await run(T, "2026-02-01");
    const [feb] = await invoicesOf(T, c.id);
    expect(feb.lines.map((l) => [l.kind, l.quantity, l.net_minor, l.service_start])).toEqual([["goods", "20.000000", "25000", "2026-02-02"]]);
  });

  test("an amendment during a billed period credits the old fee and charges the new one for the days left, on the next invoice", async () => {
    const c = await addContract(T, { customerId: T.customers.c2, termStart: "2026-02-01", termEnd: "2027-02-01", items: [fee(T, "100")] });
    await run(T, "2026-02-01");
    await inTenant(T, async (tx) => {
      await tx.execute(sql`update subscription_versions set status = 'superseded' where id = ${c.versionId}`);
      await addVersion(tx, T, c.id, (await import("uuidv7")).uuidv7(), 2, "2026-02-15", [fee(T, "200")]);
    });
    await run(T, "2026-03-01");
    const [, mar] = await invoicesOf(T, c.id);
    // 14 of February's 28 days: credit 50.00, charge 100.00; March at the new fee.
    expect(mar.lines.map((l) => [l.kind, l.net_minor])).toEqual([["recurring_fee", "20000"], ["proration_credit", "-5000"], ["proration_charge", "10000"]]);
    expect(mar.net_minor).toBe("25000");
  });
});

describe("term end", () => {
  test("an auto-renewing contract gets a new term and bills on; another one expires, its last usage on a closing invoice", async () => {
    const renews = await addContract(T, { customerId: T.customers.c2, termStart: "2026-01-01", termEnd: "2026-03-01", autoRenew: true, items: [fee(T, "10")] });
    const ends = await addContract(T, {
      customerId: T.customers.c2, termStart: "2026-01-01", termEnd: "2026-03-01", autoRenew: false,
      items: [fee(T, "10"), { kind: "usage", productId: T.contract.products.service, tiers: [{ from: "0", unitPrice: "0.01" }] }],
    });
    await addUsage(T, ends.id, "2026-02-01", 300);
    const result = await run(T, "2026-03-01");
    expect(result.renewed).toBeGreaterThanOrEqual(1);
    expect(result.expired).toBeGreaterThanOrEqual(1);
    const state = await inTenant(T, (tx) => tx.execute<{ id: string; status: string; term_end: string; next_period_start: string }>(sql`
      select id, status, term_end::text, next_period_start::text from subscriptions where id in (${renews.id}, ${ends.id})`));
    expect(state.find((s) => s.id === renews.id)).toMatchObject({ status: "active", term_end: "2027-03-01", next_period_start: "2026-04-01" });
    expect(state.find((s) => s.id === ends.id)).toMatchObject({ status: "expired" });
    expect((await invoicesOf(T, renews.id)).map((i) => i.period_start)).toEqual(["2026-01-01", "2026-02-01", "2026-03-01"]);
    const closing = (await invoicesOf(T, ends.id)).at(-1)!;
    expect([closing.period_start, closing.lines.map((l) => [l.kind, l.net_minor])]).toEqual(["2026-03-01", [["usage", "300"]]]);

    // The outbox, written with the run's batches: one invoice.issued per invoice, one subscription.renewed for the renewal only.
    const events = await inTenant(T, (tx) => tx.execute<{ type: string; payload: Record<string, string> }>(sql`
      select type, payload from events where payload->>'subscriptionId' in (${renews.id}, ${ends.id}) order by seq`));
    const issued = events.filter((e) => e.type === "invoice.issued");
    const invoices = [...(await invoicesOf(T, renews.id)), ...(await invoicesOf(T, ends.id))];
    expect(issued.map((e) => e.payload.invoiceId).sort()).toEqual(invoices.map((i) => i.id).sort());
    expect(issued.every((e) => /^INV-/.test(e.payload.number) && BigInt(e.payload.totalMinor) > 0n)).toBe(true);
    expect(events.filter((e) => e.type === "subscription.renewed").map((e) => e.payload)).toEqual([
      expect.objectContaining({ subscriptionId: renews.id, termEnd: "2027-03-01", nextPeriodStart: "2026-04-01" }),
    ]);
  });

  test("a renewal applies the price book's scheduled price change from the new term on, as a new version", async () => {
    const product = (await import("uuidv7")).uuidv7();
    await inTenant(T, async (tx) => {
      await tx.execute(sql`insert into products (tenant_id, id, sku, name, kind) values (${T.id}, ${product}, ${`SUP-${product.slice(-6)}`}, 'Premium support', 'service')`);
      await tx.execute(sql`
        insert into price_book_entries (tenant_id, price_book_id, product_id, model, unit_price, effective_from, effective_to) values
          (${T.id}, ${T.contract.listBookId}, ${product}, 'flat', 100, '2026-01-01', '2026-03-01'),
          (${T.id}, ${T.contract.listBookId}, ${product}, 'flat', 120, '2026-03-01', null)`);
    });
    const c = await addContract(T, { customerId: T.customers.c2, termStart: "2026-01-01", termEnd: "2026-03-01", autoRenew: true, items: [{ kind: "recurring_fee", productId: product, unitPrice: "100", priceBookId: T.contract.listBookId }] });
    await run(T, "2026-03-01");
    expect((await invoicesOf(T, c.id)).map((i) => [i.period_start, i.net_minor])).toEqual([["2026-01-01", "10000"], ["2026-02-01", "10000"], ["2026-03-01", "12000"]]);
    const versions = await inTenant(T, (tx) => tx.execute<{ version: number; effective_from: string; status: string }>(sql`
      select version, effective_from::text, status from subscription_versions where subscription_id = ${c.id} order by version`));
    expect(versions).toEqual([{ version: 1, effective_from: "2026-01-01", status: "superseded" }, { version: 2, effective_from: "2026-03-01", status: "active" }]);
  });

  test("billing a cancelled contract now is refused with a clear error and changes nothing", async () => {
    const c = await addContract(T, { customerId: T.customers.c2, termStart: "2026-01-01", termEnd: "2027-01-01", status: "cancelled", cancelAt: "2026-06-01", items: [fee(T, "10")] });
    const error = await inTenant(T, (tx) => billSubscriptionNow(tx, T.id, c.id, "2026-01-01")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).message).toMatch(/is cancelled: only an active subscription is renewed/);
    expect(await invoicesOf(T, c.id)).toEqual([]);
  });

  test("a contract in a currency the customer does not use is an exception of the run and is not billed", async () => {
    const c = await addContract(T, { customerId: T.customers.c2, currency: "USD", termStart: "2026-01-01", termEnd: "2027-01-01", items: [fee(T, "10")] });
    const before = await currencyExceptionsCounted();
    const r = await run(T, "2026-01-01");
    // /api/metrics counts it (written to Redis without waiting, hence the poll).
    await expect.poll(currencyExceptionsCounted).toBeGreaterThanOrEqual(before + 1);
    expect(await invoicesOf(T, c.id)).toEqual([]);
    const [ex] = await inTenant(T, (tx) => tx.execute<{ kind: string; detail: string }>(sql`select kind, detail from billing_run_exceptions where run_id = ${r.id} and subscription_id = ${c.id}`));
    expect(ex).toMatchObject({ kind: "currency_mismatch" });
    expect(ex.detail).toMatch(/USD but the customer is billed in EUR/);
  });
});

describe("the ledger and schedules", () => {
  test("every invoice has one balanced entry; schedules sum to their lines; the trial balance is zero", async () => {
    const checks = await inTenant(T, async (tx) => {
      const [{ invoices, entries }] = await tx.execute<{ invoices: number; entries: number }>(sql`
        select (select count(*)::int from invoices where status <> 'draft') as invoices,
               (select count(*)::int from journal_entries where source_type = 'invoice') as entries`);
      const unbalanced = await tx.execute(sql`select entry_id from journal_lines group by entry_id having sum(debit_minor) <> sum(credit_minor)`);
      const ar = await tx.execute(sql`
        select i.id from invoices i join journal_entries e on e.source_type = 'invoice' and e.source_id = i.id
          join journal_lines l on l.entry_id = e.id join ledger_accounts a on a.id = l.account_id and a.purpose = 'accounts_receivable'
         where i.source = 'renewal' group by i.id, i.total_minor having sum(l.debit_minor) <> i.total_minor`);
      const offSchedules = await tx.execute(sql`
        select l.id from invoice_lines l left join revenue_schedules r on r.invoice_line_id = l.id
         where l.net_minor <> 0 and (r.id is null or r.amount_minor <> l.net_minor)`);
      const totals = await tx.execute(sql`
        select i.id from invoices i join invoice_lines l on l.invoice_id = i.id group by i.tenant_id, i.id, i.net_minor, i.tax_minor having sum(l.net_minor) <> i.net_minor or sum(l.tax_minor) <> i.tax_minor`);
      const tb = await trialBalance(tx);
      return { invoices, entries, unbalanced: unbalanced.length, ar: ar.length, offSchedules: offSchedules.length, totals: totals.length, tb: tb.reduce((s, r) => s + r.balanceMinor, 0n) };
    });
    expect(checks.entries).toBeGreaterThanOrEqual(checks.invoices - 1); // the fixture's draft has no entry
    expect(checks).toMatchObject({ unbalanced: 0, ar: 0, offSchedules: 0, totals: 0, tb: 0n });
  });
});

describe("idempotency", () => {
  test("a rerun of the same date creates nothing; two racing runs bill each period once with gapless numbers", async () => {
    const contracts: Array<{ id: string }> = [];
    for (let i = 0; i < 12; i++) contracts.push(await addContract(R, { customerId: R.customers.c2, termStart: "2026-01-01", termEnd: "2027-01-01", items: [fee(R, String(10 + i))] }));
    const [a, b] = await Promise.all([createBillingRun(R.id, "2026-03-01"), createBillingRun(R.id, "2026-03-01")]);
    const [ra, rb] = await Promise.all([driveBillingRun(R.id, a, { chunkSize: 5 }), driveBillingRun(R.id, b, { chunkSize: 5 })]);
    expect(ra.status).toBe("completed");
    expect(rb.status).toBe("completed");
    const count = () =>
      inTenant(R, (tx) => tx.execute<{ n: number; numbers: string[] }>(sql`
        select count(*)::int as n, array_agg(number order by number) as numbers from invoices where subscription_id = any(${`{${contracts.map((c) => c.id).join(",")}}`}::uuid[])`));
    const [first] = await count();
    expect(first.n).toBe(36); // 12 contracts x Jan, Feb, Mar
    const again = await run(R, "2026-03-01");
    expect(again.invoices_created).toBe(0);
    expect((await count())[0].n).toBe(36);
    // Numbers of the year are gapless: 1 (the fixture's) .. N with nothing missing or doubled.
    const all = await inTenant(R, (tx) => tx.execute<{ number: string }>(sql`select number from invoices where number like 'INV-2026-%' order by number`));
    expect(all.map((r) => Number(r.number.slice(-6)))).toEqual(all.map((_, i) => i + 1));
  });

  test("an invoice takes the customer's bill-to; a period already invoiced fails the whole batch, named as such", async () => {
    const c = await addContract(R, { customerId: R.customers.c1, termStart: "2026-01-01", termEnd: "2027-01-01", items: [fee(R, "10")] });
    await run(R, "2026-01-01");
    const [inv] = await invoicesOf(R, c.id);
    const [snapshot] = await inTenant(R, (tx) =>
      tx.execute<{ same: boolean; name: string }>(sql`
        select i.bill_to = jsonb_build_object('name', coalesce(nullif(c.bill_to_name, ''), c.name), 'email', c.bill_to_email, 'line1', c.address_line1, 'city', c.city,
                                              'postalCode', c.postal_code, 'country', c.country_code) as same, i.bill_to->>'name' as name
          from invoices i join customers c on c.id = i.customer_id where i.id = ${inv.id}`));
    expect(snapshot).toEqual({ same: true, name: expect.any(String) });
    expect(snapshot.name.length).toBeGreaterThan(0);
    // The detail lists the invoice's schedules (found through its lines): one per line, for the line's amount.
    const detail = await inTenant(R, (tx) => getInvoice(tx, inv.id));
    expect(detail.schedules.map((s) => [s.method, s.start_date, s.end_date, s.amount_minor])).toEqual([["ratable_daily", "2026-01-01", "2026-02-01", "1000"]]);

    // A second batch with the same (subscription, period) and one new period: nothing of it is written.
    const draft = (periodStart: string, periodEnd: string): InvoiceDraft => ({
      id: uuidv7(), customerId: R.customers.c1, resellerId: null, source: "renewal", subscriptionId: c.id, periodStart, periodEnd, currency: "EUR", taxInclusive: false,
      taxJurisdiction: "", billTo: null, issueDate: "2026-01-01", dueDate: "2026-01-31",
      lines: [{ kind: "recurring_fee", description: "fee", productId: null, categoryId: null, quantity: "1", unitPrice: "10", netMinor: 1000n, taxClass: "standard", taxRuleId: null, taxRate: "0", taxMinor: 0n, serviceStart: periodStart, serviceEnd: periodEnd }],
    });
    const attempt = inTenant(R, (tx) => insertIssuedInvoices(tx, R.id, [draft("2026-02-01", "2026-03-01"), draft("2026-01-01", "2026-02-01")], ["INV-T-1", "INV-T-2"]));
    await expect(attempt).rejects.toThrow(/already billed by a concurrent issuer/);
    expect((await invoicesOf(R, c.id)).map((i) => i.period_start)).toEqual(["2026-01-01"]);
  });
});
