ALTER TABLE "revenue_schedules" ADD COLUMN "recognized_at_issue_month" date;--> statement-breakpoint
CREATE INDEX "revenue_schedules_at_issue_idx" ON "revenue_schedules" USING btree ("tenant_id","recognized_at_issue_month") WHERE "revenue_schedules"."recognized_at_issue_month" is not null;--> statement-breakpoint
ALTER TABLE "revenue_schedules" ADD CONSTRAINT "revenue_schedules_at_issue" CHECK ("revenue_schedules"."recognized_at_issue_month" is null or ("revenue_schedules"."method" = 'point_in_time' and extract(day from "revenue_schedules"."recognized_at_issue_month") = 1));--> statement-breakpoint
-- Revenue earned on issue (usage, goods already delivered) is recorded on its schedule
-- (recognized_at_issue_month) instead of as a revenue_recognitions row: the invoice's own entry already
-- credits that revenue, and the renewal run wrote ~83,000 such rows per 100,000 contracts, each with
-- three index entries and two reference checks. What was recognized, of either kind, is read from
-- revenue_recognized; a derived row has its schedule's id. Rows written before this migration stay as
-- they are (the commissions settled on them are keyed by their ids), and their schedules have no month.
CREATE VIEW "revenue_recognized" WITH (security_invoker = true) AS
  SELECT tenant_id, id, schedule_id, period_month, kind, credit_note_id, amount_minor FROM revenue_recognitions
  UNION ALL
  SELECT tenant_id, id, id, recognized_at_issue_month, 'recognition'::text, NULL::uuid, amount_minor FROM revenue_schedules WHERE recognized_at_issue_month IS NOT NULL;
--> statement-breakpoint
GRANT SELECT ON "revenue_recognized" TO app_user, tributary_lookup;
