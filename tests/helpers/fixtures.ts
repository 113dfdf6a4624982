import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { withTenant } from "../../db/with-tenant";
import { loadPlatformActor, loadTenantActor, type Actor, type TenantActor } from "../../server/domain/access/actor";
import { TENANT_ROLES, type TenantRole } from "../../server/domain/access/roles";
import { addMembership, findOrCreateUser } from "../../server/domain/access/users";
import { createCustomer } from "../../server/domain/customers/customers";
import { createReseller } from "../../server/domain/partners/resellers";
import { addTenantDomain } from "../../server/domain/tenancy/domains";
import { baseDomain, resolveHost, type HostContext } from "../../server/domain/tenancy/hosts";
import { createTenant } from "../../server/domain/tenancy/tenants";
import type { TRPCContext } from "../../server/api/trpc";
import { addContractRows, type ContractRows } from "./contract-fixtures";
import { addBillingRows, type BillingRows } from "./billing-fixtures";
import { addEventRows, type EventRows } from "./event-fixtures";
import { addDistributionRows, type DistributionRows } from "./distribution-fixtures";
import { addPartnerRows, type PartnerRows } from "./partner-fixtures";
import { suffix } from "./db";

/** Every fixture login uses this password (long enough for passwordSchema). */
export const TEST_PASSWORD = "correct-horse-battery-staple";

export interface TestUser { id: string; email: string }

export interface PlatformAdminFixture extends TestUser { actor: Extract<Actor, { kind: "platform" }> }

/** A fresh platform admin (a user with is_platform_admin), created through the platform scope. */
export async function createPlatformAdmin(label = "admin"): Promise<PlatformAdminFixture> {
  const email = `${label}.${suffix()}@platform.tests.test`;
  const bootstrapId = uuidv7();
  const user = await withTenant({ kind: "platform", tenantId: null, userId: bootstrapId }, (tx) =>
    findOrCreateUser(tx, { email, name: `Platform ${label}`, password: TEST_PASSWORD, isPlatformAdmin: true }),
  );
  const actor = await loadPlatformActor(user.id);
  if (!actor) throw new Error("fixture: the platform admin did not load as a platform actor");
  return { id: user.id, email, actor };
}

export interface TenantFixture {
  id: string;
  slug: string;
  name: string;
  /** `<slug>.<base>`: the tenant's own host. */
  host: string;
  /** One user per tenant role; reseller roles act for reseller r1, customer roles for customer c1 (under r1). */
  users: Record<TenantRole, TestUser>;
  /** Extra logins: r2's admin, and the buyer of the direct customer. */
  extra: { r2Admin: TestUser; directBuyer: TestUser };
  resellers: { r1: string; r2: string };
  /** c1 under r1, c2 under r2, direct without a reseller. */
  customers: { c1: string; c2: string; direct: string };
  /** r1's white-label domain. */
  r1Domain: string;
  /** Catalog, prices and a contract for c1: a row in every contract-related table. */
  contract: ContractRows;
  distribution: DistributionRows;
  /** An invoice with lines, schedules, a credit note, payments, dunning: a row in every billing table. */
  billing: BillingRows;
  events: EventRows;
  /** r1's commission plan (changed by admin), a run, an approved statement (by finance) with a line and a payout. */
  partner: PartnerRows;
}

/**
 * A tenant with at least one row in every tenant table: created like the console creates one
 * (createTenant: tenant, owner membership, audit row), then staff, two resellers with customers,
 * a reseller domain and a member for every role, all through the domain functions in system scope.
 */
