import { sql } from "drizzle-orm";
import { z } from "zod";
import type { TenantTx } from "../../../db/with-tenant";
import { containsPattern, DomainError } from "../errors";
import { listInput, offsetOf, type Page } from "../lists";
import { parseOrBadRequest } from "../subscriptions/contracts";

/*
 * Read models for the payments screens: a customer's open invoices (the record-payment form), the
 * invoices a session may see with what is open on them (the customer portal), one invoice with its
 * lines, payments and credit notes, and credit balances. RLS decides whose rows come back.
 */

export interface OpenInvoiceRow { id: string; number: string; currency: string; issueDate: string; dueDate: string; totalMinor: bigint; openMinor: bigint; status: string }

/** Issued invoices of a customer with money still open, oldest due first (the order payments settle them). */
export async function openInvoicesForCustomer(tx: TenantTx, customerId: string): Promise<OpenInvoiceRow[]> {
  const rows = await tx.execute<{ id: string; number: string; currency: string; issue_date: string; due_date: string; total: string; open: string; status: string }>(sql`
    select id, number, currency, issue_date::text, due_date::text, total_minor::text as total, (total_minor - paid_minor - credited_minor)::text as open, status
      from invoices
     where customer_id = ${customerId} and status in ('issued', 'partially_paid') and total_minor - paid_minor - credited_minor > 0
     order by due_date nulls last, issue_date, number
     limit 200`);
  return rows.map((r) => ({ id: r.id, number: r.number, currency: r.currency, issueDate: r.issue_date, dueDate: r.due_date, totalMinor: BigInt(r.total), openMinor: BigInt(r.open), status: r.status }));
}

export const invoiceListInput = listInput.extend({
  status: z.enum(["issued", "partially_paid", "paid", "void", "open"]).optional(),
  customerId: z.uuid().optional(),
});
export type InvoiceListInput = z.input<typeof invoiceListInput>;

export interface InvoiceRow extends OpenInvoiceRow { customerId: string; customer: string; paidMinor: bigint; creditedMinor: bigint }

const INVOICE_SORT: Record<string, string> = { number: "i.number", issueDate: "i.issue_date", dueDate: "i.due_date", total: "i.total_minor", status: "i.status" };

/** Issued invoices (drafts are finance's business) the session may see, newest first, paged by the database. */
export async function listVisibleInvoices(tx: TenantTx, raw: InvoiceListInput): Promise<Page<InvoiceRow>> {
  const input = parseOrBadRequest(invoiceListInput, raw);
  const sorted = input.sort !== undefined && input.sort in INVOICE_SORT;
  const search = input.search ? containsPattern(input.search) : null;
  const status = input.status ?? null;
  const rows = await tx.execute<{ id: string; number: string; customer_id: string; customer: string; currency: string; issue_date: string; due_date: string; total: string; paid: string; credited: string; open: string; status: string; total_count: number }>(sql`
    select i.id, i.number, i.customer_id, c.name as customer, i.currency, i.issue_date::text, i.due_date::text, i.total_minor::text as total, i.paid_minor::text as paid,
           i.credited_minor::text as credited, (i.total_minor - i.paid_minor - i.credited_minor)::text as open, i.status, count(*) over ()::int as total_count
      from invoices i join customers c on c.id = i.customer_id
     where i.status <> 'draft' and i.number is not null
       and (${input.customerId ?? null}::uuid is null or i.customer_id = ${input.customerId ?? null}::uuid)
       and (${status}::text is null or (${status}::text = 'open' and i.status in ('issued', 'partially_paid')) or i.status = ${status}::text)
       and (${search}::text is null or i.number ilike ${search} or c.name ilike ${search})
     order by ${sql.raw(INVOICE_SORT[sorted ? input.sort! : "issueDate"])} ${sql.raw(sorted && input.dir === "asc" ? "asc" : "desc")}, i.number desc
     limit ${input.pageSize} offset ${offsetOf(input)}`);
  return {
    rows: rows.map((r) => ({
      id: r.id, number: r.number, customerId: r.customer_id, customer: r.customer, currency: r.currency, issueDate: r.issue_date, dueDate: r.due_date, status: r.status,
      totalMinor: BigInt(r.total), paidMinor: BigInt(r.paid), creditedMinor: BigInt(r.credited), openMinor: BigInt(r.open),
    })),
    total: rows[0]?.total_count ?? 0,
    page: input.page,
    pageSize: input.pageSize,
  };
}

