/**
 * Tenant API keys, managed in the operator portal: owners and admins create keys (the secret is in
 * the create response only), list and revoke them. Other roles and API keys themselves may not.
 */
import { z } from "zod";
import { createApiKey, createApiKeyInput, listApiKeys, revokeApiKey } from "../../domain/api/keys";
import { TIER_LIMITS } from "../../domain/api/tiers";
import { getTenantTier } from "../../domain/tenancy/tenants";
import { createTRPCRouter, roleProcedure } from "../trpc";

const KEY_ADMINS = ["owner", "admin"] as const;

export const apiKeysRouter = createTRPCRouter({
  list: roleProcedure(...KEY_ADMINS)
    .input(z.object({ page: z.number().int().min(1).default(1), pageSize: z.number().int().min(1).max(100).default(25) }))
    .query(async ({ ctx, input }) => {
      const tier = await getTenantTier(ctx.tx, ctx.actor.tenantId);
      return { keys: await listApiKeys(ctx.tx, input), tier, limits: TIER_LIMITS[tier] };
    }),
  create: roleProcedure(...KEY_ADMINS)
    .meta({ holdsSecret: true })
    .input(createApiKeyInput)
    .mutation(({ ctx, input }) => createApiKey(ctx.tx, { tenantId: ctx.actor.tenantId, userId: ctx.actor.userId }, input)),
  revoke: roleProcedure(...KEY_ADMINS)
    .input(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => revokeApiKey(ctx.tx, { tenantId: ctx.actor.tenantId, userId: ctx.actor.userId }, input.id)),
});
