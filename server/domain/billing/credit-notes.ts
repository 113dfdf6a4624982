import { sql } from "drizzle-orm";
import { plainArray, textArray } from "../../../db/pg-arrays";
import type { TenantTx } from "../../../db/with-tenant";
import { DomainError } from "../errors";
import { postJournalEntries, type PostingLine } from "../ledger/post";
import { Dec, formatMoney } from "../money/money";
import { adjustCustomerCredit, amountToMinor, settledStatusSql, type Acting } from "../payments/settle";
import type { Proration } from "../subscriptions/proration";
import { parseOrBadRequest } from "../subscriptions/contracts";
import { formatReference, nextNumber } from "../tenancy/counters";
import { tenantPolicy } from "../tenancy/settings";
import { resolveDunningForInvoices } from "./dunning";
import { decideCreditNoteInput, manualCreditNoteInput, voidInvoiceInput, type ManualCreditNoteInput, type VoidInvoiceInput } from "./credit-note-schemas";

/*
 * Credit notes: from a return's restocked lines, from a proration (an amendment's credit for the
 * unused part of a period already billed), and by hand. A manual note above the tenant's threshold
 * waits for another user's approval (the requester cannot approve it). A note never credits more
 * than is still creditable on each line and on the invoice; pending notes reserve their amounts.
 *
 * Issuing posts one entry: Dr deferred revenue for what of the line's schedule is not yet earned,
 * Dr revenue for what was already recognized, Dr tax payable for the tax; Cr receivables for what is
 * still open on the invoice and Cr customer credit for any part the customer had already paid. The
 * unearned part is a `reversal` row of the line's schedule (revenue_recognitions), which reduces what
 * is left to recognize: left = schedule amount - recognitions - reversals. A fully credited invoice
 * is void.
 */

export interface CreditLineRequest { invoiceLineId: string; netMinor: bigint; returnLineId?: string | null; quantity?: string; description?: string }

interface CreditableLine {
  id: string;
  lineNo: number;
  description: string;
  quantity: string;
  netMinor: bigint;
  taxMinor: bigint;
  /** Already credited or reserved by a pending note. */
  creditedNetMinor: bigint;
  creditedTaxMinor: bigint;
}

interface LockedInvoice { id: string; number: string; customerId: string; currency: string; status: string; totalMinor: bigint; paidMinor: bigint; creditedMinor: bigint }

async function lockInvoice(tx: TenantTx, invoiceId: string): Promise<LockedInvoice> {
  const [row] = await tx.execute<{ id: string; number: string | null; customer_id: string; currency: string; status: string; total: string; paid: string; credited: string }>(sql`
    select id, number, customer_id, currency, status, total_minor::text as total, paid_minor::text as paid, credited_minor::text as credited
      from invoices where id = ${invoiceId} for update`);
  if (!row) throw new DomainError("NOT_FOUND", "No such invoice", { invoiceId: ["Unknown invoice"] });
  return { id: row.id, number: row.number ?? "(draft)", customerId: row.customer_id, currency: row.currency, status: row.status, totalMinor: BigInt(row.total), paidMinor: BigInt(row.paid), creditedMinor: BigInt(row.credited) };
}

async function creditableLines(tx: TenantTx, invoiceId: string): Promise<CreditableLine[]> {
  const rows = await tx.execute<{ id: string; line_no: number; description: string; quantity: string; net: string; tax: string; credited_net: string; credited_tax: string }>(sql`
    select l.id, l.line_no, l.description, l.quantity::text, l.net_minor::text as net, l.tax_minor::text as tax,
           coalesce(sum(cl.net_minor) filter (where n.status in ('issued', 'pending_approval')), 0)::text as credited_net,
           coalesce(sum(cl.tax_minor) filter (where n.status in ('issued', 'pending_approval')), 0)::text as credited_tax
      from invoice_lines l
      left join credit_note_lines cl on cl.tenant_id = l.tenant_id and cl.invoice_line_id = l.id
      left join credit_notes n on n.tenant_id = cl.tenant_id and n.id = cl.credit_note_id
     where l.invoice_id = ${invoiceId}
     group by l.tenant_id, l.id
     order by l.line_no`);
  return rows.map((r) => ({ id: r.id, lineNo: r.line_no, description: r.description, quantity: r.quantity, netMinor: BigInt(r.net), taxMinor: BigInt(r.tax), creditedNetMinor: BigInt(r.credited_net), creditedTaxMinor: BigInt(r.credited_tax) }));
}

