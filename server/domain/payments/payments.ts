import { sql } from "drizzle-orm";
import { asSystem, type TenantTx } from "../../../db/with-tenant";
import { openDunningCase, resolveDunningForInvoices } from "../billing/dunning";
import { containsPattern, DomainError } from "../errors";
import { offsetOf, type Page } from "../lists";
import { formatMoney } from "../money/money";
import { parseOrBadRequest } from "../subscriptions/contracts";
import { tenantPolicy } from "../tenancy/settings";
import { paymentProvider, type PaymentProvider } from "./provider";
import { listPaymentsInput, payInvoiceInput, recordPaymentInput, type ListPaymentsInput, type PayInvoiceInput, type RecordPaymentInput } from "./schemas";
import { amountToMinor, insertPayment, lockCustomer, paymentByRequestKey, settlePayment, type Acting, type ExistingPayment } from "./settle";

/*
 * Taking money: finance records a payment received (manual entry, bank transfer), or a customer pays
 * an open invoice by card through the payment provider. Either way the request key makes a retry
 * return the first attempt's payment, and every success posts one balanced journal entry.
 */

export interface PaymentOutcome {
  paymentId: string;
  number: string;
  status: "succeeded" | "failed";
  /** For card payments: what the provider said; "succeeded" for recorded payments. */
  outcome: "succeeded" | "declined" | "timeout";
  message: string;
  allocatedMinor: bigint;
  creditMinor: bigint;
  created: boolean;
}

function sameRequest(existing: ExistingPayment, customerId: string, currency: string, amountMinor: bigint) {
  if (existing.customerId !== customerId || existing.currency !== currency || existing.amountMinor !== amountMinor) {
    throw new DomainError("CONFLICT", `This request key was already used for payment ${existing.number} with different details`);
  }
}

async function replayed(tx: TenantTx, existing: ExistingPayment): Promise<PaymentOutcome> {
  const [row] = await tx.execute<{ allocated: string }>(sql`select coalesce(sum(amount_minor), 0)::text as allocated from payment_allocations where payment_id = ${existing.id}`);
  const allocated = BigInt(row.allocated);
  const failed = existing.status === "failed";
  return {
    paymentId: existing.id,
    number: existing.number,
    status: failed ? "failed" : "succeeded",
    outcome: failed ? (existing.failureReason.endsWith("(timeout)") ? "timeout" : "declined") : "succeeded",
    message: failed ? existing.failureReason : `Payment ${existing.number} recorded`,
    allocatedMinor: allocated,
    creditMinor: failed ? 0n : existing.amountMinor - allocated,
    created: false,
  };
}

/**
 * Finance records money received: allocated to the given invoices or oldest first; what is left is
 * customer credit when the tenant keeps credit, otherwise the payment is refused (nothing changes).
 */
export async function recordPayment(tx: TenantTx, acting: Acting, raw: RecordPaymentInput): Promise<PaymentOutcome> {
  const input = parseOrBadRequest(recordPaymentInput, raw);
  const amountMinor = amountToMinor(input.amount, input.currency);
  if (amountMinor <= 0n) throw new DomainError("BAD_REQUEST", "A payment is a positive amount", { amount: ["Enter an amount above zero"] });
  const explicit = input.allocations?.map((a, i) => ({ invoiceId: a.invoiceId, amountMinor: amountToMinor(a.amount, input.currency, `allocations.${i}.amount`) }));
  const customer = await lockCustomer(tx, input.customerId);
  // Under the customer's lock, so a concurrent retry of the same request sees the first one's row.
  const existing = await paymentByRequestKey(tx, input.requestKey);
  if (existing) {
    sameRequest(existing, customer.id, input.currency, amountMinor);
    return replayed(tx, existing);
  }
  const policy = await tenantPolicy(tx);
  const settled = await settlePayment(
    tx,
    acting,
    { customer, currency: input.currency, amountMinor, method: input.method, providerReference: input.reference, receivedOn: input.receivedOn, requestKey: input.requestKey },
    { explicit, holdOverpaymentAsCredit: policy.holdOverpaymentAsCredit },
  );
  await resolveDunningForInvoices(tx, acting, settled.allocations.map((a) => a.invoiceId));
  return {
    paymentId: settled.paymentId,
    number: settled.number,
    status: "succeeded",
    outcome: "succeeded",
    message:
      `Payment ${settled.number} recorded: ${formatMoney(settled.allocatedMinor, input.currency)} allocated` +
      (settled.creditMinor > 0n ? `, ${formatMoney(settled.creditMinor, input.currency)} held as customer credit` : ""),
    allocatedMinor: settled.allocatedMinor,
    creditMinor: settled.creditMinor,
    created: true,
  };
}

