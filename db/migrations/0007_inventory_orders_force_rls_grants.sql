-- FORCE RLS and grants for the inventory and order tables (drizzle-kit emits ENABLE and the policies).
ALTER TABLE "warehouses" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "stock_balances" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "stock_movements" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "goods_receipts" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "goods_receipt_lines" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "product_substitutes" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "orders" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "order_lines" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "order_allocations" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "shipments" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "shipment_lines" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "returns" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "return_lines" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "replenishment_runs" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "replenishment_exceptions" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "scheduled_deliveries" FORCE ROW LEVEL SECURITY;--> statement-breakpoint

GRANT SELECT, INSERT, UPDATE, DELETE ON "warehouses", "product_substitutes" TO app_user;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON "stock_balances", "orders", "order_lines", "order_allocations", "returns", "return_lines",
  "replenishment_runs", "scheduled_deliveries" TO app_user;--> statement-breakpoint
-- Ledgers and documents of record are append-only: the stock ledger, receipts, shipments, run exceptions.
GRANT SELECT, INSERT ON "stock_movements", "goods_receipts", "goods_receipt_lines", "shipments", "shipment_lines",
  "replenishment_exceptions" TO app_user;
