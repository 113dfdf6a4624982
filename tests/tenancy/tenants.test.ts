import { TRPCError } from "@trpc/server";
import { sql } from "drizzle-orm";
import { z, ZodError } from "zod";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { appPool, closeAppPool } from "../../db/client";
import { withTenant } from "../../db/with-tenant";
import { createCaller } from "../../server/api/root";
import { checkSignIn } from "../../server/auth/sign-in";
import { DomainError } from "../../server/domain/errors";
import { baseDomain, resolveHost } from "../../server/domain/tenancy/hosts";
import { closeRedis } from "../../server/redis";
import { resolveTheme, THEME_PRESETS } from "../../themes";
import { suffix } from "../helpers/db";
import { consoleHost, context, createPlatformAdmin, TEST_PASSWORD, type PlatformAdminFixture } from "../helpers/fixtures";

/*
 * Tenant creation and theming through the platform console's tRPC procedures, as a platform
 * admin on the console host. Every test uses fresh slugs and emails.
 */

let admin: PlatformAdminFixture;
let platform: ReturnType<typeof createCaller>;

beforeAll(async () => {
  admin = await createPlatformAdmin("tenants");
  platform = createCaller(context(await consoleHost(), admin.actor));
});

afterAll(async () => {
  await closeAppPool();
  await closeRedis();
});

const newSlug = (label = "ten") => `t-${label}-${suffix()}`;
const creation = (slug: string, overrides: Partial<{ name: string; themePreset: "harbor" | "ember" | "grove" | "midnight"; email: string }> = {}) => ({
  slug,
  name: overrides.name ?? `Tenant ${slug}`,
  themePreset: overrides.themePreset ?? ("ember" as const),
  admin: { name: "First Owner", email: overrides.email ?? `owner.${slug}@tenant.tests.test`, password: TEST_PASSWORD },
});

/** The TRPCError a call threw (fails the test if it resolved). */
async function trpcError(promise: Promise<unknown>): Promise<TRPCError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

/** Counts of what a creation writes, read as the tenant's system scope. */
async function footprint(tenantId: string) {
  return withTenant({ kind: "system", tenantId }, async (tx) => {
    const [row] = await tx.execute<{ tenants: number; memberships: number; owners: string[]; created_audits: number; theme_audits: number }>(sql`
      select (select count(*)::int from tenants) as tenants,
             (select count(*)::int from memberships) as memberships,
             (select coalesce(array_agg(u.email order by u.email), '{}') from memberships m join users u on u.id = m.user_id where m.role = 'owner') as owners,
             (select count(*)::int from audit_log where action = 'tenant.created') as created_audits,
             (select count(*)::int from audit_log where action = 'tenant.theme_updated') as theme_audits`);
    return row;
  });
}

/** Whether a login exists for an email (through the same SECURITY DEFINER lookup sign-in uses). */
async function loginExists(email: string): Promise<boolean> {
  const rows = await appPool().db.execute(sql`select 1 from app_login_lookup(${email})`);
  return rows.length > 0;
}

async function tenantsWithSlug(slug: string): Promise<number> {
  return (await platform.platform.tenants({ search: slug })).rows.filter((t) => t.slug === slug).length;
}

