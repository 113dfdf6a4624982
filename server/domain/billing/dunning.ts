import { sql } from "drizzle-orm";
import { plainArray } from "../../../db/pg-arrays";
import { withTenant, type TenantTx } from "../../../db/with-tenant";
import { recordAudit } from "../access/audit";
import { placeCreditHold, releaseCreditHold } from "../customers/customers";
import { DomainError } from "../errors";
import { formatMoney } from "../money/money";
import { paymentProvider, type PaymentProvider } from "../payments/provider";
import { insertPayment, lockCustomer, settlePayment, type Acting } from "../payments/settle";
import { transitionSubscription } from "../subscriptions/contracts";
import { tenantPolicy } from "../tenancy/settings";
import { afterFailedRetry, nextRetryOn } from "./dunning-schedule";
import { queueCustomerMessages } from "./messages";

/*
 * Dunning: a failed card payment opens a case on the tenant's schedule (default: retry on days 3, 7
 * and 14 after the failure). The daily job retries the card on file on each due day and tells the
 * customer; when the last retry fails the case is exhausted: the customer's active subscriptions are
 * paused and its account goes on credit hold. Any payment that settles the invoice (a retry, the
 * customer paying in the portal, finance recording a transfer) resolves the case; when the customer
 * has no unresolved case left, the subscriptions the dunning paused resume and the hold it placed lifts.
 */

export interface FailedCardPayment {
  customerId: string;
  invoiceId: string;
  paymentId: string;
  cardToken: string;
  cardLast4: string;
  reason: string;
  today: string;
}

/**
 * Starts dunning for an invoice whose card payment failed, or (when a case for it is already open or
 * exhausted) keeps that case and remembers the newest card. Queues the "payment failed" notice.
 */
export async function openDunningCase(tx: TenantTx, acting: Acting, f: FailedCardPayment): Promise<{ caseId: string; created: boolean }> {
  const [invoice] = await tx.execute<{ number: string; open: string; currency: string }>(sql`
    select coalesce(number, '') as number, (total_minor - paid_minor - credited_minor)::text as open, currency from invoices where id = ${f.invoiceId}`);
  const [existing] = await tx.execute<{ id: string; next_attempt_on: string | null }>(sql`
    select id, next_attempt_on::text from dunning_cases where invoice_id = ${f.invoiceId} and status in ('open', 'exhausted') for update`);
  let caseId: string;
  let nextOn: string | null;
  if (existing) {
    await tx.execute(sql`
      update dunning_cases set card_token = ${f.cardToken}, last_failure_reason = ${f.reason}, last_payment_id = ${f.paymentId}, updated_at = now() where id = ${existing.id}`);
    caseId = existing.id;
    nextOn = existing.next_attempt_on;
  } else {
    const days = (await tenantPolicy(tx)).dunningRetryDays;
    nextOn = nextRetryOn(f.today, days, 0);
    const [row] = await tx.execute<{ id: string }>(sql`
      insert into dunning_cases (tenant_id, customer_id, invoice_id, subscription_id, first_failed_payment_id, last_payment_id, status, schedule_days, attempts, next_attempt_on, started_on, card_token, last_failure_reason)
      select ${acting.tenantId}, ${f.customerId}, i.id, i.subscription_id, ${f.paymentId}, ${f.paymentId}, 'open', ${JSON.stringify(days)}::jsonb, 0, ${nextOn}, ${f.today}, ${f.cardToken}, ${f.reason}
        from invoices i where i.id = ${f.invoiceId}
      returning id`);
    caseId = row.id;
  }
  await queueCustomerMessages(tx, acting.tenantId, [
    {
      customerId: f.customerId,
      kind: "dunning.payment_failed",
      subject: `Payment for invoice ${invoice.number} failed`,
      body:
        `We could not charge your card ending ${f.cardLast4} for ${formatMoney(BigInt(invoice.open), invoice.currency)}: ${f.reason}. ` +
        (nextOn ? `We will try again on ${nextOn}. ` : "") +
        `You can pay the invoice with another card in the customer portal at any time.`,
      sourceType: "dunning_case",
      sourceId: caseId,
      dedupeKey: `dunning:${caseId}:failed:${f.paymentId}`,
    },
  ]);
  return { caseId, created: !existing };
}

/**
 * Resolves the unresolved cases of invoices that nothing is open on any more (paid or void), then
 * lifts what dunning did to each customer left with no unresolved case. Called by every path that
 * settles invoices, in its transaction.
 */
