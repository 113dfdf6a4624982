import { sql } from "drizzle-orm";
import { plainArray, textArray } from "../../../db/pg-arrays";
import type { TenantTx } from "../../../db/with-tenant";
import { DomainError } from "../errors";
import { emitEvent, emitEvents } from "../events/emit";
import { postJournalEntries, type PostingLine } from "../ledger/post";
import { minorUnitsOf, toMinor, formatMoney } from "../money/money";
import { formatReference, nextNumber } from "../tenancy/counters";
import { planAllocation, type Allocation, type OpenInvoice } from "./allocation";

/*
 * The low-level steps every way of taking money shares (finance's record, a card payment, a dunning
 * retry): lock the customer, find its open invoices, write the payment, its allocations and the
 * invoices' new amounts, and post one balanced journal entry. Callers hold the customer's lock, so
 * two payments of one customer never allocate the same open amount twice.
 */

export interface Acting { tenantId: string; userId: string | null }

export interface LockedCustomer { id: string; name: string; currency: string; status: "active" | "credit_hold"; billToEmail: string }

/** Locks the customer row: payments, credit applications and dunning of one customer queue here. */
export async function lockCustomer(tx: TenantTx, customerId: string): Promise<LockedCustomer> {
  const [row] = await tx.execute<{ id: string; name: string; currency: string; status: "active" | "credit_hold"; bill_to_email: string }>(sql`
    select id, name, currency, status, bill_to_email from customers where id = ${customerId} for update`);
  if (!row) throw new DomainError("NOT_FOUND", "No such customer", { customerId: ["Unknown customer"] });
  return { id: row.id, name: row.name, currency: row.currency, status: row.status, billToEmail: row.bill_to_email };
}

/** A customer's invoices with money still open, oldest due first, locked for the allocation. */
export async function openInvoicesOf(tx: TenantTx, customerId: string): Promise<OpenInvoice[]> {
  const rows = await tx.execute<{ id: string; number: string; currency: string; open: string }>(sql`
    select id, number, currency, (total_minor - paid_minor - credited_minor)::text as open
      from invoices
     where customer_id = ${customerId} and status in ('issued', 'partially_paid') and total_minor - paid_minor - credited_minor > 0
     order by due_date nulls last, issue_date, number
       for update`);
  return rows.map((r) => ({ id: r.id, number: r.number, currency: r.currency, openMinor: BigInt(r.open) }));
}

/** A typed amount ("125.50") in minor units; more decimals than the currency has is an error, not a rounding. */
export function amountToMinor(amount: string, currency: string, field = "amount"): bigint {
  const digits = minorUnitsOf(currency);
  const decimals = amount.split(".")[1]?.length ?? 0;
  if (decimals > digits) throw new DomainError("BAD_REQUEST", `${currency} amounts have at most ${digits} decimals`, { [field]: [`At most ${digits} decimals in ${currency}`] });
  return toMinor(amount, currency);
}

/** The invoice status for new paid/credited amounts (the SQL twin of `settledStatus`). */
export const settledStatusSql = (total: ReturnType<typeof sql>, paid: ReturnType<typeof sql>, credited: ReturnType<typeof sql>) => sql`
  case when ${total} > 0 and ${credited} >= ${total} then 'void'
       when ${paid} + ${credited} >= ${total} then 'paid'
       when ${paid} > 0 then 'partially_paid'
       else 'issued' end`;

/** Adds (or, negative, removes) paid amounts on invoices in one statement, and sets their status. */
export async function addPaidAmounts(tx: TenantTx, tenantId: string, changes: ReadonlyArray<{ invoiceId: string; amountMinor: bigint }>): Promise<void> {
  if (changes.length === 0) return;
  // `was` is the row before this update (FROM sees the statement's snapshot): only a change INTO paid is an event.
  const nowPaid = await tx.execute<{ id: string; number: string; customer_id: string; currency: string; total: string; paid: string; became_paid: boolean }>(sql`
    update invoices i
       set paid_minor = i.paid_minor + x.amount,
           status = ${settledStatusSql(sql`i.total_minor`, sql`(i.paid_minor + x.amount)`, sql`i.credited_minor`)}
      from (select id, sum(amount) as amount from unnest(${plainArray(changes.map((c) => c.invoiceId))}::uuid[], ${plainArray(changes.map((c) => c.amountMinor))}::bigint[]) as u(id, amount) group by id) x,
           invoices was
     where i.tenant_id = ${tenantId} and i.id = x.id and was.tenant_id = i.tenant_id and was.id = i.id
    returning i.id, i.number, i.customer_id, i.currency, i.total_minor::text as total, i.paid_minor::text as paid,
              (i.status = 'paid' and was.status <> 'paid') as became_paid`);
  emitEvents(
    tx,
    tenantId,
    nowPaid
      .filter((r) => r.became_paid)
      .map((r) => ({ type: "invoice.paid" as const, payload: { invoiceId: r.id, number: r.number, customerId: r.customer_id, currency: r.currency, totalMinor: r.total, paidMinor: r.paid } })),
  );
}

