import { authedProcedure, createTRPCRouter, roleProcedure, tenantProcedure } from "../trpc";
import { CUSTOMER_ROLES, OPERATOR_ROLES, RESELLER_ROLES } from "../../domain/access/roles";
import { listAuditLog, listMembers } from "../../domain/access/members";
import { portalSummary } from "../../domain/portal/summary";
import { pageInput } from "../../domain/tenancy/tenant-schemas";

/** What every signed-in user may ask: who am I, here. */
export const sessionRouter = createTRPCRouter({
  whoami: authedProcedure.query(({ ctx }) => ({
    actor: ctx.actor,
    workspace: ctx.host.kind === "tenant" ? { name: ctx.host.tenant.name, slug: ctx.host.tenant.slug } : null,
  })),
  summary: tenantProcedure.query(({ ctx }) => portalSummary(ctx.tx, ctx.actor)),
});

export const operatorRouter = createTRPCRouter({
  dashboard: roleProcedure(...OPERATOR_ROLES).query(({ ctx }) => portalSummary(ctx.tx, ctx.actor)),
  members: roleProcedure("owner", "admin").input(pageInput).query(({ ctx, input }) => listMembers(ctx.tx, input)),
  auditLog: roleProcedure("owner", "admin", "finance").input(pageInput).query(({ ctx, input }) => listAuditLog(ctx.tx, input)),
});

export const resellerRouter = createTRPCRouter({
  dashboard: roleProcedure(...RESELLER_ROLES).query(({ ctx }) => portalSummary(ctx.tx, ctx.actor)),
  team: roleProcedure("reseller_admin").input(pageInput).query(({ ctx, input }) => listMembers(ctx.tx, input)),
});

export const customerRouter = createTRPCRouter({
  dashboard: roleProcedure(...CUSTOMER_ROLES).query(({ ctx }) => portalSummary(ctx.tx, ctx.actor)),
  team: roleProcedure("customer_admin").input(pageInput).query(({ ctx, input }) => listMembers(ctx.tx, input)),
});
