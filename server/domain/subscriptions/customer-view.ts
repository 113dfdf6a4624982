import { and, asc, eq, inArray, ne } from "drizzle-orm";
import { subscriptions, subscriptionVersions } from "../../../db/schema";
import type { TenantTx } from "../../../db/with-tenant";
import { deliveryItemOf, itemsOfVersions, todayIso } from "./contracts";
import { upcomingDeliveries, upcomingInvoices } from "./schedule";
import { usageThisPeriod } from "./usage-summary";

/**
 * A customer's own contracts (RLS limits the customer scope to its account): the current items,
 * the next deliveries, and usage so far this period with what it will cost.
 */
export async function mySubscriptions(tx: TenantTx, today = todayIso()) {
  const subs = await tx.select().from(subscriptions).where(ne(subscriptions.status, "expired")).orderBy(asc(subscriptions.number)).limit(50);
  if (subs.length === 0) return [];
  const versions = await tx
    .select({ id: subscriptionVersions.id, subscriptionId: subscriptionVersions.subscriptionId, version: subscriptionVersions.version, effectiveFrom: subscriptionVersions.effectiveFrom })
    .from(subscriptionVersions)
    .where(and(inArray(subscriptionVersions.subscriptionId, subs.map((s) => s.id)), eq(subscriptionVersions.status, "active")));
  const items = await itemsOfVersions(tx, versions.map((v) => v.id));
  return Promise.all(
    subs.map(async (sub) => {
      const version = versions.find((v) => v.subscriptionId === sub.id) ?? null;
      const own = version ? items.filter((i) => i.versionId === version.id) : [];
      const deliveries = upcomingDeliveries(sub, own.filter((i) => i.kind === "delivery").map(deliveryItemOf), today)
        .slice(0, 6)
        .map((d) => ({ ...d, product: own.find((i) => i.id === d.itemId)?.product ?? "" }));
      return {
        id: sub.id,
        number: sub.number,
        status: sub.status,
        currency: sub.currency,
        termStart: sub.termStart,
        termEnd: sub.termEnd,
        billingInterval: sub.billingInterval,
        cancelAt: sub.cancelAt,
        version: version?.version ?? null,
        items: own.map((i) => ({ id: i.id, kind: i.kind, product: i.product, quantity: i.quantity, unitPrice: i.unitPrice, discountPercent: i.discountPercent, deliveryEvery: i.deliveryEvery, deliveryUnit: i.deliveryUnit, commitAmountMinor: i.commitAmountMinor })),
        nextInvoice: upcomingInvoices(sub, today)[0] ?? null,
        deliveries,
        usage: await usageThisPeriod(tx, sub, own, today),
      };
    }),
  );
}
