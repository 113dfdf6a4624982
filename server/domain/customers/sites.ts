import { and, eq, ne } from "drizzle-orm";
import { z } from "zod";
import { customerSites } from "../../../db/schema";
import type { TenantTx } from "../../../db/with-tenant";
import { recordAudit } from "../access/audit";
import { DomainError, isUniqueViolation } from "../errors";
import { loadCustomer, type Acting } from "./customers";
import type { SiteInput, setDefaultSiteInput, updateSiteInput } from "./schemas";

export type CustomerSite = typeof customerSites.$inferSelect;

const SITE_FIELDS = ["name", "addressLine1", "addressLine2", "city", "postalCode", "countryCode"] as const;

/** A site of this customer (RLS limits which customers are visible at all); BAD_REQUEST for anyone else's. */
async function loadSite(tx: TenantTx, customerId: string, siteId: string): Promise<CustomerSite> {
  const [site] = await tx.select().from(customerSites).where(and(eq(customerSites.id, siteId), eq(customerSites.customerId, customerId)));
  if (!site) throw new DomainError("BAD_REQUEST", "That site does not belong to this customer", { siteId: ["That site does not belong to this customer"] });
  return site;
}

/**
 * Adds a ship-to site. The customer's first site becomes its default. With a client-chosen `id` a
 * retry returns the same site; the same id with another body is a CONFLICT.
 */
export async function addSite(tx: TenantTx, acting: Acting, input: SiteInput): Promise<{ site: CustomerSite; created: boolean }> {
  // Locking the customer serialises default-site changes for it.
  await loadCustomer(tx, input.customerId, { lock: "update" });
  if (input.id) {
    const [existing] = await tx.select().from(customerSites).where(eq(customerSites.id, input.id));
    if (existing) {
      const same = existing.customerId === input.customerId && SITE_FIELDS.every((f) => existing[f] === input[f]);
      if (!same) throw new DomainError("CONFLICT", "A different site was already saved with this id");
      return { site: existing, created: false };
    }
  }
  const [others] = await tx.select({ id: customerSites.id }).from(customerSites).where(eq(customerSites.customerId, input.customerId)).limit(1);
  const isDefault = input.isDefault || !others;
  if (isDefault) await tx.update(customerSites).set({ isDefault: false }).where(and(eq(customerSites.customerId, input.customerId), eq(customerSites.isDefault, true)));
  let site: CustomerSite;
  try {
    [site] = await tx.transaction((sp) => sp.insert(customerSites).values({ ...input, tenantId: acting.tenantId, isDefault }).returning());
  } catch (error) {
    // The id is taken by a site this session cannot see (another reseller's customer) or by a concurrent retry.
    if (isUniqueViolation(error)) throw new DomainError("CONFLICT", "A different site was already saved with this id");
    throw error;
  }
  await recordAudit(tx, {
    tenantId: acting.tenantId, actorUserId: acting.userId, action: "customer.site_added", entityType: "customer", entityId: input.customerId,
    data: { siteId: site.id, name: site.name, isDefault },
  });
  return { site, created: true };
}

export async function updateSite(tx: TenantTx, acting: Acting, input: z.infer<typeof updateSiteInput>): Promise<CustomerSite> {
  const { customerId, siteId, ...changes } = input;
  await loadCustomer(tx, customerId, { lock: "update" });
  const current = await loadSite(tx, customerId, siteId);
  const set: Partial<CustomerSite> = {};
  const diff: Record<string, { from: unknown; to: unknown }> = {};
  for (const [key, value] of Object.entries(changes) as Array<[(typeof SITE_FIELDS)[number], string | undefined]>) {
    if (value === undefined || current[key] === value) continue;
    set[key] = value;
    diff[key] = { from: current[key], to: value };
  }
  if (Object.keys(set).length === 0) return current;
  const [site] = await tx.update(customerSites).set(set).where(eq(customerSites.id, siteId)).returning();
  await recordAudit(tx, { tenantId: acting.tenantId, actorUserId: acting.userId, action: "customer.site_updated", entityType: "customer", entityId: customerId, data: { siteId, changes: diff } });
  return site;
}

/** Makes one site the default ship-to; exactly one site of the customer is default afterwards. */
export async function setDefaultSite(tx: TenantTx, acting: Acting, input: z.infer<typeof setDefaultSiteInput>): Promise<CustomerSite> {
  await loadCustomer(tx, input.customerId, { lock: "update" });
  const site = await loadSite(tx, input.customerId, input.siteId);
  if (site.isDefault) return site;
  await tx.update(customerSites).set({ isDefault: false }).where(and(eq(customerSites.customerId, input.customerId), ne(customerSites.id, input.siteId)));
  const [updated] = await tx.update(customerSites).set({ isDefault: true }).where(eq(customerSites.id, input.siteId)).returning();
  await recordAudit(tx, { tenantId: acting.tenantId, actorUserId: acting.userId, action: "customer.default_site_set", entityType: "customer", entityId: input.customerId, data: { siteId: input.siteId } });
  return updated;
}
