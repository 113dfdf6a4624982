/**
 * Resellers: the operator's partner management and settlement, the reseller's self-service, and the
 * public invitation link.
 *
 * | procedure                                                 | roles                                                     |
 * | --------------------------------------------------------- | --------------------------------------------------------- |
 * | resellers.list, resellers.get                             | all operator roles                                        |
 * | resellers.invite                                          | owner, admin, sales                                       |
 * | resellers.setStatus, resellers.setTerms                   | owner, admin                                              |
 * | resellers.plans                                           | all operator roles                                        |
 * | resellers.savePlan                                        | owner, admin, finance (the saver may not approve its statements) |
 * | resellers.priceLimits, resellers.sellablePlans            | all operator roles                                        |
 * | resellers.setPriceLimit, resellers.setSellablePlan        | owner, admin                                              |
 * | resellers.runs, resellers.run                             | owner, admin, finance                                     |
 * | resellers.settleMonth                                     | owner, admin, finance                                     |
 * | resellers.statements, resellers.statement                 | owner, admin, finance; reseller roles (own, RLS)          |
 * | resellers.approveStatement, resellers.recordPayout        | owner, finance (never the plan's last changer: domain + check constraint) |
 * | resellers.margins                                         | owner, admin, finance; reseller_admin (own)               |
 * | partner.dashboard, partner.plans, partner.startSubscription | reseller roles                                          |
 * | partner.inviteCustomerUser (a login for a contact of its own customer) | reseller_admin                    |
 * | partner.inviteAgent, partner.branding, partner.updateBranding, partner.addDomain, partner.setPrice | reseller_admin |
 * | invitations.find, invitations.accept                      | anyone on the tenant's host (the token is the credential) |
 */
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { withTenant } from "../../../db/with-tenant";
import { commissionRunJobId } from "../../domain/partners/runs";
import { enqueueCommissionRun, scheduleCommissions } from "../../../jobs/commissions";
import type { TenantActor } from "../../domain/access/actor";
import { OPERATOR_ROLES, RESELLER_ROLES } from "../../domain/access/roles";
import { listPriceLimits, listSellablePlans, marginsFor, setOwnPrice, setPriceLimit, setSellablePlan, soldLinesFromBilling } from "../../domain/partners/buy-sell";
import { listPlans, savePlan } from "../../domain/partners/plans";
import { inviteContactInput } from "../../domain/customers/schemas";
import { inviteCustomerUser, resellerDashboard, sellablePlanOptions, startResellerSubscription, startSubscriptionInput } from "../../domain/partners/portal";
import {
  acceptInvitation, addResellerDomain, findInvitation, getReseller, inviteAgent, inviteReseller, listResellers, loadReseller, setCommercialTerms, setResellerStatus, updateBranding,
} from "../../domain/partners/resellers";
import { getCommissionRun, getCommissionRunInput, listCommissionRuns, listCommissionRunsInput, requestCommissionRun } from "../../domain/partners/runs";
import {
  acceptInvitationInput, brandingInput, inviteAgentInput, inviteResellerInput, marginReportInput, priceLimitInput, recordPayoutInput, requestCommissionRunInput, resellerDomainInput,
  resellerIdInput, resellerPriceInput, savePlanInput, sellablePlanInput, setCommercialTermsInput, setResellerStatusInput, statementIdInput, statementListInput,
} from "../../domain/partners/schemas";
import { approveStatement, getStatement, listStatements, recordPayout } from "../../domain/partners/statements";
import { tenantPolicy } from "../../domain/tenancy/settings";
import { pageInput } from "../../domain/tenancy/tenant-schemas";
import { createTRPCRouter, publicProcedure, roleProcedure } from "../trpc";

const acting = (actor: TenantActor) => ({ tenantId: actor.tenantId, userId: actor.userId });
const asReseller = (actor: TenantActor) => ({ ...acting(actor), resellerId: actor.resellerId! });
const FINANCE = ["owner", "admin", "finance"] as const;