export async function resolveDunningForInvoices(tx: TenantTx, acting: Acting, invoiceIds: readonly string[]): Promise<number> {
  if (invoiceIds.length === 0) return 0;
  const resolved = await tx.execute<{ id: string; customer_id: string; number: string }>(sql`
    update dunning_cases d set status = 'resolved', closed_at = now(), next_attempt_on = null, updated_at = now()
      from invoices i
     where i.tenant_id = d.tenant_id and i.id = d.invoice_id and d.invoice_id = any(${plainArray([...new Set(invoiceIds)])}::uuid[])
       and d.status in ('open', 'exhausted') and (i.status in ('paid', 'void') or i.total_minor - i.paid_minor - i.credited_minor <= 0)
    returning d.id, d.customer_id, coalesce(i.number, '') as number`);
  if (resolved.length === 0) return 0;
  for (const customerId of [...new Set(resolved.map((r) => r.customer_id))].sort()) {
    const [{ unresolved }] = await tx.execute<{ unresolved: number }>(sql`
      select count(*)::int as unresolved from dunning_cases where customer_id = ${customerId} and status in ('open', 'exhausted')`);
    const numbers = resolved.filter((r) => r.customer_id === customerId).map((r) => r.number);
    const lifted = unresolved === 0 ? await liftSuspension(tx, acting, customerId) : { resumed: 0, holdReleased: false };
    await queueCustomerMessages(tx, acting.tenantId, [
      {
        customerId,
        kind: "dunning.resolved",
        subject: `Thank you: invoice ${numbers.join(", ")} is settled`,
        body:
          `We received the payment for invoice ${numbers.join(", ")}.` +
          (lifted.resumed > 0 || lifted.holdReleased ? " Your account is active again and your paused subscriptions have resumed." : ""),
        sourceType: "dunning_case",
        sourceId: resolved.find((r) => r.customer_id === customerId)!.id,
        dedupeKey: `dunning:${resolved.find((r) => r.customer_id === customerId)!.id}:resolved`,
      },
    ]);
  }
  return resolved.length;
}

/** Reactivates the subscriptions dunning suspended (those still suspended) and releases the hold it placed. */
async function liftSuspension(tx: TenantTx, acting: Acting, customerId: string): Promise<{ resumed: number; holdReleased: boolean }> {
  const cases = await tx.execute<{ id: string; subscription_ids: string[]; hold_placed: boolean }>(sql`
    select id, suspended_subscription_ids as subscription_ids, hold_placed from dunning_cases
     where customer_id = ${customerId} and suspended_at is not null and suspension_lifted_at is null for update`);
  if (cases.length === 0) return { resumed: 0, holdReleased: false };
  const ids = [...new Set(cases.flatMap((c) => c.subscription_ids))];
  const paused = ids.length
    ? await tx.execute<{ id: string }>(sql`select id from subscriptions where id = any(${plainArray(ids)}::uuid[]) and status = 'suspended' order by id`)
    : [];
  for (const s of paused) await transitionSubscription(tx, acting, { id: s.id, to: "active" });
  let holdReleased = false;
  if (cases.some((c) => c.hold_placed)) holdReleased = (await releaseCreditHold(tx, acting, { id: customerId, reason: "Dunning resolved: the overdue invoice was paid" })).changed;
  await tx.execute(sql`update dunning_cases set suspension_lifted_at = now() where id = any(${plainArray(cases.map((c) => c.id))}::uuid[])`);
  return { resumed: paused.length, holdReleased };
}

/**
 * Suspends the customer's active subscriptions (the status only dunning sets: not a move people make,
 * so not in the lifecycle's transitions) and places a credit hold, remembering both on the case.
 */
async function suspend(tx: TenantTx, acting: Acting, caseId: string, customerId: string, invoiceNumber: string): Promise<{ paused: number; holdPlaced: boolean }> {
  const active = await tx.execute<{ id: string }>(sql`
    update subscriptions set status = 'suspended', updated_at = now() where customer_id = ${customerId} and status = 'active' returning id`);
  await recordAudit(tx, {
    tenantId: acting.tenantId, actorUserId: acting.userId, action: "customer.suspended_by_dunning", entityType: "customer", entityId: customerId,
    data: { invoice: invoiceNumber, subscriptionIds: active.map((s) => s.id) },
  });
  const { changed } = await placeCreditHold(tx, acting, { id: customerId, reason: `Dunning: invoice ${invoiceNumber} unpaid after the last retry` });
  await tx.execute(sql`
    update dunning_cases set suspended_at = now(), suspended_subscription_ids = ${JSON.stringify(active.map((s) => s.id))}::jsonb, hold_placed = ${changed}, updated_at = now()
     where id = ${caseId}`);
  return { paused: active.length, holdPlaced: changed };
}

export type RetryOutcome = "skipped" | "paid" | "settled_already" | "retry_failed" | "exhausted";

/**
 * One due retry of one case, in the caller's transaction: charges the card on file for what is open
 * on the invoice (idempotency key: the case and retry number, so a re-run job never charges twice),
 * then settles the invoice or moves the case along its schedule, suspending after the last failure.
 */
