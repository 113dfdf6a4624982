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
 * oldest due first per customer and currency. For billing: call it with the ids of the invoices just
 * issued, in the same transaction. Set-based where it matters: one query finds the few customers with
 * credit; when none has any (the usual case in a renewal run) nothing else runs. Each application
 * posts Dr customer credit / Cr receivables, once (keyed by its allocation).
 */
export async function applyCustomerCredit(tx: TenantTx, acting: Acting, invoiceIds: readonly string[], entryDate: string): Promise<CreditApplication[]> {
  if (invoiceIds.length === 0) return [];
  const candidates = await tx.execute<{ customer_id: string }>(sql`
    select distinct i.customer_id
      from invoices i
     where i.id = any(${plainArray([...new Set(invoiceIds)])}::uuid[]) and i.status in ('issued', 'partially_paid') and i.total_minor - i.paid_minor - i.credited_minor > 0`);
  const withCredit = (await customerCreditBalances(tx, candidates.map((c) => c.customer_id))).filter((b) => b.balanceMinor > 0n);
  if (withCredit.length === 0) return [];

  const applications: CreditApplication[] = [];
  const customerIds = [...new Set(withCredit.map((b) => b.customerId))].sort();
  for (const customerId of customerIds) {
    await lockCustomer(tx, customerId);
    // Read again under the balance's lock: a concurrent application may have used the credit.
    const balances = await customerCreditBalances(tx, [customerId], { lock: true });
    const invoices = await tx.execute<{ id: string; currency: string; open: string }>(sql`
      select id, currency, (total_minor - paid_minor - credited_minor)::text as open
        from invoices
       where id = any(${plainArray([...new Set(invoiceIds)])}::uuid[]) and customer_id = ${customerId}
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
        applications.push({ allocationId: uuidv7(), invoiceId: invoice.id, customerId, amountMinor: take });
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
  const currencyOf = new Map((await tx.execute<{ id: string; currency: string; number: string }>(sql`
    select id, currency, coalesce(number, '') as number from invoices where id = any(${plainArray(applications.map((a) => a.invoiceId))}::uuid[])`)).map((r) => [r.id, r]));
  await postJournalEntries(
    tx,
    acting.tenantId,
    acting.userId,
    applications.map((a) => {
      const invoice = currencyOf.get(a.invoiceId)!;
      return {
        sourceType: "credit_application",
        sourceId: a.allocationId,
        eventKey: "applied",
        entryDate,
        memo: `Customer credit applied to ${invoice.number}`,
        lines: [
          { account: "customer_credit" as const, debitMinor: a.amountMinor, currency: invoice.currency, customerId: a.customerId },
          { account: "accounts_receivable" as const, creditMinor: a.amountMinor, currency: invoice.currency, customerId: a.customerId },
        ],
      };
    }),
  );
  await adjustCustomerCredit(tx, acting.tenantId, applications.map((a) => ({ customerId: a.customerId, currency: currencyOf.get(a.invoiceId)!.currency, deltaMinor: -a.amountMinor })));
  await resolveDunningForInvoices(tx, acting, applications.map((a) => a.invoiceId));
  return applications;
}

/** Finance's "apply credit": the customer's credit to all its open invoices, oldest first. */
export async function applyCreditToOpenInvoices(tx: TenantTx, acting: Acting, customerId: string, entryDate: string): Promise<CreditApplication[]> {
  const open = await tx.execute<{ id: string }>(sql`
    select id from invoices where customer_id = ${customerId} and status in ('issued', 'partially_paid') and total_minor - paid_minor - credited_minor > 0`);
  return applyCustomerCredit(tx, acting, open.map((r) => r.id), entryDate);
}