export const resellersRouter = createTRPCRouter({
  list: roleProcedure(...OPERATOR_ROLES)
    .input(pageInput.extend({ status: z.enum(["invited", "active", "suspended"]).optional() }))
    .query(({ ctx, input }) => listResellers(ctx.tx, input)),
  get: roleProcedure(...OPERATOR_ROLES).input(resellerIdInput).query(({ ctx, input }) => getReseller(ctx.tx, input.resellerId)),
  invite: roleProcedure("owner", "admin", "sales").input(inviteResellerInput).mutation(({ ctx, input }) => inviteReseller(ctx.tx, acting(ctx.actor), input)),
  setStatus: roleProcedure("owner", "admin").input(setResellerStatusInput).mutation(({ ctx, input }) => setResellerStatus(ctx.tx, acting(ctx.actor), input)),
  setTerms: roleProcedure("owner", "admin").input(setCommercialTermsInput).mutation(({ ctx, input }) => setCommercialTerms(ctx.tx, acting(ctx.actor), input)),
  plans: roleProcedure(...OPERATOR_ROLES).input(resellerIdInput).query(({ ctx, input }) => listPlans(ctx.tx, input.resellerId)),
  savePlan: roleProcedure(...FINANCE).input(savePlanInput).mutation(({ ctx, input }) => savePlan(ctx.tx, acting(ctx.actor), input)),
  priceLimits: roleProcedure(...OPERATOR_ROLES).query(({ ctx }) => listPriceLimits(ctx.tx)),
  setPriceLimit: roleProcedure("owner", "admin").input(priceLimitInput).mutation(({ ctx, input }) => setPriceLimit(ctx.tx, acting(ctx.actor), input)),
  sellablePlans: roleProcedure(...OPERATOR_ROLES).query(({ ctx }) => listSellablePlans(ctx.tx)),
  setSellablePlan: roleProcedure("owner", "admin").input(sellablePlanInput).mutation(({ ctx, input }) => setSellablePlan(ctx.tx, acting(ctx.actor), input)),
  runs: roleProcedure(...FINANCE).input(listCommissionRunsInput).query(({ ctx, input }) => listCommissionRuns(ctx.tx, input)),
  run: roleProcedure(...FINANCE).input(getCommissionRunInput).query(({ ctx, input }) => getCommissionRun(ctx.tx, input.id)),
  settleMonth: roleProcedure(...FINANCE)
    .input(requestCommissionRunInput)
    .mutation(async ({ ctx, input }) => {
      const run = await requestCommissionRun(ctx.tx, acting(ctx.actor), input);
      // Also for the run already queued or running: the job id is the run's, so this is a no-op while
      // its job exists, and it puts back a job that Redis lost (else the run would wait forever).
      await enqueueCommissionRun(ctx.actor.tenantId, run.runId, run.jobId ?? commissionRunJobId(run.runId));
      if (run.created) await scheduleCommissions(ctx.actor.tenantId, (await tenantPolicy(ctx.tx)).timeZone);
      return run;
    }),
  statements: roleProcedure(...FINANCE, ...RESELLER_ROLES).input(statementListInput).query(({ ctx, input }) => listStatements(ctx.tx, input)),
  statement: roleProcedure(...FINANCE, ...RESELLER_ROLES).input(statementIdInput).query(({ ctx, input }) => getStatement(ctx.tx, input.statementId)),
  approveStatement: roleProcedure("owner", "finance").input(statementIdInput).mutation(({ ctx, input }) => approveStatement(ctx.tx, acting(ctx.actor), input.statementId)),
  recordPayout: roleProcedure("owner", "finance").input(recordPayoutInput).mutation(({ ctx, input }) => recordPayout(ctx.tx, acting(ctx.actor), input)),
  margins: roleProcedure(...FINANCE, "reseller_admin")
    .input(marginReportInput)
    .query(async ({ ctx, input }) => {
      const resellerId = ctx.actor.portal === "reseller" ? ctx.actor.resellerId! : input.resellerId;
      if (!resellerId) throw new TRPCError({ code: "BAD_REQUEST", message: "Choose a reseller" });
      const reseller = await loadReseller(ctx.tx, resellerId);
      const lines = await soldLinesFromBilling(ctx.tx, resellerId, input.from, input.to);
      return { reseller: { id: reseller.id, name: reseller.name, commercialModel: reseller.commercialModel }, ...(await marginsFor(ctx.tx, resellerId, lines)) };
    }),
});

export const partnerRouter = createTRPCRouter({
  dashboard: roleProcedure(...RESELLER_ROLES).query(({ ctx }) => resellerDashboard(ctx.tx)),
  plans: roleProcedure(...RESELLER_ROLES).query(({ ctx }) => sellablePlanOptions(ctx.tx)),
  startSubscription: roleProcedure(...RESELLER_ROLES).input(startSubscriptionInput).mutation(({ ctx, input }) => startResellerSubscription(ctx.tx, acting(ctx.actor), input)),
  inviteAgent: roleProcedure("reseller_admin").input(inviteAgentInput).mutation(({ ctx, input }) => inviteAgent(ctx.tx, asReseller(ctx.actor), input)),
  branding: roleProcedure("reseller_admin").query(async ({ ctx }) => {
    const { reseller, domains } = await getReseller(ctx.tx, ctx.actor.resellerId!);
    const priceLimits = reseller.commercialModel === "buy_sell" ? await listPriceLimits(ctx.tx) : [];
    return { themePreset: reseller.themePreset, overrides: reseller.themeOverrides, domains, commercialModel: reseller.commercialModel, name: reseller.name, priceLimits };
  }),
  updateBranding: roleProcedure("reseller_admin").input(brandingInput).mutation(({ ctx, input }) => updateBranding(ctx.tx, asReseller(ctx.actor), input)),
  addDomain: roleProcedure("reseller_admin").input(resellerDomainInput).mutation(({ ctx, input }) => addResellerDomain(ctx.tx, asReseller(ctx.actor), input.host)),
  inviteCustomerUser: roleProcedure("reseller_admin").input(inviteContactInput).mutation(({ ctx, input }) => inviteCustomerUser(ctx.tx, acting(ctx.actor), input)),
  setPrice: roleProcedure("reseller_admin").input(resellerPriceInput).mutation(({ ctx, input }) => setOwnPrice(ctx.tx, asReseller(ctx.actor), input)),
});

/** The invitation link works without a session, on the tenant's host: the token is the credential. */
const onTenantHost = publicProcedure.use(({ ctx, next }) => {
  if (ctx.host.kind !== "tenant") throw new TRPCError({ code: "NOT_FOUND", message: "Open the invitation on the workspace's address" });
  return next({ ctx: { tenantId: ctx.host.tenant.id } });
});

export const invitationsRouter = createTRPCRouter({
  find: onTenantHost.input(z.object({ token: z.string().min(1).max(200) })).query(({ ctx, input }) => withTenant({ kind: "system", tenantId: ctx.tenantId }, (tx) => findInvitation(tx, input.token))),
  accept: onTenantHost.input(acceptInvitationInput).mutation(({ ctx, input }) => withTenant({ kind: "system", tenantId: ctx.tenantId }, (tx) => acceptInvitation(tx, ctx.tenantId, input))),
});
