import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { appPool, closeAppPool } from "../../db/client";
import { stackUrls } from "../../scripts/lib/config";
import { closeRedis } from "../../server/redis";
import { KNOWN_TENANT_TABLES, tenantTablesFromCatalog } from "../helpers/db";
import { createPlatformAdmin, createTenantFixture } from "../helpers/fixtures";

/*
 * The catalog, not our schema files, is the source of truth here: a table added by a future
 * migration without RLS, FORCE or a tenant policy fails this file even if nobody wrote a test for it.
 */

beforeAll(async () => {
  // Rows in every tenant table, so "the owner sees nothing" below is not trivially true.
  await createTenantFixture(await createPlatformAdmin("coverage"), "cov");
});

afterAll(async () => {
  await closeAppPool();
  await closeRedis();
});

type TableRls = { table_name: string; rls: boolean; force: boolean; policies: number };
type PolicyRow = { table_name: string; policyname: string; permissive: string; cmd: string; qual: string | null; with_check: string | null };

describe("row-level security covers every tenant table", () => {
  test("the catalog query finds the known tenant tables (so it cannot silently return nothing)", async () => {
    const tables = await tenantTablesFromCatalog();
    expect(tables).toEqual(expect.arrayContaining([...KNOWN_TENANT_TABLES]));
    // Global tables have no tenant_id and must not show up as tenant tables.
    expect(tables).not.toContain("tenants");
    expect(tables).not.toContain("users");
  });

  test("every table with a tenant_id has RLS enabled AND forced, and at least one policy", async () => {
    const rows = await appPool().db.execute<TableRls>(sql`
      select c.relname as table_name, c.relrowsecurity as rls, c.relforcerowsecurity as force,
             (select count(*)::int from pg_policies p where p.schemaname = 'public' and p.tablename = c.relname) as policies
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind in ('r', 'p')
         and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
       order by c.relname`);
    expect(rows.length).toBeGreaterThanOrEqual(KNOWN_TENANT_TABLES.length);
    const offenders = rows
      .filter((r) => !r.rls || !r.force || r.policies === 0)
      .map((r) => `${r.table_name} (rls=${r.rls}, force=${r.force}, policies=${r.policies})`);
    expect(offenders, "tenant tables without ENABLE + FORCE row level security and a policy").toEqual([]);
  });

  test("every permissive policy of a tenant table checks tenant_id against app.tenant_id (permissive policies are OR-ed)", async () => {
    const tables = await tenantTablesFromCatalog();
    const policies = await appPool().db.execute<PolicyRow>(sql`
      select tablename as table_name, policyname, permissive, cmd, qual, with_check
        from pg_policies where schemaname = 'public'`);
    const problems: string[] = [];
    for (const table of tables) {
      const permissive = policies.filter((p) => p.table_name === table && p.permissive === "PERMISSIVE");
      // An ALL policy with the tenant check must exist, so every command is covered.
      const checksTenant = (expr: string | null) => expr !== null && /tenant_id/.test(expr) && /current_setting\('app\.tenant_id'/.test(expr);
      if (!permissive.some((p) => p.cmd === "ALL" && checksTenant(p.qual) && checksTenant(p.with_check))) {
        problems.push(`${table}: no permissive FOR ALL policy checking tenant_id = app.tenant_id in USING and WITH CHECK`);
      }
      for (const p of permissive) {
        if (p.qual !== null && !checksTenant(p.qual)) problems.push(`${table}.${p.policyname}: USING does not check app.tenant_id`);
        if (p.with_check !== null && !checksTenant(p.with_check)) problems.push(`${table}.${p.policyname}: WITH CHECK does not check app.tenant_id`);
      }
    }
    expect(problems).toEqual([]);
  });

  test("every tenant table has tenant_id NOT NULL and a primary key that leads with tenant_id", async () => {
    const rows = await appPool().db.execute<{ table_name: string; not_null: boolean; pk_first: string | null }>(sql`
      select c.relname as table_name, a.attnotnull as not_null,
             (select att.attname from pg_constraint k join pg_attribute att on att.attrelid = k.conrelid and att.attnum = k.conkey[1]
               where k.conrelid = c.oid and k.contype = 'p') as pk_first
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
       where n.nspname = 'public' and c.relkind in ('r', 'p')`);
    expect(rows.length).toBeGreaterThanOrEqual(KNOWN_TENANT_TABLES.length);
    expect(rows.filter((r) => !r.not_null || r.pk_first !== "tenant_id").map((r) => `${r.table_name} (not null=${r.not_null}, pk starts with ${r.pk_first})`)).toEqual([]);
  });

  test("no view or materialized view exposes tenant rows around RLS", async () => {
    // A view runs with its owner's rights unless security_invoker is set; a materialized view has no RLS at all.
    const rows = await appPool().db.execute<{ name: string; relkind: string; reloptions: string[] | null }>(sql`
      select c.relname as name, c.relkind::text as relkind, c.reloptions
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind in ('v', 'm')
         and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)`);
    const unsafe = rows.filter((r) => r.relkind === "m" || !(r.reloptions ?? []).some((o) => /^security_invoker=(true|on|1)$/i.test(o)));
    expect(unsafe.map((r) => r.name)).toEqual([]);
  });
});

describe("the app's database role", () => {
  test("is not a superuser, has no BYPASSRLS, and neither has any role it can act as", async () => {
    const [me] = await appPool().db.execute<{ current_user: string; session_user: string }>(sql`select current_user, session_user`);
    expect(me.current_user).toBe(me.session_user);
    const roles = await appPool().db.execute<{ rolname: string; rolsuper: boolean; rolbypassrls: boolean }>(sql`
      select r.rolname, r.rolsuper, r.rolbypassrls from pg_roles r where pg_has_role(current_user, r.oid, 'MEMBER')`);
    // The login itself is among them, so the list can never be empty.
    expect(roles.map((r) => r.rolname)).toContain(me.current_user);
    expect(roles.filter((r) => r.rolsuper || r.rolbypassrls).map((r) => r.rolname)).toEqual([]);
  });

  test("owns no table, sequence, view or function in schema public (an owner could disable RLS)", async () => {
    const owned = await appPool().db.execute<{ name: string }>(sql`
      select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and pg_has_role(current_user, c.relowner, 'MEMBER')
      union all
      select p.proname from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname = 'public' and pg_has_role(current_user, p.proowner, 'MEMBER')`);
    expect(owned.map((r) => r.name)).toEqual([]);
    // And the tables are really there (the query above would pass on an empty schema).
    const [{ n }] = await appPool().db.execute<{ n: number }>(sql`
      select count(*)::int as n from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind = 'r'`);
    expect(n).toBeGreaterThanOrEqual(KNOWN_TENANT_TABLES.length + 2);
  });

  test("cannot TRUNCATE any table (TRUNCATE ignores RLS) and cannot UPDATE or DELETE the append-only audit log", async () => {
    const rows = await appPool().db.execute<{ name: string; truncate: boolean; update: boolean; delete: boolean }>(sql`
      select c.relname as name,
             has_table_privilege(current_user, c.oid, 'TRUNCATE') as truncate,
             has_table_privilege(current_user, c.oid, 'UPDATE') as update,
             has_table_privilege(current_user, c.oid, 'DELETE') as delete
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind in ('r', 'p')`);
    expect(rows.filter((r) => r.truncate).map((r) => r.name)).toEqual([]);
    const audit = rows.find((r) => r.name === "audit_log");
    expect(audit).toMatchObject({ update: false, delete: false });
  });

  test("the SECURITY DEFINER lookups pin search_path and are not executable by PUBLIC", async () => {
    const rows = await appPool().db.execute<{ name: string; config: string[] | null; public_exec: boolean }>(sql`
      select p.proname as name, p.proconfig as config,
             coalesce(bool_or(a.grantee = 0 and a.privilege_type = 'EXECUTE'), false) as public_exec
        from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        left join lateral aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a on true
       where n.nspname = 'public' and p.prosecdef
       group by p.proname, p.proconfig`);
    expect(rows.map((r) => r.name).sort()).toEqual(expect.arrayContaining(["app_login_lookup", "app_resolve_host"]));
    for (const r of rows) {
      expect((r.config ?? []).some((c) => c.startsWith("search_path=")), `${r.name} sets search_path`).toBe(true);
      expect(r.public_exec, `${r.name} is executable by PUBLIC`).toBe(false);
    }
  });

  test("FORCE applies to the tables' owner too: without app.tenant_id it sees no tenant rows", async () => {
    const owner = postgres(stackUrls("test").ownerUrl, { max: 1, onnotice: () => {} });
    try {
      const [who] = await owner`select current_user as name, exists (select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relname = 'customers' and pg_has_role(current_user, c.relowner, 'MEMBER')) as owns`;
      expect(who.owns, `${who.name} should own the tables for this check to mean anything`).toBe(true);
      for (const table of await tenantTablesFromCatalog()) {
        const [{ n }] = await owner`select count(*)::int as n from ${owner(table)}`;
        expect(n, `owner sees ${n} rows of ${table} without a tenant`).toBe(0);
      }
    } finally {
      await owner.end();
    }
  });
});
