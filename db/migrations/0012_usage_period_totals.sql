CREATE TABLE "usage_period_totals" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"subscription_id" uuid NOT NULL,
	"meter_id" uuid NOT NULL,
	"period_start" date NOT NULL,
	"quantity" numeric(24, 6) NOT NULL,
	"events" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "usage_period_totals_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "usage_period_totals_key" UNIQUE("tenant_id","subscription_id","meter_id","period_start"),
	CONSTRAINT "usage_period_totals_events" CHECK ("usage_period_totals"."events" > 0)
);
--> statement-breakpoint
ALTER TABLE "usage_period_totals" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
DROP INDEX "usage_events_period_idx";--> statement-breakpoint
ALTER TABLE "usage_period_totals" ADD CONSTRAINT "usage_period_totals_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_period_totals" ADD CONSTRAINT "usage_period_totals_subscription" FOREIGN KEY ("tenant_id","subscription_id") REFERENCES "public"."subscriptions"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_period_totals" ADD CONSTRAINT "usage_period_totals_meter" FOREIGN KEY ("tenant_id","meter_id") REFERENCES "public"."meters"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "usage_period_totals_meter_idx" ON "usage_period_totals" USING btree ("tenant_id","meter_id");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "usage_period_totals" AS PERMISSIVE FOR ALL TO public USING ("usage_period_totals"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("usage_period_totals"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "usage_period_totals" AS RESTRICTIVE FOR SELECT TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or "usage_period_totals"."subscription_id" in (select s.id from subscriptions s));--> statement-breakpoint
CREATE POLICY "scope_insert" ON "usage_period_totals" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or ((select current_setting('app.scope', true)) = 'reseller' and "usage_period_totals"."subscription_id" in (select s.id from subscriptions s)));--> statement-breakpoint
CREATE POLICY "scope_update" ON "usage_period_totals" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or ((select current_setting('app.scope', true)) = 'reseller' and "usage_period_totals"."subscription_id" in (select s.id from subscriptions s))) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or ((select current_setting('app.scope', true)) = 'reseller' and "usage_period_totals"."subscription_id" in (select s.id from subscriptions s)));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "usage_period_totals" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or ((select current_setting('app.scope', true)) = 'reseller' and "usage_period_totals"."subscription_id" in (select s.id from subscriptions s)));--> statement-breakpoint
-- usage_period_totals is derived: app_user reads it, only the triggers below write it.
ALTER TABLE "usage_period_totals" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
GRANT SELECT ON "usage_period_totals" TO app_user;--> statement-breakpoint

-- The totals' foreign keys now tie usage to contracts and meters (each statement's distinct contracts
-- and meters are checked once, when their totals row is first made, and a contract or meter with usage
-- cannot go), so 0011's check and guard triggers retire. The truncate guard stays: TRUNCATE ... CASCADE
-- of subscriptions would reach the totals but not the events.
DROP TRIGGER usage_events_references_on_insert ON usage_events;--> statement-breakpoint
DROP TRIGGER usage_events_references_on_update ON usage_events;--> statement-breakpoint
DROP FUNCTION usage_events_check_references();--> statement-breakpoint
DROP TRIGGER usage_events_guard ON subscriptions;--> statement-breakpoint
DROP TRIGGER usage_events_guard ON meters;--> statement-breakpoint
DROP FUNCTION usage_events_guard_referenced();--> statement-breakpoint
REVOKE UPDATE ("id") ON "subscriptions", "meters" FROM tributary_lookup;--> statement-breakpoint

INSERT INTO usage_period_totals (tenant_id, subscription_id, meter_id, period_start, quantity, events)
SELECT tenant_id, subscription_id, meter_id, period_start, sum(quantity), count(*)
  FROM usage_events GROUP BY tenant_id, subscription_id, meter_id, period_start;--> statement-breakpoint

-- Runs as tributary_lookup (BYPASSRLS), like a foreign-key check: the totals must count every event
-- whatever the session's scope, and app_user holds no write grant on them.
GRANT SELECT, INSERT, UPDATE, DELETE ON "usage_period_totals" TO tributary_lookup;--> statement-breakpoint
GRANT CREATE ON SCHEMA public TO tributary_lookup;--> statement-breakpoint
-- One statement's rows, summed per (contract, meter, period) and applied in key order: concurrent
-- batches touching the same totals rows queue on them in the same order and cannot deadlock.
CREATE FUNCTION usage_period_totals_apply() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO usage_period_totals AS t (tenant_id, subscription_id, meter_id, period_start, quantity, events)
    SELECT n.tenant_id, n.subscription_id, n.meter_id, n.period_start, sum(n.quantity), count(*)
      FROM new_rows n
     GROUP BY n.tenant_id, n.subscription_id, n.meter_id, n.period_start
     ORDER BY n.tenant_id, n.subscription_id, n.meter_id, n.period_start
    ON CONFLICT (tenant_id, subscription_id, meter_id, period_start)
    DO UPDATE SET quantity = t.quantity + excluded.quantity, events = t.events + excluded.events, updated_at = now();
  ELSIF TG_OP = 'DELETE' THEN
    -- Only the owner deletes usage (clearing a benchmark's events): subtract it; a totals row left
    -- with no events goes, so its contract and meter can be deleted again.
    WITH gone AS (
      SELECT o.tenant_id, o.subscription_id, o.meter_id, o.period_start, sum(o.quantity) AS quantity, count(*) AS events
        FROM old_rows o GROUP BY o.tenant_id, o.subscription_id, o.meter_id, o.period_start
    ), kept AS (
      UPDATE usage_period_totals t SET quantity = t.quantity - g.quantity, events = t.events - g.events, updated_at = now()
        FROM gone g
       WHERE t.tenant_id = g.tenant_id AND t.subscription_id = g.subscription_id AND t.meter_id = g.meter_id
         AND t.period_start = g.period_start AND t.events > g.events
      RETURNING t.id
    )
    DELETE FROM usage_period_totals t USING gone g
     WHERE t.tenant_id = g.tenant_id AND t.subscription_id = g.subscription_id AND t.meter_id = g.meter_id
       AND t.period_start = g.period_start AND t.events <= g.events;
  ELSE
    -- Events are facts: a correction is a new event. The owner has no reason to rewrite one either.
    RAISE EXCEPTION 'usage_events rows are never updated; record a correcting event instead'
      USING ERRCODE = 'feature_not_supported', TABLE = 'usage_events';
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
ALTER FUNCTION usage_period_totals_apply() OWNER TO tributary_lookup;--> statement-breakpoint
REVOKE ALL ON FUNCTION usage_period_totals_apply() FROM PUBLIC;--> statement-breakpoint
REVOKE CREATE ON SCHEMA public FROM tributary_lookup;--> statement-breakpoint
-- A trigger with a transition table takes one event, hence three.
CREATE TRIGGER usage_period_totals_on_insert AFTER INSERT ON usage_events
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION usage_period_totals_apply();--> statement-breakpoint
CREATE TRIGGER usage_period_totals_on_update AFTER UPDATE ON usage_events
  FOR EACH STATEMENT EXECUTE FUNCTION usage_period_totals_apply();--> statement-breakpoint
CREATE TRIGGER usage_period_totals_on_delete AFTER DELETE ON usage_events
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION usage_period_totals_apply();
--> statement-breakpoint
-- Event ids are opaque client keys: byte order compares them with memcmp instead of the cluster
-- locale's strcoll in the unique index every event is checked against.
ALTER TABLE usage_events ALTER COLUMN event_id TYPE text COLLATE "C";
