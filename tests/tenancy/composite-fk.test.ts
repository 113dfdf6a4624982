import { sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { appPool, closeAppPool } from "../../db/client";
import { withTenant } from "../../db/with-tenant";
import { addMembership, findOrCreateUser } from "../../server/domain/access/users";
import { createCustomer } from "../../server/domain/customers/customers";
import { addTenantDomain } from "../../server/domain/tenancy/domains";
import { closeRedis } from "../../server/redis";
import { failureInSavepoint, pgFailure, suffix, tenantTablesFromCatalog, withTenantRolledBack } from "../helpers/db";
import { createPlatformAdmin, createTenantFixture, TEST_PASSWORD, type TenantFixture } from "../helpers/fixtures";

/*
 * Foreign keys between tenant tables include tenant_id, so a row of tenant A can never point at a row
 * of tenant B. Foreign-key checks do not go through RLS, so this must hold for the widest scope
 * (system) too, where RLS alone would not stop a wrong id.
 */

let A: TenantFixture;
let B: TenantFixture;
const systemA = () => ({ kind: "system" as const, tenantId: A.id });

beforeAll(async () => {
  const admin = await createPlatformAdmin("fk");
  [A, B] = await Promise.all([createTenantFixture(admin, "fk-a"), createTenantFixture(admin, "fk-b")]);
});

afterAll(async () => {
  await closeAppPool();
  await closeRedis();
});

describe("composite foreign keys reject cross-tenant references with 23503, even in system scope", () => {
  test("a customer of A under a reseller of B", async () => {
    await withTenantRolledBack(systemA(), async (tx) => {
      // Control: under A's own reseller the same insert works.
      expect(await createCustomer(tx, { tenantId: A.id, name: "Own", resellerId: A.resellers.r1 })).not.toBeNull();
      const failure = await failureInSavepoint(tx, (sp) => createCustomer(sp, { tenantId: A.id, name: "Cross", resellerId: B.resellers.r1 }));
      expect(failure.code).toBe("23503");
      expect(failure.message).toMatch(/foreign key/);
    });
  });

  test("a membership of A for a customer or a reseller of B", async () => {
    await withTenantRolledBack(systemA(), async (tx) => {
      const user = await findOrCreateUser(tx, { email: `fk.${suffix()}@tenant.tests.test`, name: "FK", password: TEST_PASSWORD });
      const viaCustomer = await failureInSavepoint(tx, (sp) => addMembership(sp, { tenantId: A.id, userId: user.id, role: "customer_buyer", customerId: B.customers.c1 }));
      expect(viaCustomer.code).toBe("23503");
      const viaReseller = await failureInSavepoint(tx, (sp) => addMembership(sp, { tenantId: A.id, userId: user.id, role: "reseller_agent", resellerId: B.resellers.r1 }));
      expect(viaReseller.code).toBe("23503");
      // Control: the same user with A's customer is fine.
      await addMembership(tx, { tenantId: A.id, userId: user.id, role: "customer_buyer", customerId: A.customers.c1 });
      const [{ n }] = await tx.execute<{ n: number }>(sql`select count(*)::int as n from memberships where user_id = ${user.id}`);
      expect(n).toBe(1);
    });
  });

  test("a tenant domain of A white-labelled for a reseller of B", async () => {
    await withTenantRolledBack(systemA(), async (tx) => {
      const failure = await failureInSavepoint(tx, (sp) => addTenantDomain(sp, { tenantId: A.id, host: `x.${suffix()}.tests.test`, resellerId: B.resellers.r1 }));
      expect(failure.code).toBe("23503");
    });
  });

  test("re-pointing an existing A row at B's reseller by UPDATE", async () => {
    await withTenantRolledBack(systemA(), async (tx) => {
      const failure = await failureInSavepoint(tx, (sp) => sp.execute(sql`update customers set reseller_id = ${B.resellers.r2} where id = ${A.customers.c1}`));
      expect(failure.code).toBe("23503");
    });
  });

  test("deleting B's reseller that B's customers reference is refused (the keys are real, not decorative)", async () => {
    const failure = await pgFailure(() =>
      withTenantRolledBack({ kind: "system", tenantId: B.id }, (tx) => tx.execute(sql`delete from resellers where id = ${B.resellers.r1}`)),
    );
    expect(failure.code).toBe("23503");
  });

  test("an id that exists only in B cannot be used even when A owns no row with that id", async () => {
    // Same uuid in both tenants is allowed by (tenant_id, id) keys; the reference must match the tenant too.
    const sharedId = uuidv7();
    await withTenant({ kind: "system", tenantId: B.id }, (tx) => tx.execute(sql`insert into resellers (tenant_id, id, name) values (${B.id}, ${sharedId}, 'B only')`));
    await withTenantRolledBack(systemA(), async (tx) => {
      const failure = await failureInSavepoint(tx, (sp) => createCustomer(sp, { tenantId: A.id, name: "Cross", resellerId: sharedId }));
      expect(failure.code).toBe("23503");
      // Once A has a reseller with that very id, the same reference is A's own and is accepted.
      await tx.execute(sql`insert into resellers (tenant_id, id, name) values (${A.id}, ${sharedId}, 'A twin')`);
      expect(await createCustomer(tx, { tenantId: A.id, name: "Own twin", resellerId: sharedId })).not.toBeNull();
    });
  });
});

describe("the catalog: every foreign key between tenant tables carries tenant_id", () => {
  test("no foreign key from a tenant table to another tenant table leaves tenant_id out", async () => {
    const tenantTables = await tenantTablesFromCatalog();
    const fks = await appPool().db.execute<{ name: string; source: string; target: string; pairs: string[] }>(sql`
      select k.conname as name, src.relname as source, dst.relname as target,
             array(select sa.attname || '->' || da.attname
                     from unnest(k.conkey, k.confkey) as p(s, d)
                     join pg_attribute sa on sa.attrelid = k.conrelid and sa.attnum = p.s
                     join pg_attribute da on da.attrelid = k.confrelid and da.attnum = p.d) as pairs
        from pg_constraint k
        join pg_class src on src.oid = k.conrelid
        join pg_class dst on dst.oid = k.confrelid
        join pg_namespace n on n.oid = src.relnamespace
       where k.contype = 'f' and n.nspname = 'public'`);
    const between = fks.filter((fk) => tenantTables.includes(fk.source) && tenantTables.includes(fk.target));
    // The known composite keys are found, so the query itself works.
    expect(between.map((fk) => fk.name)).toEqual(expect.arrayContaining([
      "customers_tenant_id_reseller_id_resellers_tenant_id_id_fk",
      "memberships_tenant_id_customer_id_customers_tenant_id_id_fk",
      "memberships_tenant_id_reseller_id_resellers_tenant_id_id_fk",
      "tenant_domains_tenant_id_reseller_id_resellers_tenant_id_id_fk",
    ]));
    expect(between.filter((fk) => !fk.pairs.includes("tenant_id->tenant_id")).map((fk) => `${fk.name}: ${fk.pairs.join(", ")}`)).toEqual([]);
    // And each tenant table's tenant_id references tenants(id).
    for (const table of tenantTables) {
      expect(fks.some((fk) => fk.source === table && fk.target === "tenants" && fk.pairs.join() === "tenant_id->id"), `${table}.tenant_id -> tenants.id`).toBe(true);
    }
  });
});
