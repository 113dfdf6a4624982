import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { closeAppPool } from "../../db/client";
import { withTenant } from "../../db/with-tenant";
import { addTenantDomain } from "../../server/domain/tenancy/domains";
import { baseDomain, normalizeHost, resolveHost } from "../../server/domain/tenancy/hosts";
import { closeRedis } from "../../server/redis";
import { THEME_PRESETS } from "../../themes";
import { suffix } from "../helpers/db";
import { createPlatformAdmin, createTenantFixture, type PlatformAdminFixture, type TenantFixture } from "../helpers/fixtures";

/*
 * Host header -> console / tenant / unknown. The seeded demo tenant "acme" (global setup) and this
 * file's own tenant are both resolved through the SECURITY DEFINER lookup, as the app's role.
 */

const base = baseDomain();
let T: TenantFixture;
let admin: PlatformAdminFixture;

beforeAll(async () => {
  admin = await createPlatformAdmin("hosts");
  T = await createTenantFixture(admin, "hosts");
});

afterAll(async () => {
  await closeAppPool();
  await closeRedis();
});

describe("resolveHost", () => {
  test.each([base, `${base}:3000`, base.toUpperCase(), `${base}.`, ` ${base}:3100 `])("%j is the platform console", async (raw) => {
    expect(await resolveHost(raw)).toEqual({ kind: "console", host: base });
  });

  test("acme.<base>:3000 is the seeded tenant acme, with its branding", async () => {
    const host = await resolveHost(`acme.${base}:3000`);
    expect(host.kind).toBe("tenant");
    if (host.kind !== "tenant") return;
    expect(host.host).toBe(`acme.${base}`);
    expect(host.tenant).toMatchObject({ slug: "acme", name: "Acme Supplies", resellerId: null });
    // Seeded with the ember preset and a logo override.
    expect(host.tenant.theme).toEqual({ ...THEME_PRESETS.ember, logo: "/logos/acme.svg" });
  });

  test("the seeded custom domain portal.acme-supplies.test is acme too", async () => {
    const viaSlug = await resolveHost(`acme.${base}`);
    const viaDomain = await resolveHost("portal.acme-supplies.test");
    expect(viaDomain.kind).toBe("tenant");
    expect(viaDomain.kind === "tenant" && viaSlug.kind === "tenant" && viaDomain.tenant.id === viaSlug.tenant.id).toBe(true);
    expect(viaDomain.kind === "tenant" && viaDomain.tenant.slug).toBe("acme");
  });

  test("host names are case- and port-insensitive", async () => {
    const host = await resolveHost("PORTAL.Acme-Supplies.TEST:443");
    expect(host.kind === "tenant" && host.tenant.slug).toBe("acme");
  });

  test("a fresh tenant resolves by slug, and a reseller's white-label domain names that reseller", async () => {
    const bySlug = await resolveHost(`${T.slug}.${base}`);
    expect(bySlug.kind === "tenant" && bySlug.tenant).toMatchObject({ id: T.id, slug: T.slug, resellerId: null });
    const byDomain = await resolveHost(T.r1Domain);
    expect(byDomain.kind === "tenant" && byDomain.tenant).toMatchObject({ id: T.id, slug: T.slug, resellerId: T.resellers.r1 });
  });

  test("a custom domain without a reseller maps to the tenant with no reseller", async () => {
    const host = `shop.${suffix()}.tests.test`;
    await withTenant({ kind: "system", tenantId: T.id }, (tx) => addTenantDomain(tx, { tenantId: T.id, host }));
    const resolved = await resolveHost(host);
    expect(resolved.kind === "tenant" && resolved.tenant).toMatchObject({ id: T.id, resellerId: null });
  });

  test.each(["unknown.localhost", "evil.example", "acme.evil.example", "acme-supplies.test", "x.portal.acme-supplies.test"])(
    "%j is unknown",
    async (raw) => {
      const host = raw.replace(/localhost$/, base);
      expect(await resolveHost(host)).toEqual({ kind: "unknown", host });
    },
  );

  test("a slug is one label: nested subdomains of the base are not the tenant", async () => {
    expect((await resolveHost(`www.acme.${base}`)).kind).toBe("unknown");
    expect((await resolveHost(`acme.acme.${base}`)).kind).toBe("unknown");
  });

  test("a host that only ends like the base domain is not under it", async () => {
    // `<slug>-<base>` must not be read as `<slug>.<base>` (e.g. by a suffix check without the dot).
    expect((await resolveHost(`${T.slug}-${base}`)).kind).toBe("unknown");
    expect((await resolveHost(`${T.slug}x${base}`)).kind).toBe("unknown");
    expect((await resolveHost(`acme.not${base}`)).kind).toBe("unknown");
  });

  test.each([
    null, undefined, "", "   ", ":3000", "acme..localhost", "-acme.localhost", "acme-.localhost", "acme.localhost:abc",
    "acme.localhost/evil", "acme.localhost@evil.example", "user:pass@acme.localhost", "acme.localhost\r\nX-Evil: 1",
    "acme localhost", "ac_me.localhost", "ácme.localhost", "[::1]:3000", "acme.localhost' or '1'='1", "%61cme.localhost",
    `${"a".repeat(250)}.localhost`,
  ])("the garbage host header %j is unknown, with no host", async (raw) => {
    expect(await resolveHost(raw)).toEqual({ kind: "unknown", host: null });
  });

  test("a suspended tenant's host is unknown (by slug and by custom domain)", async () => {
    const victim = await createTenantFixture(admin, "hosts-susp");
    expect((await resolveHost(victim.host)).kind).toBe("tenant");
    await withTenant({ kind: "platform", tenantId: victim.id, userId: admin.id }, (tx) => tx.execute(sql`update tenants set status = 'suspended' where id = ${victim.id}`));
    expect((await resolveHost(victim.host)).kind).toBe("unknown");
    expect((await resolveHost(victim.r1Domain)).kind).toBe("unknown");
  });
});

describe("normalizeHost", () => {
  test("lower-cases, trims, and drops the port and a trailing dot", () => {
    expect(normalizeHost(" Acme.LocalHost:3000 ")).toBe("acme.localhost");
    expect(normalizeHost("acme.localhost.")).toBe("acme.localhost");
    expect(normalizeHost("acme.localhost:")).toBeNull();
  });
});
