import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { closeAppPool } from "../../db/client";
import { auditLog } from "../../db/schema";
import { withTenant } from "../../db/with-tenant";
import { SIGN_IN_LIMITS } from "../../server/auth/rate-limit";
import { checkSignIn, clientIp } from "../../server/auth/sign-in";
import { addMembership } from "../../server/domain/access/users";
import { resolveHost, type HostContext } from "../../server/domain/tenancy/hosts";
import { closeRedis } from "../../server/redis";
import { suffix } from "../helpers/db";
import { consoleHost, createPlatformAdmin, createTenantFixture, TEST_PASSWORD, tenantHostOf, type PlatformAdminFixture, type TenantFixture } from "../helpers/fixtures";

/*
 * checkSignIn against the real database (SECURITY DEFINER login lookup, memberships through RLS)
 * and the real Redis rate limiter. Every test uses its own logins and client addresses, because
 * lockouts live in Redis for 15 minutes and are shared by all test files and runs.
 */

let A: TenantFixture;
let B: TenantFixture;
let admin: PlatformAdminFixture;
let hostA: HostContext;
let hostB: HostContext;
let console_: HostContext;

/** A fresh client address per call, so the per-IP limit of one test never touches another. */
const freshIp = () => `2001:db8:${suffix(2)}:${suffix(2)}::1`;

beforeAll(async () => {
  admin = await createPlatformAdmin("signin");
  [A, B] = await Promise.all([createTenantFixture(admin, "signin-a"), createTenantFixture(admin, "signin-b")]);
  // A's sales user also works for B (one login, two workspaces).
  await withTenant({ kind: "system", tenantId: B.id }, (tx) => addMembership(tx, { tenantId: B.id, userId: A.users.sales.id, role: "ops" }));
  [hostA, hostB, console_] = await Promise.all([tenantHostOf(A), tenantHostOf(B), consoleHost()]);
});

afterAll(async () => {
  await closeAppPool();
  await closeRedis();
});

describe("credentials and hosts", () => {
  test("the right password on the user's tenant host signs in, for that tenant, and is audited", async () => {
    const ip = freshIp();
    const result = await checkSignIn(hostA, { email: A.users.finance.email, password: TEST_PASSWORD }, ip);
    expect(result).toEqual({ ok: true, user: { id: A.users.finance.id, email: A.users.finance.email, name: "finance", tenantId: A.id } });
    const audited = await withTenant({ kind: "system", tenantId: A.id }, (tx) =>
      tx.select().from(auditLog).where(and(eq(auditLog.action, "user.signed_in"), eq(auditLog.actorUserId, A.users.finance.id))),
    );
    expect(audited.map((a) => a.data)).toContainEqual({ ip });
  });

  test("email is matched case-insensitively and trimmed", async () => {
    const result = await checkSignIn(hostA, { email: `  ${A.users.ops.email.toUpperCase()} `, password: TEST_PASSWORD }, freshIp());
    expect(result.ok && result.user.id).toBe(A.users.ops.id);
  });

  test("a wrong password is invalid_credentials, and so is an unknown email (no account enumeration)", async () => {
    expect(await checkSignIn(hostA, { email: A.users.admin.email, password: "not-the-password" }, freshIp())).toEqual({ ok: false, reason: "invalid_credentials" });
    expect(await checkSignIn(hostA, { email: `nobody.${suffix()}@tenant.tests.test`, password: TEST_PASSWORD }, freshIp())).toEqual({ ok: false, reason: "invalid_credentials" });
  });

  test("malformed credentials are invalid_credentials", async () => {
    for (const credentials of [null, {}, { email: "not-an-email", password: "x" }, { email: A.users.admin.email, password: "" }]) {
      expect(await checkSignIn(hostA, credentials, freshIp())).toEqual({ ok: false, reason: "invalid_credentials" });
    }
  });

  test("a user of tenant B on tenant A's host gets no_access, even with the right password", async () => {
    expect(await checkSignIn(hostA, { email: B.users.owner.email, password: TEST_PASSWORD }, freshIp())).toEqual({ ok: false, reason: "no_access" });
    // The same login on its own host works, so no_access above is about the host.
    expect((await checkSignIn(hostB, { email: B.users.owner.email, password: TEST_PASSWORD }, freshIp())).ok).toBe(true);
  });

  test("a user with memberships in two tenants signs in to each, on each host", async () => {
    const onA = await checkSignIn(hostA, { email: A.users.sales.email, password: TEST_PASSWORD }, freshIp());
    const onB = await checkSignIn(hostB, { email: A.users.sales.email, password: TEST_PASSWORD }, freshIp());
    expect(onA.ok && onA.user.tenantId).toBe(A.id);
    expect(onB.ok && onB.user.tenantId).toBe(B.id);
  });

  test("on the console host a tenant user gets no_access and the platform admin signs in (no tenant)", async () => {
    expect(await checkSignIn(console_, { email: A.users.owner.email, password: TEST_PASSWORD }, freshIp())).toEqual({ ok: false, reason: "no_access" });
    expect(await checkSignIn(console_, { email: admin.email, password: TEST_PASSWORD }, freshIp())).toEqual({
      ok: true,
      user: { id: admin.id, email: admin.email, name: "Platform signin", tenantId: null },
    });
  });

  test("the platform admin is not a member of a tenant and gets no_access on its host", async () => {
    expect(await checkSignIn(hostA, { email: admin.email, password: TEST_PASSWORD }, freshIp())).toEqual({ ok: false, reason: "no_access" });
  });

  test("an unknown host is unknown_host", async () => {
    const unknown = await resolveHost(`nope-${suffix()}.localhost`);
    expect(unknown.kind).toBe("unknown");
    expect(await checkSignIn(unknown, { email: A.users.owner.email, password: TEST_PASSWORD }, freshIp())).toEqual({ ok: false, reason: "unknown_host" });
  });
});