/**
 * Pays what is open on one invoice by card. The invoice is read in the caller's scope (a customer
 * sees only its own); the charge's idempotency key is the request key, so a retried request is
 * answered from the payment the first one recorded, or, had it rolled back after the charge, by the
 * provider's record of that key. A decline or timeout is not an error: it is recorded as a failed
 * payment, starts dunning, and comes back as the outcome with a message for the payer.
 */
export async function payInvoiceByCard(tx: TenantTx, acting: Acting, raw: PayInvoiceInput, opts: { today: string; provider?: PaymentProvider }): Promise<PaymentOutcome> {
  const input = parseOrBadRequest(payInvoiceInput, raw);
  const [visible] = await tx.execute<{ id: string; customer_id: string }>(sql`select id, customer_id from invoices where id = ${input.invoiceId}`);
  if (!visible) throw new DomainError("NOT_FOUND", "No such invoice");
  const provider = opts.provider ?? paymentProvider();
  return asSystem(tx, async () => {
    const customer = await lockCustomer(tx, visible.customer_id);
    const existing = await paymentByRequestKey(tx, input.requestKey);
    if (existing) {
      if (existing.customerId !== customer.id) throw new DomainError("CONFLICT", "This request key was already used for another payment");
      return replayed(tx, existing);
    }
    const [invoice] = await tx.execute<{ number: string; status: string; currency: string; open: string }>(sql`
      select coalesce(number, '') as number, status, currency, (total_minor - paid_minor - credited_minor)::text as open from invoices where id = ${input.invoiceId} for update`);
    const open = BigInt(invoice.open);
    if (!["issued", "partially_paid"].includes(invoice.status) || open <= 0n) {
      throw new DomainError("BAD_REQUEST", invoice.status === "draft" ? "This invoice is not issued yet" : `Invoice ${invoice.number} has nothing left to pay (${invoice.status})`);
    }
    const charged = await provider.charge({ source: { card: input.card }, amountMinor: open, currency: invoice.currency, idempotencyKey: input.requestKey });
    const base = { customer, invoiceId: input.invoiceId, currency: invoice.currency, amountMinor: open, method: "card" as const, provider: provider.name, providerReference: charged.reference, cardLast4: charged.last4, receivedOn: opts.today, requestKey: input.requestKey };
    if (charged.outcome === "succeeded") {
      const policy = await tenantPolicy(tx);
      const settled = await settlePayment(tx, acting, base, { explicit: [{ invoiceId: input.invoiceId, amountMinor: open }], holdOverpaymentAsCredit: policy.holdOverpaymentAsCredit });
      await resolveDunningForInvoices(tx, acting, [input.invoiceId]);
      return {
        paymentId: settled.paymentId,
        number: settled.number,
        status: "succeeded" as const,
        outcome: "succeeded" as const,
        message: `Paid ${formatMoney(open, invoice.currency)} with the card ending ${charged.last4}: invoice ${invoice.number} is paid`,
        allocatedMinor: settled.allocatedMinor,
        creditMinor: 0n,
        created: true,
      };
    }
    const reason = charged.outcome === "timeout" ? `${charged.reason} (timeout)` : charged.reason;
    const failed = await insertPayment(tx, acting, { ...base, status: "failed", failureReason: reason });
    await openDunningCase(tx, acting, { customerId: customer.id, invoiceId: input.invoiceId, paymentId: failed.id, cardToken: charged.token, cardLast4: charged.last4, reason, today: opts.today });
    return {
      paymentId: failed.id,
      number: failed.number,
      status: "failed" as const,
      outcome: charged.outcome,
      message:
        charged.outcome === "declined"
          ? `Your card ending ${charged.last4} was declined. Nothing was charged; try another card.`
          : `The card issuer did not answer in time (card ending ${charged.last4}). Nothing was charged; please try again.`,
      allocatedMinor: 0n,
      creditMinor: 0n,
      created: true,
    };
  });
}