/**
 * Moves customers' credit balances by the deltas given (positive: credit received, negative: credit
 * used), in the transaction that posts the matching customer-credit journal lines. A use never
 * overdraws: the balance's check refuses it (the callers lock and read the balance first).
 */
export async function adjustCustomerCredit(tx: TenantTx, tenantId: string, changes: ReadonlyArray<{ customerId: string; currency: string; deltaMinor: bigint }>): Promise<void> {
  const byKey = new Map<string, { customerId: string; currency: string; deltaMinor: bigint }>();
  for (const c of changes) {
    const k = `${c.customerId}|${c.currency}`;
    byKey.set(k, { ...c, deltaMinor: (byKey.get(k)?.deltaMinor ?? 0n) + c.deltaMinor });
  }
  const received = [...byKey.values()].filter((c) => c.deltaMinor > 0n);
  const used = [...byKey.values()].filter((c) => c.deltaMinor < 0n);
  if (received.length > 0) {
    await tx.execute(sql`
      insert into customer_credit_balances (tenant_id, customer_id, currency, balance_minor)
      select ${tenantId}, customer_id, currency, delta
        from unnest(${plainArray(received.map((c) => c.customerId))}::uuid[], ${textArray(received.map((c) => c.currency))}::text[], ${plainArray(received.map((c) => c.deltaMinor))}::bigint[])
             as u(customer_id, currency, delta)
      on conflict (tenant_id, customer_id, currency) do update set balance_minor = customer_credit_balances.balance_minor + excluded.balance_minor, updated_at = now()`);
  }
  if (used.length > 0) {
    // An update, not an upsert: the row exists (credit was there to use) and a negative insert would trip the check.
    await tx.execute(sql`
      update customer_credit_balances b set balance_minor = b.balance_minor + u.delta, updated_at = now()
        from unnest(${plainArray(used.map((c) => c.customerId))}::uuid[], ${textArray(used.map((c) => c.currency))}::text[], ${plainArray(used.map((c) => c.deltaMinor))}::bigint[])
             as u(customer_id, currency, delta)
       where b.tenant_id = ${tenantId} and b.customer_id = u.customer_id and b.currency = u.currency`);
  }
}

export interface NewPayment {
  customer: LockedCustomer;
  currency: string;
  amountMinor: bigint;
  method: "manual" | "bank_transfer" | "card";
  provider?: string;
  providerReference?: string;
  cardLast4?: string;
  receivedOn: string;
  requestKey: string | null;
  /** The invoice a card payment or dunning retry was for. */
  invoiceId?: string | null;
}

export interface SettledPayment {
  paymentId: string;
  number: string;
  allocations: Allocation[];
  allocatedMinor: bigint;
  /** Held as customer credit. */
  creditMinor: bigint;
}

/**
 * A payment that succeeded: allocated to the customer's open invoices (explicitly, or oldest first),
 * the rest held as customer credit when the tenant keeps credit, else refused with nothing written.
 * Posts Dr cash / Cr receivables (and Cr customer credit for the rest) as one entry.
 */
