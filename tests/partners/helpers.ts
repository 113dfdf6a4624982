import { sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { withTenant, type Scope } from "../../db/with-tenant";
import { createCaller } from "../../server/api/root";
import { createCustomer } from "../../server/domain/customers/customers";
import { createReseller } from "../../server/domain/partners/resellers";
import type { CreditedInvoiceLine, RecognizedRevenueLine, RevenueSource } from "../../server/domain/partners/revenue-source";
import { addMonthsIso, daysBetween, type IsoDate } from "../../server/domain/subscriptions/periods";
import { context, tenantActorOf, tenantHostOf, type TenantFixture, type TestUser } from "../helpers/fixtures";

export const systemOf = (t: { id: string }): Scope => ({ kind: "system", tenantId: t.id });

export async function callerAs(t: TenantFixture, user: TestUser) {
  return createCaller(context(await tenantHostOf(t), await tenantActorOf(t, user)));
}

/** A fresh agency reseller with one customer, so each test settles its own partner. */
export async function newReseller(t: TenantFixture, label: string, model: "agency" | "buy_sell" = "agency") {
  return withTenant(systemOf(t), async (tx) => {
    const reseller = (await createReseller(tx, { tenantId: t.id, name: `${label} ${uuidv7().slice(-6)}`, commercialModel: model }))!;
    const customer = (await createCustomer(tx, { tenantId: t.id, name: `Customer of ${reseller.name}`, resellerId: reseller.id }))!;
    return { resellerId: reseller.id, customerId: customer.id };
  });
}

/**
 * Rows as billing produces them, held by the test: revenue recognitions and credit notes. Until the
 * billing module is merged, settlement is tested through this implementation of RevenueSource.
 */
export class FixtureRevenue implements RevenueSource {
  recognizedRows: RecognizedRevenueLine[] = [];
  creditedRows: CreditedInvoiceLine[] = [];

  async recognized(_tx: unknown, q: { resellerId: string; periodMonth: IsoDate }) {
    return this.recognizedRows.filter((r) => r.resellerId === q.resellerId && r.periodMonth === q.periodMonth);
  }

  async credited(_tx: unknown, q: { resellerId: string; periodMonth: IsoDate }) {
    return this.creditedRows.filter((c) => c.resellerId === q.resellerId && c.issueDate >= q.periodMonth && c.issueDate < addMonthsIso(q.periodMonth, 1));
  }

  /**
   * An invoice line's revenue recognized ratably by day over its service period [start, end), one row
   * per month (the last month takes the rounding remainder), as billing's monthly job recognizes it.
   */
  invoiceLine(input: { resellerId: string; customerId: string; categoryId?: string | null; netMinor: bigint; start: IsoDate; end: IsoDate; currency?: string }) {
    const invoiceLineId = uuidv7();
    const days = BigInt(daysBetween(input.start, input.end));
    let month = `${input.start.slice(0, 7)}-01`;
    let recognizedSoFar = 0n;
    let daysSoFar = 0n;
    while (month < input.end) {
      const next = addMonthsIso(month, 1);
      const from = input.start > month ? input.start : month;
      const to = input.end < next ? input.end : next;
      daysSoFar += BigInt(daysBetween(from, to));
      const cumulative = daysSoFar === days ? input.netMinor : (input.netMinor * daysSoFar) / days;
      this.recognizedRows.push({
        id: uuidv7(), invoiceLineId, customerId: input.customerId, resellerId: input.resellerId, categoryId: input.categoryId ?? null,
        periodMonth: month, currency: input.currency ?? "EUR", amountMinor: cumulative - recognizedSoFar, description: "Service",
      });
      recognizedSoFar = cumulative;
      month = next;
    }
    return { invoiceLineId, netMinor: input.netMinor };
  }

  creditNote(line: { invoiceLineId: string; netMinor: bigint }, input: { resellerId: string; customerId: string; creditedNetMinor: bigint; issueDate: IsoDate }) {
    const row: CreditedInvoiceLine = {
      id: uuidv7(), creditNoteId: uuidv7(), invoiceLineId: line.invoiceLineId, customerId: input.customerId, resellerId: input.resellerId, categoryId: null,
      issueDate: input.issueDate, currency: "EUR", creditedNetMinor: input.creditedNetMinor, lineNetMinor: line.netMinor, description: "Credit",
    };
    this.creditedRows.push(row);
    return row;
  }
}

export async function statementOf(t: { id: string }, resellerId: string, periodMonth: IsoDate) {
  return withTenant(systemOf(t), async (tx) => {
    const [s] = await tx.execute<{ id: string; status: string; revenue_minor: string; commission_minor: string; clawback_minor: string; total_minor: string }>(sql`
      select id, status, revenue_minor::text, commission_minor::text, clawback_minor::text, total_minor::text from commission_statements where reseller_id = ${resellerId} and period_month = ${periodMonth}::date`);
    if (!s) return null;
    const lines = await tx.execute<{ kind: string; source_id: string; invoice_line_id: string; base_minor: string; amount_minor: string }>(sql`
      select kind, source_id, invoice_line_id, base_minor::text, amount_minor::text from commission_statement_lines where statement_id = ${s.id} order by kind desc, id`);
    return { ...s, lines };
  });
}
