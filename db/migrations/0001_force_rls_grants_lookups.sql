-- drizzle-kit emits ENABLE RLS and the policies; FORCE (so even the owning role obeys them),
-- grants and the cross-tenant lookups are written here by hand.
ALTER TABLE "tenants" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "tenant_domains" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "users" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "memberships" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "resellers" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "customers" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "audit_log" FORCE ROW LEVEL SECURITY;--> statement-breakpoint

GRANT USAGE ON SCHEMA public TO app_user;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON "tenants", "users" TO app_user;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "tenant_domains", "memberships", "resellers", "customers" TO app_user;--> statement-breakpoint
-- Append-only ledger: no UPDATE or DELETE for the app, ever.
GRANT SELECT, INSERT ON "audit_log" TO app_user;--> statement-breakpoint

-- Lookups that must see across tenants before any tenant is known. They run as
-- tributary_lookup (BYPASSRLS, no login, SELECT on three tables only) and return just
-- what the caller needs: the tenant behind a host, and the login record behind an email.
GRANT SELECT ON "tenants", "tenant_domains", "users" TO tributary_lookup;--> statement-breakpoint
-- Owning a function needs CREATE on its schema at the moment ownership changes; taken back below.
GRANT CREATE ON SCHEMA public TO tributary_lookup;--> statement-breakpoint

CREATE OR REPLACE FUNCTION app_resolve_host(p_slug text, p_host text)
RETURNS TABLE (tenant_id uuid, slug text, name text, theme_preset text, theme_overrides jsonb, reseller_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT t.id, t.slug, t.name, t.theme_preset, t.theme_overrides, NULL::uuid
    FROM tenants t WHERE p_slug IS NOT NULL AND t.slug = p_slug AND t.status = 'active'
  UNION ALL
  SELECT t.id, t.slug, t.name, t.theme_preset, t.theme_overrides, d.reseller_id
    FROM tenant_domains d JOIN tenants t ON t.id = d.tenant_id
   WHERE p_host IS NOT NULL AND d.host = p_host AND t.status = 'active'
  LIMIT 1
$$;--> statement-breakpoint
ALTER FUNCTION app_resolve_host(text, text) OWNER TO tributary_lookup;--> statement-breakpoint
REVOKE ALL ON FUNCTION app_resolve_host(text, text) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_resolve_host(text, text) TO app_user;--> statement-breakpoint

CREATE OR REPLACE FUNCTION app_login_lookup(p_email text)
RETURNS TABLE (user_id uuid, name text, password_hash text, is_platform_admin boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT u.id, u.name, u.password_hash, u.is_platform_admin FROM users u WHERE u.email = lower(p_email)
$$;--> statement-breakpoint
ALTER FUNCTION app_login_lookup(text) OWNER TO tributary_lookup;--> statement-breakpoint
REVOKE ALL ON FUNCTION app_login_lookup(text) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_login_lookup(text) TO app_user;--> statement-breakpoint
REVOKE CREATE ON SCHEMA public FROM tributary_lookup;
