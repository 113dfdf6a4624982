DROP INDEX "journal_entries_date_idx";--> statement-breakpoint
DROP INDEX "journal_lines_account_idx";--> statement-breakpoint
DROP INDEX "journal_lines_customer_idx";--> statement-breakpoint
DROP INDEX "revenue_schedules_period_idx";