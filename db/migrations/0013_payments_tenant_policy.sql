ALTER TABLE "tenant_settings" ADD COLUMN "dunning_retry_days" jsonb DEFAULT '[3,7,14]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD COLUMN "credit_note_approval_threshold_minor" bigint DEFAULT 50000 NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD COLUMN "hold_overpayment_as_credit" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD CONSTRAINT "tenant_settings_credit_note_threshold" CHECK ("tenant_settings"."credit_note_approval_threshold_minor" >= 0);