/** One issued invoice as its customer (or staff) sees it: lines, payments received, credit notes. */
export async function invoiceStatement(tx: TenantTx, id: string) {
  const [invoice] = (await tx.execute<{ id: string; number: string | null; customer_id: string; customer: string; currency: string; status: string; issue_date: string | null; due_date: string | null; net: string; tax: string; total: string; paid: string; credited: string; period_start: string | null; period_end: string | null }>(sql`
    select i.id, i.number, i.customer_id, c.name as customer, i.currency, i.status, i.issue_date::text, i.due_date::text, i.net_minor::text as net, i.tax_minor::text as tax,
           i.total_minor::text as total, i.paid_minor::text as paid, i.credited_minor::text as credited, i.period_start::text, i.period_end::text
      from invoices i join customers c on c.id = i.customer_id where i.id = ${id} and i.status <> 'draft'`));
  if (!invoice) throw new DomainError("NOT_FOUND", "No such invoice");
  const [lines, payments, creditNotes] = await Promise.all([
    tx.execute<{ id: string; line_no: number; description: string; quantity: string; unit_price: string; net: string; tax_rate: string; tax: string }>(sql`
      select id, line_no, description, quantity::text, unit_price::text, net_minor::text as net, tax_rate::text, tax_minor::text as tax from invoice_lines where invoice_id = ${id} order by line_no`),
    tx.execute<{ id: string; number: string | null; received_on: string; method: string; card_last4: string; amount: string; kind: string }>(sql`
      select p.id, p.number, p.received_on::text, p.method, p.card_last4, a.amount_minor::text as amount, 'payment' as kind
        from payment_allocations a join payments p on p.id = a.payment_id where a.invoice_id = ${id}
      union all
      select a.id, null, a.created_at::date::text, 'customer_credit', '', a.amount_minor::text, case when a.amount_minor < 0 then 'credit_returned' else 'credit_applied' end
        from payment_allocations a where a.invoice_id = ${id} and a.payment_id is null
      order by 3, 1`),
    tx.execute<{ id: string; number: string | null; status: string; total: string; issue_date: string | null; reason: string }>(sql`
      select id, number, status, total_minor::text as total, issue_date::text, reason from credit_notes where invoice_id = ${id} order by created_at`),
  ]);
  const total = BigInt(invoice.total);
  const paid = BigInt(invoice.paid);
  const credited = BigInt(invoice.credited);
  return {
    invoice: {
      id: invoice.id, number: invoice.number ?? "", customerId: invoice.customer_id, customer: invoice.customer, currency: invoice.currency, status: invoice.status,
      issueDate: invoice.issue_date, dueDate: invoice.due_date, periodStart: invoice.period_start, periodEnd: invoice.period_end,
      netMinor: BigInt(invoice.net), taxMinor: BigInt(invoice.tax), totalMinor: total, paidMinor: paid, creditedMinor: credited, openMinor: total - paid - credited,
    },
    lines: lines.map((l) => ({ id: l.id, lineNo: l.line_no, description: l.description, quantity: l.quantity, unitPrice: l.unit_price, netMinor: BigInt(l.net), taxRate: l.tax_rate, taxMinor: BigInt(l.tax) })),
    payments: payments.map((p) => ({ id: p.id, number: p.number, receivedOn: p.received_on, method: p.method, cardLast4: p.card_last4, amountMinor: BigInt(p.amount), kind: p.kind })),
    creditNotes: creditNotes.map((n) => ({ id: n.id, number: n.number, status: n.status, totalMinor: BigInt(n.total), issueDate: n.issue_date, reason: n.reason })),
  };
}

