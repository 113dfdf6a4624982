-- FORCE RLS and grants for the catalog, pricing, customer and contract tables (drizzle-kit emits
-- ENABLE and the policies), plus what drizzle-kit cannot express.
ALTER TABLE "product_categories" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "products" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "kit_components" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "meters" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "plan_items" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "price_books" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "price_book_entries" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "price_tiers" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "customer_sites" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "customer_contacts" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "subscriptions" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "subscription_versions" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "subscription_items" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "usage_events" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "approvals" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "tenant_settings" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "tenant_counters" FORCE ROW LEVEL SECURITY;--> statement-breakpoint

GRANT SELECT ON "currencies" TO app_user;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "product_categories", "products", "kit_components", "meters", "plan_items",
  "price_books", "price_book_entries", "price_tiers", "customer_sites", "customer_contacts",
  "subscriptions", "subscription_versions", "subscription_items", "approvals", "tenant_counters" TO app_user;--> statement-breakpoint
-- Ledgers and histories are append-only: usage events, and the history of a tenant's policies.
GRANT SELECT, INSERT ON "usage_events", "tenant_settings" TO app_user;--> statement-breakpoint

-- Price windows (rows with an end date) of one product in one book may not overlap.
CREATE EXTENSION IF NOT EXISTS btree_gist;--> statement-breakpoint
ALTER TABLE "price_book_entries" ADD CONSTRAINT "price_book_entries_no_overlapping_windows"
  EXCLUDE USING gist ("tenant_id" WITH =, "price_book_id" WITH =, "product_id" WITH =, daterange("effective_from", "effective_to") WITH &&)
  WHERE ("effective_to" IS NOT NULL);--> statement-breakpoint
-- One active list price book per currency.
CREATE UNIQUE INDEX "price_books_one_list_per_currency" ON "price_books" ("tenant_id", "currency") WHERE "kind" = 'list' AND "status" = 'active';
