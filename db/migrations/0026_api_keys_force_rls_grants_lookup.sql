-- API keys and idempotency keys: FORCE RLS and grants (drizzle-kit emits ENABLE and the policies),
-- and the cross-tenant lookup of a key by its hash. Self-contained: safe to renumber on merge.
ALTER TABLE "api_keys" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "idempotency_keys" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
-- Keys are revoked (UPDATE), never deleted, so audit entries keep naming them.
GRANT SELECT, INSERT, UPDATE ON "api_keys" TO app_user;--> statement-breakpoint
-- Stored responses expire after 24 hours and are purged (DELETE) or taken over (UPDATE).
GRANT SELECT, INSERT, UPDATE, DELETE ON "idempotency_keys" TO app_user;--> statement-breakpoint

-- A request with a key carries no tenant until the key is found: like app_resolve_host, this runs as
-- tributary_lookup (BYPASSRLS, SELECT only) and returns just what authentication needs, for one
-- exact hash. The tenant's tier comes along for the rate limits; a suspended tenant's keys find nothing.
GRANT SELECT ON "api_keys" TO tributary_lookup;--> statement-breakpoint
GRANT CREATE ON SCHEMA public TO tributary_lookup;--> statement-breakpoint
CREATE OR REPLACE FUNCTION app_api_key_lookup(p_secret_hash text)
RETURNS TABLE (tenant_id uuid, key_id uuid, name text, scopes text[], expires_at timestamptz, revoked_at timestamptz, service_tier text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT k.tenant_id, k.id, k.name, k.scopes, k.expires_at, k.revoked_at, t.service_tier
    FROM api_keys k JOIN tenants t ON t.id = k.tenant_id
   WHERE k.secret_hash = p_secret_hash AND t.status = 'active'
$$;--> statement-breakpoint
ALTER FUNCTION app_api_key_lookup(text) OWNER TO tributary_lookup;--> statement-breakpoint
REVOKE ALL ON FUNCTION app_api_key_lookup(text) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_api_key_lookup(text) TO app_user;--> statement-breakpoint
REVOKE CREATE ON SCHEMA public FROM tributary_lookup;