/** Pending and issued notes of the invoice, which reserve what they credit. */
async function reservedOnInvoice(tx: TenantTx, invoiceId: string): Promise<bigint> {
  const [row] = await tx.execute<{ pending: string }>(sql`select coalesce(sum(total_minor), 0)::text as pending from credit_notes where invoice_id = ${invoiceId} and status = 'pending_approval'`);
  return BigInt(row.pending);
}

/** Tax credited with `net` of a line: the line's remaining tax when the rest of the net goes, else in proportion (half-up). */
function taxFor(line: CreditableLine, net: bigint): bigint {
  const remainingNet = line.netMinor - line.creditedNetMinor;
  const remainingTax = line.taxMinor - line.creditedTaxMinor;
  if (net === remainingNet) return remainingTax;
  const tax = BigInt(new Dec(line.taxMinor.toString()).times(net.toString()).dividedBy(line.netMinor.toString()).toDecimalPlaces(0, Dec.ROUND_HALF_UP).toFixed(0));
  return tax > remainingTax ? remainingTax : tax;
}

export interface CreditNoteResult { creditNoteId: string; number: string | null; status: "pending_approval" | "issued"; totalMinor: bigint; created: boolean; invoiceStatus: string }

interface NewCreditNote {
  invoiceId: string;
  source: "return" | "proration" | "manual";
  returnId?: string | null;
  reason: string;
  lines: CreditLineRequest[] | "full";
  requestKey: string;
  today: string;
  /** Manual notes: the tenant's threshold decides; returns and prorations are issued at once. */
  approvalThresholdMinor: bigint | null;
}

async function existingByKey(tx: TenantTx, requestKey: string): Promise<CreditNoteResult | null> {
  const [row] = await tx.execute<{ id: string; number: string | null; status: "pending_approval" | "issued"; total: string; invoice_status: string }>(sql`
    select n.id, n.number, n.status, n.total_minor::text as total, i.status as invoice_status
      from credit_notes n join invoices i on i.id = n.invoice_id where n.request_key = ${requestKey}`);
  return row ? { creditNoteId: row.id, number: row.number, status: row.status, totalMinor: BigInt(row.total), created: false, invoiceStatus: row.invoice_status } : null;
}