export async function retryDunningCase(tx: TenantTx, acting: Acting, caseId: string, today: string, provider: PaymentProvider = paymentProvider()): Promise<RetryOutcome> {
  const [c] = await tx.execute<{ id: string; customer_id: string; invoice_id: string; status: string; schedule_days: number[]; attempts: number; next_attempt_on: string | null; started_on: string; card_token: string }>(sql`
    select id, customer_id, invoice_id, status, schedule_days, attempts, next_attempt_on::text, started_on::text, card_token from dunning_cases where id = ${caseId} for update`);
  if (!c) throw new DomainError("NOT_FOUND", "No such dunning case");
  if (c.status !== "open" || c.next_attempt_on === null || c.next_attempt_on > today) return "skipped";
  const customer = await lockCustomer(tx, c.customer_id);
  const [invoice] = await tx.execute<{ number: string; currency: string; open: string }>(sql`
    select coalesce(number, '') as number, currency, (total_minor - paid_minor - credited_minor)::text as open from invoices where id = ${c.invoice_id} for update`);
  const open = BigInt(invoice.open);
  if (open <= 0n) {
    await resolveDunningForInvoices(tx, acting, [c.invoice_id]);
    return "settled_already";
  }

  const retryNo = c.attempts + 1;
  const requestKey = `dunning:${c.id}:${retryNo}`;
  const charged = c.card_token
    ? await provider.charge({ source: { token: c.card_token }, amountMinor: open, currency: invoice.currency, idempotencyKey: requestKey })
    : null;
  const base = { customer, invoiceId: c.invoice_id, currency: invoice.currency, amountMinor: open, method: "card" as const, provider: provider.name, receivedOn: today, requestKey };
  if (charged?.outcome === "succeeded") {
    const policy = await tenantPolicy(tx);
    await settlePayment(tx, acting, { ...base, providerReference: charged.reference, cardLast4: charged.last4 }, {
      explicit: [{ invoiceId: c.invoice_id, amountMinor: open }],
      holdOverpaymentAsCredit: policy.holdOverpaymentAsCredit,
    });
    await resolveDunningForInvoices(tx, acting, [c.invoice_id]);
    return "paid";
  }

  const reason = charged ? (charged.outcome === "timeout" ? `${charged.reason} (timeout)` : charged.reason) : "No card on file";
  const failed = await insertPayment(tx, acting, { ...base, providerReference: charged?.reference ?? "", cardLast4: charged?.last4 ?? "", status: "failed", failureReason: reason });
  const after = afterFailedRetry(c.started_on, c.schedule_days, c.attempts, today);
  await tx.execute(sql`
    update dunning_cases set attempts = ${after.retriesMade}, next_attempt_on = ${after.nextRetryOn}, last_failure_reason = ${reason}, last_payment_id = ${failed.id}, updated_at = now(),
                             status = ${after.lastAttempt ? "exhausted" : "open"}
     where id = ${c.id}`);
  const amount = formatMoney(open, invoice.currency);
  if (!after.lastAttempt) {
    await queueCustomerMessages(tx, acting.tenantId, [
      {
        customerId: customer.id,
        kind: "dunning.retry_failed",
        subject: `Invoice ${invoice.number}: payment retry ${retryNo} failed`,
        body: `We tried your card again for ${amount} and it failed: ${reason}. Next try: ${after.nextRetryOn}. Pay in the customer portal to avoid a suspension.`,
        sourceType: "dunning_case",
        sourceId: c.id,
        dedupeKey: `dunning:${c.id}:retry:${retryNo}`,
      },
    ]);
    return "retry_failed";
  }
  const suspended = await suspend(tx, acting, c.id, customer.id, invoice.number);
  await queueCustomerMessages(tx, acting.tenantId, [
    {
      customerId: customer.id,
      kind: "dunning.suspended",
      subject: `Account suspended: invoice ${invoice.number} is unpaid`,
      body:
        `Our last try to charge ${amount} failed: ${reason}. ${suspended.paused} subscription(s) are suspended and new orders are on hold. ` +
        `Pay the invoice in the customer portal and everything resumes at once.`,
      sourceType: "dunning_case",
      sourceId: c.id,
      dedupeKey: `dunning:${c.id}:suspended`,
    },
  ]);
  return "exhausted";
}

export interface DunningRunSummary { due: number; paid: number; retryFailed: number; exhausted: number; skipped: number; errors: Array<{ caseId: string; error: string }> }

/**
 * The daily dunning run of one tenant: every open case due by `today`, each in its own transaction
 * (one customer's failure never rolls back another's retry). A case that throws is reported and
 * retried on the next run.
 */
export async function runDunning(tenantId: string, opts: { today: string; provider?: PaymentProvider }): Promise<DunningRunSummary> {
  const scope = { kind: "system" as const, tenantId };
  const acting = { tenantId, userId: null };
  const due = await withTenant(scope, (tx) =>
    tx.execute<{ id: string }>(sql`select id from dunning_cases where status = 'open' and next_attempt_on <= ${opts.today} order by next_attempt_on, id`),
  );
  const summary: DunningRunSummary = { due: due.length, paid: 0, retryFailed: 0, exhausted: 0, skipped: 0, errors: [] };
  for (const { id } of due) {
    try {
      const outcome = await withTenant(scope, (tx) => retryDunningCase(tx, acting, id, opts.today, opts.provider));
      if (outcome === "paid" || outcome === "settled_already") summary.paid++;
      else if (outcome === "retry_failed") summary.retryFailed++;
      else if (outcome === "exhausted") summary.exhausted++;
      else summary.skipped++;
    } catch (error) {
      summary.errors.push({ caseId: id, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return summary;
}
