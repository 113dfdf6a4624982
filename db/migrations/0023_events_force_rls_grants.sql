-- Events and webhooks (issue 7): FORCE RLS and grants (drizzle-kit emits ENABLE and the policies).
ALTER TABLE "events" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "event_consumer_positions" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "webhook_endpoints" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "webhook_attempts" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
-- The event log and the delivery attempts are append-only ledgers.
GRANT SELECT, INSERT ON "events", "webhook_attempts" TO app_user;--> statement-breakpoint
-- Positions, endpoints and deliveries change state; none is ever deleted (an endpoint is deactivated).
GRANT SELECT, INSERT, UPDATE ON "event_consumer_positions", "webhook_endpoints", "webhook_deliveries" TO app_user;