/** Validates and writes a credit note (issued at once, or pending approval), in the caller's transaction. */
async function createCreditNote(tx: TenantTx, acting: Acting, n: NewCreditNote): Promise<CreditNoteResult> {
  const invoice = await lockInvoice(tx, n.invoiceId);
  // Under the invoice's lock: a retry of the same request finds the first one's note.
  const existing = await existingByKey(tx, n.requestKey);
  if (existing) return existing;
  if (invoice.status === "draft") throw new DomainError("BAD_REQUEST", "A draft invoice is changed, not credited: issue it first");
  if (invoice.status === "void") throw new DomainError("BAD_REQUEST", `Invoice ${invoice.number} is void: nothing is left to credit`);

  const lines = await creditableLines(tx, invoice.id);
  const requested: CreditLineRequest[] =
    n.lines === "full"
      ? lines.filter((l) => l.netMinor - l.creditedNetMinor > 0n).map((l) => ({ invoiceLineId: l.id, netMinor: l.netMinor - l.creditedNetMinor }))
      : n.lines;
  const errors: Record<string, string[]> = {};
  const noteLines = requested.map((r, i) => {
    const line = lines.find((l) => l.id === r.invoiceLineId);
    if (!line) {
      errors[`lines.${i}.invoiceLineId`] = [`Not a line of invoice ${invoice.number}`];
      return null;
    }
    const remaining = line.netMinor - line.creditedNetMinor;
    if (r.netMinor <= 0n) errors[`lines.${i}.amount`] = ["Credit an amount above zero"];
    else if (r.netMinor > remaining) errors[`lines.${i}.amount`] = [`At most ${formatMoney(remaining > 0n ? remaining : 0n, invoice.currency)} can still be credited on line ${line.lineNo}`];
    if (errors[`lines.${i}.amount`]) return null;
    const tax = taxFor(line, r.netMinor);
    // Later requests of the same line see this one's amounts.
    line.creditedNetMinor += r.netMinor;
    line.creditedTaxMinor += tax;
    return { invoiceLineId: line.id, returnLineId: r.returnLineId ?? null, description: r.description ?? line.description, quantity: r.quantity ?? line.quantity, netMinor: r.netMinor, taxMinor: tax };
  });
  if (Object.keys(errors).length > 0) {
    throw new DomainError("BAD_REQUEST", `The credit note is more than invoice ${invoice.number} allows: ${Object.values(errors).flat().join("; ")}`, errors);
  }
  const valid = noteLines.filter((l) => l !== null);
  const netMinor = valid.reduce((s, l) => s + l.netMinor, 0n);
  const taxMinor = valid.reduce((s, l) => s + l.taxMinor, 0n);
  const totalMinor = netMinor + taxMinor;
  if (totalMinor <= 0n) throw new DomainError("BAD_REQUEST", `Nothing is left to credit on invoice ${invoice.number}`);
  const creditable = invoice.totalMinor - invoice.creditedMinor - (await reservedOnInvoice(tx, invoice.id));
  if (totalMinor > creditable) {
    throw new DomainError("BAD_REQUEST", `A credit note of ${formatMoney(totalMinor, invoice.currency)} is more than the ${formatMoney(creditable > 0n ? creditable : 0n, invoice.currency)} still creditable on invoice ${invoice.number}`, {
      lines: [`At most ${formatMoney(creditable > 0n ? creditable : 0n, invoice.currency)} in total`],
    });
  }

  const pending = n.approvalThresholdMinor !== null && totalMinor > n.approvalThresholdMinor;
  const number = pending ? null : await creditNoteNumber(tx, acting.tenantId, n.today);
  const [note] = await tx.execute<{ id: string }>(sql`
    insert into credit_notes (tenant_id, number, invoice_id, customer_id, source, return_id, status, reason, currency, net_minor, tax_minor, total_minor, request_key, requested_by, issue_date)
    values (${acting.tenantId}, ${number}, ${invoice.id}, ${invoice.customerId}, ${n.source}, ${n.returnId ?? null}, ${pending ? "pending_approval" : "issued"}, ${n.reason},
            ${invoice.currency}, ${netMinor}, ${taxMinor}, ${totalMinor}, ${n.requestKey}, ${acting.userId}, ${pending ? null : n.today})
    returning id`);
  await tx.execute(sql`
    insert into credit_note_lines (tenant_id, credit_note_id, invoice_line_id, return_line_id, description, quantity, net_minor, tax_minor)
    select ${acting.tenantId}, ${note.id}, invoice_line_id, return_line_id, description, quantity, net, tax
      from unnest(${plainArray(valid.map((l) => l.invoiceLineId))}::uuid[], ${plainArray(valid.map((l) => l.returnLineId))}::uuid[], ${textArray(valid.map((l) => l.description))}::text[],
                  ${plainArray(valid.map((l) => l.quantity))}::numeric[], ${plainArray(valid.map((l) => l.netMinor))}::bigint[], ${plainArray(valid.map((l) => l.taxMinor))}::bigint[])
           as u(invoice_line_id, return_line_id, description, quantity, net, tax)`);
  const invoiceStatus = pending ? invoice.status : await applyIssuedCreditNote(tx, acting, note.id, n.today);
  return { creditNoteId: note.id, number, status: pending ? "pending_approval" : "issued", totalMinor, created: true, invoiceStatus };
}

/** Gapless per tenant and year: CN-2026-000001. */
async function creditNoteNumber(tx: TenantTx, tenantId: string, today: string): Promise<string> {
  const year = today.slice(0, 4);
  return formatReference(`CN-${year}`, await nextNumber(tx, tenantId, "credit_note", year));
}

/**
 * The effects of an issued note: revenue schedules, the invoice's amounts and status, the journal
 * entry, the return lines it credits, and dunning (a credit that settles the invoice resolves it).
 */
