import { and, asc, count, eq, ilike, or } from "drizzle-orm";
import { memberships, tenants, users } from "../../../db/schema";
import type { ServiceTier } from "../../../db/schema/tenancy";
import type { TenantTx } from "../../../db/with-tenant";
import { resolveTheme } from "../../../themes";
import { recordAudit } from "../access/audit";
import { addMembership, findOrCreateUser } from "../access/users";
import { ensureChartOfAccounts } from "../ledger/chart";
import { containsPattern, DomainError, isUniqueViolation } from "../errors";
import type { CreateTenantInput, PageInput, UpdateTenantThemeInput } from "./tenant-schemas";

export type TenantRow = typeof tenants.$inferSelect;

/**
 * Creates a tenant, its first owner (reusing an existing login with that email) and an audit entry.
 * Runs in a platform-scoped transaction whose tenant is `tenantId` (the slug's tenant when it exists,
 * else a fresh id), so RLS admits the new rows and a retry can see the owner it created.
 * Retrying the same request returns the tenant it made; another request for a taken slug is a conflict.
 */
export async function createTenant(
  tx: TenantTx,
  tenantId: string,
  input: CreateTenantInput,
  actorUserId: string,
): Promise<{ tenant: TenantRow; created: boolean; reusedExistingLogin: boolean }> {
  const [existing] = await tx.select().from(tenants).where(eq(tenants.slug, input.slug));
  if (existing) {
    if (await isSameCreation(tx, existing, input)) return { tenant: existing, created: false, reusedExistingLogin: false };
    throw new DomainError("CONFLICT", `The slug "${input.slug}" is already taken`, { slug: ["This slug is already taken"] });
  }

  let tenant: TenantRow;
  try {
    [tenant] = await tx.insert(tenants).values({ id: tenantId, slug: input.slug, name: input.name, themePreset: input.themePreset }).returning();
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("CONFLICT", `The slug "${input.slug}" is already taken`, { slug: ["This slug is already taken"] });
    throw error;
  }

  const admin = await findOrCreateUser(tx, input.admin);
  await addMembership(tx, { tenantId, userId: admin.id, role: "owner" });
  await ensureChartOfAccounts(tx, tenantId);
  await recordAudit(tx, {
    tenantId, actorUserId, action: "tenant.created", entityType: "tenant", entityId: tenantId,
    data: { slug: input.slug, name: input.name, themePreset: input.themePreset, ownerEmail: input.admin.email },
  });
  return { tenant, created: true, reusedExistingLogin: !admin.created };
}

/** A retry of the same creation: same name, and the requested admin is the tenant's owner. */
async function isSameCreation(tx: TenantTx, existing: TenantRow, input: CreateTenantInput): Promise<boolean> {
  if (existing.name !== input.name || existing.themePreset !== input.themePreset) return false;
  const [owner] = await tx
    .select({ id: memberships.id })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.tenantId, existing.id), eq(memberships.role, "owner"), eq(users.email, input.admin.email)));
  return Boolean(owner);
}

export async function listTenants(tx: TenantTx, { page, pageSize, search }: PageInput) {
  const pattern = search ? containsPattern(search) : "";
  const filter = search ? or(ilike(tenants.slug, pattern), ilike(tenants.name, pattern)) : undefined;
  const [rows, [{ total }]] = await Promise.all([
    tx.select().from(tenants).where(filter).orderBy(asc(tenants.slug)).limit(pageSize).offset((page - 1) * pageSize),
    tx.select({ total: count() }).from(tenants).where(filter),
  ]);
  return { rows, total, page, pageSize };
}

export async function getTenantBySlug(tx: TenantTx, slug: string): Promise<TenantRow> {
  const [tenant] = await tx.select().from(tenants).where(eq(tenants.slug, slug));
  if (!tenant) throw new DomainError("NOT_FOUND", `No tenant with slug "${slug}"`);
  return tenant;
}

/** The id of the tenant holding `slug`, if any: platform transactions are opened on it. */
export async function findTenantIdBySlug(tx: TenantTx, slug: string): Promise<string | null> {
  const [row] = await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, slug));
  return row?.id ?? null;
}

/** Replaces a tenant's preset and overrides (validated by the caller's schema); idempotent. */
export async function updateTenantTheme(tx: TenantTx, input: UpdateTenantThemeInput, actorUserId: string): Promise<TenantRow> {
  const tenant = await getTenantBySlug(tx, input.slug);
  const [updated] = await tx
    .update(tenants)
    .set({ themePreset: input.themePreset, themeOverrides: input.overrides, updatedAt: new Date() })
    .where(eq(tenants.id, tenant.id))
    .returning();
  await recordAudit(tx, {
    tenantId: tenant.id, actorUserId, action: "tenant.theme_updated", entityType: "tenant", entityId: tenant.id,
    data: { themePreset: input.themePreset, overrides: input.overrides },
  });
  return updated;
}

export function tenantTheme(tenant: TenantRow) {
  return resolveTheme(tenant.themePreset, tenant.themeOverrides);
}

/** The tenant's service tier (its own row is visible to every scope of the tenant). */
export async function getTenantTier(tx: TenantTx, tenantId: string): Promise<ServiceTier> {
  const [row] = await tx.select({ tier: tenants.serviceTier }).from(tenants).where(eq(tenants.id, tenantId));
  if (!row) throw new DomainError("NOT_FOUND", "No such tenant");
  return row.tier;
}

/** Sets a tenant's service tier (platform console); the new API rate limits apply to the next request. */
export async function setTenantTier(tx: TenantTx, slug: string, tier: ServiceTier, actorUserId: string): Promise<TenantRow> {
  const tenant = await getTenantBySlug(tx, slug);
  const [updated] = await tx.update(tenants).set({ serviceTier: tier, updatedAt: new Date() }).where(eq(tenants.id, tenant.id)).returning();
  if (tenant.serviceTier !== tier) {
    await recordAudit(tx, { tenantId: tenant.id, actorUserId, action: "tenant.tier_changed", entityType: "tenant", entityId: tenant.id, data: { from: tenant.serviceTier, to: tier } });
  }
  return updated;
}