export interface PaymentRow {
  id: string;
  number: string;
  customerId: string;
  customer: string;
  currency: string;
  amountMinor: bigint;
  allocatedMinor: bigint;
  method: string;
  status: string;
  failureReason: string;
  cardLast4: string;
  providerReference: string;
  receivedOn: string;
  createdAt: string;
}

type PaymentDbRow = {
  id: string; number: string; customer_id: string; customer: string; currency: string; amount: string; allocated: string; method: string; status: string;
  failure_reason: string; card_last4: string; provider_reference: string; received_on: string; created_at: string; total: number;
};

const PAYMENT_COLUMNS = sql`p.id, p.number, p.customer_id, c.name as customer, p.currency, p.amount_minor::text as amount,
  coalesce((select sum(a.amount_minor) from payment_allocations a where a.payment_id = p.id), 0)::text as allocated,
  p.method, p.status, p.failure_reason, p.card_last4, p.provider_reference, p.received_on::text, p.created_at::text, count(*) over ()::int as total`;

const toPaymentRow = (r: PaymentDbRow): PaymentRow => ({
  id: r.id, number: r.number, customerId: r.customer_id, customer: r.customer, currency: r.currency, amountMinor: BigInt(r.amount), allocatedMinor: BigInt(r.allocated),
  method: r.method, status: r.status, failureReason: r.failure_reason, cardLast4: r.card_last4, providerReference: r.provider_reference, receivedOn: r.received_on, createdAt: r.created_at,
});

const SORTABLE: Record<string, string> = { number: "p.number", receivedOn: "p.received_on", amount: "p.amount_minor", customer: "c.name", status: "p.status" };

/** Payments the session may see (RLS), newest first by default, paged and filtered by the database. */
export async function listPayments(tx: TenantTx, raw: ListPaymentsInput): Promise<Page<PaymentRow>> {
  const input = parseOrBadRequest(listPaymentsInput, raw);
  const sorted = input.sort !== undefined && input.sort in SORTABLE;
  const search = input.search ? containsPattern(input.search) : null;
  const rows = await tx.execute<PaymentDbRow>(sql`
    select ${PAYMENT_COLUMNS}
      from payments p join customers c on c.id = p.customer_id
     where (${input.customerId ?? null}::uuid is null or p.customer_id = ${input.customerId ?? null}::uuid)
       and (${input.status ?? null}::text is null or p.status = ${input.status ?? null}::text)
       and (${input.method ?? null}::text is null or p.method = ${input.method ?? null}::text)
       and (${search}::text is null or p.number ilike ${search} or c.name ilike ${search})
     order by ${sql.raw(SORTABLE[sorted ? input.sort! : "receivedOn"])} ${sql.raw(sorted && input.dir === "asc" ? "asc" : "desc")}, p.id desc
     limit ${input.pageSize} offset ${offsetOf(input)}`);
  return { rows: rows.map(toPaymentRow), total: rows[0]?.total ?? 0, page: input.page, pageSize: input.pageSize };
}

/** One payment with where its money went. */
export async function paymentDetail(tx: TenantTx, id: string) {
  const [row] = await tx.execute<PaymentDbRow>(sql`select ${PAYMENT_COLUMNS} from payments p join customers c on c.id = p.customer_id where p.id = ${id}`);
  if (!row) throw new DomainError("NOT_FOUND", "No such payment");
  const allocations = await tx.execute<{ id: string; invoice_id: string; number: string; amount: string; created_at: string }>(sql`
    select a.id, a.invoice_id, coalesce(i.number, '') as number, a.amount_minor::text as amount, a.created_at::text
      from payment_allocations a join invoices i on i.id = a.invoice_id where a.payment_id = ${id} order by a.created_at, a.id`);
  return {
    payment: toPaymentRow(row),
    allocations: allocations.map((a) => ({ id: a.id, invoiceId: a.invoice_id, invoiceNumber: a.number, amountMinor: BigInt(a.amount), createdAt: a.created_at })),
  };
}
