import { encode } from "next-auth/jwt";
import { afterEach, describe, expect, test, vi } from "vitest";
import { sessionFromCookies } from "../../server/api/session-claims";

/*
 * The API's request context decodes a young Auth.js session cookie itself (and caches its claims):
 * it must accept exactly what Auth.js issued with the app's secret, and leave older tokens to Auth.js
 * (which re-issues the cookie, so sessions keep sliding).
 */

const COOKIE = "authjs.session-token";
const userId = "0196a4c2-1111-7000-8000-000000000001";
const tenantId = "0196a4c2-2222-7000-8000-000000000002";

afterEach(() => vi.useRealTimers());

const token = (claims: Record<string, unknown>, secret = process.env.AUTH_SECRET!) => encode({ token: claims, secret, salt: COOKIE, maxAge: 3600 });

describe("sessionFromCookies", () => {
  test("a fresh session cookie gives the user and the tenant it was issued for, as auth() would", async () => {
    const cookie = `theme=dark; ${COOKIE}=${await token({ sub: userId, email: "a@b.test", tenantId })}`;
    expect(await sessionFromCookies(cookie)).toEqual({ user: { id: userId }, tenantId });
    expect(await sessionFromCookies(cookie)).toEqual({ user: { id: userId }, tenantId }); // from the cache
    expect(await sessionFromCookies(`${COOKIE}=${await token({ sub: userId, tenantId: null })}`)).toEqual({ user: { id: userId }, tenantId: null });
  });

  test("a token sealed with another secret, a garbled one, or no session cookie is no session", async () => {
    expect(await sessionFromCookies(`${COOKIE}=${await token({ sub: userId, tenantId }, "not-the-app-secret-not-the-app-secret")}`)).toBeNull();
    expect(await sessionFromCookies(`${COOKIE}=garbage`)).toBeNull();
    expect(await sessionFromCookies("other=1")).toBeNull();
    expect(await sessionFromCookies(null)).toBeNull();
  });

  test("an older token is left to Auth.js, which re-issues the cookie", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() - 10 * 60_000);
    const old = await token({ sub: userId, tenantId });
    vi.useRealTimers();
    expect(await sessionFromCookies(`${COOKIE}=${old}`)).toBe("ask-auth-js");
  });
});
