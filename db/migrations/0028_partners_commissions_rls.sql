-- Partners and commissions (issue 6): FORCE RLS, grants, the wholesale book's composite foreign key,
-- non-overlapping commission plans, and the host lookup returning a reseller's brand on its domain.
-- Self-contained: safe to renumber after other branches' migrations.
ALTER TABLE "reseller_invitations" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "reseller_price_limits" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "reseller_sellable_plans" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "commission_plans" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "commission_plan_rates" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "commission_runs" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "commission_run_exceptions" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "commission_statements" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "commission_statement_lines" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "commission_payouts" FORCE ROW LEVEL SECURITY;--> statement-breakpoint

GRANT SELECT, INSERT, UPDATE, DELETE ON "reseller_price_limits", "reseller_sellable_plans", "commission_plans", "commission_plan_rates" TO app_user;--> statement-breakpoint
-- Invitations are accepted (updated), never removed; runs and statements change status, never go away.
GRANT SELECT, INSERT, UPDATE ON "reseller_invitations", "commission_runs", "commission_statements" TO app_user;--> statement-breakpoint
-- Append-only: what a run found, what a statement says, what was paid.
GRANT SELECT, INSERT ON "commission_run_exceptions", "commission_statement_lines", "commission_payouts" TO app_user;--> statement-breakpoint

ALTER TABLE "resellers" ADD CONSTRAINT "resellers_wholesale_price_book_fk"
  FOREIGN KEY ("tenant_id", "wholesale_price_book_id") REFERENCES "price_books" ("tenant_id", "id");--> statement-breakpoint

CREATE EXTENSION IF NOT EXISTS btree_gist;--> statement-breakpoint
ALTER TABLE "commission_plans" ADD CONSTRAINT "commission_plans_no_overlap"
  EXCLUDE USING gist ("tenant_id" WITH =, "reseller_id" WITH =, daterange("effective_from", "effective_to") WITH &&);--> statement-breakpoint

-- On a reseller's white-label domain the host lookup returns the reseller's name and theme (when it
-- has one), so its customers never see the distributor's brand. tributary_lookup may now read
-- resellers too (name, theme, id: nothing else leaves the function).
GRANT SELECT ON "resellers" TO tributary_lookup;--> statement-breakpoint
GRANT CREATE ON SCHEMA public TO tributary_lookup;--> statement-breakpoint
CREATE OR REPLACE FUNCTION app_resolve_host(p_slug text, p_host text)
RETURNS TABLE (tenant_id uuid, slug text, name text, theme_preset text, theme_overrides jsonb, reseller_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT t.id, t.slug, t.name, t.theme_preset, t.theme_overrides, NULL::uuid
    FROM tenants t WHERE p_slug IS NOT NULL AND t.slug = p_slug AND t.status = 'active'
  UNION ALL
  SELECT t.id, t.slug, coalesce(r.name, t.name),
         CASE WHEN r.theme_preset IS NOT NULL THEN r.theme_preset ELSE t.theme_preset END,
         CASE WHEN r.theme_preset IS NOT NULL THEN r.theme_overrides ELSE t.theme_overrides END,
         d.reseller_id
    FROM tenant_domains d JOIN tenants t ON t.id = d.tenant_id
    LEFT JOIN resellers r ON r.tenant_id = d.tenant_id AND r.id = d.reseller_id
   WHERE p_host IS NOT NULL AND d.host = p_host AND t.status = 'active'
  LIMIT 1
$$;--> statement-breakpoint
ALTER FUNCTION app_resolve_host(text, text) OWNER TO tributary_lookup;--> statement-breakpoint
REVOKE ALL ON FUNCTION app_resolve_host(text, text) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_resolve_host(text, text) TO app_user;--> statement-breakpoint
REVOKE CREATE ON SCHEMA public FROM tributary_lookup;
