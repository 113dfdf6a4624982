import { sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import type { TenantTx } from "../../db/with-tenant";
import { postJournalEntries } from "../../server/domain/ledger/post";
import { trialBalance } from "../../server/domain/ledger/reports";
import { addDaysIso } from "../../server/domain/subscriptions/periods";
import { formatReference, nextNumber } from "../../server/domain/tenancy/counters";

export interface TestLine { netMinor: bigint; quantity?: number; taxRate?: string; categoryId?: string | null; serviceStart?: string; serviceEnd?: string; productId?: string | null; orderLineId?: string | null; kind?: string }

/**
 * An issued invoice as billing makes one: numbered, lines with tax, a ratable revenue schedule per
 * line, and the entry Dr receivables / Cr deferred revenue / Cr tax payable. For the payments tests,
 * which must not depend on how billing chooses to bill.
 */
export async function issueTestInvoice(
  tx: TenantTx,
  tenantId: string,
  customerId: string,
  opts: { lines: TestLine[]; issueDate?: string; dueDate?: string; currency?: string; subscriptionId?: string; periodStart?: string },
): Promise<{ id: string; number: string; totalMinor: bigint; lineIds: string[] }> {
  const id = uuidv7();
  const currency = opts.currency ?? "EUR";
  const issueDate = opts.issueDate ?? "2026-03-01";
  const nextMonth = (d: string) => addDaysIso(d, 30);
  const lines = opts.lines.map((l) => {
    const rate = l.taxRate ?? "20";
    const tax = (l.netMinor * BigInt(Math.round(Number(rate) * 100)) + 5000n) / 10000n;
    return { ...l, id: uuidv7(), rate, tax };
  });
  const net = lines.reduce((s, l) => s + l.netMinor, 0n);
  const tax = lines.reduce((s, l) => s + l.tax, 0n);
  const number = formatReference(`INV-${issueDate.slice(0, 4)}`, await nextNumber(tx, tenantId, "invoice", issueDate.slice(0, 4)));
  await tx.execute(sql`
    insert into invoices (tenant_id, id, number, customer_id, source, subscription_id, period_start, period_end, currency, status, issue_date, due_date, net_minor, tax_minor, total_minor, issued_at)
    values (${tenantId}, ${id}, ${number}, ${customerId}, ${opts.subscriptionId ? "renewal" : "manual"}, ${opts.subscriptionId ?? null}, ${opts.periodStart ?? null},
            ${opts.periodStart ? nextMonth(opts.periodStart) : null}, ${currency}, 'issued', ${issueDate}, ${opts.dueDate ?? issueDate}, ${net}, ${tax}, ${net + tax}, now())`);
  for (const [i, l] of lines.entries()) {
    await tx.execute(sql`
      insert into invoice_lines (tenant_id, id, invoice_id, line_no, kind, description, product_id, category_id, quantity, unit_price, net_minor, tax_class, tax_rate, tax_minor, service_start, service_end, order_line_id)
      values (${tenantId}, ${l.id}, ${id}, ${i + 1}, ${l.kind ?? "manual"}, ${`Line ${i + 1}`}, ${l.productId ?? null}, ${l.categoryId ?? null}, ${l.quantity ?? 1}, ${(Number(l.netMinor) / 100 / (l.quantity ?? 1)).toFixed(2)},
              ${l.netMinor}, 'standard', ${l.rate}, ${l.tax}, ${l.serviceStart ?? issueDate}, ${l.serviceEnd ?? nextMonth(l.serviceStart ?? issueDate)}, ${l.orderLineId ?? null})`);
    await tx.execute(sql`
      insert into revenue_schedules (tenant_id, invoice_line_id, invoice_id, customer_id, category_id, method, start_date, end_date, currency, amount_minor)
      values (${tenantId}, ${l.id}, ${id}, ${customerId}, ${l.categoryId ?? null}, 'ratable_daily', ${l.serviceStart ?? issueDate}, ${l.serviceEnd ?? nextMonth(l.serviceStart ?? issueDate)}, ${currency}, ${l.netMinor})`);
  }
  await postJournalEntries(tx, tenantId, null, [
    {
      sourceType: "invoice",
      sourceId: id,
      eventKey: "issued",
      entryDate: issueDate,
      lines: [
        { account: "accounts_receivable", debitMinor: net + tax, currency, customerId },
        { account: "deferred_revenue", creditMinor: net, currency },
        { account: "tax_payable", creditMinor: tax, currency },
      ],
    },
  ]);
  return { id, number, totalMinor: net + tax, lineIds: lines.map((l) => l.id) };
}

/** Recognizes `amount` of a line's schedule, as the monthly job would (Dr deferred / Cr revenue). */
export async function recognize(tx: TenantTx, tenantId: string, invoiceLineId: string, amountMinor: bigint, month: string) {
  const [s] = await tx.execute<{ id: string; category_id: string | null; currency: string }>(sql`select id, category_id, currency from revenue_schedules where invoice_line_id = ${invoiceLineId}`);
  await tx.execute(sql`insert into revenue_recognitions (tenant_id, schedule_id, period_month, amount_minor) values (${tenantId}, ${s.id}, ${month}, ${amountMinor})`);
  await postJournalEntries(tx, tenantId, null, [
    {
      sourceType: "revenue_schedule",
      sourceId: s.id,
      eventKey: `recognized:${month}`,
      entryDate: month,
      lines: [
        { account: "deferred_revenue", debitMinor: amountMinor, currency: s.currency },
        { account: { revenueCategoryId: s.category_id }, creditMinor: amountMinor, currency: s.currency },
      ],
    },
  ]);
}

/** Balance (debits - credits) of an account purpose, optionally for one customer. */
export async function balanceOf(tx: TenantTx, purpose: string, customerId?: string): Promise<bigint> {
  const [row] = await tx.execute<{ b: string }>(sql`
    select coalesce(sum(l.debit_minor - l.credit_minor), 0)::text as b
      from journal_lines l join ledger_accounts a on a.id = l.account_id
     where a.purpose = ${purpose} and (${customerId ?? null}::uuid is null or l.customer_id = ${customerId ?? null}::uuid)`);
  return BigInt(row.b);
}

export async function trialBalanceTotal(tx: TenantTx): Promise<bigint> {
  return (await trialBalance(tx)).reduce((s, r) => s + r.balanceMinor, 0n);
}

export async function invoiceState(tx: TenantTx, id: string) {
  const [row] = await tx.execute<{ status: string; paid: string; credited: string; total: string }>(sql`
    select status, paid_minor::text as paid, credited_minor::text as credited, total_minor::text as total from invoices where id = ${id}`);
  return { status: row.status, paidMinor: BigInt(row.paid), creditedMinor: BigInt(row.credited), totalMinor: BigInt(row.total) };
}