describe("platform.createTenant", () => {
  test("creates the tenant, its owner's login and membership, and an audit entry", async () => {
    const slug = newSlug();
    const input = creation(slug);
    expect(await loginExists(input.admin.email)).toBe(false);

    const result = await platform.platform.createTenant(input);
    expect(result).toMatchObject({ slug, created: true, reusedExistingLogin: false });

    expect(await footprint(result.id)).toEqual({ tenants: 1, memberships: 1, owners: [input.admin.email], created_audits: 1, theme_audits: 0 });
    const [audit] = await withTenant({ kind: "system", tenantId: result.id }, (tx) =>
      tx.execute<{ actor_user_id: string; entity_id: string; data: Record<string, unknown> }>(sql`select actor_user_id, entity_id, data from audit_log where action = 'tenant.created'`),
    );
    expect(audit).toMatchObject({ actor_user_id: admin.id, entity_id: result.id, data: { slug, ownerEmail: input.admin.email, themePreset: "ember" } });

    const tenant = await platform.platform.tenant({ slug });
    expect(tenant).toMatchObject({ id: result.id, slug, name: input.name, themePreset: "ember", status: "active" });
    expect(tenant.theme).toEqual(THEME_PRESETS.ember);

    // The new tenant is live: its host resolves and its owner can sign in there.
    const host = await resolveHost(`${slug}.${baseDomain()}:3000`);
    expect(host.kind === "tenant" && host.tenant.id).toBe(result.id);
    const signIn = await checkSignIn(host, { email: input.admin.email, password: TEST_PASSWORD }, `2001:db8::${suffix(2)}`);
    expect(signIn.ok && signIn.user.tenantId).toBe(result.id);
  });

  test("retrying the same request returns the same tenant with created=false and writes nothing twice", async () => {
    const slug = newSlug();
    const first = await platform.platform.createTenant(creation(slug));
    const before = await footprint(first.id);

    const retry = await platform.platform.createTenant(creation(slug));
    expect(retry).toEqual({ slug, id: first.id, created: false, reusedExistingLogin: false });
    // The slug is normalised before the comparison, so a retry typed differently is the same request.
    const retryCased = await platform.platform.createTenant({ ...creation(slug), slug: `  ${slug.toUpperCase()} ` });
    expect(retryCased).toMatchObject({ id: first.id, created: false });

    expect(await footprint(first.id)).toEqual(before);
    expect(await tenantsWithSlug(slug)).toBe(1);
  });

  test("identical requests racing (a double click) create one tenant, and both get an answer", async () => {
    const slug = newSlug("race");
    const results = await Promise.all(Array.from({ length: 4 }, () => platform.platform.createTenant(creation(slug))));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(await tenantsWithSlug(slug)).toBe(1);
    expect(await footprint(results[0].id)).toMatchObject({ memberships: 1, created_audits: 1 });
  });

  test("two new tenants racing for the same new owner email share one login", async () => {
    const email = `shared.${suffix()}@tenant.tests.test`;
    const [a, b] = await Promise.all([newSlug("sha"), newSlug("shb")].map((slug) => platform.platform.createTenant(creation(slug, { email }))));
    expect([a.reusedExistingLogin, b.reusedExistingLogin].sort()).toEqual([false, true]);
    expect(await loginExists(email)).toBe(true);
  });

  test("an owner email that already has a login reuses it (its password unchanged)", async () => {
    const slug1 = newSlug();
    const shared = `shared.${slug1}@tenant.tests.test`;
    await platform.platform.createTenant(creation(slug1, { email: shared }));
    const slug2 = newSlug();
    const second = await platform.platform.createTenant({ ...creation(slug2, { email: shared }), admin: { name: "Other", email: shared, password: "a-different-password" } });
    expect(second).toMatchObject({ created: true, reusedExistingLogin: true });
    const host = await resolveHost(`${slug2}.${baseDomain()}`);
    expect((await checkSignIn(host, { email: shared, password: TEST_PASSWORD }, `2001:db8::${suffix(2)}`)).ok).toBe(true);
  });

  test("a taken slug with different data is a CONFLICT with a clear message, and nothing changes", async () => {
    const slug = newSlug();
    const first = await platform.platform.createTenant(creation(slug));
    const before = await footprint(first.id);

    const variants = [
      creation(slug, { name: "Someone Else Ltd" }),
      creation(slug, { themePreset: "midnight" }),
      creation(slug, { email: `intruder.${suffix()}@tenant.tests.test` }),
    ];
    for (const input of variants) {
      const error = await trpcError(platform.platform.createTenant(input));
      expect(error.code).toBe("CONFLICT");
      expect(error.message).toBe(`The slug "${slug}" is already taken`);
      expect(error.cause).toBeInstanceOf(DomainError);
      expect((error.cause as DomainError).details).toEqual({ slug: ["This slug is already taken"] });
    }
    // The intruder's login was not created either.
    expect(await loginExists(variants[2].admin.email)).toBe(false);

    expect(await footprint(first.id)).toEqual(before);
    const tenant = await platform.platform.tenant({ slug });
    expect(tenant).toMatchObject({ id: first.id, name: `Tenant ${slug}`, themePreset: "ember" });
  });

  test.each(["Bad Slug", "a", "-x", "www", "x--y", "ünï", "ab", "1abc", "abc-", "a".repeat(33), "admin", "con sole"])(
    "the illegal slug %j is a BAD_REQUEST with a zod field error on slug, and creates nothing",
    async (slug) => {
      const input = creation(slug, { email: `illegal.${suffix()}@tenant.tests.test` });
      const error = await trpcError(platform.platform.createTenant(input));
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.cause).toBeInstanceOf(ZodError);
      const { fieldErrors } = z.flattenError(error.cause as ZodError<Record<string, unknown>>);
      expect(Object.keys(fieldErrors)).toEqual(["slug"]);
      expect(fieldErrors.slug!.length).toBeGreaterThan(0);
      expect(await loginExists(input.admin.email)).toBe(false);
      const normalized = slug.trim().toLowerCase();
      expect(await tenantsWithSlug(normalized)).toBe(0);
    },
  );

  test("other invalid fields are reported on their own paths", async () => {
    const slug = newSlug();
    const error = await trpcError(platform.platform.createTenant({ slug, name: "x", themePreset: "neon" as never, admin: { name: "", email: "nope", password: "short" } }));
    expect(error.code).toBe("BAD_REQUEST");
    const issues = (error.cause as ZodError).issues.map((i) => i.path.join("."));
    expect(new Set(issues)).toEqual(new Set(["name", "themePreset", "admin.name", "admin.email", "admin.password"]));
    expect(await tenantsWithSlug(slug)).toBe(0);
  });
});

