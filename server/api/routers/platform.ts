import { uuidv7 } from "uuidv7";
import { z } from "zod";
import { withTenant, type TenantTx } from "../../../db/with-tenant";
import { THEME_PRESETS } from "../../../themes";
import { createTenant, findTenantIdBySlug, getTenantBySlug, listTenants, setTenantTier, tenantTheme, updateTenantTheme } from "../../domain/tenancy/tenants";
import { SERVICE_TIERS } from "../../domain/api/tiers";
import { createTenantInput, pageInput, tenantSlugSchema, updateTenantThemeInput } from "../../domain/tenancy/tenant-schemas";
import { DomainError } from "../../domain/errors";
import { createTRPCRouter, platformProcedure } from "../trpc";

/** A platform-scoped transaction: all tenants' rows of `tenants`, and one tenant's data when `tenantId` is set. */
function asPlatform<T>(userId: string, tenantId: string | null, fn: (tx: TenantTx) => Promise<T>): Promise<T> {
  return withTenant({ kind: "platform", tenantId, userId }, fn);
}

/** The platform console: tenants and their themes. */
export const platformRouter = createTRPCRouter({
  themePresets: platformProcedure.query(() => THEME_PRESETS),

  tenants: platformProcedure.input(pageInput).query(({ ctx, input }) =>
    asPlatform(ctx.actor.userId, null, (tx) => listTenants(tx, input)),
  ),

  tenant: platformProcedure.input(z.object({ slug: tenantSlugSchema })).query(({ ctx, input }) =>
    asPlatform(ctx.actor.userId, null, async (tx) => {
      const tenant = await getTenantBySlug(tx, input.slug);
      return { ...tenant, theme: tenantTheme(tenant) };
    }),
  ),

  createTenant: platformProcedure.input(createTenantInput).mutation(async ({ ctx, input }) => {
    const userId = ctx.actor.userId;
    const attempt = async () => {
      // Open the write on the slug's tenant when it exists, so a retry can recognise its own work.
      const existingId = await asPlatform(userId, null, (tx) => findTenantIdBySlug(tx, input.slug));
      const tenantId = existingId ?? uuidv7();
      return asPlatform(userId, tenantId, (tx) => createTenant(tx, tenantId, input, userId));
    };
    // A concurrent identical request (a double click) may win the insert and make ours a conflict;
    // a second attempt then finds that tenant and answers as a retry, or as a real conflict.
    const { tenant, created, reusedExistingLogin } = await attempt().catch((error: unknown) => {
      if (error instanceof DomainError && error.code === "CONFLICT") return attempt();
      throw error;
    });
    return { slug: tenant.slug, id: tenant.id, created, reusedExistingLogin };
  }),

  updateTenantTheme: platformProcedure.input(updateTenantThemeInput).mutation(async ({ ctx, input }) => {
    const userId = ctx.actor.userId;
    const tenantId = await asPlatform(userId, null, (tx) => findTenantIdBySlug(tx, input.slug));
    if (!tenantId) throw new DomainError("NOT_FOUND", `No tenant with slug "${input.slug}"`);
    const tenant = await asPlatform(userId, tenantId, (tx) => updateTenantTheme(tx, input, userId));
    return { slug: tenant.slug, theme: tenantTheme(tenant) };
  }),

  /** The tenant's service tier, which sets its API rate limits (docs/api.md). */
  setTenantTier: platformProcedure.input(z.object({ slug: tenantSlugSchema, tier: z.enum(SERVICE_TIERS, { message: `Tier must be one of: ${SERVICE_TIERS.join(", ")}` }) })).mutation(async ({ ctx, input }) => {
    const userId = ctx.actor.userId;
    const tenantId = await asPlatform(userId, null, (tx) => findTenantIdBySlug(tx, input.slug));
    if (!tenantId) throw new DomainError("NOT_FOUND", `No tenant with slug "${input.slug}"`);
    const tenant = await asPlatform(userId, tenantId, (tx) => setTenantTier(tx, input.slug, input.tier, userId));
    return { slug: tenant.slug, tier: tenant.serviceTier };
  }),
});
