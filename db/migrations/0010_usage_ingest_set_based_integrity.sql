ALTER TABLE "usage_events" DROP CONSTRAINT "usage_events_tenant_id_tenants_id_fk";
--> statement-breakpoint
ALTER TABLE "usage_events" DROP CONSTRAINT "usage_events_tenant_id_subscription_id_subscriptions_tenant_id_id_fk";
--> statement-breakpoint
ALTER TABLE "usage_events" DROP CONSTRAINT "usage_events_tenant_id_meter_id_meters_tenant_id_id_fk";
