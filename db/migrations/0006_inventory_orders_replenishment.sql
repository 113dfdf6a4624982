CREATE TABLE "product_substitutes" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"product_id" uuid NOT NULL,
	"substitute_id" uuid NOT NULL,
	"rank" smallint NOT NULL,
	"ratio" numeric(20, 6) DEFAULT '1' NOT NULL,
	CONSTRAINT "product_substitutes_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "product_substitutes_once" UNIQUE("tenant_id","product_id","substitute_id"),
	CONSTRAINT "product_substitutes_rank" UNIQUE("tenant_id","product_id","rank"),
	CONSTRAINT "product_substitutes_ratio" CHECK ("product_substitutes"."ratio" > 0),
	CONSTRAINT "product_substitutes_not_self" CHECK ("product_substitutes"."product_id" <> "product_substitutes"."substitute_id")
);
--> statement-breakpoint
ALTER TABLE "product_substitutes" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "goods_receipt_lines" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"receipt_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	CONSTRAINT "goods_receipt_lines_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "goods_receipt_lines_quantity" CHECK ("goods_receipt_lines"."quantity" > 0)
);
--> statement-breakpoint
ALTER TABLE "goods_receipt_lines" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "goods_receipts" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"number" text NOT NULL,
	"warehouse_id" uuid NOT NULL,
	"supplier_reference" text DEFAULT '' NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"request_key" text,
	"received_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "goods_receipts_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "goods_receipts_number" UNIQUE("tenant_id","number"),
	CONSTRAINT "goods_receipts_request" UNIQUE("tenant_id","request_key")
);
--> statement-breakpoint
ALTER TABLE "goods_receipts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "stock_balances" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"warehouse_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"on_hand" integer DEFAULT 0 NOT NULL,
	"reserved" integer DEFAULT 0 NOT NULL,
	"available" integer GENERATED ALWAYS AS (on_hand - reserved) STORED,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stock_balances_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "stock_balances_location" UNIQUE("tenant_id","product_id","warehouse_id"),
	CONSTRAINT "stock_balances_on_hand" CHECK ("stock_balances"."on_hand" >= 0),
	CONSTRAINT "stock_balances_reserved" CHECK ("stock_balances"."reserved" >= 0 and "stock_balances"."reserved" <= "stock_balances"."on_hand")
);
--> statement-breakpoint
ALTER TABLE "stock_balances" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "stock_movements" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"warehouse_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"quantity" integer NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"reference_type" text,
	"reference_id" uuid,
	"request_key" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stock_movements_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "stock_movements_request" UNIQUE("tenant_id","kind","request_key","product_id"),
	CONSTRAINT "stock_movements_kind" CHECK ("stock_movements"."kind" in ('receipt', 'adjustment', 'transfer_out', 'transfer_in', 'shipment', 'return', 'scrap')),
	CONSTRAINT "stock_movements_sign" CHECK (case when "stock_movements"."kind" in ('receipt', 'transfer_in', 'return') then "stock_movements"."quantity" > 0 when "stock_movements"."kind" in ('shipment', 'transfer_out', 'scrap') then "stock_movements"."quantity" < 0 else "stock_movements"."quantity" <> 0 end),
	CONSTRAINT "stock_movements_adjustment_reason" CHECK ("stock_movements"."kind" <> 'adjustment' or length("stock_movements"."reason") > 0)
);
--> statement-breakpoint
ALTER TABLE "stock_movements" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "warehouses" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"priority" smallint DEFAULT 0 NOT NULL,
	"address_line1" text DEFAULT '' NOT NULL,
	"address_line2" text DEFAULT '' NOT NULL,
	"city" text DEFAULT '' NOT NULL,
	"postal_code" text DEFAULT '' NOT NULL,
	"country_code" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "warehouses_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "warehouses_code" UNIQUE("tenant_id","code"),
	CONSTRAINT "warehouses_status" CHECK ("warehouses"."status" in ('active', 'archived'))
);
--> statement-breakpoint
ALTER TABLE "warehouses" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "order_allocations" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"order_id" uuid NOT NULL,
	"order_line_id" uuid NOT NULL,
	"warehouse_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"shipped_quantity" integer DEFAULT 0 NOT NULL,
	"released_quantity" integer DEFAULT 0 NOT NULL,
	"covers" integer NOT NULL,
	"substitute" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "order_allocations_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "order_allocations_once" UNIQUE("tenant_id","order_line_id","product_id","warehouse_id"),
	CONSTRAINT "order_allocations_quantities" CHECK ("order_allocations"."quantity" > 0 and "order_allocations"."covers" > 0 and "order_allocations"."shipped_quantity" >= 0 and "order_allocations"."released_quantity" >= 0 and "order_allocations"."shipped_quantity" + "order_allocations"."released_quantity" <= "order_allocations"."quantity")
);
--> statement-breakpoint
ALTER TABLE "order_allocations" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "order_lines" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"order_id" uuid NOT NULL,
	"line_no" integer NOT NULL,
	"parent_line_id" uuid,
	"product_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"unit_price" numeric(20, 6) NOT NULL,
	"price_rule" text DEFAULT '' NOT NULL,
	"amount_minor" bigint NOT NULL,
	"stocked" boolean NOT NULL,
	"backordered_quantity" integer DEFAULT 0 NOT NULL,
	"subscription_item_id" uuid,
	CONSTRAINT "order_lines_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "order_lines_number" UNIQUE("tenant_id","order_id","line_no"),
	CONSTRAINT "order_lines_quantity" CHECK ("order_lines"."quantity" > 0),
	CONSTRAINT "order_lines_amount" CHECK ("order_lines"."amount_minor" >= 0 and "order_lines"."unit_price" >= 0),
	CONSTRAINT "order_lines_backorder" CHECK ("order_lines"."backordered_quantity" >= 0 and "order_lines"."backordered_quantity" <= "order_lines"."quantity" and ("order_lines"."stocked" or "order_lines"."backordered_quantity" = 0))
);
--> statement-breakpoint
ALTER TABLE "order_lines" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "orders" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"number" text NOT NULL,
	"customer_id" uuid NOT NULL,
	"ship_to_site_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"source" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"hold" text,
	"hold_reason" text DEFAULT '' NOT NULL,
	"priority" smallint DEFAULT 0 NOT NULL,
	"preferred_warehouse_id" uuid,
	"allow_substitutions" boolean DEFAULT true NOT NULL,
	"subscription_id" uuid,
	"delivery_date" date,
	"replenishment_run_id" uuid,
	"total_minor" bigint DEFAULT 0 NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"request_key" text,
	"created_by" uuid,
	"approved_by" uuid,
	"approved_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "orders_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "orders_number" UNIQUE("tenant_id","number"),
	CONSTRAINT "orders_request" UNIQUE("tenant_id","request_key"),
	CONSTRAINT "orders_source" CHECK ("orders"."source" in ('replenishment', 'emergency', 'ad_hoc', 'operator', 'reseller')),
	CONSTRAINT "orders_status" CHECK ("orders"."status" in ('open', 'partially_shipped', 'shipped', 'closed', 'cancelled')),
	CONSTRAINT "orders_hold" CHECK ("orders"."hold" is null or "orders"."hold" in ('credit_hold', 'credit_limit', 'approval')),
	CONSTRAINT "orders_total" CHECK ("orders"."total_minor" >= 0),
	CONSTRAINT "orders_approval_segregation" CHECK ("orders"."approved_by" is null or "orders"."approved_by" is distinct from "orders"."created_by")
);
--> statement-breakpoint
ALTER TABLE "orders" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "replenishment_exceptions" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"run_id" uuid NOT NULL,
	"subscription_id" uuid,
	"product_id" uuid,
	"order_id" uuid,
	"delivery_date" date,
	"kind" text NOT NULL,
	"detail" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "replenishment_exceptions_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "replenishment_exceptions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "replenishment_runs" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"through_date" date NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"done" integer DEFAULT 0 NOT NULL,
	"orders_created" integer DEFAULT 0 NOT NULL,
	"lines_backordered" integer DEFAULT 0 NOT NULL,
	"units_backordered" integer DEFAULT 0 NOT NULL,
	"substitutions" integer DEFAULT 0 NOT NULL,
	"holds" integer DEFAULT 0 NOT NULL,
	"exception_count" integer DEFAULT 0 NOT NULL,
	"error" text DEFAULT '' NOT NULL,
	"job_id" text,
	"requested_by" uuid,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "replenishment_runs_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "replenishment_runs_status" CHECK ("replenishment_runs"."status" in ('queued', 'running', 'completed', 'failed')),
	CONSTRAINT "replenishment_runs_progress" CHECK ("replenishment_runs"."done" >= 0 and "replenishment_runs"."done" <= "replenishment_runs"."total")
);
--> statement-breakpoint
ALTER TABLE "replenishment_runs" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "return_lines" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"return_id" uuid NOT NULL,
	"order_line_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"unit_price" numeric(20, 6) NOT NULL,
	"amount_minor" bigint NOT NULL,
	"tax_class" text NOT NULL,
	"disposition" text,
	"warehouse_id" uuid,
	"received_quantity" integer,
	"credit_note_id" uuid,
	CONSTRAINT "return_lines_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "return_lines_quantity" CHECK ("return_lines"."quantity" > 0 and "return_lines"."amount_minor" >= 0),
	CONSTRAINT "return_lines_disposition" CHECK ("return_lines"."disposition" is null or "return_lines"."disposition" in ('restock', 'scrap')),
	CONSTRAINT "return_lines_received" CHECK ("return_lines"."received_quantity" is null or ("return_lines"."received_quantity" between 0 and "return_lines"."quantity"))
);
--> statement-breakpoint
ALTER TABLE "return_lines" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "returns" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"number" text NOT NULL,
	"order_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"status" text DEFAULT 'requested' NOT NULL,
	"reason" text NOT NULL,
	"decision_note" text DEFAULT '' NOT NULL,
	"request_key" text,
	"requested_by" uuid,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"received_by" uuid,
	"received_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "returns_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "returns_number" UNIQUE("tenant_id","number"),
	CONSTRAINT "returns_request" UNIQUE("tenant_id","request_key"),
	CONSTRAINT "returns_status" CHECK ("returns"."status" in ('requested', 'approved', 'rejected', 'received'))
);
--> statement-breakpoint
ALTER TABLE "returns" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "scheduled_deliveries" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"subscription_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"delivery_date" date NOT NULL,
	"subscription_item_id" uuid NOT NULL,
	"order_id" uuid,
	"run_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "scheduled_deliveries_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "scheduled_deliveries_once" UNIQUE("tenant_id","subscription_id","product_id","delivery_date")
);
--> statement-breakpoint
ALTER TABLE "scheduled_deliveries" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "shipment_lines" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"shipment_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"order_line_id" uuid NOT NULL,
	"allocation_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	CONSTRAINT "shipment_lines_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "shipment_lines_quantity" CHECK ("shipment_lines"."quantity" > 0)
);
--> statement-breakpoint
ALTER TABLE "shipment_lines" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "shipments" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT uuidv7() NOT NULL,
	"number" text NOT NULL,
	"order_id" uuid NOT NULL,
	"warehouse_id" uuid NOT NULL,
	"carrier" text NOT NULL,
	"tracking_number" text DEFAULT '' NOT NULL,
	"request_key" text,
	"shipped_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "shipments_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "shipments_number" UNIQUE("tenant_id","number"),
	CONSTRAINT "shipments_request" UNIQUE("tenant_id","request_key")
);
--> statement-breakpoint
ALTER TABLE "shipments" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD COLUMN "order_approval_threshold_minor" bigint DEFAULT 1000000 NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "preferred_warehouse_id" uuid;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "allow_substitutions" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "product_substitutes" ADD CONSTRAINT "product_substitutes_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_substitutes" ADD CONSTRAINT "product_substitutes_tenant_id_product_id_products_tenant_id_id_fk" FOREIGN KEY ("tenant_id","product_id") REFERENCES "public"."products"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_substitutes" ADD CONSTRAINT "product_substitutes_tenant_id_substitute_id_products_tenant_id_id_fk" FOREIGN KEY ("tenant_id","substitute_id") REFERENCES "public"."products"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goods_receipt_lines" ADD CONSTRAINT "goods_receipt_lines_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goods_receipt_lines" ADD CONSTRAINT "goods_receipt_lines_tenant_id_receipt_id_goods_receipts_tenant_id_id_fk" FOREIGN KEY ("tenant_id","receipt_id") REFERENCES "public"."goods_receipts"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goods_receipt_lines" ADD CONSTRAINT "goods_receipt_lines_tenant_id_product_id_products_tenant_id_id_fk" FOREIGN KEY ("tenant_id","product_id") REFERENCES "public"."products"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goods_receipts" ADD CONSTRAINT "goods_receipts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goods_receipts" ADD CONSTRAINT "goods_receipts_received_by_users_id_fk" FOREIGN KEY ("received_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goods_receipts" ADD CONSTRAINT "goods_receipts_tenant_id_warehouse_id_warehouses_tenant_id_id_fk" FOREIGN KEY ("tenant_id","warehouse_id") REFERENCES "public"."warehouses"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_balances" ADD CONSTRAINT "stock_balances_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_balances" ADD CONSTRAINT "stock_balances_tenant_id_warehouse_id_warehouses_tenant_id_id_fk" FOREIGN KEY ("tenant_id","warehouse_id") REFERENCES "public"."warehouses"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_balances" ADD CONSTRAINT "stock_balances_tenant_id_product_id_products_tenant_id_id_fk" FOREIGN KEY ("tenant_id","product_id") REFERENCES "public"."products"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_movements" ADD CONSTRAINT "stock_movements_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_movements" ADD CONSTRAINT "stock_movements_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_movements" ADD CONSTRAINT "stock_movements_tenant_id_warehouse_id_warehouses_tenant_id_id_fk" FOREIGN KEY ("tenant_id","warehouse_id") REFERENCES "public"."warehouses"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_movements" ADD CONSTRAINT "stock_movements_tenant_id_product_id_products_tenant_id_id_fk" FOREIGN KEY ("tenant_id","product_id") REFERENCES "public"."products"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warehouses" ADD CONSTRAINT "warehouses_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_allocations" ADD CONSTRAINT "order_allocations_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_allocations" ADD CONSTRAINT "order_allocations_tenant_id_order_id_orders_tenant_id_id_fk" FOREIGN KEY ("tenant_id","order_id") REFERENCES "public"."orders"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_allocations" ADD CONSTRAINT "order_allocations_tenant_id_order_line_id_order_lines_tenant_id_id_fk" FOREIGN KEY ("tenant_id","order_line_id") REFERENCES "public"."order_lines"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_allocations" ADD CONSTRAINT "order_allocations_tenant_id_warehouse_id_warehouses_tenant_id_id_fk" FOREIGN KEY ("tenant_id","warehouse_id") REFERENCES "public"."warehouses"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_allocations" ADD CONSTRAINT "order_allocations_tenant_id_product_id_products_tenant_id_id_fk" FOREIGN KEY ("tenant_id","product_id") REFERENCES "public"."products"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_tenant_id_order_id_orders_tenant_id_id_fk" FOREIGN KEY ("tenant_id","order_id") REFERENCES "public"."orders"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_tenant_id_parent_line_id_order_lines_tenant_id_id_fk" FOREIGN KEY ("tenant_id","parent_line_id") REFERENCES "public"."order_lines"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_tenant_id_product_id_products_tenant_id_id_fk" FOREIGN KEY ("tenant_id","product_id") REFERENCES "public"."products"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_tenant_id_subscription_item_id_subscription_items_tenant_id_id_fk" FOREIGN KEY ("tenant_id","subscription_item_id") REFERENCES "public"."subscription_items"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_currency_currencies_code_fk" FOREIGN KEY ("currency") REFERENCES "public"."currencies"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_tenant_id_customer_id_customers_tenant_id_id_fk" FOREIGN KEY ("tenant_id","customer_id") REFERENCES "public"."customers"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_tenant_id_ship_to_site_id_customer_sites_tenant_id_id_fk" FOREIGN KEY ("tenant_id","ship_to_site_id") REFERENCES "public"."customer_sites"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_tenant_id_preferred_warehouse_id_warehouses_tenant_id_id_fk" FOREIGN KEY ("tenant_id","preferred_warehouse_id") REFERENCES "public"."warehouses"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_tenant_id_subscription_id_subscriptions_tenant_id_id_fk" FOREIGN KEY ("tenant_id","subscription_id") REFERENCES "public"."subscriptions"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "replenishment_exceptions" ADD CONSTRAINT "replenishment_exceptions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "replenishment_exceptions" ADD CONSTRAINT "replenishment_exceptions_tenant_id_run_id_replenishment_runs_tenant_id_id_fk" FOREIGN KEY ("tenant_id","run_id") REFERENCES "public"."replenishment_runs"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "replenishment_runs" ADD CONSTRAINT "replenishment_runs_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "replenishment_runs" ADD CONSTRAINT "replenishment_runs_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_lines" ADD CONSTRAINT "return_lines_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_lines" ADD CONSTRAINT "return_lines_tenant_id_return_id_returns_tenant_id_id_fk" FOREIGN KEY ("tenant_id","return_id") REFERENCES "public"."returns"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_lines" ADD CONSTRAINT "return_lines_tenant_id_order_line_id_order_lines_tenant_id_id_fk" FOREIGN KEY ("tenant_id","order_line_id") REFERENCES "public"."order_lines"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_lines" ADD CONSTRAINT "return_lines_tenant_id_product_id_products_tenant_id_id_fk" FOREIGN KEY ("tenant_id","product_id") REFERENCES "public"."products"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_lines" ADD CONSTRAINT "return_lines_tenant_id_warehouse_id_warehouses_tenant_id_id_fk" FOREIGN KEY ("tenant_id","warehouse_id") REFERENCES "public"."warehouses"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "returns" ADD CONSTRAINT "returns_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "returns" ADD CONSTRAINT "returns_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "returns" ADD CONSTRAINT "returns_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "returns" ADD CONSTRAINT "returns_received_by_users_id_fk" FOREIGN KEY ("received_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "returns" ADD CONSTRAINT "returns_tenant_id_order_id_orders_tenant_id_id_fk" FOREIGN KEY ("tenant_id","order_id") REFERENCES "public"."orders"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "returns" ADD CONSTRAINT "returns_tenant_id_customer_id_customers_tenant_id_id_fk" FOREIGN KEY ("tenant_id","customer_id") REFERENCES "public"."customers"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scheduled_deliveries" ADD CONSTRAINT "scheduled_deliveries_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scheduled_deliveries" ADD CONSTRAINT "scheduled_deliveries_tenant_id_subscription_id_subscriptions_tenant_id_id_fk" FOREIGN KEY ("tenant_id","subscription_id") REFERENCES "public"."subscriptions"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scheduled_deliveries" ADD CONSTRAINT "scheduled_deliveries_tenant_id_subscription_item_id_subscription_items_tenant_id_id_fk" FOREIGN KEY ("tenant_id","subscription_item_id") REFERENCES "public"."subscription_items"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scheduled_deliveries" ADD CONSTRAINT "scheduled_deliveries_tenant_id_order_id_orders_tenant_id_id_fk" FOREIGN KEY ("tenant_id","order_id") REFERENCES "public"."orders"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipment_lines" ADD CONSTRAINT "shipment_lines_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipment_lines" ADD CONSTRAINT "shipment_lines_tenant_id_shipment_id_shipments_tenant_id_id_fk" FOREIGN KEY ("tenant_id","shipment_id") REFERENCES "public"."shipments"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipment_lines" ADD CONSTRAINT "shipment_lines_tenant_id_order_id_orders_tenant_id_id_fk" FOREIGN KEY ("tenant_id","order_id") REFERENCES "public"."orders"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipment_lines" ADD CONSTRAINT "shipment_lines_tenant_id_order_line_id_order_lines_tenant_id_id_fk" FOREIGN KEY ("tenant_id","order_line_id") REFERENCES "public"."order_lines"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipment_lines" ADD CONSTRAINT "shipment_lines_tenant_id_allocation_id_order_allocations_tenant_id_id_fk" FOREIGN KEY ("tenant_id","allocation_id") REFERENCES "public"."order_allocations"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipment_lines" ADD CONSTRAINT "shipment_lines_tenant_id_product_id_products_tenant_id_id_fk" FOREIGN KEY ("tenant_id","product_id") REFERENCES "public"."products"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipments" ADD CONSTRAINT "shipments_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipments" ADD CONSTRAINT "shipments_shipped_by_users_id_fk" FOREIGN KEY ("shipped_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipments" ADD CONSTRAINT "shipments_tenant_id_order_id_orders_tenant_id_id_fk" FOREIGN KEY ("tenant_id","order_id") REFERENCES "public"."orders"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipments" ADD CONSTRAINT "shipments_tenant_id_warehouse_id_warehouses_tenant_id_id_fk" FOREIGN KEY ("tenant_id","warehouse_id") REFERENCES "public"."warehouses"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "goods_receipt_lines_receipt_idx" ON "goods_receipt_lines" USING btree ("tenant_id","receipt_id");--> statement-breakpoint
CREATE INDEX "stock_movements_location_idx" ON "stock_movements" USING btree ("tenant_id","product_id","warehouse_id","created_at");--> statement-breakpoint
CREATE INDEX "stock_movements_reference_idx" ON "stock_movements" USING btree ("tenant_id","reference_id");--> statement-breakpoint
CREATE INDEX "order_allocations_order_idx" ON "order_allocations" USING btree ("tenant_id","order_id");--> statement-breakpoint
CREATE INDEX "order_allocations_location_idx" ON "order_allocations" USING btree ("tenant_id","product_id","warehouse_id");--> statement-breakpoint
CREATE INDEX "order_lines_order_idx" ON "order_lines" USING btree ("tenant_id","order_id");--> statement-breakpoint
CREATE INDEX "order_lines_backorder_idx" ON "order_lines" USING btree ("tenant_id","product_id") WHERE "order_lines"."backordered_quantity" > 0;--> statement-breakpoint
CREATE INDEX "orders_status_idx" ON "orders" USING btree ("tenant_id","status","created_at");--> statement-breakpoint
CREATE INDEX "orders_customer_idx" ON "orders" USING btree ("tenant_id","customer_id","created_at");--> statement-breakpoint
CREATE INDEX "orders_run_idx" ON "orders" USING btree ("tenant_id","replenishment_run_id");--> statement-breakpoint
CREATE INDEX "replenishment_exceptions_run_idx" ON "replenishment_exceptions" USING btree ("tenant_id","run_id");--> statement-breakpoint
CREATE INDEX "replenishment_runs_created_idx" ON "replenishment_runs" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "return_lines_return_idx" ON "return_lines" USING btree ("tenant_id","return_id");--> statement-breakpoint
CREATE INDEX "return_lines_order_line_idx" ON "return_lines" USING btree ("tenant_id","order_line_id");--> statement-breakpoint
CREATE INDEX "returns_status_idx" ON "returns" USING btree ("tenant_id","status","created_at");--> statement-breakpoint
CREATE INDEX "returns_order_idx" ON "returns" USING btree ("tenant_id","order_id");--> statement-breakpoint
CREATE INDEX "shipment_lines_shipment_idx" ON "shipment_lines" USING btree ("tenant_id","shipment_id");--> statement-breakpoint
CREATE INDEX "shipment_lines_order_line_idx" ON "shipment_lines" USING btree ("tenant_id","order_line_id");--> statement-breakpoint
CREATE INDEX "shipments_order_idx" ON "shipments" USING btree ("tenant_id","order_id");--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_tenant_id_preferred_warehouse_id_warehouses_tenant_id_id_fk" FOREIGN KEY ("tenant_id","preferred_warehouse_id") REFERENCES "public"."warehouses"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscription_items" ADD CONSTRAINT "subscription_items_tenant_id_preferred_warehouse_id_warehouses_tenant_id_id_fk" FOREIGN KEY ("tenant_id","preferred_warehouse_id") REFERENCES "public"."warehouses"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD CONSTRAINT "tenant_settings_order_threshold" CHECK ("tenant_settings"."order_approval_threshold_minor" >= 0);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "product_substitutes" AS PERMISSIVE FOR ALL TO public USING ("product_substitutes"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("product_substitutes"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "product_substitutes" AS RESTRICTIVE FOR SELECT TO public USING (true);--> statement-breakpoint
CREATE POLICY "scope_insert" ON "product_substitutes" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_update" ON "product_substitutes" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform')) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "product_substitutes" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "goods_receipt_lines" AS PERMISSIVE FOR ALL TO public USING ("goods_receipt_lines"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("goods_receipt_lines"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "goods_receipt_lines" AS RESTRICTIVE FOR SELECT TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_insert" ON "goods_receipt_lines" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_update" ON "goods_receipt_lines" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform')) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "goods_receipt_lines" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "goods_receipts" AS PERMISSIVE FOR ALL TO public USING ("goods_receipts"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("goods_receipts"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "goods_receipts" AS RESTRICTIVE FOR SELECT TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_insert" ON "goods_receipts" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_update" ON "goods_receipts" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform')) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "goods_receipts" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "stock_balances" AS PERMISSIVE FOR ALL TO public USING ("stock_balances"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("stock_balances"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "stock_balances" AS RESTRICTIVE FOR SELECT TO public USING (true);--> statement-breakpoint
CREATE POLICY "scope_insert" ON "stock_balances" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_update" ON "stock_balances" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform')) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "stock_balances" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "stock_movements" AS PERMISSIVE FOR ALL TO public USING ("stock_movements"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("stock_movements"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "stock_movements" AS RESTRICTIVE FOR SELECT TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_insert" ON "stock_movements" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_update" ON "stock_movements" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform')) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "stock_movements" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "warehouses" AS PERMISSIVE FOR ALL TO public USING ("warehouses"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("warehouses"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "warehouses" AS RESTRICTIVE FOR SELECT TO public USING (true);--> statement-breakpoint
CREATE POLICY "scope_insert" ON "warehouses" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_update" ON "warehouses" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform')) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "warehouses" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "order_allocations" AS PERMISSIVE FOR ALL TO public USING ("order_allocations"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("order_allocations"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "order_allocations" AS RESTRICTIVE FOR SELECT TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or "order_allocations"."order_id" in (select o.id from orders o));--> statement-breakpoint
CREATE POLICY "scope_insert" ON "order_allocations" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_update" ON "order_allocations" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform')) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "order_allocations" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "order_lines" AS PERMISSIVE FOR ALL TO public USING ("order_lines"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("order_lines"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "order_lines" AS RESTRICTIVE FOR SELECT TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or "order_lines"."order_id" in (select o.id from orders o));--> statement-breakpoint
CREATE POLICY "scope_insert" ON "order_lines" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or "order_lines"."order_id" in (select o.id from orders o));--> statement-breakpoint
CREATE POLICY "scope_update" ON "order_lines" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform')) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or "order_lines"."order_id" in (select o.id from orders o));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "order_lines" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "orders" AS PERMISSIVE FOR ALL TO public USING ("orders"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("orders"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "orders" AS RESTRICTIVE FOR SELECT TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or (((select current_setting('app.scope', true)) = 'reseller' or (select current_setting('app.scope', true)) = 'customer') and "orders"."customer_id" in (select c.id from customers c)));--> statement-breakpoint
CREATE POLICY "scope_insert" ON "orders" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or (((select current_setting('app.scope', true)) = 'reseller' or (select current_setting('app.scope', true)) = 'customer') and "orders"."customer_id" in (select c.id from customers c)));--> statement-breakpoint
CREATE POLICY "scope_update" ON "orders" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform')) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or (((select current_setting('app.scope', true)) = 'reseller' or (select current_setting('app.scope', true)) = 'customer') and "orders"."customer_id" in (select c.id from customers c)));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "orders" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "replenishment_exceptions" AS PERMISSIVE FOR ALL TO public USING ("replenishment_exceptions"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("replenishment_exceptions"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "replenishment_exceptions" AS RESTRICTIVE FOR SELECT TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_insert" ON "replenishment_exceptions" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_update" ON "replenishment_exceptions" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform')) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "replenishment_exceptions" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "replenishment_runs" AS PERMISSIVE FOR ALL TO public USING ("replenishment_runs"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("replenishment_runs"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "replenishment_runs" AS RESTRICTIVE FOR SELECT TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_insert" ON "replenishment_runs" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_update" ON "replenishment_runs" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform')) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "replenishment_runs" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "return_lines" AS PERMISSIVE FOR ALL TO public USING ("return_lines"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("return_lines"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "return_lines" AS RESTRICTIVE FOR SELECT TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or "return_lines"."return_id" in (select r.id from returns r));--> statement-breakpoint
CREATE POLICY "scope_insert" ON "return_lines" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or "return_lines"."return_id" in (select r.id from returns r));--> statement-breakpoint
CREATE POLICY "scope_update" ON "return_lines" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform')) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or "return_lines"."return_id" in (select r.id from returns r));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "return_lines" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "returns" AS PERMISSIVE FOR ALL TO public USING ("returns"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("returns"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "returns" AS RESTRICTIVE FOR SELECT TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or (((select current_setting('app.scope', true)) = 'reseller' or (select current_setting('app.scope', true)) = 'customer') and "returns"."customer_id" in (select c.id from customers c)));--> statement-breakpoint
CREATE POLICY "scope_insert" ON "returns" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or (((select current_setting('app.scope', true)) = 'reseller' or (select current_setting('app.scope', true)) = 'customer') and "returns"."customer_id" in (select c.id from customers c)));--> statement-breakpoint
CREATE POLICY "scope_update" ON "returns" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform')) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or (((select current_setting('app.scope', true)) = 'reseller' or (select current_setting('app.scope', true)) = 'customer') and "returns"."customer_id" in (select c.id from customers c)));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "returns" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "scheduled_deliveries" AS PERMISSIVE FOR ALL TO public USING ("scheduled_deliveries"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("scheduled_deliveries"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "scheduled_deliveries" AS RESTRICTIVE FOR SELECT TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_insert" ON "scheduled_deliveries" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_update" ON "scheduled_deliveries" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform')) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "scheduled_deliveries" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "shipment_lines" AS PERMISSIVE FOR ALL TO public USING ("shipment_lines"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("shipment_lines"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "shipment_lines" AS RESTRICTIVE FOR SELECT TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or "shipment_lines"."order_id" in (select o.id from orders o));--> statement-breakpoint
CREATE POLICY "scope_insert" ON "shipment_lines" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_update" ON "shipment_lines" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform')) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "shipment_lines" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "shipments" AS PERMISSIVE FOR ALL TO public USING ("shipments"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK ("shipments"."tenant_id" = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "scope_read" ON "shipments" AS RESTRICTIVE FOR SELECT TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform') or "shipments"."order_id" in (select o.id from orders o));--> statement-breakpoint
CREATE POLICY "scope_insert" ON "shipments" AS RESTRICTIVE FOR INSERT TO public WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_update" ON "shipments" AS RESTRICTIVE FOR UPDATE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform')) WITH CHECK ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));--> statement-breakpoint
CREATE POLICY "scope_delete" ON "shipments" AS RESTRICTIVE FOR DELETE TO public USING ((select current_setting('app.scope', true)) in ('operator', 'system', 'platform'));