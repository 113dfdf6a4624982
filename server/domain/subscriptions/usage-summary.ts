import { and, eq, sql } from "drizzle-orm";
import { usagePeriodTotals, type subscriptionItems, type subscriptions } from "../../../db/schema";
import type { TenantTx } from "../../../db/with-tenant";
import { Dec, toMinor } from "../money/money";
import { rateQuantity, type Band } from "../pricing/rating";
import type { ItemPricing } from "./items";
import { periodContaining, type Period } from "./periods";

/*
 * Usage so far in the current period, priced with the contract's stored terms (not today's price
 * book): what the customer will be charged in arrears if nothing more is used. Commit items compare
 * the period's usage charges with their minimum: the shortfall is billed up to the commit, the rest
 * is overage.
 */

type Item = typeof subscriptionItems.$inferSelect & { product?: string };

export interface UsageLine { itemId: string; meterId: string; product: string; quantity: string; amountMinor: bigint; bands: Band[] }
export interface CommitLine { itemId: string; product: string; commitMinor: bigint; usageMinor: bigint; shortfallMinor: bigint; overageMinor: bigint }
export interface UsageSummary { period: Period; currency: string; lines: UsageLine[]; commits: CommitLine[]; totalMinor: bigint }

/** Rates a period's quantity with an item's stored terms and discount. */
export function rateUsageItem(item: Pick<Item, "pricing" | "discountPercent">, quantity: string, currency: string) {
  const terms = (item.pricing as unknown as ItemPricing).terms;
  if (!terms) return { amountMinor: 0n, bands: [] as Band[] };
  const rated = rateQuantity(terms, quantity);
  const net = rated.amount.times(new Dec(100).minus(item.discountPercent)).dividedBy(100);
  return { amountMinor: toMinor(net, currency), bands: rated.bands };
}

/** Commit arithmetic: below the minimum the shortfall is billed; above it, the overage. */
export function commitOutcome(commitMinor: bigint, usageMinor: bigint) {
  return { shortfallMinor: usageMinor < commitMinor ? commitMinor - usageMinor : 0n, overageMinor: usageMinor > commitMinor ? usageMinor - commitMinor : 0n };
}

export async function usageThisPeriod(tx: TenantTx, sub: typeof subscriptions.$inferSelect, items: Item[], today: string): Promise<UsageSummary> {
  const period = periodContaining(today, sub.termStart, sub.anchorDay, sub.billingInterval);
  const usageItems = items.filter((i) => i.kind === "usage");
  const sums = usageItems.length
    ? await tx
        .select({ meterId: usagePeriodTotals.meterId, quantity: sql<string>`${usagePeriodTotals.quantity}::text` })
        .from(usagePeriodTotals)
        .where(and(eq(usagePeriodTotals.subscriptionId, sub.id), eq(usagePeriodTotals.periodStart, period.start)))
    : [];
  const lines = usageItems.map((item): UsageLine => {
    const quantity = new Dec(sums.find((s) => s.meterId === item.meterId)?.quantity ?? "0").toString();
    return { itemId: item.id, meterId: item.meterId!, product: item.product ?? "", quantity, ...rateUsageItem(item, quantity, sub.currency) };
  });
  const usageMinor = lines.reduce((sum, l) => sum + l.amountMinor, 0n);
  const commits = items
    .filter((i) => i.kind === "commit")
    .map((item): CommitLine => ({ itemId: item.id, product: item.product ?? "", commitMinor: item.commitAmountMinor!, usageMinor, ...commitOutcome(item.commitAmountMinor!, usageMinor) }));
  const shortfall = commits.reduce((sum, c) => sum + c.shortfallMinor, 0n);
  return { period, currency: sub.currency, lines, commits, totalMinor: usageMinor + shortfall };
}
