DROP INDEX "journal_lines_entry_idx";--> statement-breakpoint
ALTER TABLE "journal_lines" DROP CONSTRAINT "journal_lines_tenant_id_id_pk";--> statement-breakpoint
ALTER TABLE "journal_lines" ADD CONSTRAINT "journal_lines_tenant_id_entry_id_id_pk" PRIMARY KEY("tenant_id","entry_id","id");