import { sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { closeAppPool } from "../../db/client";
import { plainArray } from "../../db/pg-arrays";
import { withTenant, type Scope } from "../../db/with-tenant";
import { createCaller } from "../../server/api/root";
import { scopeOf } from "../../server/domain/access/actor";
import { closeRedis } from "../../server/redis";
import { failureInSavepoint, withTenantRolledBack } from "../helpers/db";
import { context, createPlatformAdmin, createTenantFixture, tenantActorOf, tenantHostOf, type TenantFixture } from "../helpers/fixtures";

/*
 * Inside one tenant, reseller and customer sessions are narrowed further by restrictive policies:
 * a reseller sees its own customers, a customer sees itself. Queries here carry no WHERE clause.
 */

let T: TenantFixture;
let other: TenantFixture;
let r1Scope: Scope;
let r2Scope: Scope;
let c1Scope: Scope;

beforeAll(async () => {
  const admin = await createPlatformAdmin("scope");
  [T, other] = await Promise.all([createTenantFixture(admin, "scope"), createTenantFixture(admin, "scope-x")]);
  // Scopes as a real session derives them: membership -> actor -> scopeOf.
  r1Scope = scopeOf(await tenantActorOf(T, T.users.reseller_agent));
  r2Scope = scopeOf(await tenantActorOf(T, T.extra.r2Admin));
  c1Scope = scopeOf(await tenantActorOf(T, T.users.customer_buyer));
});

afterAll(async () => {
  await closeAppPool();
  await closeRedis();
});

const ids = (rows: Array<{ id: string }>) => rows.map((r) => r.id).sort();

describe("reseller scope", () => {
  test("the scope derived from a reseller membership names that reseller", () => {
    expect(r1Scope).toMatchObject({ kind: "reseller", tenantId: T.id, resellerId: T.resellers.r1 });
    expect(r2Scope).toMatchObject({ kind: "reseller", tenantId: T.id, resellerId: T.resellers.r2 });
  });

  test("R1 sees its own customers only: not R2's, not the tenant's direct customers (query without WHERE)", async () => {
    const rows = await withTenant(r1Scope, (tx) => tx.execute<{ id: string }>(sql`select id from customers`));
    expect(ids(rows)).toEqual([T.customers.c1]);
    const r2rows = await withTenant(r2Scope, (tx) => tx.execute<{ id: string }>(sql`select id from customers`));
    expect(ids(r2rows)).toEqual([T.customers.c2]);
  });

  test("R1 cannot read R2's customer even by its id", async () => {
    const rows = await withTenant(r1Scope, (tx) => tx.execute(sql`select 1 from customers where id = ${T.customers.c2}`));
    expect(rows.length).toBe(0);
  });

  test("R1 sees only its own reseller row, its own domain, and the people of its team and its customers", async () => {
    const resellers = await withTenant(r1Scope, (tx) => tx.execute<{ id: string }>(sql`select id from resellers`));
    expect(ids(resellers)).toEqual([T.resellers.r1]);
    const domains = await withTenant(r1Scope, (tx) => tx.execute<{ host: string }>(sql`select host from tenant_domains`));
    expect(domains.map((d) => d.host)).toEqual([T.r1Domain]);
    const members = await withTenant(r1Scope, (tx) => tx.execute<{ user_id: string }>(sql`select user_id from memberships`));
    // Not R2's admin, not the direct customer's buyer, not tenant staff.
    const r1People = [T.users.reseller_admin, T.users.reseller_agent, T.users.customer_admin, T.users.customer_buyer].map((u) => u.id);
    expect(members.map((m) => m.user_id).sort()).toEqual(r1People.sort());
  });

  test("through the API: customers.list and the dashboard count only R1's customers", async () => {
    const actor = await tenantActorOf(T, T.users.reseller_admin);
    const caller = createCaller(context(await tenantHostOf(T), actor));
    const list = await caller.customers.list({});
    expect(list.rows.map((r) => r.id)).toEqual([T.customers.c1]);
    expect(list.total).toBe(1);
    const team = await caller.reseller.team({});
    const r1People = [T.users.reseller_admin, T.users.reseller_agent, T.users.customer_admin, T.users.customer_buyer].map((u) => u.email);
    expect(team.rows.map((r) => r.email).sort()).toEqual(r1People.sort());
    expect(await caller.reseller.dashboard()).toMatchObject({ customers: 1, resellers: 1, members: 4 });
  });

  test("R1 cannot insert a customer under R2 or as a direct customer (42501), but can under itself", async () => {
    await withTenantRolledBack(r1Scope, async (tx) => {
      const own = await tx.execute(sql`insert into customers (tenant_id, id, name, reseller_id) values (${T.id}, ${uuidv7()}, 'Own', ${T.resellers.r1}) returning id`);
      expect(own.length).toBe(1);
      for (const resellerId of [T.resellers.r2, null]) {
        const failure = await failureInSavepoint(tx, (sp) =>
          sp.execute(sql`insert into customers (tenant_id, id, name, reseller_id) values (${T.id}, ${uuidv7()}, 'Poached', ${resellerId})`),
        );
        expect(failure.code, `insert under ${resellerId ?? "no reseller"}`).toBe("42501");
      }
    });
  });

  test("R1 cannot move its customer to R2 (42501) nor update or delete R2's customer (0 rows)", async () => {
    await withTenantRolledBack(r1Scope, async (tx) => {
      const moved = await failureInSavepoint(tx, (sp) => sp.execute(sql`update customers set reseller_id = ${T.resellers.r2} where id = ${T.customers.c1}`));
      expect(moved.code).toBe("42501");
      expect((await tx.execute(sql`update customers set name = 'x' where id = ${T.customers.c2} returning id`)).length).toBe(0);
      expect((await tx.execute(sql`delete from customers where id = ${T.customers.c2} returning id`)).length).toBe(0);
      // Control: the same update reaches R1's own customer.
      expect((await tx.execute(sql`update customers set name = 'x' where id = ${T.customers.c1} returning id`)).length).toBe(1);
    });
  });

  test("a reseller scope naming another tenant's reseller sees nothing of either tenant", async () => {
    const forged: Scope = { kind: "reseller", tenantId: T.id, userId: T.users.reseller_admin.id, resellerId: other.resellers.r1 };
    const rows = await withTenant(forged, (tx) => tx.execute(sql`select id from customers`));
    expect(rows.length).toBe(0);
  });
});

/** Every table a reseller session can read rows of its own customers or its own partnership in (invoices join when billing lands). */
const RESELLER_VISIBLE = [
  "customers", "customer_sites", "customer_contacts", "subscriptions", "subscription_versions", "subscription_items", "orders", "order_lines",
  "returns", "return_lines", "commission_plans", "commission_plan_rates", "commission_statements", "commission_statement_lines", "commission_payouts",
  "reseller_invitations", "tenant_domains",
];

describe("reseller isolation, table by table (queries without WHERE)", () => {
  test.each(RESELLER_VISIBLE)("%s: R1 sees its rows; R2 sees none of them; R2 can neither change nor delete them", async (table) => {
    const t = sql.identifier(table);
    const r1Rows = await withTenant(r1Scope, (tx) => tx.execute<{ id: string }>(sql`select id from ${t}`));
    expect(r1Rows.length, `fixture rows of R1 in ${table}`).toBeGreaterThan(0);
    const r2Rows = await withTenant(r2Scope, (tx) => tx.execute<{ id: string }>(sql`select id from ${t}`));
    expect(r2Rows.filter((r) => r1Rows.some((x) => x.id === r.id))).toEqual([]);
    await withTenantRolledBack(r2Scope, async (tx) => {
      const r1Ids = sql`(${plainArray(r1Rows.map((r) => r.id))}::uuid[])`;
      // Either no UPDATE/DELETE grant (append-only: 42501, rolled back to the savepoint) or no row of R1's visible to R2.
      const updated = await tx.transaction((sp) => sp.execute(sql`update ${t} set tenant_id = tenant_id where id = any${r1Ids} returning id`)).catch(() => []);
      expect(updated.length).toBe(0);
      await tx.transaction((sp) => sp.execute(sql`delete from ${t} where id = any${r1Ids}`)).catch(() => undefined);
    });
    const after = await withTenant(r1Scope, (tx) => tx.execute<{ id: string }>(sql`select id from ${t}`));
    expect(after.length).toBe(r1Rows.length);
  });

  test("R2 cannot write a statement line, plan or payout for R1, nor read R1's statement by id", async () => {
    const r2Statement = await withTenant(r2Scope, (tx) => tx.execute(sql`select 1 from commission_statements where id = ${T.partner.statementId}`));
    expect(r2Statement.length).toBe(0);
    await withTenantRolledBack(r2Scope, async (tx) => {
      const plan = await failureInSavepoint(tx, (sp) =>
        sp.execute(sql`insert into commission_plans (tenant_id, reseller_id, name, currency, effective_from) values (${T.id}, ${T.resellers.r2}, 'self-made', 'EUR', '1990-01-01')`),
      );
      expect(plan.code).toBe("42501"); // resellers never write their own plans
    });
  });
});

describe("customer scope", () => {
  test("a customer session sees only its own account, and its reseller", async () => {
    expect(c1Scope).toMatchObject({ kind: "customer", tenantId: T.id, customerId: T.customers.c1 });
    const customers = await withTenant(c1Scope, (tx) => tx.execute<{ id: string }>(sql`select id from customers`));
    expect(ids(customers)).toEqual([T.customers.c1]);
    const resellers = await withTenant(c1Scope, (tx) => tx.execute<{ id: string }>(sql`select id from resellers`));
    expect(ids(resellers)).toEqual([T.resellers.r1]);
    const domains = await withTenant(c1Scope, (tx) => tx.execute(sql`select id from tenant_domains`));
    expect(domains.length).toBe(0);
  });

  test("a direct customer's session sees itself and no reseller", async () => {
    const scope = scopeOf(await tenantActorOf(T, T.extra.directBuyer));
    expect(ids(await withTenant(scope, (tx) => tx.execute<{ id: string }>(sql`select id from customers`)))).toEqual([T.customers.direct]);
    expect((await withTenant(scope, (tx) => tx.execute(sql`select id from resellers`))).length).toBe(0);
  });

  test("a customer session sees its own team's memberships and users, nobody else's", async () => {
    const members = await withTenant(c1Scope, (tx) => tx.execute<{ user_id: string }>(sql`select user_id from memberships`));
    const team = [T.users.customer_admin.id, T.users.customer_buyer.id].sort();
    expect(members.map((m) => m.user_id).sort()).toEqual(team);
    const users = await withTenant(c1Scope, (tx) => tx.execute<{ id: string }>(sql`select id from users`));
    expect(ids(users)).toEqual(team);
  });

  test("a customer session cannot insert another customer, nor touch a sibling account (0 rows)", async () => {
    await withTenantRolledBack(c1Scope, async (tx) => {
      const failure = await failureInSavepoint(tx, (sp) =>
        sp.execute(sql`insert into customers (tenant_id, id, name, reseller_id) values (${T.id}, ${uuidv7()}, 'New', ${T.resellers.r1})`),
      );
      expect(failure.code).toBe("42501");
      expect((await tx.execute(sql`update customers set name = 'x' where id <> ${T.customers.c1} returning id`)).length).toBe(0);
    });
  });

  test("through the API: customer.dashboard counts just this customer", async () => {
    const actor = await tenantActorOf(T, T.users.customer_admin);
    const caller = createCaller(context(await tenantHostOf(T), actor));
    expect(await caller.customer.dashboard()).toMatchObject({ customers: 1, resellers: 1, members: 2 });
    const team = await caller.customer.team({});
    expect(team.rows.map((r) => r.email).sort()).toEqual([T.users.customer_admin.email, T.users.customer_buyer.email].sort());
  });
});

describe("memberships: no escalation from reseller or customer sessions", () => {
  const membershipOf = (userId: string) =>
    withTenant({ kind: "system", tenantId: T.id }, (tx) =>
      tx.execute<{ role: string; reseller_id: string | null; customer_id: string | null }>(sql`select role, reseller_id, customer_id from memberships where user_id = ${userId}`),
    ).then((rows) => rows[0]);

  test("a reseller session may add people to its own customers, never to another reseller's", async () => {
    const outsider = other.users.owner.id; // a login with no membership in T
    await withTenantRolledBack(r1Scope, async (tx) => {
      const foreign = await failureInSavepoint(tx, (sp) =>
        sp.execute(sql`insert into memberships (tenant_id, user_id, role, customer_id) values (${T.id}, ${outsider}, 'customer_admin', ${T.customers.c2})`),
      );
      expect(foreign.code).toBe("42501");
      const direct = await failureInSavepoint(tx, (sp) =>
        sp.execute(sql`insert into memberships (tenant_id, user_id, role, customer_id) values (${T.id}, ${outsider}, 'customer_admin', ${T.customers.direct})`),
      );
      expect(direct.code).toBe("42501");
      const own = await tx.execute(sql`insert into memberships (tenant_id, user_id, role, customer_id) values (${T.id}, ${outsider}, 'customer_admin', ${T.customers.c1}) returning id`);
      expect(own.length).toBe(1);
    });
  });

  test("a reseller session cannot re-point one of its people at another reseller's customer", async () => {
    const r1Admin = T.users.reseller_admin.id;
    await withTenantRolledBack(r1Scope, async (tx) => {
      const failure = await failureInSavepoint(tx, (sp) =>
        sp.execute(sql`update memberships set role = 'customer_admin', reseller_id = null, customer_id = ${T.customers.c2} where user_id = ${r1Admin}`),
      );
      expect(failure.code).toBe("42501");
      // The variant the old schema let through: keep R1's id on a customer role pointing at R2's customer.
      const kept = await failureInSavepoint(tx, (sp) =>
        sp.execute(sql`update memberships set role = 'customer_admin', customer_id = ${T.customers.c2} where user_id = ${r1Admin}`),
      );
      expect(["42501", "23514"]).toContain(kept.code);
    });
    expect(await membershipOf(r1Admin)).toMatchObject({ role: "reseller_admin", reseller_id: T.resellers.r1, customer_id: null });
  });

  test("a customer role cannot carry a reseller id (which would widen what a reseller session sees)", async () => {
    await withTenantRolledBack({ kind: "system", tenantId: T.id }, async (tx) => {
      const failure = await failureInSavepoint(tx, (sp) =>
        sp.execute(sql`update memberships set reseller_id = ${T.resellers.r2} where user_id = ${T.users.customer_buyer.id}`),
      );
      expect(failure.code).toBe("23514");
    });
  });

  test("a reseller or customer session cannot change or remove its own membership", async () => {
    const cases = [
      { scope: () => c1Scope, user: T.users.customer_buyer, promoted: "customer_admin", role: "customer_buyer" },
      { scope: () => r1Scope, user: T.users.reseller_agent, promoted: "reseller_admin", role: "reseller_agent" },
    ];
    for (const c of cases) {
      await withTenantRolledBack(c.scope(), async (tx) => {
        expect((await tx.execute(sql`update memberships set role = ${c.promoted} where user_id = ${c.user.id} returning id`)).length).toBe(0);
        expect((await tx.execute(sql`delete from memberships where user_id = ${c.user.id} returning id`)).length).toBe(0);
        // It can still read it: that is how a session learns its role.
        expect((await tx.execute(sql`select 1 from memberships where user_id = ${c.user.id}`)).length).toBe(1);
      });
      expect((await membershipOf(c.user.id)).role).toBe(c.role);
    }
  });

  test("a customer admin may still manage the other people of its own account", async () => {
    const adminScope = scopeOf(await tenantActorOf(T, T.users.customer_admin));
    await withTenantRolledBack(adminScope, async (tx) => {
      const rows = await tx.execute(sql`update memberships set role = 'customer_admin' where user_id = ${T.users.customer_buyer.id} returning id`);
      expect(rows.length).toBe(1);
    });
  });
});
