import { sql } from "drizzle-orm";
import type { TenantTx } from "../../../db/with-tenant";
import { addMonthsIso, type IsoDate } from "../subscriptions/periods";

/**
 * What the settlement reads from billing, as an interface: commission is computed over these rows,
 * whoever produces them. The billing module's revenue recognitions and credit notes are the real
 * source (`billingRevenueSource`); tests may hand in rows of their own.
 */

/** Revenue recognized (deferred -> revenue) in one month for one invoice line of a reseller's customer. */
export interface RecognizedRevenueLine {
  /** The recognition row: a statement line traces to it, and it earns commission once. */
  id: string;
  invoiceLineId: string;
  customerId: string;
  resellerId: string;
  categoryId: string | null;
  /** First day of the month recognized. */
  periodMonth: IsoDate;
  currency: string;
  amountMinor: bigint;
  description: string;
}

/** A credit note line (issued in the month) crediting an invoice line of a reseller's customer. */
export interface CreditedInvoiceLine {
  /** The credit note line: a clawback traces to it. */
  id: string;
  creditNoteId: string;
  invoiceLineId: string;
  customerId: string;
  resellerId: string;
  categoryId: string | null;
  issueDate: IsoDate;
  currency: string;
  /** Net credited (> 0) and the invoice line's own net: the clawback is that share of its commission. */
  creditedNetMinor: bigint;
  lineNetMinor: bigint;
  description: string;
}

export interface RevenueQuery { resellerId: string; periodMonth: IsoDate }

export interface RevenueSource {
  recognized(tx: TenantTx, q: RevenueQuery): Promise<RecognizedRevenueLine[]>;
  credited(tx: TenantTx, q: RevenueQuery): Promise<CreditedInvoiceLine[]>;
}

type RecognizedRow = { id: string; invoice_line_id: string; customer_id: string; reseller_id: string; category_id: string | null; period_month: string; currency: string; amount_minor: string; description: string };
type CreditedRow = { id: string; credit_note_id: string; invoice_line_id: string; customer_id: string; reseller_id: string; category_id: string | null; issue_date: string; currency: string; credited_minor: string; line_net_minor: string; description: string };

/** True once the billing module's tables exist in this database (they arrive with the billing branch). */
async function billingTablesExist(tx: TenantTx): Promise<boolean> {
  const [row] = await tx.execute<{ ok: boolean }>(sql`select to_regclass('public.revenue_recognized') is not null and to_regclass('public.credit_note_lines') is not null as ok`);
  return row.ok;
}

/**
 * Billing's recognitions (kind `recognition`: earned revenue, not bookings and not invoices; the
 * `reversal` rows remove unearned revenue, which never earned commission) and issued credit notes.
 * The reseller is the customer's. Until billing's tables exist it returns nothing.
 */
export const billingRevenueSource: RevenueSource = {
  async recognized(tx, q) {
    if (!(await billingTablesExist(tx))) return [];
    const rows = await tx.execute<RecognizedRow>(sql`
      select r.id, s.invoice_line_id, s.customer_id, c.reseller_id, s.category_id, r.period_month::text, s.currency, r.amount_minor::text, il.description
        from revenue_recognized r
        join revenue_schedules s on s.tenant_id = r.tenant_id and s.id = r.schedule_id
        join customers c on c.tenant_id = s.tenant_id and c.id = s.customer_id
        join invoice_lines il on il.tenant_id = s.tenant_id and il.id = s.invoice_line_id
       where r.kind = 'recognition' and r.period_month = ${q.periodMonth}::date and c.reseller_id = ${q.resellerId}
       order by r.id`);
    return rows.map((r) => ({
      id: r.id, invoiceLineId: r.invoice_line_id, customerId: r.customer_id, resellerId: r.reseller_id, categoryId: r.category_id,
      periodMonth: r.period_month, currency: r.currency, amountMinor: BigInt(r.amount_minor), description: r.description,
    }));
  },
  async credited(tx, q) {
    if (!(await billingTablesExist(tx))) return [];
    const rows = await tx.execute<CreditedRow>(sql`
      select l.id, n.id as credit_note_id, l.invoice_line_id, n.customer_id, c.reseller_id, il.category_id, n.issue_date::text, n.currency,
             l.net_minor::text as credited_minor, il.net_minor::text as line_net_minor, l.description
        from credit_note_lines l
        join credit_notes n on n.tenant_id = l.tenant_id and n.id = l.credit_note_id
        join invoice_lines il on il.tenant_id = l.tenant_id and il.id = l.invoice_line_id
        join customers c on c.tenant_id = n.tenant_id and c.id = n.customer_id
       where n.status = 'issued' and n.issue_date >= ${q.periodMonth}::date and n.issue_date < ${addMonthsIso(q.periodMonth, 1)}::date
         and c.reseller_id = ${q.resellerId}
       order by l.id`);
    return rows.map((r) => ({
      id: r.id, creditNoteId: r.credit_note_id, invoiceLineId: r.invoice_line_id, customerId: r.customer_id, resellerId: r.reseller_id, categoryId: r.category_id,
      issueDate: r.issue_date, currency: r.currency, creditedNetMinor: BigInt(r.credited_minor), lineNetMinor: BigInt(r.line_net_minor), description: r.description,
    }));
  },
};
