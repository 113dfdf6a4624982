-- events -> tenants is checked once per statement by batch_references_check() (0030 ... 0037), like the
-- billing and ledger tables, instead of by a row-by-row foreign key: the outbox takes an insert of
-- 2,000 events per renewal chunk, and the foreign key fired an RI trigger (an SPI query and a key-share
-- lock of the tenant row) for each. Same check and error (23503, constraint events_tenant); the tenants'
-- guards now include events, so a tenant with events cannot be deleted, re-keyed or truncated.
ALTER TABLE "events" DROP CONSTRAINT "events_tenant_id_tenants_id_fk";--> statement-breakpoint
GRANT SELECT ON "events" TO tributary_lookup;--> statement-breakpoint
CREATE TRIGGER events_references_on_insert AFTER INSERT ON "events"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION batch_references_check('events_tenant:tenant_id:tenants:id:global');--> statement-breakpoint
CREATE TRIGGER events_references_on_update AFTER UPDATE OF tenant_id ON "events"
  FOR EACH ROW EXECUTE FUNCTION batch_references_check('events_tenant:tenant_id:tenants:id:global');--> statement-breakpoint
CREATE OR REPLACE TRIGGER tenants_referenced_on_delete AFTER DELETE ON "tenants"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION batch_references_guard('invoices_tenant:invoices:tenant_id:id:global', 'invoice_lines_tenant:invoice_lines:tenant_id:id:global', 'revenue_schedules_tenant:revenue_schedules:tenant_id:id:global', 'revenue_recognitions_tenant:revenue_recognitions:tenant_id:id:global', 'journal_entries_tenant:journal_entries:tenant_id:id:global', 'journal_lines_tenant:journal_lines:tenant_id:id:global', 'events_tenant:events:tenant_id:id:global');--> statement-breakpoint
CREATE OR REPLACE TRIGGER tenants_referenced_on_update AFTER UPDATE OF id ON "tenants"
  FOR EACH ROW EXECUTE FUNCTION batch_references_guard('invoices_tenant:invoices:tenant_id:id:global', 'invoice_lines_tenant:invoice_lines:tenant_id:id:global', 'revenue_schedules_tenant:revenue_schedules:tenant_id:id:global', 'revenue_recognitions_tenant:revenue_recognitions:tenant_id:id:global', 'journal_entries_tenant:journal_entries:tenant_id:id:global', 'journal_lines_tenant:journal_lines:tenant_id:id:global', 'events_tenant:events:tenant_id:id:global');--> statement-breakpoint
CREATE OR REPLACE TRIGGER tenants_referenced_on_truncate BEFORE TRUNCATE ON "tenants"
  FOR EACH STATEMENT EXECUTE FUNCTION batch_references_guard('invoices_tenant:invoices:tenant_id:id:global', 'invoice_lines_tenant:invoice_lines:tenant_id:id:global', 'revenue_schedules_tenant:revenue_schedules:tenant_id:id:global', 'revenue_recognitions_tenant:revenue_recognitions:tenant_id:id:global', 'journal_entries_tenant:journal_entries:tenant_id:id:global', 'journal_lines_tenant:journal_lines:tenant_id:id:global', 'events_tenant:events:tenant_id:id:global');
