-- The renewal run moves every contract it bills to its next period (next_period_start). The only index
-- on that column was the run's "due up to a date" index, and one index on a changed column makes the
-- update write a new entry in all five of the table's indexes (not HOT): 500,000 index entries for
-- 100,000 contracts. Without it the update stays on the heap page when there is room, so the table
-- keeps half of each page free for the next versions of its contracts (a chunk updates neighbouring
-- contracts in one transaction, before any of their old versions can be pruned). The run now reads a
-- tenant's contracts in key order and filters the due ones: one pass over the tenant's contracts per
-- run. The fillfactor applies to pages written from now on.
DROP INDEX "subscriptions_billing_due_idx";--> statement-breakpoint
ALTER TABLE "subscriptions" SET (fillfactor = 50);
