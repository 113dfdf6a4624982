CREATE TABLE "event_consumer_positions" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"consumer" text NOT NULL,
	"last_seq" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "event_consumer_positions_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "event_consumer_positions_consumer" UNIQUE("tenant_id","consumer")
);
--> statement-breakpoint
ALTER TABLE "event_consumer_positions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "events" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"seq" bigint NOT NULL,
	"type" text NOT NULL,
	"version" smallint DEFAULT 1 NOT NULL,
	"payload" jsonb NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "events_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "events_seq" UNIQUE("tenant_id","seq"),
	CONSTRAINT "events_seq_positive" CHECK ("events"."seq" > 0)
);
--> statement-breakpoint
ALTER TABLE "events" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "webhook_attempts" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"delivery_id" uuid NOT NULL,
	"endpoint_id" uuid NOT NULL,
	"attempt" integer NOT NULL,
	"succeeded" boolean NOT NULL,
	"response_code" integer,
	"latency_ms" integer NOT NULL,
	"error" text DEFAULT '' NOT NULL,
	"attempted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "webhook_attempts_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "webhook_attempts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"endpoint_id" uuid NOT NULL,
	"event_id" uuid NOT NULL,
	"event_seq" bigint NOT NULL,
	"event_type" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"window_started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"last_attempt_at" timestamp with time zone,
	"last_response_code" integer,
	"last_latency_ms" integer,
	"last_error" text DEFAULT '' NOT NULL,
	"delivered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "webhook_deliveries_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "webhook_deliveries_event" UNIQUE("tenant_id","endpoint_id","event_id"),
	CONSTRAINT "webhook_deliveries_status" CHECK ("webhook_deliveries"."status" in ('pending', 'succeeded', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "webhook_endpoints" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"url" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"event_types" text[] DEFAULT '{}'::text[] NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"secret" text NOT NULL,
	"previous_secret" text,
	"previous_secret_expires_at" timestamp with time zone,
	"failing_since" timestamp with time zone,
	"disabled_at" timestamp with time zone,
	"disabled_reason" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "webhook_endpoints_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "webhook_endpoints_url" CHECK ("webhook_endpoints"."url" ~ '^https?://')
);
--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "event_consumer_positions" ADD CONSTRAINT "event_consumer_positions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_attempts" ADD CONSTRAINT "webhook_attempts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_attempts" ADD CONSTRAINT "webhook_attempts_tenant_id_delivery_id_webhook_deliveries_tenant_id_id_fk" FOREIGN KEY ("tenant_id","delivery_id") REFERENCES "public"."webhook_deliveries"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_attempts" ADD CONSTRAINT "webhook_attempts_tenant_id_endpoint_id_webhook_endpoints_tenant_id_id_fk" FOREIGN KEY ("tenant_id","endpoint_id") REFERENCES "public"."webhook_endpoints"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_tenant_id_endpoint_id_webhook_endpoints_tenant_id_id_fk" FOREIGN KEY ("tenant_id","endpoint_id") REFERENCES "public"."webhook_endpoints"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_tenant_id_event_id_events_tenant_id_id_fk" FOREIGN KEY ("tenant_id","event_id") REFERENCES "public"."events"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "events_type_idx" ON "events" USING btree ("tenant_id","type","seq");--> statement-breakpoint
CREATE INDEX "webhook_attempts_delivery_idx" ON "webhook_attempts" USING btree ("tenant_id","delivery_id","attempt");--> statement-breakpoint
CREATE INDEX "webhook_attempts_endpoint_idx" ON "webhook_attempts" USING btree ("tenant_id","endpoint_id","attempted_at");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_endpoint_idx" ON "webhook_deliveries" USING btree ("tenant_id","endpoint_id","event_seq");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_due_idx" ON "webhook_deliveries" USING btree ("tenant_id","next_attempt_at") WHERE "webhook_deliveries"."status" = 'pending';--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "event_consumer_positions" AS PERMISSIVE FOR ALL TO public USING ("event_consumer_positions"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("event_consumer_positions"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "event_consumer_positions" AS RESTRICTIVE FOR SELECT TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_insert" ON "event_consumer_positions" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_update" ON "event_consumer_positions" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform')) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "event_consumer_positions" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "events" AS PERMISSIVE FOR ALL TO public USING ("events"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("events"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "events" AS RESTRICTIVE FOR SELECT TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_insert" ON "events" AS RESTRICTIVE FOR INSERT TO public WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "scope_update" ON "events" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform')) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "scope_delete" ON "events" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "webhook_attempts" AS PERMISSIVE FOR ALL TO public USING ("webhook_attempts"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("webhook_attempts"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "webhook_attempts" AS RESTRICTIVE FOR SELECT TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_insert" ON "webhook_attempts" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_update" ON "webhook_attempts" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform')) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "webhook_attempts" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "webhook_deliveries" AS PERMISSIVE FOR ALL TO public USING ("webhook_deliveries"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("webhook_deliveries"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "webhook_deliveries" AS RESTRICTIVE FOR SELECT TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_insert" ON "webhook_deliveries" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_update" ON "webhook_deliveries" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform')) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "webhook_deliveries" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "webhook_endpoints" AS PERMISSIVE FOR ALL TO public USING ("webhook_endpoints"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("webhook_endpoints"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "webhook_endpoints" AS RESTRICTIVE FOR SELECT TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_insert" ON "webhook_endpoints" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_update" ON "webhook_endpoints" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform')) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "webhook_endpoints" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));