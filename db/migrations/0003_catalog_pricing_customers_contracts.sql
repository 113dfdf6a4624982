CREATE TABLE "currencies" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"minor_units" smallint NOT NULL
);
--> statement-breakpoint
-- Reference data before any foreign key points at it (customers.currency defaults to EUR).
INSERT INTO "currencies" ("code", "name", "minor_units") VALUES
  ('EUR', 'Euro', 2), ('USD', 'US dollar', 2), ('GBP', 'Pound sterling', 2), ('CHF', 'Swiss franc', 2),
  ('SEK', 'Swedish krona', 2), ('DKK', 'Danish krone', 2), ('NOK', 'Norwegian krone', 2), ('PLN', 'Polish zloty', 2),
  ('CAD', 'Canadian dollar', 2), ('AUD', 'Australian dollar', 2), ('JPY', 'Japanese yen', 0), ('KWD', 'Kuwaiti dinar', 3);--> statement-breakpoint
CREATE TABLE "tenant_counters" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"name" text NOT NULL,
	"period" text DEFAULT '' NOT NULL,
	"last_value" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "tenant_counters_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "tenant_counters_name" UNIQUE("tenant_id","name","period")
);
--> statement-breakpoint
ALTER TABLE "tenant_counters" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "tenant_settings" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"effective_from" timestamp with time zone DEFAULT now() NOT NULL,
	"discount_approval_threshold_percent" numeric(5, 2) DEFAULT '10' NOT NULL,
	"default_currency" text DEFAULT 'EUR' NOT NULL,
	"time_zone" text DEFAULT 'UTC' NOT NULL,
	"changed_by" uuid,
	CONSTRAINT "tenant_settings_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "tenant_settings_effective" UNIQUE("tenant_id","effective_from"),
	CONSTRAINT "tenant_settings_threshold" CHECK ("tenant_settings"."discount_approval_threshold_percent" between 0 and 100)
);
--> statement-breakpoint
ALTER TABLE "tenant_settings" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "customer_contacts" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"customer_id" uuid NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"phone" text DEFAULT '' NOT NULL,
	"role" text DEFAULT '' NOT NULL,
	"user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_contacts_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "customer_contacts_email" UNIQUE("tenant_id","customer_id","email"),
	CONSTRAINT "customer_contacts_email_normalized" CHECK ("customer_contacts"."email" = lower("customer_contacts"."email"))
);
--> statement-breakpoint
ALTER TABLE "customer_contacts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "customer_sites" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"customer_id" uuid NOT NULL,
	"name" text NOT NULL,
	"address_line1" text DEFAULT '' NOT NULL,
	"address_line2" text DEFAULT '' NOT NULL,
	"city" text DEFAULT '' NOT NULL,
	"postal_code" text DEFAULT '' NOT NULL,
	"country_code" text DEFAULT '' NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_sites_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "customer_sites" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "approvals" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"kind" text NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"requested_by" uuid NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"reason" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "approvals_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "approvals_status" CHECK ("approvals"."status" in ('pending', 'approved', 'rejected')),
	CONSTRAINT "approvals_segregation" CHECK ("approvals"."decided_by" is null or "approvals"."decided_by" <> "approvals"."requested_by"),
	CONSTRAINT "approvals_decided" CHECK (("approvals"."status" = 'pending') = ("approvals"."decided_by" is null))
);
--> statement-breakpoint
ALTER TABLE "approvals" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "kit_components" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"kit_id" uuid NOT NULL,
	"component_id" uuid NOT NULL,
	"quantity" numeric(20, 6) NOT NULL,
	CONSTRAINT "kit_components_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "kit_components_once" UNIQUE("tenant_id","kit_id","component_id"),
	CONSTRAINT "kit_components_positive" CHECK ("kit_components"."quantity" > 0),
	CONSTRAINT "kit_components_not_self" CHECK ("kit_components"."kit_id" <> "kit_components"."component_id")
);
--> statement-breakpoint
ALTER TABLE "kit_components" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "meters" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"unit" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "meters_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "meters_code" UNIQUE("tenant_id","code")
);
--> statement-breakpoint
ALTER TABLE "meters" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "plan_items" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"plan_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"product_id" uuid NOT NULL,
	"meter_id" uuid,
	"quantity" numeric(20, 6) DEFAULT '1' NOT NULL,
	"rating" text,
	"package_size" numeric(20, 6),
	"commit_amount_minor" bigint,
	"delivery_every" smallint,
	"delivery_unit" text,
	"position" smallint DEFAULT 0 NOT NULL,
	CONSTRAINT "plan_items_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "plan_items_kind" CHECK ("plan_items"."kind" in ('recurring_fee', 'usage', 'commit', 'delivery')),
	CONSTRAINT "plan_items_quantity" CHECK ("plan_items"."quantity" > 0),
	CONSTRAINT "plan_items_usage_meter" CHECK (("plan_items"."kind" = 'usage') = ("plan_items"."meter_id" is not null) and ("plan_items"."kind" <> 'usage' or "plan_items"."rating" in ('tiered', 'volume', 'package'))),
	CONSTRAINT "plan_items_package" CHECK ("plan_items"."rating" is distinct from 'package' or "plan_items"."package_size" > 0),
	CONSTRAINT "plan_items_commit" CHECK (("plan_items"."kind" = 'commit') = ("plan_items"."commit_amount_minor" is not null) and ("plan_items"."commit_amount_minor" is null or "plan_items"."commit_amount_minor" > 0)),
	CONSTRAINT "plan_items_delivery" CHECK (("plan_items"."kind" = 'delivery') = ("plan_items"."delivery_every" is not null and "plan_items"."delivery_unit" is not null) and ("plan_items"."delivery_every" is null or "plan_items"."delivery_every" between 1 and 52))
);
--> statement-breakpoint
ALTER TABLE "plan_items" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "product_categories" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "product_categories_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "product_categories_code" UNIQUE("tenant_id","code")
);
--> statement-breakpoint
ALTER TABLE "product_categories" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "products" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"sku" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"kind" text NOT NULL,
	"category_id" uuid,
	"unit_of_measure" text DEFAULT 'each' NOT NULL,
	"weight_grams" integer,
	"tax_class" text DEFAULT 'standard' NOT NULL,
	"reorder_point" integer,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone,
	CONSTRAINT "products_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "products_sku" UNIQUE("tenant_id","sku"),
	CONSTRAINT "products_kind" CHECK ("products"."kind" in ('stock_item', 'service', 'kit', 'plan')),
	CONSTRAINT "products_status" CHECK ("products"."status" in ('active', 'archived')),
	CONSTRAINT "products_tax_class" CHECK ("products"."tax_class" in ('standard', 'reduced', 'zero', 'exempt')),
	CONSTRAINT "products_weight" CHECK ("products"."weight_grams" is null or "products"."weight_grams" >= 0),
	CONSTRAINT "products_reorder_point" CHECK ("products"."reorder_point" is null or "products"."reorder_point" >= 0)
);
--> statement-breakpoint
ALTER TABLE "products" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "price_book_entries" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"price_book_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"model" text DEFAULT 'flat' NOT NULL,
	"unit_price" numeric(20, 6),
	"package_size" numeric(20, 6),
	"effective_from" date NOT NULL,
	"effective_to" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "price_book_entries_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "price_book_entries_effective" UNIQUE("tenant_id","price_book_id","product_id","effective_from"),
	CONSTRAINT "price_book_entries_model" CHECK ("price_book_entries"."model" in ('flat', 'graduated', 'volume', 'package')),
	CONSTRAINT "price_book_entries_price" CHECK (("price_book_entries"."model" in ('flat', 'package')) = ("price_book_entries"."unit_price" is not null) and ("price_book_entries"."unit_price" is null or "price_book_entries"."unit_price" >= 0)),
	CONSTRAINT "price_book_entries_package" CHECK (("price_book_entries"."model" = 'package') = ("price_book_entries"."package_size" is not null) and ("price_book_entries"."package_size" is null or "price_book_entries"."package_size" > 0)),
	CONSTRAINT "price_book_entries_window" CHECK ("price_book_entries"."effective_to" is null or "price_book_entries"."effective_to" > "price_book_entries"."effective_from")
);
--> statement-breakpoint
ALTER TABLE "price_book_entries" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "price_books" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"currency" text NOT NULL,
	"customer_id" uuid,
	"reseller_id" uuid,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "price_books_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "price_books_kind" CHECK ("price_books"."kind" in ('list', 'customer', 'reseller', 'promotion')),
	CONSTRAINT "price_books_owner" CHECK (("price_books"."kind" = 'customer') = ("price_books"."customer_id" is not null) and ("price_books"."kind" = 'reseller') = ("price_books"."reseller_id" is not null)),
	CONSTRAINT "price_books_status" CHECK ("price_books"."status" in ('active', 'archived'))
);
--> statement-breakpoint
ALTER TABLE "price_books" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "price_tiers" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"entry_id" uuid NOT NULL,
	"from_quantity" numeric(20, 6) NOT NULL,
	"unit_price" numeric(20, 6) NOT NULL,
	CONSTRAINT "price_tiers_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "price_tiers_band" UNIQUE("tenant_id","entry_id","from_quantity"),
	CONSTRAINT "price_tiers_values" CHECK ("price_tiers"."from_quantity" >= 0 and "price_tiers"."unit_price" >= 0)
);
--> statement-breakpoint
ALTER TABLE "price_tiers" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "subscription_items" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"subscription_id" uuid NOT NULL,
	"version_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"product_id" uuid NOT NULL,
	"meter_id" uuid,
	"quantity" numeric(20, 6) DEFAULT '1' NOT NULL,
	"rating" text,
	"package_size" numeric(20, 6),
	"commit_amount_minor" bigint,
	"delivery_every" smallint,
	"delivery_unit" text,
	"position" smallint DEFAULT 0 NOT NULL,
	"unit_price" numeric(20, 6),
	"discount_percent" numeric(5, 2) DEFAULT '0' NOT NULL,
	"pricing" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"ship_to_site_id" uuid,
	"preferred_warehouse_id" uuid,
	"first_delivery_date" date,
	CONSTRAINT "subscription_items_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "subscription_items_kind" CHECK ("subscription_items"."kind" in ('recurring_fee', 'usage', 'commit', 'delivery')),
	CONSTRAINT "subscription_items_quantity" CHECK ("subscription_items"."quantity" > 0),
	CONSTRAINT "subscription_items_usage_meter" CHECK (("subscription_items"."kind" = 'usage') = ("subscription_items"."meter_id" is not null) and ("subscription_items"."kind" <> 'usage' or "subscription_items"."rating" in ('tiered', 'volume', 'package'))),
	CONSTRAINT "subscription_items_package" CHECK ("subscription_items"."rating" is distinct from 'package' or "subscription_items"."package_size" > 0),
	CONSTRAINT "subscription_items_commit" CHECK (("subscription_items"."kind" = 'commit') = ("subscription_items"."commit_amount_minor" is not null) and ("subscription_items"."commit_amount_minor" is null or "subscription_items"."commit_amount_minor" > 0)),
	CONSTRAINT "subscription_items_delivery" CHECK (("subscription_items"."kind" = 'delivery') = ("subscription_items"."delivery_every" is not null and "subscription_items"."delivery_unit" is not null) and ("subscription_items"."delivery_every" is null or "subscription_items"."delivery_every" between 1 and 52)),
	CONSTRAINT "subscription_items_discount" CHECK ("subscription_items"."discount_percent" between 0 and 100),
	CONSTRAINT "subscription_items_delivery_site" CHECK ("subscription_items"."kind" <> 'delivery' or ("subscription_items"."ship_to_site_id" is not null and "subscription_items"."first_delivery_date" is not null))
);
--> statement-breakpoint
ALTER TABLE "subscription_items" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "subscription_versions" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"subscription_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"effective_from" date NOT NULL,
	"status" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"max_discount_percent" numeric(5, 2) DEFAULT '0' NOT NULL,
	"created_by" uuid,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "subscription_versions_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "subscription_versions_number" UNIQUE("tenant_id","subscription_id","version"),
	CONSTRAINT "subscription_versions_status" CHECK ("subscription_versions"."status" in ('draft', 'pending_approval', 'active', 'superseded', 'rejected')),
	CONSTRAINT "subscription_versions_segregation" CHECK ("subscription_versions"."decided_by" is null or "subscription_versions"."decided_by" is distinct from "subscription_versions"."created_by")
);
--> statement-breakpoint
ALTER TABLE "subscription_versions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "subscriptions" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"number" text NOT NULL,
	"customer_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"term_start" date NOT NULL,
	"term_end" date NOT NULL,
	"auto_renew" boolean DEFAULT true NOT NULL,
	"renewal_term_months" smallint DEFAULT 12 NOT NULL,
	"billing_interval" text DEFAULT 'month' NOT NULL,
	"anchor_day" smallint NOT NULL,
	"priority" smallint DEFAULT 0 NOT NULL,
	"cancel_at" date,
	"plan_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "subscriptions_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "subscriptions_number" UNIQUE("tenant_id","number"),
	CONSTRAINT "subscriptions_status" CHECK ("subscriptions"."status" in ('draft', 'active', 'paused', 'cancelled', 'expired')),
	CONSTRAINT "subscriptions_interval" CHECK ("subscriptions"."billing_interval" in ('month', 'quarter', 'year')),
	CONSTRAINT "subscriptions_anchor_day" CHECK ("subscriptions"."anchor_day" between 1 and 31),
	CONSTRAINT "subscriptions_term" CHECK ("subscriptions"."term_end" > "subscriptions"."term_start"),
	CONSTRAINT "subscriptions_renewal_term" CHECK ("subscriptions"."renewal_term_months" between 1 and 120)
);
--> statement-breakpoint
ALTER TABLE "subscriptions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "usage_events" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"event_id" text NOT NULL,
	"subscription_id" uuid NOT NULL,
	"meter_id" uuid NOT NULL,
	"quantity" numeric(20, 6) NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"period_start" date NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "usage_events_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "usage_events_event_id" UNIQUE("tenant_id","event_id"),
	CONSTRAINT "usage_events_quantity" CHECK ("usage_events"."quantity" >= 0)
);
--> statement-breakpoint
ALTER TABLE "usage_events" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "code" text;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "currency" text DEFAULT 'EUR' NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "payment_terms_days" integer DEFAULT 30 NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "tax_jurisdiction" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "credit_limit_minor" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "status" text DEFAULT 'active' NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "address_line1" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "address_line2" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "city" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "postal_code" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "country_code" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "bill_to_name" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "bill_to_email" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_counters" ADD CONSTRAINT "tenant_counters_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD CONSTRAINT "tenant_settings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_contacts" ADD CONSTRAINT "customer_contacts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_contacts" ADD CONSTRAINT "customer_contacts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_contacts" ADD CONSTRAINT "customer_contacts_tenant_id_customer_id_customers_tenant_id_id_fk" FOREIGN KEY ("tenant_id","customer_id") REFERENCES "public"."customers"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_sites" ADD CONSTRAINT "customer_sites_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_sites" ADD CONSTRAINT "customer_sites_tenant_id_customer_id_customers_tenant_id_id_fk" FOREIGN KEY ("tenant_id","customer_id") REFERENCES "public"."customers"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approvals" ADD CONSTRAINT "approvals_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approvals" ADD CONSTRAINT "approvals_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approvals" ADD CONSTRAINT "approvals_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kit_components" ADD CONSTRAINT "kit_components_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kit_components" ADD CONSTRAINT "kit_components_tenant_id_kit_id_products_tenant_id_id_fk" FOREIGN KEY ("tenant_id","kit_id") REFERENCES "public"."products"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kit_components" ADD CONSTRAINT "kit_components_tenant_id_component_id_products_tenant_id_id_fk" FOREIGN KEY ("tenant_id","component_id") REFERENCES "public"."products"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meters" ADD CONSTRAINT "meters_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_items" ADD CONSTRAINT "plan_items_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_items" ADD CONSTRAINT "plan_items_tenant_id_plan_id_products_tenant_id_id_fk" FOREIGN KEY ("tenant_id","plan_id") REFERENCES "public"."products"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_items" ADD CONSTRAINT "plan_items_tenant_id_product_id_products_tenant_id_id_fk" FOREIGN KEY ("tenant_id","product_id") REFERENCES "public"."products"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_items" ADD CONSTRAINT "plan_items_tenant_id_meter_id_meters_tenant_id_id_fk" FOREIGN KEY ("tenant_id","meter_id") REFERENCES "public"."meters"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_categories" ADD CONSTRAINT "product_categories_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_tenant_id_category_id_product_categories_tenant_id_id_fk" FOREIGN KEY ("tenant_id","category_id") REFERENCES "public"."product_categories"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_book_entries" ADD CONSTRAINT "price_book_entries_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_book_entries" ADD CONSTRAINT "price_book_entries_tenant_id_price_book_id_price_books_tenant_id_id_fk" FOREIGN KEY ("tenant_id","price_book_id") REFERENCES "public"."price_books"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_book_entries" ADD CONSTRAINT "price_book_entries_tenant_id_product_id_products_tenant_id_id_fk" FOREIGN KEY ("tenant_id","product_id") REFERENCES "public"."products"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_books" ADD CONSTRAINT "price_books_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_books" ADD CONSTRAINT "price_books_currency_currencies_code_fk" FOREIGN KEY ("currency") REFERENCES "public"."currencies"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_books" ADD CONSTRAINT "price_books_tenant_id_customer_id_customers_tenant_id_id_fk" FOREIGN KEY ("tenant_id","customer_id") REFERENCES "public"."customers"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_books" ADD CONSTRAINT "price_books_tenant_id_reseller_id_resellers_tenant_id_id_fk" FOREIGN KEY ("tenant_id","reseller_id") REFERENCES "public"."resellers"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_tiers" ADD CONSTRAINT "price_tiers_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_tiers" ADD CONSTRAINT "price_tiers_tenant_id_entry_id_price_book_entries_tenant_id_id_fk" FOREIGN KEY ("tenant_id","entry_id") REFERENCES "public"."price_book_entries"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscription_items" ADD CONSTRAINT "subscription_items_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscription_items" ADD CONSTRAINT "subscription_items_tenant_id_subscription_id_subscriptions_tenant_id_id_fk" FOREIGN KEY ("tenant_id","subscription_id") REFERENCES "public"."subscriptions"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscription_items" ADD CONSTRAINT "subscription_items_tenant_id_version_id_subscription_versions_tenant_id_id_fk" FOREIGN KEY ("tenant_id","version_id") REFERENCES "public"."subscription_versions"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscription_items" ADD CONSTRAINT "subscription_items_tenant_id_product_id_products_tenant_id_id_fk" FOREIGN KEY ("tenant_id","product_id") REFERENCES "public"."products"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscription_items" ADD CONSTRAINT "subscription_items_tenant_id_meter_id_meters_tenant_id_id_fk" FOREIGN KEY ("tenant_id","meter_id") REFERENCES "public"."meters"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscription_items" ADD CONSTRAINT "subscription_items_tenant_id_ship_to_site_id_customer_sites_tenant_id_id_fk" FOREIGN KEY ("tenant_id","ship_to_site_id") REFERENCES "public"."customer_sites"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscription_versions" ADD CONSTRAINT "subscription_versions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscription_versions" ADD CONSTRAINT "subscription_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscription_versions" ADD CONSTRAINT "subscription_versions_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscription_versions" ADD CONSTRAINT "subscription_versions_tenant_id_subscription_id_subscriptions_tenant_id_id_fk" FOREIGN KEY ("tenant_id","subscription_id") REFERENCES "public"."subscriptions"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_currency_currencies_code_fk" FOREIGN KEY ("currency") REFERENCES "public"."currencies"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_tenant_id_customer_id_customers_tenant_id_id_fk" FOREIGN KEY ("tenant_id","customer_id") REFERENCES "public"."customers"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_tenant_id_plan_id_products_tenant_id_id_fk" FOREIGN KEY ("tenant_id","plan_id") REFERENCES "public"."products"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_events" ADD CONSTRAINT "usage_events_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_events" ADD CONSTRAINT "usage_events_tenant_id_subscription_id_subscriptions_tenant_id_id_fk" FOREIGN KEY ("tenant_id","subscription_id") REFERENCES "public"."subscriptions"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_events" ADD CONSTRAINT "usage_events_tenant_id_meter_id_meters_tenant_id_id_fk" FOREIGN KEY ("tenant_id","meter_id") REFERENCES "public"."meters"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customer_sites_customer_idx" ON "customer_sites" USING btree ("tenant_id","customer_id");--> statement-breakpoint
CREATE INDEX "approvals_status_idx" ON "approvals" USING btree ("tenant_id","status");--> statement-breakpoint
CREATE INDEX "approvals_subject_idx" ON "approvals" USING btree ("tenant_id","subject_id");--> statement-breakpoint
CREATE INDEX "plan_items_plan_idx" ON "plan_items" USING btree ("tenant_id","plan_id");--> statement-breakpoint
CREATE INDEX "products_category_idx" ON "products" USING btree ("tenant_id","category_id");--> statement-breakpoint
CREATE INDEX "price_book_entries_product_idx" ON "price_book_entries" USING btree ("tenant_id","product_id");--> statement-breakpoint
CREATE INDEX "price_books_customer_idx" ON "price_books" USING btree ("tenant_id","customer_id");--> statement-breakpoint
CREATE INDEX "price_books_reseller_idx" ON "price_books" USING btree ("tenant_id","reseller_id");--> statement-breakpoint
CREATE INDEX "subscription_items_version_idx" ON "subscription_items" USING btree ("tenant_id","version_id");--> statement-breakpoint
CREATE INDEX "subscription_items_subscription_idx" ON "subscription_items" USING btree ("tenant_id","subscription_id");--> statement-breakpoint
CREATE INDEX "subscriptions_customer_idx" ON "subscriptions" USING btree ("tenant_id","customer_id");--> statement-breakpoint
CREATE INDEX "subscriptions_status_idx" ON "subscriptions" USING btree ("tenant_id","status");--> statement-breakpoint
CREATE INDEX "usage_events_period_idx" ON "usage_events" USING btree ("tenant_id","subscription_id","meter_id","period_start");--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_currency_currencies_code_fk" FOREIGN KEY ("currency") REFERENCES "public"."currencies"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customers_name_idx" ON "customers" USING btree ("tenant_id","name");--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_code" UNIQUE("tenant_id","code");--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_status" CHECK ("customers"."status" in ('active', 'credit_hold'));--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_terms" CHECK ("customers"."payment_terms_days" between 0 and 365);--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_credit_limit" CHECK ("customers"."credit_limit_minor" >= 0);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "tenant_counters" AS PERMISSIVE FOR ALL TO public USING ("tenant_counters"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("tenant_counters"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "tenant_settings" AS PERMISSIVE FOR ALL TO public USING ("tenant_settings"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("tenant_settings"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "tenant_settings" AS RESTRICTIVE FOR SELECT TO public USING (true);--> statement-breakpoint
CREATE POLICY "scope_insert" ON "tenant_settings" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_update" ON "tenant_settings" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform')) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "tenant_settings" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "customer_contacts" AS PERMISSIVE FOR ALL TO public USING ("customer_contacts"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("customer_contacts"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "customer_contacts" AS RESTRICTIVE FOR SELECT TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or "customer_contacts"."customer_id" in (select c.id from customers c));--> statement-breakpoint
CREATE POLICY "scope_insert" ON "customer_contacts" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or "customer_contacts"."customer_id" in (select c.id from customers c));--> statement-breakpoint
CREATE POLICY "scope_update" ON "customer_contacts" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or "customer_contacts"."customer_id" in (select c.id from customers c)) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or "customer_contacts"."customer_id" in (select c.id from customers c));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "customer_contacts" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or "customer_contacts"."customer_id" in (select c.id from customers c));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "customer_sites" AS PERMISSIVE FOR ALL TO public USING ("customer_sites"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("customer_sites"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "customer_sites" AS RESTRICTIVE FOR SELECT TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or "customer_sites"."customer_id" in (select c.id from customers c));--> statement-breakpoint
CREATE POLICY "scope_insert" ON "customer_sites" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or "customer_sites"."customer_id" in (select c.id from customers c));--> statement-breakpoint
CREATE POLICY "scope_update" ON "customer_sites" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or "customer_sites"."customer_id" in (select c.id from customers c)) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or "customer_sites"."customer_id" in (select c.id from customers c));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "customer_sites" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or "customer_sites"."customer_id" in (select c.id from customers c));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "approvals" AS PERMISSIVE FOR ALL TO public USING ("approvals"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("approvals"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "approvals" AS RESTRICTIVE FOR SELECT TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_insert" ON "approvals" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_update" ON "approvals" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform')) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "approvals" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "kit_components" AS PERMISSIVE FOR ALL TO public USING ("kit_components"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("kit_components"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "kit_components" AS RESTRICTIVE FOR SELECT TO public USING (true);--> statement-breakpoint
CREATE POLICY "scope_insert" ON "kit_components" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_update" ON "kit_components" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform')) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "kit_components" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "meters" AS PERMISSIVE FOR ALL TO public USING ("meters"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("meters"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "meters" AS RESTRICTIVE FOR SELECT TO public USING (true);--> statement-breakpoint
CREATE POLICY "scope_insert" ON "meters" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_update" ON "meters" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform')) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "meters" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "plan_items" AS PERMISSIVE FOR ALL TO public USING ("plan_items"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("plan_items"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "plan_items" AS RESTRICTIVE FOR SELECT TO public USING (true);--> statement-breakpoint
CREATE POLICY "scope_insert" ON "plan_items" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_update" ON "plan_items" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform')) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "plan_items" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "product_categories" AS PERMISSIVE FOR ALL TO public USING ("product_categories"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("product_categories"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "product_categories" AS RESTRICTIVE FOR SELECT TO public USING (true);--> statement-breakpoint
CREATE POLICY "scope_insert" ON "product_categories" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_update" ON "product_categories" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform')) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "product_categories" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "products" AS PERMISSIVE FOR ALL TO public USING ("products"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("products"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "products" AS RESTRICTIVE FOR SELECT TO public USING (true);--> statement-breakpoint
CREATE POLICY "scope_insert" ON "products" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_update" ON "products" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform')) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "products" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "price_book_entries" AS PERMISSIVE FOR ALL TO public USING ("price_book_entries"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("price_book_entries"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "price_book_entries" AS RESTRICTIVE FOR SELECT TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or "price_book_entries"."price_book_id" in (select b.id from price_books b));--> statement-breakpoint
CREATE POLICY "scope_insert" ON "price_book_entries" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_update" ON "price_book_entries" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform')) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "price_book_entries" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "price_books" AS PERMISSIVE FOR ALL TO public USING ("price_books"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("price_books"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "price_books" AS RESTRICTIVE FOR SELECT TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform')
        or ((select current_setting('app.scope', true)) = 'reseller' and ("price_books"."kind" in ('list', 'promotion') or "price_books"."reseller_id" = (select nullif(current_setting('app.reseller_id', true), '')::uuid) or "price_books"."customer_id" in (select c.id from customers c)))
        or ((select current_setting('app.scope', true)) = 'customer' and ("price_books"."kind" in ('list', 'promotion') or "price_books"."customer_id" = (select nullif(current_setting('app.customer_id', true), '')::uuid))));--> statement-breakpoint
CREATE POLICY "scope_insert" ON "price_books" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_update" ON "price_books" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform')) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "price_books" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "price_tiers" AS PERMISSIVE FOR ALL TO public USING ("price_tiers"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("price_tiers"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "price_tiers" AS RESTRICTIVE FOR SELECT TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or "price_tiers"."entry_id" in (select e.id from price_book_entries e));--> statement-breakpoint
CREATE POLICY "scope_insert" ON "price_tiers" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_update" ON "price_tiers" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform')) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "price_tiers" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "subscription_items" AS PERMISSIVE FOR ALL TO public USING ("subscription_items"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("subscription_items"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "subscription_items" AS RESTRICTIVE FOR SELECT TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or "subscription_items"."subscription_id" in (select s.id from subscriptions s));--> statement-breakpoint
CREATE POLICY "scope_insert" ON "subscription_items" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or ((select current_setting('app.scope', true)) = 'reseller' and "subscription_items"."subscription_id" in (select s.id from subscriptions s)));--> statement-breakpoint
CREATE POLICY "scope_update" ON "subscription_items" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or ((select current_setting('app.scope', true)) = 'reseller' and "subscription_items"."subscription_id" in (select s.id from subscriptions s))) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or ((select current_setting('app.scope', true)) = 'reseller' and "subscription_items"."subscription_id" in (select s.id from subscriptions s)));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "subscription_items" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or ((select current_setting('app.scope', true)) = 'reseller' and "subscription_items"."subscription_id" in (select s.id from subscriptions s)));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "subscription_versions" AS PERMISSIVE FOR ALL TO public USING ("subscription_versions"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("subscription_versions"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "subscription_versions" AS RESTRICTIVE FOR SELECT TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or "subscription_versions"."subscription_id" in (select s.id from subscriptions s));--> statement-breakpoint
CREATE POLICY "scope_insert" ON "subscription_versions" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or ((select current_setting('app.scope', true)) = 'reseller' and "subscription_versions"."subscription_id" in (select s.id from subscriptions s)));--> statement-breakpoint
CREATE POLICY "scope_update" ON "subscription_versions" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or ((select current_setting('app.scope', true)) = 'reseller' and "subscription_versions"."subscription_id" in (select s.id from subscriptions s))) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or ((select current_setting('app.scope', true)) = 'reseller' and "subscription_versions"."subscription_id" in (select s.id from subscriptions s)));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "subscription_versions" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or ((select current_setting('app.scope', true)) = 'reseller' and "subscription_versions"."subscription_id" in (select s.id from subscriptions s)));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "subscriptions" AS PERMISSIVE FOR ALL TO public USING ("subscriptions"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("subscriptions"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "subscriptions" AS RESTRICTIVE FOR SELECT TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or (((select current_setting('app.scope', true)) = 'reseller' or (select current_setting('app.scope', true)) = 'customer') and "subscriptions"."customer_id" in (select c.id from customers c)));--> statement-breakpoint
CREATE POLICY "scope_insert" ON "subscriptions" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or ((select current_setting('app.scope', true)) = 'reseller' and "subscriptions"."customer_id" in (select c.id from customers c)));--> statement-breakpoint
CREATE POLICY "scope_update" ON "subscriptions" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or ((select current_setting('app.scope', true)) = 'reseller' and "subscriptions"."customer_id" in (select c.id from customers c))) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or ((select current_setting('app.scope', true)) = 'reseller' and "subscriptions"."customer_id" in (select c.id from customers c)));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "subscriptions" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or ((select current_setting('app.scope', true)) = 'reseller' and "subscriptions"."customer_id" in (select c.id from customers c)));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "usage_events" AS PERMISSIVE FOR ALL TO public USING ("usage_events"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("usage_events"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "usage_events" AS RESTRICTIVE FOR SELECT TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or "usage_events"."subscription_id" in (select s.id from subscriptions s));--> statement-breakpoint
CREATE POLICY "scope_insert" ON "usage_events" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or ((select current_setting('app.scope', true)) = 'reseller' and "usage_events"."subscription_id" in (select s.id from subscriptions s)));--> statement-breakpoint
CREATE POLICY "scope_update" ON "usage_events" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or ((select current_setting('app.scope', true)) = 'reseller' and "usage_events"."subscription_id" in (select s.id from subscriptions s))) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or ((select current_setting('app.scope', true)) = 'reseller' and "usage_events"."subscription_id" in (select s.id from subscriptions s)));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "usage_events" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or ((select current_setting('app.scope', true)) = 'reseller' and "usage_events"."subscription_id" in (select s.id from subscriptions s)));