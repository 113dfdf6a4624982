import { sql } from "drizzle-orm";
import { appPool } from "../../../db/client";
import { resolveTheme, type ThemeTokens } from "../../../themes";
import { processCache } from "../../cache/ttl-cache";

export interface TenantBrand {
  id: string;
  slug: string;
  name: string;
  theme: ThemeTokens;
  /** Set when the host is a reseller's white-label domain. */
  resellerId: string | null;
}

export type HostContext =
  | { kind: "console"; host: string }
  | { kind: "tenant"; host: string; tenant: TenantBrand }
  | { kind: "unknown"; host: string | null };

export function baseDomain(): string {
  return (process.env.BASE_DOMAIN ?? "localhost").toLowerCase();
}

/** `Acme.Localhost:3000` -> `acme.localhost`; anything that is not a plausible host name -> null. */
export function normalizeHost(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const host = raw.trim().toLowerCase().replace(/:\d+$/, "").replace(/\.$/, "");
  return /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(host) && host.length <= 253 ? host : null;
}

/**
 * Host header -> console, tenant (by `<slug>.<base>` or a custom domain) or unknown.
 * Runs before any tenant is known, through a SECURITY DEFINER lookup that returns only branding.
 */
export async function resolveHost(rawHost: string | null | undefined, base = baseDomain()): Promise<HostContext> {
  const host = normalizeHost(rawHost);
  if (!host) return { kind: "unknown", host: null };
  if (host === base) return { kind: "console", host };
  const prefix = host.endsWith(`.${base}`) ? host.slice(0, -(base.length + 1)) : null;
  const slug = prefix && !prefix.includes(".") ? prefix : null;
  const rows = await appPool().db.execute<{
    tenant_id: string; slug: string; name: string; theme_preset: string; theme_overrides: unknown; reseller_id: string | null;
  }>(sql`select * from app_resolve_host(${slug}, ${slug ? null : host})`);
  const row = rows[0];
  if (!row) return { kind: "unknown", host };
  return {
    kind: "tenant",
    host,
    tenant: { id: row.tenant_id, slug: row.slug, name: row.name, theme: resolveTheme(row.theme_preset, row.theme_overrides), resellerId: row.reseller_id },
  };
}

/**
 * How long a resolved host is reused by the API's request context (`resolveHostCached`). A tenant
 * suspended or a domain removed in another process is refused by this one at most this long after;
 * in this process `forgetResolvedHosts()` takes effect at once.
 */
export const HOST_CACHE_TTL_MS = Number(process.env.HOST_CACHE_TTL_MS ?? 5_000);
const hostCache = processCache<string, HostContext>("hosts", HOST_CACHE_TTL_MS, 1_000);

/** `resolveHost` with a short-lived, bounded cache: the per-request lookup of the API routes. */
export function resolveHostCached(rawHost: string | null | undefined): Promise<HostContext> {
  const host = normalizeHost(rawHost);
  if (!host) return Promise.resolve({ kind: "unknown", host: null });
  return hostCache.getOrLoad(host, () => resolveHost(host));
}

/** Drops every cached host resolution (call it after changing a tenant's status, slug or domains). */
export function forgetResolvedHosts(): void {
  hostCache.clear();
}
