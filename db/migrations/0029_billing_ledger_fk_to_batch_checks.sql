ALTER TABLE "journal_entries" DROP CONSTRAINT "journal_entries_tenant_id_tenants_id_fk";
--> statement-breakpoint
ALTER TABLE "journal_entries" DROP CONSTRAINT "journal_entries_created_by_users_id_fk";
--> statement-breakpoint
ALTER TABLE "journal_lines" DROP CONSTRAINT "journal_lines_tenant_id_tenants_id_fk";
--> statement-breakpoint
ALTER TABLE "journal_lines" DROP CONSTRAINT "journal_lines_currency_currencies_code_fk";
--> statement-breakpoint
ALTER TABLE "journal_lines" DROP CONSTRAINT "journal_lines_tenant_id_entry_id_journal_entries_tenant_id_id_fk";
--> statement-breakpoint
ALTER TABLE "journal_lines" DROP CONSTRAINT "journal_lines_tenant_id_account_id_ledger_accounts_tenant_id_id_fk";
--> statement-breakpoint
ALTER TABLE "journal_lines" DROP CONSTRAINT "journal_lines_tenant_id_customer_id_customers_tenant_id_id_fk";
--> statement-breakpoint
ALTER TABLE "journal_lines" DROP CONSTRAINT "journal_lines_tenant_id_reseller_id_resellers_tenant_id_id_fk";
--> statement-breakpoint
ALTER TABLE "invoice_lines" DROP CONSTRAINT "invoice_lines_tenant_id_tenants_id_fk";
--> statement-breakpoint
ALTER TABLE "invoice_lines" DROP CONSTRAINT "invoice_lines_tenant_id_invoice_id_invoices_tenant_id_id_fk";
--> statement-breakpoint
ALTER TABLE "invoice_lines" DROP CONSTRAINT "invoice_lines_tenant_id_product_id_products_tenant_id_id_fk";
--> statement-breakpoint
ALTER TABLE "invoice_lines" DROP CONSTRAINT "invoice_lines_tenant_id_category_id_product_categories_tenant_id_id_fk";
--> statement-breakpoint
ALTER TABLE "invoice_lines" DROP CONSTRAINT "invoice_lines_tenant_id_tax_rule_id_tax_rules_tenant_id_id_fk";
--> statement-breakpoint
ALTER TABLE "invoice_lines" DROP CONSTRAINT "invoice_lines_tenant_id_subscription_item_id_subscription_items_tenant_id_id_fk";
--> statement-breakpoint
ALTER TABLE "invoice_lines" DROP CONSTRAINT "invoice_lines_tenant_id_order_line_id_order_lines_tenant_id_id_fk";
--> statement-breakpoint
ALTER TABLE "invoices" DROP CONSTRAINT "invoices_tenant_id_tenants_id_fk";
--> statement-breakpoint
ALTER TABLE "invoices" DROP CONSTRAINT "invoices_currency_currencies_code_fk";
--> statement-breakpoint
ALTER TABLE "invoices" DROP CONSTRAINT "invoices_created_by_users_id_fk";
--> statement-breakpoint
ALTER TABLE "invoices" DROP CONSTRAINT "invoices_tenant_id_customer_id_customers_tenant_id_id_fk";
--> statement-breakpoint
ALTER TABLE "invoices" DROP CONSTRAINT "invoices_tenant_id_reseller_id_resellers_tenant_id_id_fk";
--> statement-breakpoint
ALTER TABLE "invoices" DROP CONSTRAINT "invoices_tenant_id_subscription_id_subscriptions_tenant_id_id_fk";
--> statement-breakpoint
ALTER TABLE "invoices" DROP CONSTRAINT "invoices_tenant_id_order_id_orders_tenant_id_id_fk";
--> statement-breakpoint
ALTER TABLE "invoices" DROP CONSTRAINT "invoices_tenant_id_shipment_id_shipments_tenant_id_id_fk";
--> statement-breakpoint
ALTER TABLE "invoices" DROP CONSTRAINT "invoices_tenant_id_billing_run_id_billing_runs_tenant_id_id_fk";
--> statement-breakpoint
ALTER TABLE "revenue_recognitions" DROP CONSTRAINT "revenue_recognitions_tenant_id_tenants_id_fk";
--> statement-breakpoint
ALTER TABLE "revenue_recognitions" DROP CONSTRAINT "revenue_recognitions_tenant_id_schedule_id_revenue_schedules_tenant_id_id_fk";
--> statement-breakpoint
ALTER TABLE "revenue_recognitions" DROP CONSTRAINT "revenue_recognitions_tenant_id_credit_note_id_credit_notes_tenant_id_id_fk";
--> statement-breakpoint
ALTER TABLE "revenue_recognitions" DROP CONSTRAINT "revenue_recognitions_tenant_id_journal_entry_id_journal_entries_tenant_id_id_fk";
--> statement-breakpoint
ALTER TABLE "revenue_schedules" DROP CONSTRAINT "revenue_schedules_tenant_id_tenants_id_fk";
--> statement-breakpoint
ALTER TABLE "revenue_schedules" DROP CONSTRAINT "revenue_schedules_tenant_id_invoice_line_id_invoice_lines_tenant_id_id_fk";
