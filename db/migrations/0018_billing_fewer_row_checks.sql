ALTER TABLE "invoices" DROP CONSTRAINT "invoices_shipment";--> statement-breakpoint
ALTER TABLE "invoices" DROP CONSTRAINT "invoices_request";--> statement-breakpoint
ALTER TABLE "revenue_schedules" DROP CONSTRAINT "revenue_schedules_currency_currencies_code_fk";
--> statement-breakpoint
ALTER TABLE "revenue_schedules" DROP CONSTRAINT "revenue_schedules_tenant_id_invoice_id_invoices_tenant_id_id_fk";
--> statement-breakpoint
ALTER TABLE "revenue_schedules" DROP CONSTRAINT "revenue_schedules_tenant_id_customer_id_customers_tenant_id_id_fk";
--> statement-breakpoint
ALTER TABLE "revenue_schedules" DROP CONSTRAINT "revenue_schedules_tenant_id_category_id_product_categories_tenant_id_id_fk";
--> statement-breakpoint
DROP INDEX "invoices_run_idx";--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_shipment" ON "invoices" USING btree ("tenant_id","shipment_id") WHERE "invoices"."shipment_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_request" ON "invoices" USING btree ("tenant_id","request_key") WHERE "invoices"."request_key" is not null;