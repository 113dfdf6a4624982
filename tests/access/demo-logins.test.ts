import { afterAll, describe, expect, it } from "vitest";
import { closeAppPool } from "../../db/client";
import { BASE_DOMAIN, E2E_PORT } from "../../scripts/lib/config";
import { DEMO_PASSWORD, seedDemo } from "../../scripts/lib/demo-data";
import { checkSignIn } from "../../server/auth/sign-in";
import { loadTenantActor } from "../../server/domain/access/actor";
import { resolveHost } from "../../server/domain/tenancy/hosts";
import { closeRedis } from "../../server/redis";

afterAll(async () => {
  await closeAppPool();
  await closeRedis();
});

describe("demo seed", () => {
  it("is idempotent and every login it prints signs in on its host with the printed role", async () => {
    const first = await seedDemo(BASE_DOMAIN, E2E_PORT);
    const again = await seedDemo(BASE_DOMAIN, E2E_PORT);
    expect(again).toEqual(first);
    const roles = new Set(first.map((l) => l.role));
    for (const role of ["platform_admin", "owner", "admin", "finance", "ops", "sales", "reseller_admin", "reseller_agent", "customer_admin", "customer_buyer"]) {
      expect(roles, `a demo login for ${role}`).toContain(role);
    }

    for (const [i, login] of first.entries()) {
      const host = await resolveHost(login.host);
      const result = await checkSignIn(host, { email: login.email, password: DEMO_PASSWORD }, `198.51.100.${i}`);
      expect(result, `${login.email} on ${login.host}`).toMatchObject({ ok: true });
      if (!result.ok) continue;
      if (host.kind === "tenant") {
        const actor = await loadTenantActor(host.tenant.id, result.user.id);
        expect(actor?.role, login.email).toBe(login.role);
        expect(actor?.portal, login.email).toBe(login.portal);
      } else {
        expect(login.role).toBe("platform_admin");
      }
    }
  });
});
