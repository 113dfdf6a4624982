ALTER TABLE "invoice_lines" DROP CONSTRAINT "invoice_lines_tenant_id_tenants_id_fk";
--> statement-breakpoint
ALTER TABLE "revenue_recognitions" DROP CONSTRAINT "revenue_recognitions_tenant_id_tenants_id_fk";
--> statement-breakpoint
ALTER TABLE "revenue_schedules" DROP CONSTRAINT "revenue_schedules_tenant_id_tenants_id_fk";