async function applyIssuedCreditNote(tx: TenantTx, acting: Acting, noteId: string, today: string): Promise<string> {
  const [note] = await tx.execute<{ number: string; invoice_id: string; customer_id: string; currency: string; tax: string; total: string }>(sql`
    select number, invoice_id, customer_id, currency, tax_minor::text as tax, total_minor::text as total from credit_notes where id = ${noteId}`);
  const invoice = await lockInvoice(tx, note.invoice_id);
  const totalMinor = BigInt(note.total);
  const open = invoice.totalMinor - invoice.paidMinor - invoice.creditedMinor;
  const fromReceivable = totalMinor < open ? totalMinor : open > 0n ? open : 0n;
  const freedFromPaid = totalMinor - fromReceivable;

  // Per line: how much of the credited net is still deferred on its schedule (not yet recognized nor
  // reversed), and how much was earned already.
  const lines = await tx.execute<{ id: string; invoice_line_id: string; return_line_id: string | null; net: string; category_id: string | null; schedule_id: string | null; schedule_amount: string | null; used: string | null }>(sql`
    select cl.id, cl.invoice_line_id, cl.return_line_id, cl.net_minor::text as net, il.category_id, s.id as schedule_id, s.amount_minor::text as schedule_amount,
           (select coalesce(sum(r.amount_minor), 0) from revenue_recognized r where r.tenant_id = s.tenant_id and r.schedule_id = s.id)::text as used
      from credit_note_lines cl
      join invoice_lines il on il.tenant_id = cl.tenant_id and il.id = cl.invoice_line_id
      left join revenue_schedules s on s.tenant_id = il.tenant_id and s.invoice_line_id = il.id
     where cl.credit_note_id = ${noteId}
     order by cl.id`);
  const postingLines: PostingLine[] = [];
  const reversals = new Map<string, bigint>();
  for (const l of lines) {
    const net = BigInt(l.net);
    let deferred = 0n;
    if (l.schedule_id) {
      // Two lines of one note on the same invoice line share its schedule: the second sees the first's reversal.
      const left = BigInt(l.schedule_amount!) - BigInt(l.used!) - (reversals.get(l.schedule_id) ?? 0n);
      deferred = net < left ? net : left > 0n ? left : 0n;
      if (deferred > 0n) reversals.set(l.schedule_id, (reversals.get(l.schedule_id) ?? 0n) + deferred);
    }
    postingLines.push({ account: "deferred_revenue", debitMinor: deferred, currency: note.currency, customerId: note.customer_id });
    postingLines.push({ account: { revenueCategoryId: l.category_id }, debitMinor: net - deferred, currency: note.currency, customerId: note.customer_id });
  }
  postingLines.push(
    { account: "tax_payable", debitMinor: BigInt(note.tax), currency: note.currency },
    { account: "accounts_receivable", creditMinor: fromReceivable, currency: note.currency, customerId: note.customer_id },
    { account: "customer_credit", creditMinor: freedFromPaid, currency: note.currency, customerId: note.customer_id, memo: "Credit note on a paid invoice: held as customer credit" },
  );

  if (reversals.size > 0) {
    await tx.execute(sql`
      insert into revenue_recognitions (tenant_id, schedule_id, period_month, kind, credit_note_id, amount_minor)
      select ${acting.tenantId}, id, date_trunc('month', ${today}::date)::date, 'reversal', ${noteId}, amount
        from unnest(${plainArray([...reversals.keys()])}::uuid[], ${plainArray([...reversals.values()])}::bigint[]) as x(id, amount)`);
  }
  if (freedFromPaid > 0n) {
    // The paid money the note gives back leaves the invoice and becomes the customer's credit.
    await tx.execute(sql`
      insert into payment_allocations (tenant_id, payment_id, invoice_id, customer_id, amount_minor, credit_note_id)
      values (${acting.tenantId}, null, ${invoice.id}, ${note.customer_id}, ${-freedFromPaid}, ${noteId})`);
    await adjustCustomerCredit(tx, acting.tenantId, [{ customerId: note.customer_id, currency: note.currency, deltaMinor: freedFromPaid }]);
  }
  const [updated] = await tx.execute<{ status: string }>(sql`
    update invoices i
       set credited_minor = i.credited_minor + ${totalMinor}, paid_minor = i.paid_minor - ${freedFromPaid},
           status = ${settledStatusSql(sql`i.total_minor`, sql`(i.paid_minor - ${freedFromPaid})`, sql`(i.credited_minor + ${totalMinor})`)},
           voided_at = case when i.credited_minor + ${totalMinor} >= i.total_minor then now() else i.voided_at end
     where i.id = ${invoice.id}
    returning i.status`);
  const returnLines = lines.filter((l) => l.return_line_id !== null).map((l) => l.return_line_id!);
  if (returnLines.length > 0) await tx.execute(sql`update return_lines set credit_note_id = ${noteId} where id = any(${plainArray(returnLines)}::uuid[])`);
  await postJournalEntries(tx, acting.tenantId, acting.userId, [
    { sourceType: "credit_note", sourceId: noteId, eventKey: "issued", entryDate: today, memo: `Credit note ${note.number} on ${invoice.number}`, lines: postingLines },
  ]);
  await resolveDunningForInvoices(tx, acting, [invoice.id]);
  return updated.status;
}

