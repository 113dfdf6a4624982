import { z } from "zod";
import { CUSTOMER_ROLES, OPERATOR_ROLES, RESELLER_ROLES } from "../../domain/access/roles";
import { amendmentInput, confirmAmendment, decideApproval, decideApprovalInput, pendingApprovals, previewAmendment } from "../../domain/subscriptions/amendments";
import { createSubscription, createSubscriptionInput, getSubscription, listSubscriptions, listSubscriptionsInput, transitionInput, transitionSubscription } from "../../domain/subscriptions/contracts";
import { mySubscriptions } from "../../domain/subscriptions/customer-view";
import { subscriptionFormOptions } from "../../domain/subscriptions/form-options";
import { createTRPCRouter, roleProcedure } from "../trpc";

/*
 * Subscription contracts. Who may do what:
 * - list, get: every operator role, and resellers (RLS narrows them to their customers' contracts);
 * - formOptions, create, transition, previewAmendment, confirmAmendment: owner, admin, sales;
 * - pendingApprovals, decideApproval: finance, admin (and never the requester: the domain refuses);
 * - mySubscriptions: customer roles, their own account's contracts (RLS).
 * Inputs are the domain's own zod schemas (one definition, importable by forms); a bad input is a
 * BAD_REQUEST with field errors keyed by dotted path ("items.0.quantity").
 */

const STAFF_WRITE = ["owner", "admin", "sales"] as const;
const APPROVERS = ["finance", "admin"] as const;
const byId = z.object({ id: z.uuid() });

export const subscriptionsRouter = createTRPCRouter({
  list: roleProcedure(...OPERATOR_ROLES, ...RESELLER_ROLES).input(listSubscriptionsInput).query(({ ctx, input }) => listSubscriptions(ctx.tx, input)),
  get: roleProcedure(...OPERATOR_ROLES, ...RESELLER_ROLES).input(byId).query(({ ctx, input }) => getSubscription(ctx.tx, input.id)),
  formOptions: roleProcedure(...STAFF_WRITE).query(({ ctx }) => subscriptionFormOptions(ctx.tx)),
  create: roleProcedure(...STAFF_WRITE)
    .input(createSubscriptionInput)
    .mutation(({ ctx, input }) => createSubscription(ctx.tx, ctx.actor, input)),
  transition: roleProcedure(...STAFF_WRITE)
    .input(transitionInput)
    .mutation(({ ctx, input }) => transitionSubscription(ctx.tx, ctx.actor, input)),
  previewAmendment: roleProcedure(...STAFF_WRITE)
    .input(amendmentInput)
    .query(({ ctx, input }) => previewAmendment(ctx.tx, input)),
  confirmAmendment: roleProcedure(...STAFF_WRITE)
    .input(amendmentInput)
    .mutation(({ ctx, input }) => confirmAmendment(ctx.tx, ctx.actor, input)),
  pendingApprovals: roleProcedure(...APPROVERS).query(({ ctx }) => pendingApprovals(ctx.tx)),
  decideApproval: roleProcedure(...APPROVERS)
    .input(decideApprovalInput)
    .mutation(({ ctx, input }) => decideApproval(ctx.tx, ctx.actor, input)),
  mySubscriptions: roleProcedure(...CUSTOMER_ROLES).query(({ ctx }) => mySubscriptions(ctx.tx)),
});