/** Credit balances the session may see (a customer: its own). */
export async function creditBalances(tx: TenantTx, customerId?: string) {
  const rows = await tx.execute<{ customer_id: string; customer: string; currency: string; balance: string }>(sql`
    select b.customer_id, c.name as customer, b.currency, b.balance_minor::text as balance
      from customer_credit_balances b join customers c on c.id = b.customer_id
     where b.balance_minor > 0 and (${customerId ?? null}::uuid is null or b.customer_id = ${customerId ?? null}::uuid)
     order by c.name, b.currency
     limit 100`);
  return rows.map((r) => ({ customerId: r.customer_id, customer: r.customer, currency: r.currency, balanceMinor: BigInt(r.balance) }));
}

export const dunningListInput = listInput.extend({ status: z.enum(["open", "resolved", "exhausted"]).optional() });
export type DunningListInput = z.input<typeof dunningListInput>;

export interface DunningRow {
  id: string; customerId: string; customer: string; invoiceId: string; invoiceNumber: string; currency: string; openMinor: bigint; status: string;
  attempts: number; scheduleDays: number[]; startedOn: string; nextAttemptOn: string | null; lastFailureReason: string; suspendedAt: string | null; holdPlaced: boolean;
}

/** The dunning queue: open cases first by next attempt, then exhausted, then resolved. */
export async function listDunningCases(tx: TenantTx, raw: DunningListInput): Promise<Page<DunningRow>> {
  const input = parseOrBadRequest(dunningListInput, raw);
  const search = input.search ? containsPattern(input.search) : null;
  const rows = await tx.execute<{ id: string; customer_id: string; customer: string; invoice_id: string; number: string; currency: string; open: string; status: string; attempts: number;
    schedule_days: number[]; started_on: string; next_attempt_on: string | null; last_failure_reason: string; suspended_at: string | null; hold_placed: boolean; total: number }>(sql`
    select d.id, d.customer_id, c.name as customer, d.invoice_id, coalesce(i.number, '') as number, i.currency, (i.total_minor - i.paid_minor - i.credited_minor)::text as open,
           d.status, d.attempts, d.schedule_days, d.started_on::text, d.next_attempt_on::text, d.last_failure_reason, d.suspended_at::text, d.hold_placed, count(*) over ()::int as total
      from dunning_cases d join customers c on c.id = d.customer_id join invoices i on i.id = d.invoice_id
     where (${input.status ?? null}::text is null or d.status = ${input.status ?? null}::text)
       and (${search}::text is null or c.name ilike ${search} or i.number ilike ${search})
     order by case d.status when 'open' then 0 when 'exhausted' then 1 else 2 end, d.next_attempt_on nulls last, d.started_on desc, d.id
     limit ${input.pageSize} offset ${offsetOf(input)}`);
  return {
    rows: rows.map((r) => ({
      id: r.id, customerId: r.customer_id, customer: r.customer, invoiceId: r.invoice_id, invoiceNumber: r.number, currency: r.currency, openMinor: BigInt(r.open), status: r.status,
      attempts: r.attempts, scheduleDays: r.schedule_days, startedOn: r.started_on, nextAttemptOn: r.next_attempt_on, lastFailureReason: r.last_failure_reason, suspendedAt: r.suspended_at, holdPlaced: r.hold_placed,
    })),
    total: rows[0]?.total ?? 0,
    page: input.page,
    pageSize: input.pageSize,
  };
}

export const creditNoteListInput = listInput.extend({
  status: z.enum(["pending_approval", "issued", "rejected"]).optional(),
  source: z.enum(["return", "proration", "manual"]).optional(),
  invoiceId: z.uuid().optional(),
});
export type CreditNoteListInput = z.input<typeof creditNoteListInput>;

