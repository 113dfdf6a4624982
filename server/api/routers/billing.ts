/**
 * Billing for finance: renewal runs, invoices, tax rules, revenue recognition and reports.
 *
 * | procedure                                                 | roles                                         |
 * | --------------------------------------------------------- | --------------------------------------------- |
 * | runs, run                                                 | every operator role (a run concerns them all) |
 * | runNow, recognize                                         | owner, admin, finance                         |
 * | invoices, invoice, taxRules                               | owner, admin, finance, sales                  |
 * | createInvoice, issueInvoice, discardDraft, createTaxRule  | owner, admin, finance                         |
 * | trialBalance, arAging, waterfall                          | owner, admin, finance                         |
 *
 * Customer-portal invoice pages and payments are the payments side's (their own router). RLS: billing
 * writes are staff-only; schedules, recognitions, runs and the ledger are staff-only to read as well.
 */
import { z } from "zod";
import { OPERATOR_ROLES } from "../../domain/access/roles";
import { createManualInvoice, discardDraft, getInvoice, issueInvoice, listInvoices, listInvoicesInput, manualInvoiceInput } from "../../domain/billing/invoices";
import { recognizeClosedMonths } from "../../domain/billing/recognition";
import { arAging, arAgingInput, deferredWaterfall, waterfallInput } from "../../domain/billing/reports";
import { getBillingRun, getBillingRunInput, listBillingRuns, listBillingRunsInput, requestBillingRun } from "../../domain/billing/runs";
import { billingRunInput, recognitionInput } from "../../domain/billing/schemas";
import { createTaxRule, listTaxRules, taxRuleInput } from "../../domain/billing/tax";
import { trialBalance } from "../../domain/ledger/reports";
import { tenantPolicy } from "../../domain/tenancy/settings";
import { localDateIn } from "../../domain/usage/ingest";
import { enqueueBillingRun, scheduleTenantBilling } from "../../../jobs/renewals";
import { createTRPCRouter, roleProcedure } from "../trpc";

const FINANCE = ["owner", "admin", "finance"] as const;
const FINANCE_READ = ["owner", "admin", "finance", "sales"] as const;
const invoiceId = z.object({ id: z.uuid("No such invoice") });

export const billingRouter = createTRPCRouter({
  runs: roleProcedure(...OPERATOR_ROLES).input(listBillingRunsInput).query(({ ctx, input }) => listBillingRuns(ctx.tx, input)),
  run: roleProcedure(...OPERATOR_ROLES).input(getBillingRunInput).query(({ ctx, input }) => getBillingRun(ctx.tx, input)),
  runNow: roleProcedure(...FINANCE)
    .input(billingRunInput)
    .mutation(async ({ ctx, input }) => {
      const { timeZone } = await tenantPolicy(ctx.tx);
      const run = await requestBillingRun(ctx.tx, { tenantId: ctx.actor.tenantId, userId: ctx.actor.userId }, input, localDateIn(timeZone)(Date.now()));
      // Also for the run already queued or running: the job id is the run's, so this is a no-op while
      // its job exists, and it puts back a job that Redis lost (else the run would wait forever).
      await enqueueBillingRun(ctx.actor.tenantId, run.runId, run.jobId);
      if (run.created) await scheduleTenantBilling(ctx.actor.tenantId, timeZone);
      return run;
    }),
  recognize: roleProcedure(...FINANCE)
    .input(recognitionInput)
    .mutation(async ({ ctx, input }) => {
      const { timeZone } = await tenantPolicy(ctx.tx);
      const r = await recognizeClosedMonths(ctx.tx, ctx.actor.tenantId, input.throughDate, localDateIn(timeZone)(Date.now()));
      return {
        months: r.months, recognitions: r.recognitions, entries: r.entries, amountMinor: r.amountMinor.toString(),
        amounts: Object.entries(r.byCurrency).map(([currency, amount]) => ({ currency, amountMinor: amount.toString() })),
      };
    }),

  invoices: roleProcedure(...FINANCE_READ).input(listInvoicesInput).query(({ ctx, input }) => listInvoices(ctx.tx, input)),
  invoice: roleProcedure(...FINANCE_READ).input(invoiceId).query(({ ctx, input }) => getInvoice(ctx.tx, input.id)),
  createInvoice: roleProcedure(...FINANCE)
    .input(manualInvoiceInput)
    .mutation(({ ctx, input }) => createManualInvoice(ctx.tx, { tenantId: ctx.actor.tenantId, userId: ctx.actor.userId }, input)),
  issueInvoice: roleProcedure(...FINANCE).input(invoiceId).mutation(({ ctx, input }) => issueInvoice(ctx.tx, { tenantId: ctx.actor.tenantId, userId: ctx.actor.userId }, input.id)),
  discardDraft: roleProcedure(...FINANCE).input(invoiceId).mutation(async ({ ctx, input }) => {
    await discardDraft(ctx.tx, input.id);
    return { ok: true };
  }),

  taxRules: roleProcedure(...FINANCE_READ).query(({ ctx }) => listTaxRules(ctx.tx)),
  createTaxRule: roleProcedure(...FINANCE).input(taxRuleInput).mutation(({ ctx, input }) => createTaxRule(ctx.tx, { tenantId: ctx.actor.tenantId, userId: ctx.actor.userId }, input)),

  trialBalance: roleProcedure(...FINANCE)
    .input(z.object({ asOf: z.iso.date().optional() }))
    .query(async ({ ctx, input }) => (await trialBalance(ctx.tx, input.asOf)).map((r) => ({ ...r, debitMinor: r.debitMinor.toString(), creditMinor: r.creditMinor.toString(), balanceMinor: r.balanceMinor.toString() }))),
  arAging: roleProcedure(...FINANCE).input(arAgingInput).query(({ ctx, input }) => arAging(ctx.tx, input)),
  waterfall: roleProcedure(...FINANCE).input(waterfallInput).query(({ ctx, input }) => deferredWaterfall(ctx.tx, input)),
});
