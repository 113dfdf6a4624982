CREATE TABLE "reseller_invitations" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"reseller_id" uuid NOT NULL,
	"email" text NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"role" text NOT NULL,
	"token_hash" text NOT NULL,
	"invited_by" uuid,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"accepted_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reseller_invitations_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "reseller_invitations_email" UNIQUE("tenant_id","reseller_id","email"),
	CONSTRAINT "reseller_invitations_token" UNIQUE("tenant_id","token_hash"),
	CONSTRAINT "reseller_invitations_role" CHECK ("reseller_invitations"."role" in ('reseller_admin', 'reseller_agent')),
	CONSTRAINT "reseller_invitations_email_normalized" CHECK ("reseller_invitations"."email" = lower("reseller_invitations"."email")),
	CONSTRAINT "reseller_invitations_accepted" CHECK (("reseller_invitations"."accepted_at" is null) = ("reseller_invitations"."accepted_user_id" is null))
);
--> statement-breakpoint
ALTER TABLE "reseller_invitations" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "reseller_price_limits" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"product_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"floor_price" numeric(20, 6) NOT NULL,
	"ceiling_price" numeric(20, 6) NOT NULL,
	"changed_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reseller_price_limits_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "reseller_price_limits_product" UNIQUE("tenant_id","product_id","currency"),
	CONSTRAINT "reseller_price_limits_range" CHECK ("reseller_price_limits"."floor_price" >= 0 and "reseller_price_limits"."ceiling_price" >= "reseller_price_limits"."floor_price")
);
--> statement-breakpoint
ALTER TABLE "reseller_price_limits" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "reseller_sellable_plans" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"product_id" uuid NOT NULL,
	"added_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reseller_sellable_plans_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "reseller_sellable_plans_product" UNIQUE("tenant_id","product_id")
);
--> statement-breakpoint
ALTER TABLE "reseller_sellable_plans" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "commission_payouts" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"statement_id" uuid NOT NULL,
	"reseller_id" uuid NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"paid_on" date NOT NULL,
	"reference" text DEFAULT '' NOT NULL,
	"request_key" text NOT NULL,
	"recorded_by" uuid,
	"journal_entry_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "commission_payouts_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "commission_payouts_request" UNIQUE("tenant_id","request_key"),
	CONSTRAINT "commission_payouts_amount" CHECK ("commission_payouts"."amount_minor" > 0)
);
--> statement-breakpoint
ALTER TABLE "commission_payouts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "commission_plan_rates" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"plan_id" uuid NOT NULL,
	"category_id" uuid,
	"from_minor" bigint DEFAULT 0 NOT NULL,
	"rate_percent" numeric(7, 4) NOT NULL,
	CONSTRAINT "commission_plan_rates_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "commission_plan_rates_band" UNIQUE NULLS NOT DISTINCT("tenant_id","plan_id","category_id","from_minor"),
	CONSTRAINT "commission_plan_rates_rate" CHECK ("commission_plan_rates"."rate_percent" >= 0 and "commission_plan_rates"."rate_percent" <= 100),
	CONSTRAINT "commission_plan_rates_from" CHECK ("commission_plan_rates"."from_minor" >= 0)
);
--> statement-breakpoint
ALTER TABLE "commission_plan_rates" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "commission_plans" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"reseller_id" uuid NOT NULL,
	"name" text NOT NULL,
	"currency" text NOT NULL,
	"effective_from" date NOT NULL,
	"effective_to" date,
	"changed_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "commission_plans_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "commission_plans_window" CHECK ("commission_plans"."effective_to" is null or "commission_plans"."effective_to" > "commission_plans"."effective_from")
);
--> statement-breakpoint
ALTER TABLE "commission_plans" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "commission_run_exceptions" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"run_id" uuid NOT NULL,
	"reseller_id" uuid,
	"kind" text NOT NULL,
	"detail" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "commission_run_exceptions_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "commission_run_exceptions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "commission_runs" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"period_month" date NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"done" integer DEFAULT 0 NOT NULL,
	"statements_created" integer DEFAULT 0 NOT NULL,
	"exception_count" integer DEFAULT 0 NOT NULL,
	"error" text DEFAULT '' NOT NULL,
	"job_id" text,
	"requested_by" uuid,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "commission_runs_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "commission_runs_job" UNIQUE("tenant_id","job_id"),
	CONSTRAINT "commission_runs_status" CHECK ("commission_runs"."status" in ('queued', 'running', 'completed', 'failed')),
	CONSTRAINT "commission_runs_progress" CHECK ("commission_runs"."done" >= 0 and "commission_runs"."done" <= "commission_runs"."total"),
	CONSTRAINT "commission_runs_month" CHECK (extract(day from "commission_runs"."period_month") = 1)
);
--> statement-breakpoint
ALTER TABLE "commission_runs" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "commission_statement_lines" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"statement_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"source_id" uuid NOT NULL,
	"invoice_line_id" uuid NOT NULL,
	"credit_note_id" uuid,
	"customer_id" uuid NOT NULL,
	"category_id" uuid,
	"plan_id" uuid,
	"base_minor" bigint NOT NULL,
	"rate_percent" numeric(9, 4) NOT NULL,
	"amount_minor" bigint NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	CONSTRAINT "commission_statement_lines_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "commission_statement_lines_source" UNIQUE("tenant_id","kind","source_id"),
	CONSTRAINT "commission_statement_lines_kind" CHECK ("commission_statement_lines"."kind" in ('commission', 'clawback')),
	CONSTRAINT "commission_statement_lines_clawback" CHECK (("commission_statement_lines"."kind" = 'clawback') = ("commission_statement_lines"."credit_note_id" is not null) and ("commission_statement_lines"."kind" <> 'clawback' or "commission_statement_lines"."amount_minor" <= 0))
);
--> statement-breakpoint
ALTER TABLE "commission_statement_lines" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "commission_statements" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"reseller_id" uuid NOT NULL,
	"period_month" date NOT NULL,
	"currency" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"revenue_minor" bigint DEFAULT 0 NOT NULL,
	"commission_minor" bigint DEFAULT 0 NOT NULL,
	"clawback_minor" bigint DEFAULT 0 NOT NULL,
	"total_minor" bigint DEFAULT 0 NOT NULL,
	"paid_minor" bigint DEFAULT 0 NOT NULL,
	"plan_changed_by" uuid,
	"run_id" uuid,
	"approved_by" uuid,
	"approved_at" timestamp with time zone,
	"journal_entry_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "commission_statements_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "commission_statements_period" UNIQUE("tenant_id","reseller_id","period_month"),
	CONSTRAINT "commission_statements_status" CHECK ("commission_statements"."status" in ('draft', 'approved', 'paid')),
	CONSTRAINT "commission_statements_month" CHECK (extract(day from "commission_statements"."period_month") = 1),
	CONSTRAINT "commission_statements_total" CHECK ("commission_statements"."total_minor" = "commission_statements"."commission_minor" + "commission_statements"."clawback_minor" and "commission_statements"."clawback_minor" <= 0),
	CONSTRAINT "commission_statements_paid" CHECK ("commission_statements"."paid_minor" >= 0 and ("commission_statements"."paid_minor" = 0 or "commission_statements"."paid_minor" <= "commission_statements"."total_minor")),
	CONSTRAINT "commission_statements_approved" CHECK (("commission_statements"."status" = 'draft') = ("commission_statements"."approved_by" is null)),
	CONSTRAINT "commission_statements_segregation" CHECK ("commission_statements"."approved_by" is null or "commission_statements"."approved_by" is distinct from "commission_statements"."plan_changed_by")
);
--> statement-breakpoint
ALTER TABLE "commission_statements" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "resellers" ADD COLUMN "contact_email" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "resellers" ADD COLUMN "commercial_model" text DEFAULT 'agency' NOT NULL;--> statement-breakpoint
ALTER TABLE "resellers" ADD COLUMN "wholesale_price_book_id" uuid;--> statement-breakpoint
ALTER TABLE "resellers" ADD COLUMN "theme_preset" text;--> statement-breakpoint
ALTER TABLE "resellers" ADD COLUMN "theme_overrides" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "resellers" ADD COLUMN "status_changed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "reseller_invitations" ADD CONSTRAINT "reseller_invitations_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reseller_invitations" ADD CONSTRAINT "reseller_invitations_invited_by_users_id_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reseller_invitations" ADD CONSTRAINT "reseller_invitations_accepted_user_id_users_id_fk" FOREIGN KEY ("accepted_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reseller_invitations" ADD CONSTRAINT "reseller_invitations_tenant_id_reseller_id_resellers_tenant_id_id_fk" FOREIGN KEY ("tenant_id","reseller_id") REFERENCES "public"."resellers"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reseller_price_limits" ADD CONSTRAINT "reseller_price_limits_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reseller_price_limits" ADD CONSTRAINT "reseller_price_limits_currency_currencies_code_fk" FOREIGN KEY ("currency") REFERENCES "public"."currencies"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reseller_price_limits" ADD CONSTRAINT "reseller_price_limits_changed_by_users_id_fk" FOREIGN KEY ("changed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reseller_price_limits" ADD CONSTRAINT "reseller_price_limits_tenant_id_product_id_products_tenant_id_id_fk" FOREIGN KEY ("tenant_id","product_id") REFERENCES "public"."products"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reseller_sellable_plans" ADD CONSTRAINT "reseller_sellable_plans_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reseller_sellable_plans" ADD CONSTRAINT "reseller_sellable_plans_added_by_users_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reseller_sellable_plans" ADD CONSTRAINT "reseller_sellable_plans_tenant_id_product_id_products_tenant_id_id_fk" FOREIGN KEY ("tenant_id","product_id") REFERENCES "public"."products"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commission_payouts" ADD CONSTRAINT "commission_payouts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commission_payouts" ADD CONSTRAINT "commission_payouts_currency_currencies_code_fk" FOREIGN KEY ("currency") REFERENCES "public"."currencies"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commission_payouts" ADD CONSTRAINT "commission_payouts_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commission_payouts" ADD CONSTRAINT "commission_payouts_tenant_id_statement_id_commission_statements_tenant_id_id_fk" FOREIGN KEY ("tenant_id","statement_id") REFERENCES "public"."commission_statements"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commission_payouts" ADD CONSTRAINT "commission_payouts_tenant_id_reseller_id_resellers_tenant_id_id_fk" FOREIGN KEY ("tenant_id","reseller_id") REFERENCES "public"."resellers"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commission_payouts" ADD CONSTRAINT "commission_payouts_tenant_id_journal_entry_id_journal_entries_tenant_id_id_fk" FOREIGN KEY ("tenant_id","journal_entry_id") REFERENCES "public"."journal_entries"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commission_plan_rates" ADD CONSTRAINT "commission_plan_rates_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commission_plan_rates" ADD CONSTRAINT "commission_plan_rates_tenant_id_plan_id_commission_plans_tenant_id_id_fk" FOREIGN KEY ("tenant_id","plan_id") REFERENCES "public"."commission_plans"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commission_plan_rates" ADD CONSTRAINT "commission_plan_rates_tenant_id_category_id_product_categories_tenant_id_id_fk" FOREIGN KEY ("tenant_id","category_id") REFERENCES "public"."product_categories"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commission_plans" ADD CONSTRAINT "commission_plans_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commission_plans" ADD CONSTRAINT "commission_plans_currency_currencies_code_fk" FOREIGN KEY ("currency") REFERENCES "public"."currencies"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commission_plans" ADD CONSTRAINT "commission_plans_changed_by_users_id_fk" FOREIGN KEY ("changed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commission_plans" ADD CONSTRAINT "commission_plans_tenant_id_reseller_id_resellers_tenant_id_id_fk" FOREIGN KEY ("tenant_id","reseller_id") REFERENCES "public"."resellers"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commission_run_exceptions" ADD CONSTRAINT "commission_run_exceptions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commission_run_exceptions" ADD CONSTRAINT "commission_run_exceptions_tenant_id_run_id_commission_runs_tenant_id_id_fk" FOREIGN KEY ("tenant_id","run_id") REFERENCES "public"."commission_runs"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commission_run_exceptions" ADD CONSTRAINT "commission_run_exceptions_tenant_id_reseller_id_resellers_tenant_id_id_fk" FOREIGN KEY ("tenant_id","reseller_id") REFERENCES "public"."resellers"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commission_runs" ADD CONSTRAINT "commission_runs_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commission_runs" ADD CONSTRAINT "commission_runs_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commission_statement_lines" ADD CONSTRAINT "commission_statement_lines_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commission_statement_lines" ADD CONSTRAINT "commission_statement_lines_tenant_id_statement_id_commission_statements_tenant_id_id_fk" FOREIGN KEY ("tenant_id","statement_id") REFERENCES "public"."commission_statements"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commission_statement_lines" ADD CONSTRAINT "commission_statement_lines_tenant_id_customer_id_customers_tenant_id_id_fk" FOREIGN KEY ("tenant_id","customer_id") REFERENCES "public"."customers"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commission_statement_lines" ADD CONSTRAINT "commission_statement_lines_tenant_id_category_id_product_categories_tenant_id_id_fk" FOREIGN KEY ("tenant_id","category_id") REFERENCES "public"."product_categories"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commission_statement_lines" ADD CONSTRAINT "commission_statement_lines_tenant_id_plan_id_commission_plans_tenant_id_id_fk" FOREIGN KEY ("tenant_id","plan_id") REFERENCES "public"."commission_plans"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commission_statements" ADD CONSTRAINT "commission_statements_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commission_statements" ADD CONSTRAINT "commission_statements_currency_currencies_code_fk" FOREIGN KEY ("currency") REFERENCES "public"."currencies"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commission_statements" ADD CONSTRAINT "commission_statements_plan_changed_by_users_id_fk" FOREIGN KEY ("plan_changed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commission_statements" ADD CONSTRAINT "commission_statements_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commission_statements" ADD CONSTRAINT "commission_statements_tenant_id_reseller_id_resellers_tenant_id_id_fk" FOREIGN KEY ("tenant_id","reseller_id") REFERENCES "public"."resellers"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commission_statements" ADD CONSTRAINT "commission_statements_tenant_id_run_id_commission_runs_tenant_id_id_fk" FOREIGN KEY ("tenant_id","run_id") REFERENCES "public"."commission_runs"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commission_statements" ADD CONSTRAINT "commission_statements_tenant_id_journal_entry_id_journal_entries_tenant_id_id_fk" FOREIGN KEY ("tenant_id","journal_entry_id") REFERENCES "public"."journal_entries"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "commission_payouts_statement_idx" ON "commission_payouts" USING btree ("tenant_id","statement_id");--> statement-breakpoint
CREATE INDEX "commission_plans_reseller_idx" ON "commission_plans" USING btree ("tenant_id","reseller_id","effective_from");--> statement-breakpoint
CREATE INDEX "commission_run_exceptions_run_idx" ON "commission_run_exceptions" USING btree ("tenant_id","run_id");--> statement-breakpoint
CREATE INDEX "commission_runs_created_idx" ON "commission_runs" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "commission_statement_lines_statement_idx" ON "commission_statement_lines" USING btree ("tenant_id","statement_id");--> statement-breakpoint
CREATE INDEX "commission_statement_lines_invoice_line_idx" ON "commission_statement_lines" USING btree ("tenant_id","invoice_line_id");--> statement-breakpoint
CREATE INDEX "commission_statements_status_idx" ON "commission_statements" USING btree ("tenant_id","status","period_month");--> statement-breakpoint
ALTER TABLE "resellers" ADD CONSTRAINT "resellers_status" CHECK ("resellers"."status" in ('invited', 'active', 'suspended'));--> statement-breakpoint
ALTER TABLE "resellers" ADD CONSTRAINT "resellers_model" CHECK ("resellers"."commercial_model" in ('agency', 'buy_sell'));--> statement-breakpoint
ALTER TABLE "resellers" ADD CONSTRAINT "resellers_contact_email" CHECK ("resellers"."contact_email" = lower("resellers"."contact_email"));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "reseller_invitations" AS PERMISSIVE FOR ALL TO public USING ("reseller_invitations"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("reseller_invitations"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "reseller_invitations" AS RESTRICTIVE FOR SELECT TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform', 'api_key') or ((select current_setting('app.scope', true)) = 'reseller' and "reseller_invitations"."reseller_id" = (select nullif(current_setting('app.reseller_id', true), '')::uuid)));--> statement-breakpoint
CREATE POLICY "scope_insert" ON "reseller_invitations" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform', 'api_key') or ((select current_setting('app.scope', true)) = 'reseller' and "reseller_invitations"."reseller_id" = (select nullif(current_setting('app.reseller_id', true), '')::uuid)));--> statement-breakpoint
CREATE POLICY "scope_update" ON "reseller_invitations" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform', 'api_key') or ((select current_setting('app.scope', true)) = 'reseller' and "reseller_invitations"."reseller_id" = (select nullif(current_setting('app.reseller_id', true), '')::uuid))) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform', 'api_key') or ((select current_setting('app.scope', true)) = 'reseller' and "reseller_invitations"."reseller_id" = (select nullif(current_setting('app.reseller_id', true), '')::uuid)));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "reseller_invitations" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform', 'api_key') or ((select current_setting('app.scope', true)) = 'reseller' and "reseller_invitations"."reseller_id" = (select nullif(current_setting('app.reseller_id', true), '')::uuid)));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "reseller_price_limits" AS PERMISSIVE FOR ALL TO public USING ("reseller_price_limits"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("reseller_price_limits"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "reseller_price_limits" AS RESTRICTIVE FOR SELECT TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform', 'api_key') or (select current_setting('app.scope', true)) = 'reseller');--> statement-breakpoint
CREATE POLICY "scope_insert" ON "reseller_price_limits" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform', 'api_key'));--> statement-breakpoint
CREATE POLICY "scope_update" ON "reseller_price_limits" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform', 'api_key')) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform', 'api_key'));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "reseller_price_limits" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform', 'api_key'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "reseller_sellable_plans" AS PERMISSIVE FOR ALL TO public USING ("reseller_sellable_plans"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("reseller_sellable_plans"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "reseller_sellable_plans" AS RESTRICTIVE FOR SELECT TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform', 'api_key') or (select current_setting('app.scope', true)) = 'reseller');--> statement-breakpoint
CREATE POLICY "scope_insert" ON "reseller_sellable_plans" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform', 'api_key'));--> statement-breakpoint
CREATE POLICY "scope_update" ON "reseller_sellable_plans" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform', 'api_key')) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform', 'api_key'));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "reseller_sellable_plans" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform', 'api_key'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "commission_payouts" AS PERMISSIVE FOR ALL TO public USING ("commission_payouts"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("commission_payouts"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "commission_payouts" AS RESTRICTIVE FOR SELECT TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform', 'api_key') or ((select current_setting('app.scope', true)) = 'reseller' and "commission_payouts"."reseller_id" = (select nullif(current_setting('app.reseller_id', true), '')::uuid)));--> statement-breakpoint
CREATE POLICY "scope_insert" ON "commission_payouts" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform', 'api_key'));--> statement-breakpoint
CREATE POLICY "scope_update" ON "commission_payouts" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform', 'api_key')) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform', 'api_key'));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "commission_payouts" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform', 'api_key'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "commission_plan_rates" AS PERMISSIVE FOR ALL TO public USING ("commission_plan_rates"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("commission_plan_rates"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "commission_plan_rates" AS RESTRICTIVE FOR SELECT TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform', 'api_key') or "commission_plan_rates"."plan_id" in (select p.id from commission_plans p));--> statement-breakpoint
CREATE POLICY "scope_insert" ON "commission_plan_rates" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform', 'api_key'));--> statement-breakpoint
CREATE POLICY "scope_update" ON "commission_plan_rates" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform', 'api_key')) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform', 'api_key'));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "commission_plan_rates" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform', 'api_key'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "commission_plans" AS PERMISSIVE FOR ALL TO public USING ("commission_plans"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("commission_plans"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "commission_plans" AS RESTRICTIVE FOR SELECT TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform', 'api_key') or ((select current_setting('app.scope', true)) = 'reseller' and "commission_plans"."reseller_id" = (select nullif(current_setting('app.reseller_id', true), '')::uuid)));--> statement-breakpoint
CREATE POLICY "scope_insert" ON "commission_plans" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform', 'api_key'));--> statement-breakpoint
CREATE POLICY "scope_update" ON "commission_plans" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform', 'api_key')) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform', 'api_key'));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "commission_plans" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform', 'api_key'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "commission_run_exceptions" AS PERMISSIVE FOR ALL TO public USING ("commission_run_exceptions"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("commission_run_exceptions"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "commission_run_exceptions" AS RESTRICTIVE FOR SELECT TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform', 'api_key'));--> statement-breakpoint
CREATE POLICY "scope_insert" ON "commission_run_exceptions" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform', 'api_key'));--> statement-breakpoint
CREATE POLICY "scope_update" ON "commission_run_exceptions" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform', 'api_key')) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform', 'api_key'));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "commission_run_exceptions" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform', 'api_key'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "commission_runs" AS PERMISSIVE FOR ALL TO public USING ("commission_runs"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("commission_runs"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "commission_runs" AS RESTRICTIVE FOR SELECT TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform', 'api_key'));--> statement-breakpoint
CREATE POLICY "scope_insert" ON "commission_runs" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform', 'api_key'));--> statement-breakpoint
CREATE POLICY "scope_update" ON "commission_runs" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform', 'api_key')) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform', 'api_key'));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "commission_runs" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform', 'api_key'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "commission_statement_lines" AS PERMISSIVE FOR ALL TO public USING ("commission_statement_lines"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("commission_statement_lines"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "commission_statement_lines" AS RESTRICTIVE FOR SELECT TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform', 'api_key') or "commission_statement_lines"."statement_id" in (select s.id from commission_statements s));--> statement-breakpoint
CREATE POLICY "scope_insert" ON "commission_statement_lines" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform', 'api_key'));--> statement-breakpoint
CREATE POLICY "scope_update" ON "commission_statement_lines" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform', 'api_key')) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform', 'api_key'));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "commission_statement_lines" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform', 'api_key'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "commission_statements" AS PERMISSIVE FOR ALL TO public USING ("commission_statements"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("commission_statements"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "commission_statements" AS RESTRICTIVE FOR SELECT TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform', 'api_key') or ((select current_setting('app.scope', true)) = 'reseller' and "commission_statements"."reseller_id" = (select nullif(current_setting('app.reseller_id', true), '')::uuid)));--> statement-breakpoint
CREATE POLICY "scope_insert" ON "commission_statements" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform', 'api_key'));--> statement-breakpoint
CREATE POLICY "scope_update" ON "commission_statements" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform', 'api_key')) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform', 'api_key'));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "commission_statements" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform', 'api_key'));