export interface CreditNoteRow {
  id: string; number: string | null; invoiceId: string; invoiceNumber: string; customer: string; source: string; status: string; reason: string; currency: string;
  totalMinor: bigint; requestedBy: string | null; requestedById: string | null; decidedBy: string | null; issueDate: string | null; createdAt: string;
}

/** Credit notes the session may see; pending approvals first. */
export async function listCreditNotes(tx: TenantTx, raw: CreditNoteListInput): Promise<Page<CreditNoteRow>> {
  const input = parseOrBadRequest(creditNoteListInput, raw);
  const search = input.search ? containsPattern(input.search) : null;
  const rows = await tx.execute<{ id: string; number: string | null; invoice_id: string; invoice_number: string; customer: string; source: string; status: string; reason: string; currency: string;
    total: string; requested_by: string | null; requested_by_id: string | null; decided_by: string | null; issue_date: string | null; created_at: string; total_count: number }>(sql`
    select n.id, n.number, n.invoice_id, coalesce(i.number, '') as invoice_number, c.name as customer, n.source, n.status, n.reason, n.currency, n.total_minor::text as total,
           ru.name as requested_by, n.requested_by as requested_by_id, du.name as decided_by, n.issue_date::text, n.created_at::text, count(*) over ()::int as total_count
      from credit_notes n join invoices i on i.id = n.invoice_id join customers c on c.id = n.customer_id
      left join users ru on ru.id = n.requested_by left join users du on du.id = n.decided_by
     where (${input.status ?? null}::text is null or n.status = ${input.status ?? null}::text)
       and (${input.source ?? null}::text is null or n.source = ${input.source ?? null}::text)
       and (${input.invoiceId ?? null}::uuid is null or n.invoice_id = ${input.invoiceId ?? null}::uuid)
       and (${search}::text is null or n.number ilike ${search} or i.number ilike ${search} or c.name ilike ${search})
     order by case n.status when 'pending_approval' then 0 else 1 end, n.created_at desc, n.id
     limit ${input.pageSize} offset ${offsetOf(input)}`);
  return {
    rows: rows.map((r) => ({
      id: r.id, number: r.number, invoiceId: r.invoice_id, invoiceNumber: r.invoice_number, customer: r.customer, source: r.source, status: r.status, reason: r.reason, currency: r.currency,
      totalMinor: BigInt(r.total), requestedBy: r.requested_by, requestedById: r.requested_by_id, decidedBy: r.decided_by, issueDate: r.issue_date, createdAt: r.created_at,
    })),
    total: rows[0]?.total_count ?? 0,
    page: input.page,
    pageSize: input.pageSize,
  };
}

/** An invoice's lines with what can still be credited on each (the manual credit note form). */
export async function creditableInvoiceLines(tx: TenantTx, invoiceId: string) {
  const rows = await tx.execute<{ id: string; line_no: number; description: string; net: string; tax: string; credited_net: string }>(sql`
    select l.id, l.line_no, l.description, l.net_minor::text as net, l.tax_minor::text as tax,
           coalesce(sum(cl.net_minor) filter (where n.status in ('issued', 'pending_approval')), 0)::text as credited_net
      from invoice_lines l
      left join credit_note_lines cl on cl.tenant_id = l.tenant_id and cl.invoice_line_id = l.id
      left join credit_notes n on n.tenant_id = cl.tenant_id and n.id = cl.credit_note_id
     where l.invoice_id = ${invoiceId}
     group by l.tenant_id, l.id
     order by l.line_no`);
  return rows.map((r) => ({ id: r.id, lineNo: r.line_no, description: r.description, netMinor: BigInt(r.net), taxMinor: BigInt(r.tax), creditableNetMinor: BigInt(r.net) - BigInt(r.credited_net) }));
}