describe("platform.tenants search", () => {
  test("matches slug or name, and treats % and _ in the search text literally", async () => {
    const slug = newSlug("srch");
    await platform.platform.createTenant(creation(slug, { name: `Pct 100% Tenant ${slug}` }));
    expect((await platform.platform.tenants({ search: slug })).rows.map((t) => t.slug)).toEqual([slug]);
    const pct = await platform.platform.tenants({ search: `100% Tenant ${slug}` });
    expect(pct.rows.map((t) => t.slug)).toEqual([slug]);
    // As a pattern "_" would match any character, and "%" anything: both must match nothing here.
    expect((await platform.platform.tenants({ search: slug.replace("-", "_") })).total).toBe(0);
    expect((await platform.platform.tenants({ search: "%" })).rows.every((t) => t.name.includes("%") || t.slug.includes("%"))).toBe(true);
  });
});

describe("platform.updateTenantTheme", () => {
  let slug: string;
  let tenantId: string;

  beforeAll(async () => {
    slug = newSlug("theme");
    tenantId = (await platform.platform.createTenant(creation(slug, { themePreset: "grove" }))).id;
  });

  const snapshot = async () => {
    const t = await platform.platform.tenant({ slug });
    return { themePreset: t.themePreset, themeOverrides: t.themeOverrides, updatedAt: t.updatedAt.toISOString(), audits: (await footprint(tenantId)).theme_audits };
  };

  const malformed: Array<[string, Record<string, unknown>]> = [
    ...["red", "#12345", "#1234567", "url(javascript:alert(1))", "#fff;}body{", "#fff", "rgb(0,0,0)", "#12345g"].map(
      (color): [string, Record<string, unknown>] => [`color ${color}`, { colors: { primary: color } }],
    ),
    ...["https://evil.example/logo.svg", "/logos/../secret.svg", "/static/logo.svg", "javascript:alert(1)", "/logos/x.svg?y=1", "/logos/X.svg", "/logos/x.gif", "//evil.example/logos/x.svg"].map(
      (logo): [string, Record<string, unknown>] => [`logo ${logo}`, { logo }],
    ),
    ["unknown font", { font: "comic-sans" }],
    ["font as CSS", { font: "Arial; background: url(x)" }],
    ["radius too large", { radius: 99 }],
    ["negative radius", { radius: -1 }],
    ["fractional radius", { radius: 2.5 }],
    ["unknown token", { css: "body { display: none }" }],
    ["unknown color token", { colors: { evil: "#000000" } }],
  ];

  test.each(malformed)("rejects %s with BAD_REQUEST and leaves the theme unchanged", async (_label, overrides) => {
    const before = await snapshot();
    const error = await trpcError(platform.platform.updateTenantTheme({ slug, themePreset: "grove", overrides } as never));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.cause).toBeInstanceOf(ZodError);
    expect((error.cause as ZodError).issues[0].path[0]).toBe("overrides");
    expect(await snapshot()).toEqual(before);
  });

  test("rejects an unknown preset with BAD_REQUEST", async () => {
    const before = await snapshot();
    const error = await trpcError(platform.platform.updateTenantTheme({ slug, themePreset: "neon" as never, overrides: {} }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(await snapshot()).toEqual(before);
  });

  test("a tenant that does not exist is NOT_FOUND", async () => {
    const error = await trpcError(platform.platform.updateTenantTheme({ slug: newSlug("missing"), themePreset: "harbor", overrides: {} }));
    expect(error.code).toBe("NOT_FOUND");
  });

  test("a valid override is stored normalised, audited, and resolved on top of the preset everywhere", async () => {
    const before = await snapshot();
    const overrides = { colors: { primary: "#ABCDEF", accent: " #00ff00 " }, radius: 0, font: "mono" as const, logo: "/logos/test-brand.svg" };
    const result = await platform.platform.updateTenantTheme({ slug, themePreset: "midnight", overrides });
    const expected = {
      ...THEME_PRESETS.midnight,
      colors: { ...THEME_PRESETS.midnight.colors, primary: "#abcdef", accent: "#00ff00" },
      radius: 0,
      font: "mono",
      logo: "/logos/test-brand.svg",
    };
    expect(result).toEqual({ slug, theme: expected });

    const stored = await platform.platform.tenant({ slug });
    expect(stored.themePreset).toBe("midnight");
    expect(stored.themeOverrides).toEqual({ colors: { primary: "#abcdef", accent: "#00ff00" }, radius: 0, font: "mono", logo: "/logos/test-brand.svg" });
    expect(stored.theme).toEqual(expected);
    expect(resolveTheme(stored.themePreset, stored.themeOverrides)).toEqual(expected);
    expect(stored.updatedAt.getTime()).toBeGreaterThan(new Date(before.updatedAt).getTime());
    expect((await footprint(tenantId)).theme_audits).toBe(before.audits + 1);

    // The tenant's host serves the same resolved theme.
    const host = await resolveHost(`${slug}.${baseDomain()}`);
    expect(host.kind === "tenant" && host.tenant.theme).toEqual(expected);
  });

  test("invalid overrides written behind the app's back fall back to the preset when resolved", async () => {
    const evil = { colors: { primary: "red;}</style><script>alert(1)</script>" }, logo: "https://evil.example/x.svg" };
    await withTenant({ kind: "platform", tenantId, userId: admin.id }, (tx) =>
      tx.execute(sql`update tenants set theme_preset = 'ember', theme_overrides = ${JSON.stringify(evil)}::jsonb where id = ${tenantId}`),
    );
    expect((await platform.platform.tenant({ slug })).theme).toEqual(THEME_PRESETS.ember);
    const host = await resolveHost(`${slug}.${baseDomain()}`);
    expect(host.kind === "tenant" && host.tenant.theme).toEqual(THEME_PRESETS.ember);
  });
});
