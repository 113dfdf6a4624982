import { seedDemoBilling, seedDemoTaxRules } from "./demo-billing";
import { createHash } from "node:crypto";
import { seedDemoInventory } from "./demo-inventory";
import { seedDemoContracts } from "./demo-contracts";
import { seedDemoOrders } from "./demo-orders";
import { withTenant } from "../../db/with-tenant";
import { addMembership, findOrCreateUser } from "../../server/domain/access/users";
import type { TenantRole } from "../../server/domain/access/roles";
import { createCustomer } from "../../server/domain/customers/customers";
import { createReseller } from "../../server/domain/partners/resellers";
import { seedDemoPartners } from "./demo-partners";
import { addTenantDomain } from "../../server/domain/tenancy/domains";
import { createTenant, findTenantIdBySlug, updateTenantTheme } from "../../server/domain/tenancy/tenants";
import type { ThemePresetName, ThemeOverrides } from "../../themes";

export const DEMO_PASSWORD = "tributary-demo";

export interface DemoLogin { host: string; email: string; role: TenantRole | "platform_admin"; portal: string }

/** A stable id per seed row, so seeding twice finds the same rows instead of duplicating them. */
export function seedId(name: string): string {
  const h = createHash("sha256").update(`tributary-demo:${name}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-7${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

interface DemoTenant {
  slug: string;
  name: string;
  preset: ThemePresetName;
  overrides: ThemeOverrides;
  domains: string[];
  staff: Array<[TenantRole, string]>;
  resellers: Array<{ name: string; users: Array<[TenantRole, string]>; customers: Array<{ name: string; users: Array<[TenantRole, string]> }> }>;
  directCustomers: Array<{ name: string; users: Array<[TenantRole, string]> }>;
}

const DEMO_TENANTS: DemoTenant[] = [
  {
    slug: "acme",
    name: "Acme Supplies",
    preset: "ember",
    overrides: { logo: "/logos/acme.svg" },
    domains: ["portal.acme-supplies.test"],
    staff: [["owner", "owner@acme.test"], ["admin", "admin@acme.test"], ["finance", "finance@acme.test"], ["ops", "ops@acme.test"], ["sales", "sales@acme.test"]],
    resellers: [
      {
        name: "BestParts Resellers",
        users: [["reseller_admin", "partner@bestparts.test"], ["reseller_agent", "agent@bestparts.test"]],
        customers: [{ name: "Northwind Clinic", users: [["customer_admin", "admin@northwind.test"]] }],
      },
      { name: "QuickSupply Partners", users: [["reseller_admin", "partner@quicksupply.test"]], customers: [{ name: "Initech Labs", users: [] }] },
    ],
    directCustomers: [{ name: "Contoso Dental", users: [["customer_admin", "admin@contoso.test"], ["customer_buyer", "buyer@contoso.test"]] }],
  },
  {
    slug: "globex",
    name: "Globex Distribution",
    preset: "grove",
    overrides: { logo: "/logos/globex.svg" },
    domains: [],
    staff: [["owner", "owner@globex.test"], ["ops", "ops@globex.test"]],
    resellers: [],
    directCustomers: [{ name: "Umbrella Pharmacy", users: [["customer_buyer", "buyer@umbrella.test"]] }],
  },
];

const displayName = (email: string) => email.split("@")[0].replace(/^./, (c) => c.toUpperCase()) + " @ " + email.split("@")[1].replace(/\.test$/, "");

/** Seeds the platform admin and the demo tenants through the same domain functions the app uses. Idempotent. */
export async function seedDemo(baseDomain: string, port: number): Promise<DemoLogin[]> {
  const logins: DemoLogin[] = [];
  const adminId = seedId("platform-admin");
  const consoleHost = `${baseDomain}:${port}`;
  const platformUserId = await withTenant({ kind: "platform", tenantId: null, userId: adminId }, async (tx) => {
    const user = await findOrCreateUser(tx, { email: "admin@tributary.test", name: "Platform Admin", password: DEMO_PASSWORD, isPlatformAdmin: true });
    return user.id;
  });
  logins.push({ host: consoleHost, email: "admin@tributary.test", role: "platform_admin", portal: "console" });

  for (const t of DEMO_TENANTS) {
    const owner = t.staff[0][1];
    const tenantId = (await withTenant({ kind: "platform", tenantId: null, userId: platformUserId }, (tx) => findTenantIdBySlug(tx, t.slug))) ?? seedId(`tenant:${t.slug}`);
    await withTenant({ kind: "platform", tenantId, userId: platformUserId }, async (tx) => {
      await createTenant(tx, tenantId, { slug: t.slug, name: t.name, themePreset: t.preset, admin: { name: displayName(owner), email: owner, password: DEMO_PASSWORD } }, platformUserId);
      await updateTenantTheme(tx, { slug: t.slug, themePreset: t.preset, overrides: t.overrides }, platformUserId);
      for (const host of t.domains) await addTenantDomain(tx, { tenantId, host });
    });
    const host = `${t.slug}.${baseDomain}:${port}`;
    await withTenant({ kind: "system", tenantId }, async (tx) => {
      const member = async (role: TenantRole, email: string, ids: { resellerId?: string; customerId?: string } = {}) => {
        const user = await findOrCreateUser(tx, { email, name: displayName(email), password: DEMO_PASSWORD });
        await addMembership(tx, { tenantId, userId: user.id, role, ...ids });
        logins.push({ host, email, role, portal: role.startsWith("reseller") ? "reseller" : role.startsWith("customer") ? "customer" : "operator" });
      };
      for (const [role, email] of t.staff.slice(1)) await member(role, email);
      logins.push({ host, email: owner, role: "owner", portal: "operator" });
      for (const r of t.resellers) {
        const resellerId = seedId(`${t.slug}:reseller:${r.name}`);
        await createReseller(tx, { tenantId, id: resellerId, name: r.name });
        for (const [role, email] of r.users) await member(role, email, { resellerId });
        for (const c of r.customers) {
          const customerId = seedId(`${t.slug}:customer:${c.name}`);
          await createCustomer(tx, { tenantId, id: customerId, name: c.name, resellerId });
          for (const [role, email] of c.users) await member(role, email, { customerId });
        }
      }
      for (const c of t.directCustomers) {
        const customerId = seedId(`${t.slug}:customer:${c.name}`);
        await createCustomer(tx, { tenantId, id: customerId, name: c.name });
        for (const [role, email] of c.users) await member(role, email, { customerId });
      }
    });
    await seedDemoContracts(t.slug, tenantId, t.resellers.map((r) => seedId(`${t.slug}:reseller:${r.name}`)));
    await seedDemoInventory(t.slug, tenantId);
    await seedDemoTaxRules(tenantId);
    await seedDemoOrders(t.slug, tenantId);
    await seedDemoBilling(tenantId);
    await seedDemoPartners(t.slug, tenantId);
  }
  return logins;
}
