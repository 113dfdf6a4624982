/**
 * Payments, customer credit, dunning and credit notes.
 *
 * Who may do what (RLS narrows reads further: a customer session sees only its own invoices,
 * payments, credit notes and credit; a reseller its customers'):
 *
 * | procedure                                                    | roles                                                   |
 * | ------------------------------------------------------------ | ------------------------------------------------------- |
 * | payments.list, payments.detail, payments.invoices, payments.invoice, payments.creditBalances | every tenant role (RLS) |
 * | payments.openInvoices                                        | owner, admin, finance (the record form)                 |
 * | payments.record, payments.applyCredit                        | owner, admin, finance                                   |
 * | payments.payInvoice                                          | customer roles (own invoices); owner, admin, finance (card taken for the customer) |
 * | dunning.list, dunning.runNow                                 | owner, admin, finance                                   |
 * | creditNotes.list                                             | every tenant role (RLS)                                 |
 * | creditNotes.creditableLines, creditNotes.create, creditNotes.decide, creditNotes.voidInvoice | owner, admin, finance (decide: never the requester) |
 * | creditNotes.fromReturn                                       | owner, admin, finance, ops                              |
 */
import { z } from "zod";
import { enqueueDunningRun } from "../../../jobs/dunning";
import type { TenantActor } from "../../domain/access/actor";
import { CUSTOMER_ROLES, TENANT_ROLES } from "../../domain/access/roles";
import { creditNoteForReturn, decideCreditNote, requestCreditNote, voidInvoice } from "../../domain/billing/credit-notes";
import { decideCreditNoteInput, manualCreditNoteInput, voidInvoiceInput } from "../../domain/billing/credit-note-schemas";
import { applyCreditToOpenInvoices } from "../../domain/payments/customer-credit";
import { payInvoiceByCard, listPayments, paymentDetail, recordPayment } from "../../domain/payments/payments";
import {
  creditableInvoiceLines, creditBalances, creditNoteListInput, dunningListInput, invoiceListInput, invoiceStatement, listCreditNotes, listDunningCases, listVisibleInvoices, openInvoicesForCustomer,
} from "../../domain/payments/queries";
import { applyCreditInput, listPaymentsInput, payInvoiceInput, recordPaymentInput } from "../../domain/payments/schemas";
import { tenantPolicy } from "../../domain/tenancy/settings";
import { localDateIn } from "../../domain/usage/ingest";
import type { TenantTx } from "../../../db/with-tenant";
import { createTRPCRouter, roleProcedure } from "../trpc";

const FINANCE = ["owner", "admin", "finance"] as const;
const acting = (actor: TenantActor) => ({ tenantId: actor.tenantId, userId: actor.userId });
/** Today in the tenant's time zone: the date payments are received and documents issued on. */
const todayOf = async (tx: TenantTx) => localDateIn((await tenantPolicy(tx)).timeZone)(Date.now());
const idInput = z.object({ id: z.uuid() });

export const paymentsRouter = createTRPCRouter({
  list: roleProcedure(...TENANT_ROLES).input(listPaymentsInput).query(({ ctx, input }) => listPayments(ctx.tx, input)),
  detail: roleProcedure(...TENANT_ROLES).input(idInput).query(({ ctx, input }) => paymentDetail(ctx.tx, input.id)),
  invoices: roleProcedure(...TENANT_ROLES).input(invoiceListInput).query(({ ctx, input }) => listVisibleInvoices(ctx.tx, input)),
  invoice: roleProcedure(...TENANT_ROLES).input(idInput).query(({ ctx, input }) => invoiceStatement(ctx.tx, input.id)),
  creditBalances: roleProcedure(...TENANT_ROLES)
    .input(z.object({ customerId: z.uuid().optional() }))
    .query(({ ctx, input }) => creditBalances(ctx.tx, ctx.actor.portal === "customer" ? ctx.actor.customerId! : input.customerId)),
  openInvoices: roleProcedure(...FINANCE).input(z.object({ customerId: z.uuid() })).query(({ ctx, input }) => openInvoicesForCustomer(ctx.tx, input.customerId)),
  record: roleProcedure(...FINANCE).input(recordPaymentInput).mutation(({ ctx, input }) => recordPayment(ctx.tx, acting(ctx.actor), input)),
  applyCredit: roleProcedure(...FINANCE)
    .input(applyCreditInput)
    .mutation(async ({ ctx, input }) => applyCreditToOpenInvoices(ctx.tx, acting(ctx.actor), input.customerId, await todayOf(ctx.tx))),
  /** A decline or timeout is an answer (outcome + message), not an error: the failed attempt is recorded and starts dunning. */
  payInvoice: roleProcedure(...FINANCE, ...CUSTOMER_ROLES)
    .input(payInvoiceInput)
    .mutation(async ({ ctx, input }) => payInvoiceByCard(ctx.tx, acting(ctx.actor), input, { today: await todayOf(ctx.tx) })),
});

export const dunningRouter = createTRPCRouter({
  list: roleProcedure(...FINANCE).input(dunningListInput).query(({ ctx, input }) => listDunningCases(ctx.tx, input)),
  /** Runs today's retries now (the daily scheduler does it at 06:00); one run per tenant and day. */
  runNow: roleProcedure(...FINANCE)
    .input(z.object({}).strict().optional())
    .mutation(async ({ ctx }) => ({ jobId: await enqueueDunningRun(ctx.actor.tenantId, await todayOf(ctx.tx)) })),
});

export const creditNotesRouter = createTRPCRouter({
  list: roleProcedure(...TENANT_ROLES).input(creditNoteListInput).query(({ ctx, input }) => listCreditNotes(ctx.tx, input)),
  creditableLines: roleProcedure(...FINANCE).input(z.object({ invoiceId: z.uuid() })).query(({ ctx, input }) => creditableInvoiceLines(ctx.tx, input.invoiceId)),
  create: roleProcedure(...FINANCE).input(manualCreditNoteInput).mutation(async ({ ctx, input }) => requestCreditNote(ctx.tx, acting(ctx.actor), input, await todayOf(ctx.tx))),
  decide: roleProcedure(...FINANCE).input(decideCreditNoteInput).mutation(async ({ ctx, input }) => decideCreditNote(ctx.tx, acting(ctx.actor), input, await todayOf(ctx.tx))),
  voidInvoice: roleProcedure(...FINANCE).input(voidInvoiceInput).mutation(async ({ ctx, input }) => voidInvoice(ctx.tx, acting(ctx.actor), input, await todayOf(ctx.tx))),
  fromReturn: roleProcedure(...FINANCE, "ops").input(idInput).mutation(async ({ ctx, input }) => creditNoteForReturn(ctx.tx, acting(ctx.actor), input.id, await todayOf(ctx.tx))),
});
