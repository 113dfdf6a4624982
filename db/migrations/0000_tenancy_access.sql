CREATE TABLE "tenant_domains" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"host" text NOT NULL,
	"reseller_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tenant_domains_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "tenant_domains_host_unique" UNIQUE("host")
);
--> statement-breakpoint
ALTER TABLE "tenant_domains" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "tenants" (
	"id" uuid PRIMARY KEY DEFAULT uuidv7() NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"theme_preset" text NOT NULL,
	"theme_overrides" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tenants_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
ALTER TABLE "tenants" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "resellers" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"name" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "resellers_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "resellers" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "customers" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"name" text NOT NULL,
	"reseller_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customers_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "customers" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "audit_log" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"actor_user_id" uuid,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "audit_log_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "audit_log" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "memberships" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"user_id" uuid NOT NULL,
	"role" text NOT NULL,
	"reseller_id" uuid,
	"customer_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "memberships_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "memberships_one_per_user" UNIQUE("tenant_id","user_id"),
	CONSTRAINT "memberships_role_matches_scope" CHECK (("memberships"."role" in ('owner', 'admin', 'finance', 'ops', 'sales') and "memberships"."reseller_id" is null and "memberships"."customer_id" is null)
          or ("memberships"."role" in ('reseller_admin', 'reseller_agent') and "memberships"."reseller_id" is not null and "memberships"."customer_id" is null)
          or ("memberships"."role" in ('customer_admin', 'customer_buyer') and "memberships"."customer_id" is not null))
);
--> statement-breakpoint
ALTER TABLE "memberships" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT uuidv7() NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text NOT NULL,
	"is_platform_admin" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_unique" UNIQUE("email"),
	CONSTRAINT "users_email_normalized" CHECK ("users"."email" = lower("users"."email"))
);
--> statement-breakpoint
ALTER TABLE "users" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "tenant_domains" ADD CONSTRAINT "tenant_domains_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_domains" ADD CONSTRAINT "tenant_domains_tenant_id_reseller_id_resellers_tenant_id_id_fk" FOREIGN KEY ("tenant_id","reseller_id") REFERENCES "public"."resellers"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resellers" ADD CONSTRAINT "resellers_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_tenant_id_reseller_id_resellers_tenant_id_id_fk" FOREIGN KEY ("tenant_id","reseller_id") REFERENCES "public"."resellers"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_tenant_id_reseller_id_resellers_tenant_id_id_fk" FOREIGN KEY ("tenant_id","reseller_id") REFERENCES "public"."resellers"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_tenant_id_customer_id_customers_tenant_id_id_fk" FOREIGN KEY ("tenant_id","customer_id") REFERENCES "public"."customers"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tenant_domains_reseller_idx" ON "tenant_domains" USING btree ("tenant_id","reseller_id");--> statement-breakpoint
CREATE INDEX "customers_reseller_idx" ON "customers" USING btree ("tenant_id","reseller_id");--> statement-breakpoint
CREATE INDEX "audit_log_tenant_time_idx" ON "audit_log" USING btree ("tenant_id","occurred_at");--> statement-breakpoint
CREATE INDEX "memberships_user_idx" ON "memberships" USING btree ("user_id");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "tenant_domains" AS PERMISSIVE FOR ALL TO public USING ("tenant_domains"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("tenant_domains"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "tenant_domains" AS RESTRICTIVE FOR SELECT TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or ((select current_setting('app.scope', true)) = 'reseller' and "tenant_domains"."reseller_id" = (select nullif(current_setting('app.reseller_id', true), '')::uuid)));--> statement-breakpoint
CREATE POLICY "scope_insert" ON "tenant_domains" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or ((select current_setting('app.scope', true)) = 'reseller' and "tenant_domains"."reseller_id" = (select nullif(current_setting('app.reseller_id', true), '')::uuid)));--> statement-breakpoint
CREATE POLICY "scope_update" ON "tenant_domains" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or ((select current_setting('app.scope', true)) = 'reseller' and "tenant_domains"."reseller_id" = (select nullif(current_setting('app.reseller_id', true), '')::uuid))) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or ((select current_setting('app.scope', true)) = 'reseller' and "tenant_domains"."reseller_id" = (select nullif(current_setting('app.reseller_id', true), '')::uuid)));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "tenant_domains" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or ((select current_setting('app.scope', true)) = 'reseller' and "tenant_domains"."reseller_id" = (select nullif(current_setting('app.reseller_id', true), '')::uuid)));--> statement-breakpoint
CREATE POLICY "tenant_self_or_platform_read" ON "tenants" AS PERMISSIVE FOR SELECT TO public USING ("tenants"."id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid) or (select current_setting('app.scope', true)) = 'platform');--> statement-breakpoint
CREATE POLICY "platform_insert" ON "tenants" AS PERMISSIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) = 'platform');--> statement-breakpoint
CREATE POLICY "platform_update" ON "tenants" AS PERMISSIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) = 'platform') WITH CHECK ((select current_setting('app.scope', true)) = 'platform');--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "resellers" AS PERMISSIVE FOR ALL TO public USING ("resellers"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("resellers"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "resellers" AS RESTRICTIVE FOR SELECT TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or ((select current_setting('app.scope', true)) = 'reseller' and "resellers"."id" = (select nullif(current_setting('app.reseller_id', true), '')::uuid)) or ((select current_setting('app.scope', true)) = 'customer' and "resellers"."id" in (select c.reseller_id from customers c)));--> statement-breakpoint
CREATE POLICY "scope_insert" ON "resellers" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or ((select current_setting('app.scope', true)) = 'reseller' and "resellers"."id" = (select nullif(current_setting('app.reseller_id', true), '')::uuid)));--> statement-breakpoint
CREATE POLICY "scope_update" ON "resellers" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or ((select current_setting('app.scope', true)) = 'reseller' and "resellers"."id" = (select nullif(current_setting('app.reseller_id', true), '')::uuid))) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or ((select current_setting('app.scope', true)) = 'reseller' and "resellers"."id" = (select nullif(current_setting('app.reseller_id', true), '')::uuid)));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "resellers" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or ((select current_setting('app.scope', true)) = 'reseller' and "resellers"."id" = (select nullif(current_setting('app.reseller_id', true), '')::uuid)));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "customers" AS PERMISSIVE FOR ALL TO public USING ("customers"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("customers"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "customers" AS RESTRICTIVE FOR SELECT TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or ((select current_setting('app.scope', true)) = 'reseller' and "customers"."reseller_id" = (select nullif(current_setting('app.reseller_id', true), '')::uuid)) or ((select current_setting('app.scope', true)) = 'customer' and "customers"."id" = (select nullif(current_setting('app.customer_id', true), '')::uuid)));--> statement-breakpoint
CREATE POLICY "scope_insert" ON "customers" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or ((select current_setting('app.scope', true)) = 'reseller' and "customers"."reseller_id" = (select nullif(current_setting('app.reseller_id', true), '')::uuid)) or ((select current_setting('app.scope', true)) = 'customer' and "customers"."id" = (select nullif(current_setting('app.customer_id', true), '')::uuid)));--> statement-breakpoint
CREATE POLICY "scope_update" ON "customers" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or ((select current_setting('app.scope', true)) = 'reseller' and "customers"."reseller_id" = (select nullif(current_setting('app.reseller_id', true), '')::uuid)) or ((select current_setting('app.scope', true)) = 'customer' and "customers"."id" = (select nullif(current_setting('app.customer_id', true), '')::uuid))) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or ((select current_setting('app.scope', true)) = 'reseller' and "customers"."reseller_id" = (select nullif(current_setting('app.reseller_id', true), '')::uuid)) or ((select current_setting('app.scope', true)) = 'customer' and "customers"."id" = (select nullif(current_setting('app.customer_id', true), '')::uuid)));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "customers" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or ((select current_setting('app.scope', true)) = 'reseller' and "customers"."reseller_id" = (select nullif(current_setting('app.reseller_id', true), '')::uuid)) or ((select current_setting('app.scope', true)) = 'customer' and "customers"."id" = (select nullif(current_setting('app.customer_id', true), '')::uuid)));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "audit_log" AS PERMISSIVE FOR ALL TO public USING ("audit_log"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("audit_log"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "audit_log" AS RESTRICTIVE FOR SELECT TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or "audit_log"."actor_user_id" = (select nullif(current_setting('app.user_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_insert" ON "audit_log" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or "audit_log"."actor_user_id" is not distinct from (select nullif(current_setting('app.user_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_update" ON "audit_log" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or "audit_log"."actor_user_id" is not distinct from (select nullif(current_setting('app.user_id', true), '')::uuid)) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or "audit_log"."actor_user_id" is not distinct from (select nullif(current_setting('app.user_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "audit_log" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or "audit_log"."actor_user_id" is not distinct from (select nullif(current_setting('app.user_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "memberships" AS PERMISSIVE FOR ALL TO public USING ("memberships"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("memberships"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "memberships" AS RESTRICTIVE FOR SELECT TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or ((select current_setting('app.scope', true)) = 'reseller' and "memberships"."reseller_id" = (select nullif(current_setting('app.reseller_id', true), '')::uuid)) or ((select current_setting('app.scope', true)) = 'customer' and "memberships"."customer_id" = (select nullif(current_setting('app.customer_id', true), '')::uuid)) or "memberships"."user_id" = (select nullif(current_setting('app.user_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_insert" ON "memberships" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or ((select current_setting('app.scope', true)) = 'reseller' and "memberships"."reseller_id" = (select nullif(current_setting('app.reseller_id', true), '')::uuid)) or ((select current_setting('app.scope', true)) = 'customer' and "memberships"."customer_id" = (select nullif(current_setting('app.customer_id', true), '')::uuid)));--> statement-breakpoint
CREATE POLICY "scope_update" ON "memberships" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or ((select current_setting('app.scope', true)) = 'reseller' and "memberships"."reseller_id" = (select nullif(current_setting('app.reseller_id', true), '')::uuid)) or ((select current_setting('app.scope', true)) = 'customer' and "memberships"."customer_id" = (select nullif(current_setting('app.customer_id', true), '')::uuid))) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or ((select current_setting('app.scope', true)) = 'reseller' and "memberships"."reseller_id" = (select nullif(current_setting('app.reseller_id', true), '')::uuid)) or ((select current_setting('app.scope', true)) = 'customer' and "memberships"."customer_id" = (select nullif(current_setting('app.customer_id', true), '')::uuid)));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "memberships" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or ((select current_setting('app.scope', true)) = 'reseller' and "memberships"."reseller_id" = (select nullif(current_setting('app.reseller_id', true), '')::uuid)) or ((select current_setting('app.scope', true)) = 'customer' and "memberships"."customer_id" = (select nullif(current_setting('app.customer_id', true), '')::uuid)));--> statement-breakpoint
CREATE POLICY "users_read" ON "users" AS PERMISSIVE FOR SELECT TO public USING ("users"."id" = (select nullif(current_setting('app.user_id', true), '')::uuid) or (select current_setting('app.scope', true)) = 'platform' or exists (select 1 from memberships m where m.user_id = "users"."id"));--> statement-breakpoint
CREATE POLICY "users_insert" ON "users" AS PERMISSIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('platform', 'operator', 'system'));--> statement-breakpoint
CREATE POLICY "users_update" ON "users" AS PERMISSIVE FOR UPDATE TO public USING ("users"."id" = (select nullif(current_setting('app.user_id', true), '')::uuid) or (select current_setting('app.scope', true)) = 'platform') WITH CHECK ("users"."id" = (select nullif(current_setting('app.user_id', true), '')::uuid) or (select current_setting('app.scope', true)) = 'platform');