/** A manual credit note by finance: issued at once up to the tenant's threshold, above it pending another user's approval. */
export async function requestCreditNote(tx: TenantTx, acting: Acting, raw: ManualCreditNoteInput, today: string): Promise<CreditNoteResult> {
  const input = parseOrBadRequest(manualCreditNoteInput, raw);
  const [invoice] = await tx.execute<{ currency: string }>(sql`select currency from invoices where id = ${input.invoiceId}`);
  if (!invoice) throw new DomainError("NOT_FOUND", "No such invoice", { invoiceId: ["Unknown invoice"] });
  const lines = input.full ? ("full" as const) : input.lines!.map((l, i) => ({ invoiceLineId: l.invoiceLineId, netMinor: amountToMinor(l.amount, invoice.currency, `lines.${i}.amount`) }));
  const { creditNoteApprovalThresholdMinor } = await tenantPolicy(tx);
  return createCreditNote(tx, acting, { invoiceId: input.invoiceId, source: "manual", reason: input.reason, lines, requestKey: input.requestKey, today, approvalThresholdMinor: creditNoteApprovalThresholdMinor });
}

/** Voids an invoice the only way there is: a credit note for everything still creditable (approved like any manual note). */
export async function voidInvoice(tx: TenantTx, acting: Acting, raw: VoidInvoiceInput, today: string): Promise<CreditNoteResult> {
  const input = parseOrBadRequest(voidInvoiceInput, raw);
  return requestCreditNote(tx, acting, { invoiceId: input.invoiceId, reason: `Void: ${input.reason}`, full: true, requestKey: input.requestKey }, today);
}

/** Approves (issuing it) or rejects a pending note; the user who asked for it may do neither. */
export async function decideCreditNote(tx: TenantTx, acting: Acting, raw: { id: string; decision: "approved" | "rejected" }, today: string): Promise<CreditNoteResult> {
  const input = parseOrBadRequest(decideCreditNoteInput, raw);
  const [note] = await tx.execute<{ id: string; number: string | null; status: string; requested_by: string | null; invoice_id: string; total: string }>(sql`
    select id, number, status, requested_by, invoice_id, total_minor::text as total from credit_notes where id = ${input.id} for update`);
  if (!note) throw new DomainError("NOT_FOUND", "No such credit note");
  if (note.status !== "pending_approval") throw new DomainError("CONFLICT", `This credit note is already ${note.status === "issued" ? `issued as ${note.number}` : "rejected"}`);
  if (acting.userId === null || note.requested_by === acting.userId) throw new DomainError("FORBIDDEN", "You asked for this credit note: another user must approve or reject it");
  if (input.decision === "rejected") {
    await tx.execute(sql`update credit_notes set status = 'rejected', decided_by = ${acting.userId}, decided_at = now() where id = ${note.id}`);
    const [invoice] = await tx.execute<{ status: string }>(sql`select status from invoices where id = ${note.invoice_id}`);
    return { creditNoteId: note.id, number: null, status: "pending_approval", totalMinor: BigInt(note.total), created: false, invoiceStatus: invoice.status };
  }
  // Re-check under the invoice's lock: payments and other notes since the request do not make it exceed the invoice.
  const invoice = await lockInvoice(tx, note.invoice_id);
  if (invoice.status === "void") throw new DomainError("CONFLICT", `Invoice ${invoice.number} is void already`);
  const number = await creditNoteNumber(tx, acting.tenantId, today);
  await tx.execute(sql`update credit_notes set status = 'issued', number = ${number}, issue_date = ${today}, decided_by = ${acting.userId}, decided_at = now() where id = ${note.id}`);
  const invoiceStatus = await applyIssuedCreditNote(tx, acting, note.id, today);
  return { creditNoteId: note.id, number, status: "issued", totalMinor: BigInt(note.total), created: false, invoiceStatus };
}

