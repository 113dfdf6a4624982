import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { closeAppPool } from "../../db/client";
import { withTenant } from "../../db/with-tenant";
import { createManualInvoice } from "../../server/domain/billing/invoices";
import { recognizeRevenue } from "../../server/domain/billing/recognition";
import { createBillingRun, driveBillingRun } from "../../server/domain/billing/runs";
import { billingRevenueSource } from "../../server/domain/partners/revenue-source";
import { buildStatement } from "../../server/domain/partners/settlement";
import { closeRedis } from "../../server/redis";
import { addContract, inTenant } from "../billing/helpers";
import { createPlatformAdmin, createTenantFixture, type TenantFixture } from "../helpers/fixtures";

/*
 * The settlement over billing's own rows (not FixtureRevenue): a contract of r1's customer is billed
 * by a real renewal run, its revenue recognized by the monthly recognition, and r1's statement for
 * the month pays commission on exactly what was recognized, each line tracing to its recognition row.
 */

let T: TenantFixture;
beforeAll(async () => {
  T = await createTenantFixture(await createPlatformAdmin("billsrc"), "billsrc");
});
afterAll(async () => {
  await closeAppPool();
  await closeRedis();
});

test("a statement settles the recognitions of a billed contract: 10% of the month's recognized fee, traced to each recognition", async () => {
  const contract = await addContract(T, { customerId: T.customers.c1, termStart: "2026-03-01", termEnd: "2027-03-01", items: [{ kind: "recurring_fee", productId: T.contract.products.service, unitPrice: "123.45" }] });
  const run = await driveBillingRun(T.id, await createBillingRun(T.id, "2026-04-01"));
  expect(run.status).toBe("completed");
  await inTenant(T, (tx) => recognizeRevenue(tx, T.id, "2026-03-31"));

  const recognitions = await inTenant(T, (tx) => tx.execute<{ id: string; invoice_line_id: string; amount_minor: string }>(sql`
    select x.id, s.invoice_line_id, x.amount_minor::text from revenue_recognitions x
      join revenue_schedules s on s.tenant_id = x.tenant_id and s.id = x.schedule_id
      join invoices i on i.tenant_id = s.tenant_id and i.id = s.invoice_id
     where i.subscription_id = ${contract.id} and x.period_month = '2026-03-01' and x.kind = 'recognition'`));
  expect(recognitions.map((r) => r.amount_minor)).toEqual(["12345"]); // March's period, in full

  const found = await inTenant(T, (tx) => billingRevenueSource.recognized(tx, { resellerId: T.resellers.r1, periodMonth: "2026-03-01" }));
  expect(found.find((r) => r.id === recognitions[0].id)).toMatchObject({ invoiceLineId: recognitions[0].invoice_line_id, customerId: T.customers.c1, resellerId: T.resellers.r1, amountMinor: 12345n, currency: "EUR" });
  expect(await inTenant(T, (tx) => billingRevenueSource.credited(tx, { resellerId: T.resellers.r1, periodMonth: "2026-03-01" }))).toEqual([]);

  const built = await inTenant(T, (tx) => buildStatement(tx, { tenantId: T.id, resellerId: T.resellers.r1, periodMonth: "2026-03-01", runId: null, source: billingRevenueSource }));
  expect(built).toMatchObject({ created: true, exceptions: [] });
  const lines = await inTenant(T, (tx) => tx.execute<{ source_id: string; invoice_line_id: string; base_minor: string; rate_percent: string; amount_minor: string }>(sql`
    select source_id, invoice_line_id, base_minor::text, trim_scale(rate_percent)::text as rate_percent, amount_minor::text from commission_statement_lines where statement_id = ${built.statementId}`));
  // r1's plan (the fixture's): 10% up to 10,000.00 a month. 123.45 x 10% = 12.345: the line gets 12.34
  // or 12.35, as the month's cumulative rounding falls (the statement's total is the rounded 10%).
  const line = lines.find((l) => l.source_id === recognitions[0].id)!;
  expect(line).toMatchObject({ invoice_line_id: recognitions[0].invoice_line_id, base_minor: "12345" });
  expect(["1234", "1235"]).toContain(line.amount_minor);
  const [statement] = await inTenant(T, (tx) => tx.execute<{ revenue_minor: string; commission_minor: string }>(sql`
    select revenue_minor::text, commission_minor::text from commission_statements where id = ${built.statementId}`));
  expect(BigInt(statement.commission_minor)).toBe((BigInt(statement.revenue_minor) * 10n + 50n) / 100n);
});

test("revenue earned on issue earns commission in the month of the invoice, traced to its schedule (it has no recognition row of its own)", async () => {
  const acting = { tenantId: T.id, userId: T.users.finance.id };
  const inv = await withTenant({ kind: "operator", tenantId: T.id, userId: T.users.finance.id }, (tx) =>
    createManualInvoice(tx, acting, { customerId: T.customers.c1, currency: "EUR", issueDate: "2026-05-12", lines: [{ description: "On-site training", quantity: "2", unitPrice: "40" }] }),
  );
  const [s] = await inTenant(T, (tx) => tx.execute<{ id: string; invoice_line_id: string }>(sql`select id, invoice_line_id from revenue_schedules where invoice_id = ${inv.invoiceId}`));
  const found = await inTenant(T, (tx) => billingRevenueSource.recognized(tx, { resellerId: T.resellers.r1, periodMonth: "2026-05-01" }));
  expect(found.filter((r) => r.invoiceLineId === s.invoice_line_id)).toEqual([
    expect.objectContaining({ id: s.id, customerId: T.customers.c1, resellerId: T.resellers.r1, periodMonth: "2026-05-01", amountMinor: 8000n, currency: "EUR", description: "On-site training" }),
  ]);
  // Not in the month before or after.
  for (const periodMonth of ["2026-04-01", "2026-06-01"]) {
    const other = await inTenant(T, (tx) => billingRevenueSource.recognized(tx, { resellerId: T.resellers.r1, periodMonth }));
    expect(other.filter((r) => r.invoiceLineId === s.invoice_line_id)).toEqual([]);
  }
});
