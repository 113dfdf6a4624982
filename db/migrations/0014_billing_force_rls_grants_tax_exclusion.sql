-- Billing (issue 5): FORCE RLS and grants, the tax-rule exclusion constraint, the return -> credit note
-- key, and the period function the renewal run computes periods with. Self-contained: it only names
-- the tables made by the generated migration before it.
ALTER TABLE "tax_rules" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "billing_runs" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "invoices" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "invoice_lines" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "credit_notes" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "credit_note_lines" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "payments" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "payment_allocations" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "customer_credit_balances" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "revenue_schedules" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "revenue_recognitions" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "dunning_cases" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "customer_messages" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "billing_run_exceptions" FORCE ROW LEVEL SECURITY;--> statement-breakpoint

-- Documents and balances corrected by status, never removed: UPDATE, no DELETE.
GRANT SELECT, INSERT, UPDATE ON "tax_rules", "billing_runs", "invoices", "credit_notes", "payments", "customer_credit_balances",
  "dunning_cases" TO app_user;--> statement-breakpoint
-- Append-only: lines of record, allocations, revenue schedules and recognitions, the message outbox, run exceptions.
GRANT SELECT, INSERT ON "invoice_lines", "credit_note_lines", "payment_allocations", "revenue_schedules", "revenue_recognitions",
  "customer_messages", "billing_run_exceptions" TO app_user;--> statement-breakpoint

-- Tax windows of one (tenant, jurisdiction, class) never overlap. btree_gist is a trusted extension, so the
-- database owner (not a superuser) may create it; the constraint holds under concurrency, which a check
-- in code cannot.
CREATE EXTENSION IF NOT EXISTS btree_gist;--> statement-breakpoint
ALTER TABLE "tax_rules" ADD CONSTRAINT "tax_rules_no_overlap" EXCLUDE USING gist (
  "tenant_id" WITH =, "jurisdiction" WITH =, "tax_class" WITH =, daterange("effective_from", "effective_to", '[)') WITH &&
);--> statement-breakpoint

-- return_lines.credit_note_id (made with the orders) now has its table: a real composite key.
ALTER TABLE "return_lines" ADD CONSTRAINT "return_lines_credit_note" FOREIGN KEY ("tenant_id", "credit_note_id")
  REFERENCES "credit_notes" ("tenant_id", "id");--> statement-breakpoint

-- The end (exclusive) of the billing period starting on `start` for a contract anchored on `anchor_day`
-- with periods of `months` months: the anchor day (clamped to the month's length: 31 -> Feb 28) `months`
-- months after the period's anchor month. A start before the anchor day of its month is a partial first
-- period, whose anchor month is the month before (term start Jan 10, anchor 15 -> period ends Jan 15).
-- The SQL twin of periodContaining() in server/domain/subscriptions/periods.ts, for set-based runs.
-- Plain expression bodies (no STRICT, no FROM) so the planner inlines them into a run's statements.
CREATE FUNCTION billing_anchor_date(month_start date, anchor_day integer) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (month_start + (least(anchor_day, extract(day from (month_start + interval '1 month - 1 day'))::integer) - 1))::date
$$;--> statement-breakpoint
CREATE FUNCTION billing_period_end(start date, anchor_day integer, months integer) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT billing_anchor_date((date_trunc('month', start)
    - CASE WHEN start < billing_anchor_date(date_trunc('month', start)::date, anchor_day) THEN interval '1 month' ELSE interval '0' END
    + make_interval(months => months))::date, anchor_day)
$$;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION billing_anchor_date(date, integer), billing_period_end(date, integer, integer) TO app_user;