export async function createTenantFixture(admin: { id: string }, label = "t"): Promise<TenantFixture> {
  // "t-" keeps test tenants after the demo tenants (acme, globex) in the console's slug-sorted list.
  const slug = `t-${label}-${suffix()}`.toLowerCase();
  const name = `Test ${slug}`;
  const id = uuidv7();
  const email = (who: string) => `${who}.${slug}@tenant.tests.test`;

  const created = await withTenant({ kind: "platform", tenantId: id, userId: admin.id }, (tx) =>
    createTenant(tx, id, { slug, name, themePreset: "harbor", admin: { name: "Owner", email: email("owner"), password: TEST_PASSWORD } }, admin.id),
  );
  if (!created.created) throw new Error(`fixture: tenant ${slug} already existed`);

  const fixture = await withTenant({ kind: "system", tenantId: id }, async (tx) => {
    const r1 = await createReseller(tx, { tenantId: id, name: `R1 of ${slug}` });
    const r2 = await createReseller(tx, { tenantId: id, name: `R2 of ${slug}` });
    const c1 = await createCustomer(tx, { tenantId: id, name: `C1 of ${slug} (r1)`, resellerId: r1!.id });
    const c2 = await createCustomer(tx, { tenantId: id, name: `C2 of ${slug} (r2)`, resellerId: r2!.id });
    const direct = await createCustomer(tx, { tenantId: id, name: `Direct of ${slug}` });
    const domain = await addTenantDomain(tx, { tenantId: id, host: `r1.${slug}.tests.test`, resellerId: r1!.id });

    const member = async (who: string, role: TenantRole, ids: { resellerId?: string; customerId?: string } = {}): Promise<TestUser> => {
      const user = await findOrCreateUser(tx, { email: email(who), name: who, password: TEST_PASSWORD });
      await addMembership(tx, { tenantId: id, userId: user.id, role, ...ids });
      return { id: user.id, email: email(who) };
    };
    const users = {} as Record<TenantRole, TestUser>;
    // "owner" finds the login createTenant made (same email) and keeps its owner membership.
    for (const role of TENANT_ROLES) {
      const ids = role.startsWith("reseller") ? { resellerId: r1!.id } : role.startsWith("customer") ? { customerId: c1!.id } : {};
      users[role] = await member(role, role, ids);
    }
    const contract = await addContractRows(tx, id, c1!.id, { requester: users.sales.id, decider: users.finance.id });
    // An API key (only its hash is stored) and a stored idempotent response.
    await tx.execute(sql`insert into api_keys (tenant_id, name, prefix, secret_hash, scopes, created_by)
      values (${id}, 'Fixture key', 'trb_fixture0', ${createHash("sha256").update(`fixture-${id}`).digest("hex")}, array['customers:read'], ${users.owner.id})`);
    await tx.execute(sql`insert into idempotency_keys (tenant_id, key, fingerprint, procedure, response)
      values (${id}, 'fixture-key', 'fixture', 'customers.create', '{"json":null}')`);
    return {
      users,
      extra: { r2Admin: await member("r2admin", "reseller_admin", { resellerId: r2!.id }), directBuyer: await member("directbuyer", "customer_buyer", { customerId: direct!.id }) },
      resellers: { r1: r1!.id, r2: r2!.id },
      customers: { c1: c1!.id, c2: c2!.id, direct: direct!.id },
      r1Domain: domain.host,
      contract,
      distribution: await addDistributionRows(tx, id, c1!.id, contract, users.ops.id),
      billing: await addBillingRows(tx, id, c1!.id, contract, { finance: users.finance.id, sales: users.sales.id }),
      events: await addEventRows(tx, id, users.admin.id),
      partner: await addPartnerRows(tx, id, { resellerId: r1!.id, customerId: c1!.id, contract, planChanger: users.admin.id, approver: users.finance.id }),
    };
  });
  return { id, slug, name, host: `${slug}.${baseDomain()}`, ...fixture };
}

/** The actor a session of `userId` gets on the fixture's host, loaded through RLS like a real request. */
export async function tenantActorOf(tenant: { id: string }, user: TestUser): Promise<TenantActor> {
  const actor = await loadTenantActor(tenant.id, user.id);
  if (!actor) throw new Error(`fixture: ${user.email} has no membership in tenant ${tenant.id}`);
  return actor;
}

export async function tenantHostOf(tenant: TenantFixture): Promise<Extract<HostContext, { kind: "tenant" }>> {
  const host = await resolveHost(tenant.host);
  if (host.kind !== "tenant" || host.tenant.id !== tenant.id) throw new Error(`fixture: ${tenant.host} did not resolve to its tenant`);
  return host;
}

export async function consoleHost(): Promise<HostContext> {
  const host = await resolveHost(baseDomain());
  if (host.kind !== "console") throw new Error("fixture: the base domain did not resolve to the console");
  return host;
}

export function context(host: HostContext, actor: Actor | null): TRPCContext {
  return { host, actor };
}
