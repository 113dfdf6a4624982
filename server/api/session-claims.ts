import { decode } from "next-auth/jwt";
import { processCache } from "../cache/ttl-cache";

/*
 * The API's cheap path to the Auth.js session (server/api/context.ts): no Next request scope needed,
 * so it runs (and is tested) anywhere. Auth.js remains the authority for anything but a young token.
 */

export interface Session { user?: { id?: string }; tenantId?: string | null }

const SESSION_COOKIES = ["__Secure-authjs.session-token", "authjs.session-token"] as const;
/**
 * A token issued less than this long ago is decoded here (and its claims cached by token); an older
 * one goes through Auth.js's `auth()`, which re-issues the cookie and so keeps the session sliding.
 */
const REISSUE_AFTER_MS = 5 * 60_000;
const claimsCache = processCache<string, Session | null>("session-claims", 60_000, 10_000);

type Claims = { sub?: string; exp?: number; iat?: number; tenantId?: unknown };

async function decodeToken(token: string, salt: string): Promise<Claims | null> {
  try {
    return (await decode({ token, secret: process.env.AUTH_SECRET!, salt })) as Claims | null;
  } catch {
    return null; // not ours, tampered or from another secret: no session, as auth() would say
  }
}

function cookieOf(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

/**
 * The request's Auth.js session, as `auth()` would return it (`user.id` from `sub`, `tenantId`),
 * without re-encrypting the token on every call: a young, unchunked session cookie is decoded with
 * the app's secret and salt (Auth.js's own `decode`) and its claims kept until it expires or for a
 * minute; anything else (a chunked cookie, an older token) is Auth.js's business: "ask-auth-js".
 */
export async function sessionFromCookies(cookieHeader: string | null): Promise<Session | null | "ask-auth-js"> {
  if (!cookieHeader?.includes("authjs.session-token")) return null;
  for (const name of SESSION_COOKIES) {
    const token = cookieOf(cookieHeader, name);
    if (!token) continue;
    const cached = claimsCache.get(token);
    if (cached !== undefined) return cached;
    const claims = await decodeToken(token, name);
    const now = Date.now();
    if (!claims?.sub || typeof claims.exp !== "number" || claims.exp * 1000 <= now) return null;
    const session: Session = { user: { id: claims.sub }, tenantId: (claims.tenantId as string | null | undefined) ?? null };
    if (typeof claims.iat !== "number" || now - claims.iat * 1000 > REISSUE_AFTER_MS) break;
    claimsCache.set(token, session, Math.min(60_000, claims.exp * 1000 - now, claims.iat * 1000 + REISSUE_AFTER_MS - now));
    return session;
  }
  return "ask-auth-js";
}
