import { sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import type { TenantTx } from "../../db/with-tenant";
import { postJournalEntries } from "../../server/domain/ledger/post";
import type { ContractRows } from "./contract-fixtures";

export interface BillingRows {
  taxRuleId: string;
  runId: string;
  /** An issued renewal invoice (a fee and usage line), partly paid and credited. */
  invoiceId: string;
  lineIds: { fee: string; usage: string };
  /** A manual draft with one line and no schedule yet. */
  draftInvoiceId: string;
  draftLineId: string;
  creditNoteId: string;
  paymentId: string;
  failedPaymentId: string;
}

/**
 * One consistent row in each billing table, for the isolation suite: a 21% tax rule, a billing run
 * that issued INV-2026-000001 to `customerId` (fee 100.00 for February, usage 4.20 for January),
 * its journal entry, schedules and the usage's recognition, a manual credit note of 1.21, a payment
 * of 50.00 allocated to it, a declined payment with its dunning case and notice, a customer credit
 * balance, and a manual draft invoice.
 */
export async function addBillingRows(tx: TenantTx, tenantId: string, customerId: string, contract: ContractRows, people: { finance: string; sales: string }): Promise<BillingRows> {
  const id = () => uuidv7();
  const r: BillingRows = {
    taxRuleId: id(),
    runId: id(),
    invoiceId: id(),
    lineIds: { fee: id(), usage: id() },
    draftInvoiceId: id(),
    draftLineId: id(),
    creditNoteId: id(),
    paymentId: id(),
    failedPaymentId: id(),
  };
  const [fee, usage] = [id(), id()];
  await tx.execute(sql`
    insert into tax_rules (tenant_id, id, jurisdiction, tax_class, name, rate, effective_from, created_by)
    values (${tenantId}, ${r.taxRuleId}, 'NL', 'standard', 'NL VAT 21%', 21, '2026-01-01', ${people.finance})`);
  await tx.execute(sql`
    insert into billing_runs (tenant_id, id, through_date, status, total, done, invoices_created, lines_created, amount_minor, exception_count, requested_by, started_at, finished_at)
    values (${tenantId}, ${r.runId}, '2026-02-01', 'completed', 1, 1, 1, 2, 12608, 1, ${people.finance}, now(), now())`);
  await tx.execute(sql`
    insert into invoices (tenant_id, id, number, customer_id, source, subscription_id, period_start, period_end, billing_run_id, currency, status,
                          tax_jurisdiction, bill_to, issue_date, due_date, net_minor, tax_minor, total_minor, paid_minor, credited_minor, issued_at)
    values (${tenantId}, ${r.invoiceId}, 'INV-2026-000001', ${customerId}, 'renewal', ${contract.subscriptionId}, '2026-02-01', '2026-03-01', ${r.runId}, 'EUR', 'partially_paid',
            'NL', '{"name": "Main clinic"}', '2026-02-01', '2026-03-03', 10420, 2188, 12608, 5000, 121, now())`);
  await tx.execute(sql`
    insert into invoice_lines (tenant_id, id, invoice_id, line_no, kind, description, product_id, category_id, quantity, unit_price, net_minor, tax_class, tax_rule_id, tax_rate, tax_minor, service_start, service_end) values
      (${tenantId}, ${r.lineIds.fee}, ${r.invoiceId}, 1, 'recurring_fee', 'Clinic supply plan, February', ${contract.products.plan}, ${contract.categoryId}, 1, 100, 10000, 'standard', ${r.taxRuleId}, 21, 2100, '2026-02-01', '2026-03-01'),
      (${tenantId}, ${r.lineIds.usage}, ${r.invoiceId}, 2, 'usage', 'API calls, January', ${contract.products.service}, ${contract.categoryId}, 42, 0.1, 420, 'standard', ${r.taxRuleId}, 21, 88, '2026-01-01', '2026-02-01')`);
  await tx.execute(sql`
    insert into invoices (tenant_id, id, customer_id, source, currency, status, created_by) values (${tenantId}, ${r.draftInvoiceId}, ${customerId}, 'manual', 'EUR', 'draft', ${people.finance})`);
  await tx.execute(sql`
    insert into invoice_lines (tenant_id, id, invoice_id, line_no, kind, description, quantity, unit_price, net_minor, tax_class, tax_rate, tax_minor)
    values (${tenantId}, ${r.draftLineId}, ${r.draftInvoiceId}, 1, 'manual', 'Installation', 1, 0, 0, 'standard', 21, 0)`);
  await tx.execute(sql`
    insert into revenue_schedules (tenant_id, id, invoice_line_id, invoice_id, customer_id, category_id, method, start_date, end_date, currency, amount_minor) values
      (${tenantId}, ${fee}, ${r.lineIds.fee}, ${r.invoiceId}, ${customerId}, ${contract.categoryId}, 'ratable_daily', '2026-02-01', '2026-03-01', 'EUR', 10000),
      (${tenantId}, ${usage}, ${r.lineIds.usage}, ${r.invoiceId}, ${customerId}, ${contract.categoryId}, 'point_in_time', '2026-02-01', '2026-02-02', 'EUR', 420)`);
  await postJournalEntries(tx, tenantId, null, [
    {
      sourceType: "invoice",
      sourceId: r.invoiceId,
      eventKey: "issued",
      entryDate: "2026-02-01",
      lines: [
        { account: "accounts_receivable", debitMinor: 12_608n, currency: "EUR", customerId },
        { account: "deferred_revenue", creditMinor: 10_000n, currency: "EUR" },
        { account: { revenueCategoryId: contract.categoryId }, creditMinor: 420n, currency: "EUR" },
        { account: "tax_payable", creditMinor: 2_188n, currency: "EUR" },
      ],
    },
  ]);
  await tx.execute(sql`
    insert into revenue_recognitions (tenant_id, schedule_id, period_month, kind, amount_minor, journal_entry_id)
    select ${tenantId}, ${usage}, '2026-02-01', 'recognition', 420, e.id from journal_entries e where e.source_type = 'invoice' and e.source_id = ${r.invoiceId}`);
  await tx.execute(sql`
    insert into credit_notes (tenant_id, id, number, invoice_id, customer_id, source, status, reason, currency, net_minor, tax_minor, total_minor, requested_by, decided_by, decided_at, issue_date)
    values (${tenantId}, ${r.creditNoteId}, 'CN-2026-000001', ${r.invoiceId}, ${customerId}, 'manual', 'issued', 'Late delivery goodwill', 'EUR', 100, 21, 121, ${people.sales}, ${people.finance}, now(), '2026-02-10')`);
  await tx.execute(sql`
    insert into credit_note_lines (tenant_id, credit_note_id, invoice_line_id, description, quantity, net_minor, tax_minor)
    values (${tenantId}, ${r.creditNoteId}, ${r.lineIds.fee}, 'Goodwill on the February fee', 1, 100, 21)`);
  await tx.execute(sql`
    insert into payments (tenant_id, id, number, customer_id, invoice_id, currency, amount_minor, method, provider, provider_reference, status, failure_reason, received_on, created_by) values
      (${tenantId}, ${r.paymentId}, 'PAY-000001', ${customerId}, ${r.invoiceId}, 'EUR', 5000, 'bank_transfer', '', '', 'succeeded', '', '2026-02-15', ${people.finance}),
      (${tenantId}, ${r.failedPaymentId}, 'PAY-000002', ${customerId}, ${r.invoiceId}, 'EUR', 7487, 'card', 'test', 'tp_0002', 'failed', 'card declined', '2026-03-04', null)`);
  await tx.execute(sql`
    insert into payment_allocations (tenant_id, payment_id, invoice_id, customer_id, amount_minor) values (${tenantId}, ${r.paymentId}, ${r.invoiceId}, ${customerId}, 5000)`);
  await tx.execute(sql`insert into customer_credit_balances (tenant_id, customer_id, currency, balance_minor) values (${tenantId}, ${customerId}, 'EUR', 0)`);
  await tx.execute(sql`
    insert into dunning_cases (tenant_id, customer_id, invoice_id, subscription_id, first_failed_payment_id, last_payment_id, status, schedule_days, attempts, next_attempt_on, last_failure_reason, started_on)
    values (${tenantId}, ${customerId}, ${r.invoiceId}, ${contract.subscriptionId}, ${r.failedPaymentId}, ${r.failedPaymentId}, 'open', '[3, 7, 14]', 1, '2026-03-07', 'card declined', '2026-03-04')`);
  await tx.execute(sql`
    insert into customer_messages (tenant_id, customer_id, kind, subject, body, to_email, source_type, source_id, dedupe_key)
    values (${tenantId}, ${customerId}, 'dunning_notice', 'Payment failed for INV-2026-000001', 'We will retry on 2026-03-07.', 'pat@clinic.test', 'invoice', ${r.invoiceId}, ${`dunning:${r.invoiceId}:1`})`);
  await tx.execute(sql`
    insert into billing_run_exceptions (tenant_id, run_id, subscription_id, period_start, kind, detail)
    values (${tenantId}, ${r.runId}, ${contract.subscriptionId}, '2026-02-01', 'no_tax_rule', 'No tax rule for NL/reduced on 2026-02-01; billed at 0%')`);
  await tx.execute(sql`update subscriptions set next_period_start = '2026-03-01' where id = ${contract.subscriptionId}`);
  // The fixture's documents took number 1 (and 2) of each sequence: invoices and credit notes per year, payments for good.
  await tx.execute(sql`
    insert into tenant_counters (tenant_id, name, period, last_value) values
      (${tenantId}, 'invoice', '2026', 1), (${tenantId}, 'credit_note', '2026', 1), (${tenantId}, 'payment', '', 2)`);
  return r;
}