export async function settlePayment(tx: TenantTx, acting: Acting, p: NewPayment, opts: { explicit?: Allocation[]; holdOverpaymentAsCredit: boolean }): Promise<SettledPayment> {
  const open = await openInvoicesOf(tx, p.customer.id);
  const plan = planAllocation(p.amountMinor, p.currency, open, opts.explicit);
  if (plan.unallocatedMinor > 0n && !opts.holdOverpaymentAsCredit) {
    const openTotal = open.filter((o) => o.currency === p.currency).reduce((s, o) => s + o.openMinor, 0n);
    const message =
      `${formatMoney(p.amountMinor, p.currency)} is more than ${p.customer.name}'s open invoices (${formatMoney(openTotal, p.currency)}), ` +
      `and this workspace does not hold overpayments as customer credit: record at most ${formatMoney(openTotal, p.currency)}`;
    throw new DomainError("BAD_REQUEST", message, { amount: [`At most ${formatMoney(openTotal, p.currency)}`] });
  }
  const payment = await insertPayment(tx, acting, { ...p, status: "succeeded", failureReason: "" });
  const allocatedMinor = plan.allocations.reduce((s, a) => s + a.amountMinor, 0n);
  if (plan.allocations.length > 0) {
    await tx.execute(sql`
      insert into payment_allocations (tenant_id, payment_id, invoice_id, customer_id, amount_minor)
      select ${acting.tenantId}, ${payment.id}, invoice_id, ${p.customer.id}, amount
        from unnest(${plainArray(plan.allocations.map((a) => a.invoiceId))}::uuid[], ${plainArray(plan.allocations.map((a) => a.amountMinor))}::bigint[]) as u(invoice_id, amount)`);
    await addPaidAmounts(tx, acting.tenantId, plan.allocations);
  }
  const lines: PostingLine[] = [
    { account: "cash", debitMinor: p.amountMinor, currency: p.currency, customerId: p.customer.id, memo: `Payment ${payment.number}` },
    { account: "accounts_receivable", creditMinor: allocatedMinor, currency: p.currency, customerId: p.customer.id },
    { account: "customer_credit", creditMinor: plan.unallocatedMinor, currency: p.currency, customerId: p.customer.id, memo: "Overpayment held as customer credit" },
  ];
  await postJournalEntries(tx, acting.tenantId, acting.userId, [{ sourceType: "payment", sourceId: payment.id, eventKey: "received", entryDate: p.receivedOn, memo: `Payment ${payment.number} from ${p.customer.name}`, lines }]);
  await adjustCustomerCredit(tx, acting.tenantId, [{ customerId: p.customer.id, currency: p.currency, deltaMinor: plan.unallocatedMinor }]);
  return { paymentId: payment.id, number: payment.number, allocations: plan.allocations, allocatedMinor, creditMinor: plan.unallocatedMinor };
}

/** Writes a payment row (numbered PAY-nnnnnn): a success through `settlePayment`, or a failed card attempt as it is. */
export async function insertPayment(
  tx: TenantTx,
  acting: Acting,
  p: NewPayment & { status: "succeeded" | "failed"; failureReason: string },
): Promise<{ id: string; number: string }> {
  const number = formatReference("PAY", await nextNumber(tx, acting.tenantId, "payment"));
  const [row] = await tx.execute<{ id: string }>(sql`
    insert into payments (tenant_id, number, customer_id, invoice_id, currency, amount_minor, method, provider, provider_reference, card_last4, status, failure_reason, received_on, request_key, created_by)
    values (${acting.tenantId}, ${number}, ${p.customer.id}, ${p.invoiceId ?? null}, ${p.currency}, ${p.amountMinor}, ${p.method}, ${p.provider ?? ""}, ${p.providerReference ?? ""}, ${p.cardLast4 ?? ""},
            ${p.status}, ${p.failureReason}, ${p.receivedOn}, ${p.requestKey}, ${acting.userId})
    returning id`);
  if (p.status === "failed") {
    emitEvent(tx, acting.tenantId, "payment.failed", {
      paymentId: row.id, number, customerId: p.customer.id, invoiceId: p.invoiceId ?? null, currency: p.currency, amountMinor: p.amountMinor.toString(), method: p.method, reason: p.failureReason,
    });
  }
  return { id: row.id, number };
}

export interface ExistingPayment { id: string; number: string; customerId: string; currency: string; amountMinor: bigint; status: string; failureReason: string; method: string }

/** The payment an earlier attempt of the same request made, if any. */
export async function paymentByRequestKey(tx: TenantTx, requestKey: string): Promise<ExistingPayment | null> {
  const [row] = await tx.execute<{ id: string; number: string; customer_id: string; currency: string; amount: string; status: string; failure_reason: string; method: string }>(sql`
    select id, number, customer_id, currency, amount_minor::text as amount, status, failure_reason, method from payments where request_key = ${requestKey}`);
  return row ? { id: row.id, number: row.number, customerId: row.customer_id, currency: row.currency, amountMinor: BigInt(row.amount), status: row.status, failureReason: row.failure_reason, method: row.method } : null;
}
