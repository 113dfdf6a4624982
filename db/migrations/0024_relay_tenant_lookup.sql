-- The outbox relay's tick asks which tenants have webhook work, instead of opening two transactions
-- per tenant every second: new events past the relay's position, or deliveries due. Like the host and
-- login lookups (0001) it runs as tributary_lookup (BYPASSRLS) and returns tenant ids only.
GRANT SELECT ON "tenant_counters", "event_consumer_positions", "webhook_deliveries" TO tributary_lookup;--> statement-breakpoint
GRANT CREATE ON SCHEMA public TO tributary_lookup;--> statement-breakpoint
CREATE OR REPLACE FUNCTION app_tenants_with_webhook_work(p_now timestamptz)
RETURNS TABLE (tenant_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT t.id FROM tenants t
   WHERE t.status = 'active'
     AND (coalesce((SELECT c.last_value FROM tenant_counters c WHERE c.tenant_id = t.id AND c.name = 'events' AND c.period = ''), 0)
            > coalesce((SELECT p.last_seq FROM event_consumer_positions p WHERE p.tenant_id = t.id AND p.consumer = 'webhooks'), 0)
          OR EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.tenant_id = t.id AND d.status = 'pending' AND d.next_attempt_at <= p_now))
   ORDER BY t.id
$$;--> statement-breakpoint
ALTER FUNCTION app_tenants_with_webhook_work(timestamptz) OWNER TO tributary_lookup;--> statement-breakpoint
REVOKE ALL ON FUNCTION app_tenants_with_webhook_work(timestamptz) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_tenants_with_webhook_work(timestamptz) TO app_user;--> statement-breakpoint
REVOKE CREATE ON SCHEMA public FROM tributary_lookup;