describe("rate limits", () => {
  const N = SIGN_IN_LIMITS.perAccount.points;

  test("limits are configured sensibly (an account locks before its address does)", () => {
    expect(N).toBeGreaterThan(1);
    expect(SIGN_IN_LIMITS.perIp.points).toBeGreaterThan(N);
  });

  test(`after ${N} failed attempts the account is rate_limited, even with the right password and from a new address`, async () => {
    const email = A.users.customer_admin.email;
    for (let i = 0; i < N; i++) {
      expect((await checkSignIn(hostA, { email, password: `wrong-${i}` }, freshIp())).ok).toBe(false);
    }
    const locked = await checkSignIn(hostA, { email, password: TEST_PASSWORD }, freshIp());
    expect(locked).toMatchObject({ ok: false, reason: "rate_limited" });
    expect(!locked.ok && locked.retryAfterSeconds).toBeGreaterThan(0);
    // The lock is per account: another user of the same tenant is not affected.
    expect((await checkSignIn(hostA, { email: A.users.customer_buyer.email, password: TEST_PASSWORD }, freshIp())).ok).toBe(true);
  });

  test("the account lock is per workspace: the same login still signs in on another tenant's host", async () => {
    const email = A.users.sales.email;
    for (let i = 0; i < N; i++) await checkSignIn(hostA, { email, password: `wrong-${i}` }, freshIp());
    expect(await checkSignIn(hostA, { email, password: TEST_PASSWORD }, freshIp())).toMatchObject({ ok: false, reason: "rate_limited" });
    expect((await checkSignIn(hostB, { email, password: TEST_PASSWORD }, freshIp())).ok).toBe(true);
  });

  test(`${N - 1} failures do not lock, and a successful sign-in resets the account's count`, async () => {
    const email = A.users.reseller_agent.email;
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < N - 1; i++) await checkSignIn(hostA, { email, password: `wrong-${i}` }, freshIp());
      expect((await checkSignIn(hostA, { email, password: TEST_PASSWORD }, freshIp())).ok, `round ${round}`).toBe(true);
    }
  });

  test("one address failing on many accounts is limited per address; other addresses are not", async () => {
    const ip = freshIp();
    for (let i = 0; i < SIGN_IN_LIMITS.perIp.points; i++) {
      const result = await checkSignIn(hostA, { email: `spray.${i}.${suffix()}@tenant.tests.test`, password: "guess" }, ip);
      expect(result.ok).toBe(false);
    }
    // A real account this address never tried: blocked because of the address alone.
    expect(await checkSignIn(hostA, { email: A.users.reseller_admin.email, password: TEST_PASSWORD }, ip)).toMatchObject({ ok: false, reason: "rate_limited" });
    expect((await checkSignIn(hostA, { email: A.users.reseller_admin.email, password: TEST_PASSWORD }, freshIp())).ok).toBe(true);
  });

  test("the console host has its own account limit", async () => {
    const email = admin.email;
    for (let i = 0; i < N; i++) await checkSignIn(console_, { email, password: `wrong-${i}` }, freshIp());
    expect(await checkSignIn(console_, { email, password: TEST_PASSWORD }, freshIp())).toMatchObject({ ok: false, reason: "rate_limited" });
  });
});

describe("clientIp", () => {
  test("takes the first X-Forwarded-For hop, then X-Real-IP, else 'unknown'", () => {
    expect(clientIp(new Headers({ "x-forwarded-for": " 198.51.100.7 , 10.0.0.1", "x-real-ip": "10.9.9.9" }))).toBe("198.51.100.7");
    expect(clientIp(new Headers({ "x-real-ip": "10.9.9.9" }))).toBe("10.9.9.9");
    expect(clientIp(new Headers())).toBe("unknown");
  });
});
