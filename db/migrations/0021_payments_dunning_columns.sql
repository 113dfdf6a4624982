ALTER TABLE "payment_allocations" DROP CONSTRAINT "payment_allocations_amount";--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD COLUMN "hold_overpayment_as_credit" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "dunning_cases" ADD COLUMN "card_token" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "dunning_cases" ADD COLUMN "suspended_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "dunning_cases" ADD COLUMN "suspended_subscription_ids" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "dunning_cases" ADD COLUMN "hold_placed" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "dunning_cases" ADD COLUMN "suspension_lifted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "payment_allocations" ADD COLUMN "credit_note_id" uuid;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "card_last4" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "payment_allocations" ADD CONSTRAINT "payment_allocations_tenant_id_credit_note_id_credit_notes_tenant_id_id_fk" FOREIGN KEY ("tenant_id","credit_note_id") REFERENCES "public"."credit_notes"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_allocations" ADD CONSTRAINT "payment_allocations_amount" CHECK ("payment_allocations"."amount_minor" > 0 or ("payment_allocations"."amount_minor" < 0 and "payment_allocations"."credit_note_id" is not null and "payment_allocations"."payment_id" is null));