CREATE TABLE "billing_run_exceptions" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"run_id" uuid NOT NULL,
	"subscription_id" uuid,
	"period_start" date,
	"kind" text NOT NULL,
	"detail" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "billing_run_exceptions_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "billing_run_exceptions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "billing_runs" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"through_date" date NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"done" integer DEFAULT 0 NOT NULL,
	"invoices_created" integer DEFAULT 0 NOT NULL,
	"lines_created" integer DEFAULT 0 NOT NULL,
	"amount_minor" bigint DEFAULT 0 NOT NULL,
	"renewed" integer DEFAULT 0 NOT NULL,
	"expired" integer DEFAULT 0 NOT NULL,
	"exception_count" integer DEFAULT 0 NOT NULL,
	"error" text DEFAULT '' NOT NULL,
	"job_id" text,
	"requested_by" uuid,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "billing_runs_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "billing_runs_status" CHECK ("billing_runs"."status" in ('queued', 'running', 'completed', 'failed')),
	CONSTRAINT "billing_runs_progress" CHECK ("billing_runs"."done" >= 0 and "billing_runs"."done" <= "billing_runs"."total")
);
--> statement-breakpoint
ALTER TABLE "billing_runs" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "credit_note_lines" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"credit_note_id" uuid NOT NULL,
	"invoice_line_id" uuid NOT NULL,
	"return_line_id" uuid,
	"description" text NOT NULL,
	"quantity" numeric(20, 6) NOT NULL,
	"net_minor" bigint NOT NULL,
	"tax_minor" bigint NOT NULL,
	CONSTRAINT "credit_note_lines_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "credit_note_lines_amounts" CHECK ("credit_note_lines"."net_minor" >= 0 and "credit_note_lines"."tax_minor" >= 0 and "credit_note_lines"."net_minor" + "credit_note_lines"."tax_minor" > 0)
);
--> statement-breakpoint
ALTER TABLE "credit_note_lines" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "credit_notes" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"number" text,
	"invoice_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"source" text NOT NULL,
	"return_id" uuid,
	"status" text NOT NULL,
	"reason" text NOT NULL,
	"currency" text NOT NULL,
	"net_minor" bigint NOT NULL,
	"tax_minor" bigint NOT NULL,
	"total_minor" bigint NOT NULL,
	"request_key" text,
	"requested_by" uuid,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"issue_date" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credit_notes_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "credit_notes_number" UNIQUE("tenant_id","number"),
	CONSTRAINT "credit_notes_request" UNIQUE("tenant_id","request_key"),
	CONSTRAINT "credit_notes_return" UNIQUE("tenant_id","return_id"),
	CONSTRAINT "credit_notes_source" CHECK ("credit_notes"."source" in ('return', 'proration', 'manual')),
	CONSTRAINT "credit_notes_status" CHECK ("credit_notes"."status" in ('pending_approval', 'issued', 'rejected')),
	CONSTRAINT "credit_notes_totals" CHECK ("credit_notes"."total_minor" = "credit_notes"."net_minor" + "credit_notes"."tax_minor" and "credit_notes"."net_minor" >= 0 and "credit_notes"."tax_minor" >= 0 and "credit_notes"."total_minor" > 0),
	CONSTRAINT "credit_notes_numbered" CHECK (("credit_notes"."status" = 'issued') = ("credit_notes"."number" is not null) and ("credit_notes"."number" is null or "credit_notes"."issue_date" is not null)),
	CONSTRAINT "credit_notes_return_source" CHECK (("credit_notes"."source" = 'return') = ("credit_notes"."return_id" is not null)),
	CONSTRAINT "credit_notes_segregation" CHECK ("credit_notes"."decided_by" is null or "credit_notes"."decided_by" is distinct from "credit_notes"."requested_by")
);
--> statement-breakpoint
ALTER TABLE "credit_notes" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "customer_credit_balances" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"customer_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"balance_minor" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_credit_balances_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "customer_credit_balances_customer" UNIQUE("tenant_id","customer_id","currency"),
	CONSTRAINT "customer_credit_balances_positive" CHECK ("customer_credit_balances"."balance_minor" >= 0)
);
--> statement-breakpoint
ALTER TABLE "customer_credit_balances" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "customer_messages" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"customer_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"to_email" text DEFAULT '' NOT NULL,
	"source_type" text,
	"source_id" uuid,
	"dedupe_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_messages_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "customer_messages_dedupe" UNIQUE("tenant_id","dedupe_key")
);
--> statement-breakpoint
ALTER TABLE "customer_messages" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "dunning_cases" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"customer_id" uuid NOT NULL,
	"invoice_id" uuid NOT NULL,
	"subscription_id" uuid,
	"first_failed_payment_id" uuid,
	"last_payment_id" uuid,
	"status" text DEFAULT 'open' NOT NULL,
	"schedule_days" jsonb NOT NULL,
	"attempts" smallint DEFAULT 0 NOT NULL,
	"next_attempt_on" date,
	"last_failure_reason" text DEFAULT '' NOT NULL,
	"started_on" date NOT NULL,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dunning_cases_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "dunning_cases_status" CHECK ("dunning_cases"."status" in ('open', 'resolved', 'exhausted')),
	CONSTRAINT "dunning_cases_attempts" CHECK ("dunning_cases"."attempts" >= 0)
);
--> statement-breakpoint
ALTER TABLE "dunning_cases" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "invoice_lines" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"invoice_id" uuid NOT NULL,
	"line_no" integer NOT NULL,
	"kind" text NOT NULL,
	"description" text NOT NULL,
	"product_id" uuid,
	"category_id" uuid,
	"quantity" numeric(20, 6) NOT NULL,
	"unit_price" numeric(20, 6) NOT NULL,
	"net_minor" bigint NOT NULL,
	"tax_class" text NOT NULL,
	"tax_rule_id" uuid,
	"tax_rate" numeric(7, 4) NOT NULL,
	"tax_minor" bigint NOT NULL,
	"service_start" date,
	"service_end" date,
	"subscription_item_id" uuid,
	"order_line_id" uuid,
	CONSTRAINT "invoice_lines_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "invoice_lines_number" UNIQUE("tenant_id","invoice_id","line_no"),
	CONSTRAINT "invoice_lines_kind" CHECK ("invoice_lines"."kind" in ('recurring_fee', 'usage', 'overage', 'proration_charge', 'proration_credit', 'goods', 'manual')),
	CONSTRAINT "invoice_lines_tax_class" CHECK ("invoice_lines"."tax_class" in ('standard', 'reduced', 'zero', 'exempt')),
	CONSTRAINT "invoice_lines_tax_rate" CHECK ("invoice_lines"."tax_rate" >= 0 and "invoice_lines"."tax_rate" <= 100),
	CONSTRAINT "invoice_lines_service" CHECK (("invoice_lines"."service_start" is null) = ("invoice_lines"."service_end" is null) and ("invoice_lines"."service_end" is null or "invoice_lines"."service_start" < "invoice_lines"."service_end")),
	CONSTRAINT "invoice_lines_sign" CHECK (("invoice_lines"."kind" = 'proration_credit') = ("invoice_lines"."net_minor" < 0) and ("invoice_lines"."net_minor" >= 0) = ("invoice_lines"."tax_minor" >= 0))
);
--> statement-breakpoint
ALTER TABLE "invoice_lines" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "invoices" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"number" text,
	"customer_id" uuid NOT NULL,
	"reseller_id" uuid,
	"source" text NOT NULL,
	"subscription_id" uuid,
	"period_start" date,
	"period_end" date,
	"order_id" uuid,
	"shipment_id" uuid,
	"billing_run_id" uuid,
	"currency" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"tax_inclusive" boolean DEFAULT false NOT NULL,
	"tax_jurisdiction" text DEFAULT '' NOT NULL,
	"bill_to" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"issue_date" date,
	"due_date" date,
	"net_minor" bigint DEFAULT 0 NOT NULL,
	"tax_minor" bigint DEFAULT 0 NOT NULL,
	"total_minor" bigint DEFAULT 0 NOT NULL,
	"paid_minor" bigint DEFAULT 0 NOT NULL,
	"credited_minor" bigint DEFAULT 0 NOT NULL,
	"balance_minor" bigint GENERATED ALWAYS AS (total_minor - paid_minor - credited_minor) STORED,
	"memo" text DEFAULT '' NOT NULL,
	"request_key" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"issued_at" timestamp with time zone,
	"voided_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invoices_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "invoices_number" UNIQUE("tenant_id","number"),
	CONSTRAINT "invoices_period" UNIQUE("tenant_id","subscription_id","period_start"),
	CONSTRAINT "invoices_shipment" UNIQUE("tenant_id","shipment_id"),
	CONSTRAINT "invoices_request" UNIQUE("tenant_id","request_key"),
	CONSTRAINT "invoices_status" CHECK ("invoices"."status" in ('draft', 'issued', 'partially_paid', 'paid', 'void')),
	CONSTRAINT "invoices_source" CHECK ("invoices"."source" in ('renewal', 'shipment', 'manual')),
	CONSTRAINT "invoices_totals" CHECK ("invoices"."total_minor" = "invoices"."net_minor" + "invoices"."tax_minor" and "invoices"."total_minor" >= 0 and "invoices"."paid_minor" >= 0 and "invoices"."credited_minor" >= 0 and "invoices"."paid_minor" + "invoices"."credited_minor" <= "invoices"."total_minor"),
	CONSTRAINT "invoices_numbered" CHECK ("invoices"."status" in ('draft', 'void') or "invoices"."number" is not null),
	CONSTRAINT "invoices_draft_unnumbered" CHECK ("invoices"."status" <> 'draft' or "invoices"."number" is null),
	CONSTRAINT "invoices_issued_dates" CHECK ("invoices"."number" is null or ("invoices"."issue_date" is not null and "invoices"."due_date" is not null and "invoices"."due_date" >= "invoices"."issue_date")),
	CONSTRAINT "invoices_renewal_period" CHECK ("invoices"."source" <> 'renewal' or ("invoices"."subscription_id" is not null and "invoices"."period_start" is not null and "invoices"."period_end" is not null and "invoices"."period_end" > "invoices"."period_start")),
	CONSTRAINT "invoices_period_only_renewal" CHECK ("invoices"."source" = 'renewal' or "invoices"."period_start" is null),
	CONSTRAINT "invoices_shipment_source" CHECK (("invoices"."source" = 'shipment') = ("invoices"."shipment_id" is not null))
);
--> statement-breakpoint
ALTER TABLE "invoices" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "payment_allocations" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"payment_id" uuid,
	"invoice_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"amount_minor" bigint NOT NULL,
	"request_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payment_allocations_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "payment_allocations_request" UNIQUE("tenant_id","request_key"),
	CONSTRAINT "payment_allocations_amount" CHECK ("payment_allocations"."amount_minor" > 0)
);
--> statement-breakpoint
ALTER TABLE "payment_allocations" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "payments" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"number" text NOT NULL,
	"customer_id" uuid NOT NULL,
	"invoice_id" uuid,
	"currency" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"method" text NOT NULL,
	"provider" text DEFAULT '' NOT NULL,
	"provider_reference" text DEFAULT '' NOT NULL,
	"status" text NOT NULL,
	"failure_reason" text DEFAULT '' NOT NULL,
	"received_on" date NOT NULL,
	"request_key" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payments_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "payments_number" UNIQUE("tenant_id","number"),
	CONSTRAINT "payments_request" UNIQUE("tenant_id","request_key"),
	CONSTRAINT "payments_amount" CHECK ("payments"."amount_minor" > 0),
	CONSTRAINT "payments_status" CHECK ("payments"."status" in ('pending', 'succeeded', 'failed')),
	CONSTRAINT "payments_method" CHECK ("payments"."method" in ('manual', 'bank_transfer', 'card'))
);
--> statement-breakpoint
ALTER TABLE "payments" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "revenue_recognitions" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"schedule_id" uuid NOT NULL,
	"period_month" date NOT NULL,
	"kind" text DEFAULT 'recognition' NOT NULL,
	"credit_note_id" uuid,
	"amount_minor" bigint NOT NULL,
	"journal_entry_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "revenue_recognitions_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "revenue_recognitions_once" UNIQUE NULLS NOT DISTINCT("tenant_id","schedule_id","period_month","kind","credit_note_id"),
	CONSTRAINT "revenue_recognitions_kind" CHECK ("revenue_recognitions"."kind" in ('recognition', 'reversal')),
	CONSTRAINT "revenue_recognitions_month" CHECK (extract(day from "revenue_recognitions"."period_month") = 1),
	CONSTRAINT "revenue_recognitions_reversal" CHECK (("revenue_recognitions"."kind" = 'reversal') = ("revenue_recognitions"."credit_note_id" is not null)),
	CONSTRAINT "revenue_recognitions_amount" CHECK ("revenue_recognitions"."amount_minor" <> 0)
);
--> statement-breakpoint
ALTER TABLE "revenue_recognitions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "revenue_schedules" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"invoice_line_id" uuid NOT NULL,
	"invoice_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"category_id" uuid,
	"method" text NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"currency" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "revenue_schedules_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "revenue_schedules_line" UNIQUE("tenant_id","invoice_line_id"),
	CONSTRAINT "revenue_schedules_method" CHECK ("revenue_schedules"."method" in ('ratable_daily', 'point_in_time')),
	CONSTRAINT "revenue_schedules_dates" CHECK ("revenue_schedules"."start_date" < "revenue_schedules"."end_date" and ("revenue_schedules"."method" <> 'point_in_time' or "revenue_schedules"."end_date" = "revenue_schedules"."start_date" + 1))
);
--> statement-breakpoint
ALTER TABLE "revenue_schedules" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "tax_rules" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"jurisdiction" text NOT NULL,
	"tax_class" text NOT NULL,
	"name" text NOT NULL,
	"rate" numeric(7, 4) NOT NULL,
	"effective_from" date NOT NULL,
	"effective_to" date,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tax_rules_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "tax_rules_rate" CHECK ("tax_rules"."rate" >= 0 and "tax_rules"."rate" <= 100),
	CONSTRAINT "tax_rules_window" CHECK ("tax_rules"."effective_to" is null or "tax_rules"."effective_to" > "tax_rules"."effective_from"),
	CONSTRAINT "tax_rules_tax_class" CHECK ("tax_rules"."tax_class" in ('standard', 'reduced', 'zero', 'exempt'))
);
--> statement-breakpoint
ALTER TABLE "tax_rules" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "subscriptions" DROP CONSTRAINT "subscriptions_status";--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD COLUMN "dunning_retry_days" jsonb DEFAULT '[3,7,14]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD COLUMN "credit_note_approval_threshold_minor" bigint DEFAULT 50000 NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD COLUMN "prices_include_tax" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "next_period_start" date;--> statement-breakpoint
ALTER TABLE "billing_run_exceptions" ADD CONSTRAINT "billing_run_exceptions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_run_exceptions" ADD CONSTRAINT "billing_run_exceptions_tenant_id_run_id_billing_runs_tenant_id_id_fk" FOREIGN KEY ("tenant_id","run_id") REFERENCES "public"."billing_runs"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_run_exceptions" ADD CONSTRAINT "billing_run_exceptions_tenant_id_subscription_id_subscriptions_tenant_id_id_fk" FOREIGN KEY ("tenant_id","subscription_id") REFERENCES "public"."subscriptions"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_runs" ADD CONSTRAINT "billing_runs_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_runs" ADD CONSTRAINT "billing_runs_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_note_lines" ADD CONSTRAINT "credit_note_lines_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_note_lines" ADD CONSTRAINT "credit_note_lines_tenant_id_credit_note_id_credit_notes_tenant_id_id_fk" FOREIGN KEY ("tenant_id","credit_note_id") REFERENCES "public"."credit_notes"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_note_lines" ADD CONSTRAINT "credit_note_lines_tenant_id_invoice_line_id_invoice_lines_tenant_id_id_fk" FOREIGN KEY ("tenant_id","invoice_line_id") REFERENCES "public"."invoice_lines"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_note_lines" ADD CONSTRAINT "credit_note_lines_tenant_id_return_line_id_return_lines_tenant_id_id_fk" FOREIGN KEY ("tenant_id","return_line_id") REFERENCES "public"."return_lines"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_notes" ADD CONSTRAINT "credit_notes_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_notes" ADD CONSTRAINT "credit_notes_currency_currencies_code_fk" FOREIGN KEY ("currency") REFERENCES "public"."currencies"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_notes" ADD CONSTRAINT "credit_notes_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_notes" ADD CONSTRAINT "credit_notes_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_notes" ADD CONSTRAINT "credit_notes_tenant_id_invoice_id_invoices_tenant_id_id_fk" FOREIGN KEY ("tenant_id","invoice_id") REFERENCES "public"."invoices"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_notes" ADD CONSTRAINT "credit_notes_tenant_id_customer_id_customers_tenant_id_id_fk" FOREIGN KEY ("tenant_id","customer_id") REFERENCES "public"."customers"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_notes" ADD CONSTRAINT "credit_notes_tenant_id_return_id_returns_tenant_id_id_fk" FOREIGN KEY ("tenant_id","return_id") REFERENCES "public"."returns"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_credit_balances" ADD CONSTRAINT "customer_credit_balances_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_credit_balances" ADD CONSTRAINT "customer_credit_balances_currency_currencies_code_fk" FOREIGN KEY ("currency") REFERENCES "public"."currencies"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_credit_balances" ADD CONSTRAINT "customer_credit_balances_tenant_id_customer_id_customers_tenant_id_id_fk" FOREIGN KEY ("tenant_id","customer_id") REFERENCES "public"."customers"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_messages" ADD CONSTRAINT "customer_messages_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_messages" ADD CONSTRAINT "customer_messages_tenant_id_customer_id_customers_tenant_id_id_fk" FOREIGN KEY ("tenant_id","customer_id") REFERENCES "public"."customers"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dunning_cases" ADD CONSTRAINT "dunning_cases_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dunning_cases" ADD CONSTRAINT "dunning_cases_tenant_id_customer_id_customers_tenant_id_id_fk" FOREIGN KEY ("tenant_id","customer_id") REFERENCES "public"."customers"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dunning_cases" ADD CONSTRAINT "dunning_cases_tenant_id_invoice_id_invoices_tenant_id_id_fk" FOREIGN KEY ("tenant_id","invoice_id") REFERENCES "public"."invoices"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dunning_cases" ADD CONSTRAINT "dunning_cases_tenant_id_subscription_id_subscriptions_tenant_id_id_fk" FOREIGN KEY ("tenant_id","subscription_id") REFERENCES "public"."subscriptions"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dunning_cases" ADD CONSTRAINT "dunning_cases_tenant_id_first_failed_payment_id_payments_tenant_id_id_fk" FOREIGN KEY ("tenant_id","first_failed_payment_id") REFERENCES "public"."payments"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dunning_cases" ADD CONSTRAINT "dunning_cases_tenant_id_last_payment_id_payments_tenant_id_id_fk" FOREIGN KEY ("tenant_id","last_payment_id") REFERENCES "public"."payments"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_tenant_id_invoice_id_invoices_tenant_id_id_fk" FOREIGN KEY ("tenant_id","invoice_id") REFERENCES "public"."invoices"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_tenant_id_product_id_products_tenant_id_id_fk" FOREIGN KEY ("tenant_id","product_id") REFERENCES "public"."products"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_tenant_id_category_id_product_categories_tenant_id_id_fk" FOREIGN KEY ("tenant_id","category_id") REFERENCES "public"."product_categories"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_tenant_id_tax_rule_id_tax_rules_tenant_id_id_fk" FOREIGN KEY ("tenant_id","tax_rule_id") REFERENCES "public"."tax_rules"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_tenant_id_subscription_item_id_subscription_items_tenant_id_id_fk" FOREIGN KEY ("tenant_id","subscription_item_id") REFERENCES "public"."subscription_items"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_tenant_id_order_line_id_order_lines_tenant_id_id_fk" FOREIGN KEY ("tenant_id","order_line_id") REFERENCES "public"."order_lines"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_currency_currencies_code_fk" FOREIGN KEY ("currency") REFERENCES "public"."currencies"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_tenant_id_customer_id_customers_tenant_id_id_fk" FOREIGN KEY ("tenant_id","customer_id") REFERENCES "public"."customers"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_tenant_id_reseller_id_resellers_tenant_id_id_fk" FOREIGN KEY ("tenant_id","reseller_id") REFERENCES "public"."resellers"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_tenant_id_subscription_id_subscriptions_tenant_id_id_fk" FOREIGN KEY ("tenant_id","subscription_id") REFERENCES "public"."subscriptions"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_tenant_id_order_id_orders_tenant_id_id_fk" FOREIGN KEY ("tenant_id","order_id") REFERENCES "public"."orders"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_tenant_id_shipment_id_shipments_tenant_id_id_fk" FOREIGN KEY ("tenant_id","shipment_id") REFERENCES "public"."shipments"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_tenant_id_billing_run_id_billing_runs_tenant_id_id_fk" FOREIGN KEY ("tenant_id","billing_run_id") REFERENCES "public"."billing_runs"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_allocations" ADD CONSTRAINT "payment_allocations_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_allocations" ADD CONSTRAINT "payment_allocations_tenant_id_payment_id_payments_tenant_id_id_fk" FOREIGN KEY ("tenant_id","payment_id") REFERENCES "public"."payments"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_allocations" ADD CONSTRAINT "payment_allocations_tenant_id_invoice_id_invoices_tenant_id_id_fk" FOREIGN KEY ("tenant_id","invoice_id") REFERENCES "public"."invoices"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_allocations" ADD CONSTRAINT "payment_allocations_tenant_id_customer_id_customers_tenant_id_id_fk" FOREIGN KEY ("tenant_id","customer_id") REFERENCES "public"."customers"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_currency_currencies_code_fk" FOREIGN KEY ("currency") REFERENCES "public"."currencies"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_tenant_id_customer_id_customers_tenant_id_id_fk" FOREIGN KEY ("tenant_id","customer_id") REFERENCES "public"."customers"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_tenant_id_invoice_id_invoices_tenant_id_id_fk" FOREIGN KEY ("tenant_id","invoice_id") REFERENCES "public"."invoices"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "revenue_recognitions" ADD CONSTRAINT "revenue_recognitions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "revenue_recognitions" ADD CONSTRAINT "revenue_recognitions_tenant_id_schedule_id_revenue_schedules_tenant_id_id_fk" FOREIGN KEY ("tenant_id","schedule_id") REFERENCES "public"."revenue_schedules"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "revenue_recognitions" ADD CONSTRAINT "revenue_recognitions_tenant_id_credit_note_id_credit_notes_tenant_id_id_fk" FOREIGN KEY ("tenant_id","credit_note_id") REFERENCES "public"."credit_notes"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "revenue_recognitions" ADD CONSTRAINT "revenue_recognitions_tenant_id_journal_entry_id_journal_entries_tenant_id_id_fk" FOREIGN KEY ("tenant_id","journal_entry_id") REFERENCES "public"."journal_entries"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "revenue_schedules" ADD CONSTRAINT "revenue_schedules_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "revenue_schedules" ADD CONSTRAINT "revenue_schedules_currency_currencies_code_fk" FOREIGN KEY ("currency") REFERENCES "public"."currencies"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "revenue_schedules" ADD CONSTRAINT "revenue_schedules_tenant_id_invoice_line_id_invoice_lines_tenant_id_id_fk" FOREIGN KEY ("tenant_id","invoice_line_id") REFERENCES "public"."invoice_lines"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "revenue_schedules" ADD CONSTRAINT "revenue_schedules_tenant_id_invoice_id_invoices_tenant_id_id_fk" FOREIGN KEY ("tenant_id","invoice_id") REFERENCES "public"."invoices"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "revenue_schedules" ADD CONSTRAINT "revenue_schedules_tenant_id_customer_id_customers_tenant_id_id_fk" FOREIGN KEY ("tenant_id","customer_id") REFERENCES "public"."customers"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "revenue_schedules" ADD CONSTRAINT "revenue_schedules_tenant_id_category_id_product_categories_tenant_id_id_fk" FOREIGN KEY ("tenant_id","category_id") REFERENCES "public"."product_categories"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tax_rules" ADD CONSTRAINT "tax_rules_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tax_rules" ADD CONSTRAINT "tax_rules_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "billing_run_exceptions_run_idx" ON "billing_run_exceptions" USING btree ("tenant_id","run_id");--> statement-breakpoint
CREATE INDEX "billing_runs_created_idx" ON "billing_runs" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "credit_note_lines_note_idx" ON "credit_note_lines" USING btree ("tenant_id","credit_note_id");--> statement-breakpoint
CREATE INDEX "credit_note_lines_invoice_line_idx" ON "credit_note_lines" USING btree ("tenant_id","invoice_line_id");--> statement-breakpoint
CREATE INDEX "credit_notes_invoice_idx" ON "credit_notes" USING btree ("tenant_id","invoice_id");--> statement-breakpoint
CREATE INDEX "credit_notes_status_idx" ON "credit_notes" USING btree ("tenant_id","status");--> statement-breakpoint
CREATE INDEX "customer_messages_customer_idx" ON "customer_messages" USING btree ("tenant_id","customer_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "dunning_cases_one_open" ON "dunning_cases" USING btree ("tenant_id","invoice_id") WHERE "dunning_cases"."status" = 'open';--> statement-breakpoint
CREATE INDEX "dunning_cases_due_idx" ON "dunning_cases" USING btree ("tenant_id","status","next_attempt_on");--> statement-breakpoint
CREATE INDEX "invoices_customer_idx" ON "invoices" USING btree ("tenant_id","customer_id","issue_date");--> statement-breakpoint
CREATE INDEX "invoices_status_idx" ON "invoices" USING btree ("tenant_id","status","due_date");--> statement-breakpoint
CREATE INDEX "invoices_issue_date_idx" ON "invoices" USING btree ("tenant_id","issue_date");--> statement-breakpoint
CREATE INDEX "invoices_run_idx" ON "invoices" USING btree ("tenant_id","billing_run_id") WHERE "invoices"."billing_run_id" is not null;--> statement-breakpoint
CREATE INDEX "payment_allocations_invoice_idx" ON "payment_allocations" USING btree ("tenant_id","invoice_id");--> statement-breakpoint
CREATE INDEX "payment_allocations_payment_idx" ON "payment_allocations" USING btree ("tenant_id","payment_id");--> statement-breakpoint
CREATE INDEX "payments_customer_idx" ON "payments" USING btree ("tenant_id","customer_id","received_on");--> statement-breakpoint
CREATE INDEX "payments_invoice_idx" ON "payments" USING btree ("tenant_id","invoice_id") WHERE "payments"."invoice_id" is not null;--> statement-breakpoint
CREATE INDEX "revenue_recognitions_month_idx" ON "revenue_recognitions" USING btree ("tenant_id","period_month");--> statement-breakpoint
CREATE INDEX "revenue_schedules_period_idx" ON "revenue_schedules" USING btree ("tenant_id","end_date","start_date");--> statement-breakpoint
CREATE INDEX "revenue_schedules_invoice_idx" ON "revenue_schedules" USING btree ("tenant_id","invoice_id");--> statement-breakpoint
CREATE INDEX "tax_rules_lookup_idx" ON "tax_rules" USING btree ("tenant_id","jurisdiction","tax_class","effective_from");--> statement-breakpoint
CREATE INDEX "subscriptions_billing_due_idx" ON "subscriptions" USING btree ("tenant_id",coalesce("next_period_start", "term_start")) WHERE "subscriptions"."status" in ('active', 'cancelled');--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD CONSTRAINT "tenant_settings_credit_note_threshold" CHECK ("tenant_settings"."credit_note_approval_threshold_minor" >= 0);--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD CONSTRAINT "tenant_settings_dunning_days" CHECK (jsonb_typeof("tenant_settings"."dunning_retry_days") = 'array' and jsonb_array_length("tenant_settings"."dunning_retry_days") between 1 and 10);--> statement-breakpoint
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_status" CHECK ("subscriptions"."status" in ('draft', 'active', 'paused', 'suspended', 'cancelled', 'expired'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "billing_run_exceptions" AS PERMISSIVE FOR ALL TO public USING ("billing_run_exceptions"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("billing_run_exceptions"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "billing_run_exceptions" AS RESTRICTIVE FOR SELECT TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_insert" ON "billing_run_exceptions" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_update" ON "billing_run_exceptions" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform')) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "billing_run_exceptions" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "billing_runs" AS PERMISSIVE FOR ALL TO public USING ("billing_runs"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("billing_runs"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "billing_runs" AS RESTRICTIVE FOR SELECT TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_insert" ON "billing_runs" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_update" ON "billing_runs" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform')) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "billing_runs" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "credit_note_lines" AS PERMISSIVE FOR ALL TO public USING ("credit_note_lines"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("credit_note_lines"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "credit_note_lines" AS RESTRICTIVE FOR SELECT TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or "credit_note_lines"."credit_note_id" in (select n.id from credit_notes n));--> statement-breakpoint
CREATE POLICY "scope_insert" ON "credit_note_lines" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_update" ON "credit_note_lines" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform')) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "credit_note_lines" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "credit_notes" AS PERMISSIVE FOR ALL TO public USING ("credit_notes"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("credit_notes"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "credit_notes" AS RESTRICTIVE FOR SELECT TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or (((select current_setting('app.scope', true)) = 'reseller' or (select current_setting('app.scope', true)) = 'customer') and "credit_notes"."customer_id" in (select c.id from customers c)));--> statement-breakpoint
CREATE POLICY "scope_insert" ON "credit_notes" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_update" ON "credit_notes" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform')) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "credit_notes" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "customer_credit_balances" AS PERMISSIVE FOR ALL TO public USING ("customer_credit_balances"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("customer_credit_balances"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "customer_credit_balances" AS RESTRICTIVE FOR SELECT TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or (((select current_setting('app.scope', true)) = 'reseller' or (select current_setting('app.scope', true)) = 'customer') and "customer_credit_balances"."customer_id" in (select c.id from customers c)));--> statement-breakpoint
CREATE POLICY "scope_insert" ON "customer_credit_balances" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_update" ON "customer_credit_balances" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform')) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "customer_credit_balances" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "customer_messages" AS PERMISSIVE FOR ALL TO public USING ("customer_messages"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("customer_messages"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "customer_messages" AS RESTRICTIVE FOR SELECT TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or (((select current_setting('app.scope', true)) = 'reseller' or (select current_setting('app.scope', true)) = 'customer') and "customer_messages"."customer_id" in (select c.id from customers c)));--> statement-breakpoint
CREATE POLICY "scope_insert" ON "customer_messages" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_update" ON "customer_messages" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform')) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "customer_messages" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "dunning_cases" AS PERMISSIVE FOR ALL TO public USING ("dunning_cases"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("dunning_cases"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "dunning_cases" AS RESTRICTIVE FOR SELECT TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or (((select current_setting('app.scope', true)) = 'reseller' or (select current_setting('app.scope', true)) = 'customer') and "dunning_cases"."customer_id" in (select c.id from customers c)));--> statement-breakpoint
CREATE POLICY "scope_insert" ON "dunning_cases" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_update" ON "dunning_cases" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform')) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "dunning_cases" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "invoice_lines" AS PERMISSIVE FOR ALL TO public USING ("invoice_lines"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("invoice_lines"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "invoice_lines" AS RESTRICTIVE FOR SELECT TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or "invoice_lines"."invoice_id" in (select i.id from invoices i));--> statement-breakpoint
CREATE POLICY "scope_insert" ON "invoice_lines" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_update" ON "invoice_lines" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform')) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "invoice_lines" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "invoices" AS PERMISSIVE FOR ALL TO public USING ("invoices"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("invoices"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "invoices" AS RESTRICTIVE FOR SELECT TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or (((select current_setting('app.scope', true)) = 'reseller' or (select current_setting('app.scope', true)) = 'customer') and "invoices"."customer_id" in (select c.id from customers c)));--> statement-breakpoint
CREATE POLICY "scope_insert" ON "invoices" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_update" ON "invoices" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform')) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "invoices" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "payment_allocations" AS PERMISSIVE FOR ALL TO public USING ("payment_allocations"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("payment_allocations"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "payment_allocations" AS RESTRICTIVE FOR SELECT TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or (((select current_setting('app.scope', true)) = 'reseller' or (select current_setting('app.scope', true)) = 'customer') and "payment_allocations"."customer_id" in (select c.id from customers c)));--> statement-breakpoint
CREATE POLICY "scope_insert" ON "payment_allocations" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_update" ON "payment_allocations" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform')) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "payment_allocations" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "payments" AS PERMISSIVE FOR ALL TO public USING ("payments"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("payments"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "payments" AS RESTRICTIVE FOR SELECT TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or (((select current_setting('app.scope', true)) = 'reseller' or (select current_setting('app.scope', true)) = 'customer') and "payments"."customer_id" in (select c.id from customers c)));--> statement-breakpoint
CREATE POLICY "scope_insert" ON "payments" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_update" ON "payments" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform')) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "payments" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "revenue_recognitions" AS PERMISSIVE FOR ALL TO public USING ("revenue_recognitions"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("revenue_recognitions"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "revenue_recognitions" AS RESTRICTIVE FOR SELECT TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_insert" ON "revenue_recognitions" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_update" ON "revenue_recognitions" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform')) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "revenue_recognitions" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "revenue_schedules" AS PERMISSIVE FOR ALL TO public USING ("revenue_schedules"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("revenue_schedules"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "revenue_schedules" AS RESTRICTIVE FOR SELECT TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_insert" ON "revenue_schedules" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_update" ON "revenue_schedules" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform')) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "revenue_schedules" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "tax_rules" AS PERMISSIVE FOR ALL TO public USING ("tax_rules"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("tax_rules"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "tax_rules" AS RESTRICTIVE FOR SELECT TO public USING (true);--> statement-breakpoint
CREATE POLICY "scope_insert" ON "tax_rules" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_update" ON "tax_rules" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform')) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "tax_rules" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));