/**
 * The credit note for a received return: its restocked lines, valued as sold (the return line's
 * amount for the quantity received back), against the invoice of the order lines. Returns of goods
 * that were never invoiced on their own (subscription deliveries) get none. Issuing twice is a no-op.
 */
export async function creditNoteForReturn(tx: TenantTx, acting: Acting, returnId: string, today: string): Promise<CreditNoteResult | null> {
  const [ret] = await tx.execute<{ number: string; status: string }>(sql`select number, status from returns where id = ${returnId}`);
  if (!ret) throw new DomainError("NOT_FOUND", "No such return");
  if (ret.status !== "received") throw new DomainError("BAD_REQUEST", `Return ${ret.number} is not received yet: credit follows the goods`);
  // Valued as invoiced: the invoice line's net (tax-exclusive, or carved out of tax-inclusive prices) per unit shipped.
  const rows = await tx.execute<{ return_line_id: string; invoice_id: string; invoice_line_id: string; line_net: string; line_quantity: string; received: number }>(sql`
    select rl.id as return_line_id, il.invoice_id, il.id as invoice_line_id, il.net_minor::text as line_net, il.quantity::text as line_quantity, rl.received_quantity as received
      from return_lines rl
      join invoice_lines il on il.tenant_id = rl.tenant_id and il.order_line_id = rl.order_line_id and il.net_minor > 0
      join invoices i on i.tenant_id = il.tenant_id and i.id = il.invoice_id and i.status <> 'void' and i.status <> 'draft'
     where rl.return_id = ${returnId} and rl.disposition = 'restock' and rl.received_quantity > 0 and rl.credit_note_id is null
     order by rl.id, i.issue_date desc`);
  if (rows.length === 0) {
    const existing = await existingByKey(tx, `return:${returnId}`);
    return existing;
  }
  const invoiceIds = [...new Set(rows.map((r) => r.invoice_id))];
  if (invoiceIds.length > 1) throw new DomainError("CONFLICT", `Return ${ret.number} spans ${invoiceIds.length} invoices: credit them by hand, one note per invoice`);
  const lines = [...new Map(rows.map((r) => [r.return_line_id, r])).values()].map((r) => {
    const perUnit = new Dec(r.line_net).dividedBy(r.line_quantity);
    const net = BigInt(perUnit.times(r.received).toDecimalPlaces(0, Dec.ROUND_HALF_UP).toFixed(0));
    return { invoiceLineId: r.invoice_line_id, returnLineId: r.return_line_id, quantity: String(r.received), netMinor: net };
  });
  return createCreditNote(tx, acting, { invoiceId: invoiceIds[0], source: "return", returnId, reason: `Return ${ret.number}: restocked goods`, lines, requestKey: `return:${returnId}`, today, approvalThresholdMinor: null });
}

/**
 * The credit note for an amendment's proration: its credit lines (unused days at the old terms)
 * against the recurring-fee lines of the invoice that billed that period in advance. When that period
 * is not billed yet there is nothing to credit (the renewal bills the new terms) and null comes back.
 */
export async function creditNoteForProration(tx: TenantTx, acting: Acting, subscriptionId: string, proration: Proration, requestKey: string, today: string): Promise<CreditNoteResult | null> {
  const credits = proration.lines.filter((l) => l.kind === "credit" && l.amountMinor < 0n);
  if (credits.length === 0) return null;
  const [invoice] = await tx.execute<{ id: string }>(sql`
    select id from invoices where subscription_id = ${subscriptionId} and period_start = ${proration.period.start} and status <> 'void' and status <> 'draft'`);
  if (!invoice) return null;
  const feeLines = await tx.execute<{ id: string; product_id: string }>(sql`
    select id, product_id from invoice_lines where invoice_id = ${invoice.id} and kind = 'recurring_fee' order by line_no`);
  const lines = credits.flatMap((c) => {
    const line = feeLines.find((l) => l.product_id === c.productId);
    return line ? [{ invoiceLineId: line.id, netMinor: -c.amountMinor, quantity: c.quantity, description: `${c.description}: ${c.days} unused days of ${c.daysInPeriod}` }] : [];
  });
  if (lines.length === 0) return null;
  return createCreditNote(tx, acting, { invoiceId: invoice.id, source: "proration", reason: `Proration from ${proration.effectiveDate}`, lines, requestKey, today, approvalThresholdMinor: null });
}
