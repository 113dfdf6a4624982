import { sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { plainArray } from "../../../db/pg-arrays";
import type { TenantTx } from "../../../db/with-tenant";
import { resolveDunningForInvoices } from "../billing/dunning";
import { postJournalEntries } from "../ledger/post";
import { addPaidAmounts, adjustCustomerCredit, lockCustomer, type Acting } from "./settle";

export { adjustCustomerCredit };

/*
 * Customer credit: overpayments (and paid amounts a credit note gave back) held on the customer
 * credit account, per customer and currency. `customer_credit_balances` keeps the balance in the
 * same transaction as every journal line that moves that account for the customer (so it can be
 * rebuilt from the ledger); its row lock serialises two uses of one credit and its check refuses an
 * overdraw. Credit is applied to invoices as they are issued (billing calls `applyCustomerCredit`
 * with the ids it issued) or on request by finance.
 */

export interface CreditBalance { customerId: string; currency: string; balanceMinor: bigint }

/** Positive credit balances of the given customers. */
export async function customerCreditBalances(tx: TenantTx, customerIds: readonly string[], opts: { lock?: boolean } = {}): Promise<CreditBalance[]> {
  if (customerIds.length === 0) return [];
  const rows = await tx.execute<{ customer_id: string; currency: string; balance: string }>(sql`
    select customer_id, currency, balance_minor::text as balance from customer_credit_balances
     where customer_id = any(${plainArray([...new Set(customerIds)])}::uuid[]) and balance_minor > 0
     order by customer_id, currency
     ${opts.lock ? sql`for update` : sql``}`);
  return rows.map((r) => ({ customerId: r.customer_id, currency: r.currency, balanceMinor: BigInt(r.balance) }));
}

export interface CreditApplication { allocationId: string; invoiceId: string; customerId: string; amountMinor: bigint }

/**
 * Applies customers' credit to the given invoices (issued or partially paid, with money open),
 * oldest due first per customer and currency. Billing calls it for every invoice it issues, in the
 * issuing transaction (`postIssuedInvoices`). One statement finds the invoices whose customer holds
 * credit in their currency (driven by the small set of positive balances); when there are none, the
 * usual case in a renewal run, nothing else runs. Each application posts Dr customer credit /
 * Cr receivables on the invoice's issue date (or `entryDate`), once (keyed by its allocation).
 */
export async function applyCustomerCredit(tx: TenantTx, acting: Acting, invoiceIds: readonly string[], entryDate?: string): Promise<CreditApplication[]> {
  if (invoiceIds.length === 0) return [];
  const ids = plainArray([...new Set(invoiceIds)]);
  const candidates = await tx.execute<{ customer_id: string }>(sql`
    select distinct b.customer_id
      from customer_credit_balances b
      join invoices i on i.tenant_id = b.tenant_id and i.customer_id = b.customer_id and i.currency = b.currency
     where b.balance_minor > 0 and i.id = any(${ids}::uuid[]) and i.status in ('issued', 'partially_paid') and i.total_minor - i.paid_minor - i.credited_minor > 0`);
  if (candidates.length === 0) return [];

  const applications: Array<CreditApplication & { currency: string; issueDate: string }> = [];
  for (const customerId of candidates.map((c) => c.customer_id).sort()) {
    await lockCustomer(tx, customerId);
    // Read again under the balance's lock: a concurrent application may have used the credit.
    const balances = await customerCreditBalances(tx, [customerId], { lock: true });
    const invoices = await tx.execute<{ id: string; currency: string; open: string; issue_date: string }>(sql`
      select id, currency, (total_minor - paid_minor - credited_minor)::text as open, coalesce(issue_date, current_date)::text as issue_date
        from invoices
       where id = any(${ids}::uuid[]) and customer_id = ${customerId}
         and status in ('issued', 'partially_paid') and total_minor - paid_minor - credited_minor > 0
       order by due_date nulls last, issue_date, number
         for update`);
    for (const balance of balances) {
      let left = balance.balanceMinor;
      for (const invoice of invoices) {
        if (left <= 0n) break;
        if (invoice.currency !== balance.currency) continue;
        const open = BigInt(invoice.open);
        const take = open < left ? open : left;
        applications.push({ allocationId: uuidv7(), invoiceId: invoice.id, customerId, amountMinor: take, currency: invoice.currency, issueDate: invoice.issue_date });
        left -= take;
      }
    }
  }
  if (applications.length === 0) return [];
  await tx.execute(sql`
    insert into payment_allocations (tenant_id, id, payment_id, invoice_id, customer_id, amount_minor)
    select ${acting.tenantId}, id, null, invoice_id, customer_id, amount
      from unnest(${plainArray(applications.map((a) => a.allocationId))}::uuid[], ${plainArray(applications.map((a) => a.invoiceId))}::uuid[],
                  ${plainArray(applications.map((a) => a.customerId))}::uuid[], ${plainArray(applications.map((a) => a.amountMinor))}::bigint[]) as u(id, invoice_id, customer_id, amount)`);
  await addPaidAmounts(tx, acting.tenantId, applications);
  await postJournalEntries(
    tx,
    acting.tenantId,
    acting.userId,
    applications.map((a) => ({
      sourceType: "credit_application",
      sourceId: a.allocationId,
      eventKey: "applied",
      entryDate: entryDate ?? a.issueDate,
      memo: "Customer credit applied to an invoice",
      lines: [
        { account: "customer_credit" as const, debitMinor: a.amountMinor, currency: a.currency, customerId: a.customerId },
        { account: "accounts_receivable" as const, creditMinor: a.amountMinor, currency: a.currency, customerId: a.customerId },
      ],
    })),
  );
  await adjustCustomerCredit(tx, acting.tenantId, applications.map((a) => ({ customerId: a.customerId, currency: a.currency, deltaMinor: -a.amountMinor })));
  await resolveDunningForInvoices(tx, acting, applications.map((a) => a.invoiceId));
  return applications.map(({ allocationId, invoiceId, customerId, amountMinor }) => ({ allocationId, invoiceId, customerId, amountMinor }));
}

/** Finance's "apply credit": the customer's credit to all its open invoices, oldest first. */
export async function applyCreditToOpenInvoices(tx: TenantTx, acting: Acting, customerId: string, entryDate: string): Promise<CreditApplication[]> {
  const open = await tx.execute<{ id: string }>(sql`
    select id from invoices where customer_id = ${customerId} and status in ('issued', 'partially_paid') and total_minor - paid_minor - credited_minor > 0`);
  return applyCustomerCredit(tx, acting, open.map((r) => r.id), entryDate);
}
