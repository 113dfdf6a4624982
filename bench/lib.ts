import { createHash } from "node:crypto";
import { withTenant } from "../db/with-tenant";
import { findOrCreateUser } from "../server/domain/access/users";
import { createTenant, findTenantIdBySlug } from "../server/domain/tenancy/tenants";

/** A stable uuid per name, so a second run of a bench finds the rows the first one made. */
export function stableId(name: string): string {
  const h = createHash("sha256").update(`tributary-bench:${name}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-7${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The bench's tenant (created once, found again on later runs) and the platform admin that made it. */
export async function ensureBenchTenant(slug: string, name: string, ownerEmail = `owner@${slug}.test`): Promise<{ tenantId: string; adminId: string }> {
  const adminId = await withTenant({ kind: "platform", tenantId: null, userId: stableId("bootstrap") }, async (tx) =>
    (await findOrCreateUser(tx, { email: "bench@tributary.test", name: "Bench admin", password: "tributary-bench", isPlatformAdmin: true })).id,
  );
  const tenantId = (await withTenant({ kind: "platform", tenantId: null, userId: adminId }, (tx) => findTenantIdBySlug(tx, slug))) ?? stableId(`tenant:${slug}`);
  await withTenant({ kind: "platform", tenantId, userId: adminId }, (tx) =>
    createTenant(tx, tenantId, { slug, name, themePreset: "harbor", admin: { name: "Bench owner", email: ownerEmail, password: "tributary-bench" } }, adminId),
  );
  return { tenantId, adminId };
}

/** Percentile of sorted samples (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
