import { and, desc, eq } from "drizzle-orm";
import { approvals, products, subscriptionItems, subscriptions, subscriptionVersions } from "../../../db/schema";
import type { TenantTx } from "../../../db/with-tenant";
import { DomainError } from "../errors";
import { Dec } from "../money/money";
import { tenantPolicy } from "../tenancy/settings";
import type { PricedItem } from "./items";
import type { ProratedFee } from "./proration";

type Subscription = typeof subscriptions.$inferSelect;
type Version = typeof subscriptionVersions.$inferSelect;

/** The largest item discount, as the approval policy compares it. */
export function maxDiscountOf(items: Array<Pick<PricedItem, "discountPercent">>): string {
  return items.reduce((max, i) => Dec.max(max, i.discountPercent ?? "0"), new Dec(0)).toFixed(2);
}

/**
 * Records a version with its items. A discount above the tenant's threshold makes it wait for
 * approval (an approvals row names it); otherwise it becomes the active terms at once and the
 * previous active version is superseded.
 */
export async function addVersion(
  tx: TenantTx,
  who: { tenantId: string; userId: string | null },
  sub: Subscription,
  change: { effectiveFrom: string; note: string; items: PricedItem[]; previous: Version | null },
) {
  const maxDiscount = maxDiscountOf(change.items);
  const threshold = (await tenantPolicy(tx)).discountApprovalThresholdPercent;
  const needsApproval = new Dec(maxDiscount).greaterThan(threshold);
  if (needsApproval && !who.userId) throw new DomainError("BAD_REQUEST", "A discount above the approval threshold needs a person to request it");

  const [{ next }] = await tx
    .select({ next: subscriptionVersions.version })
    .from(subscriptionVersions)
    .where(eq(subscriptionVersions.subscriptionId, sub.id))
    .orderBy(desc(subscriptionVersions.version))
    .limit(1)
    .then((rows) => [{ next: (rows[0]?.next ?? 0) + 1 }]);

  const [version] = await tx
    .insert(subscriptionVersions)
    .values({
      tenantId: who.tenantId,
      subscriptionId: sub.id,
      version: next,
      effectiveFrom: change.effectiveFrom,
      status: needsApproval ? "pending_approval" : "active",
      note: change.note,
      maxDiscountPercent: maxDiscount,
      createdBy: who.userId,
    })
    .returning();
  if (change.items.length) {
    await tx.insert(subscriptionItems).values(change.items.map((i) => ({ ...i, tenantId: who.tenantId, subscriptionId: sub.id, versionId: version.id })));
  }

  let approvalId: string | null = null;
  if (needsApproval) {
    const [approval] = await tx
      .insert(approvals)
      .values({
        tenantId: who.tenantId,
        kind: "subscription_discount",
        subjectType: "subscription_version",
        subjectId: version.id,
        summary: `${sub.number} version ${next} from ${change.effectiveFrom}: ${new Dec(maxDiscount).toString()}% discount (policy threshold ${new Dec(threshold).toString()}%)`,
        requestedBy: who.userId!,
      })
      .returning({ id: approvals.id });
    approvalId = approval.id;
  } else {
    await supersedeOthers(tx, sub.id, version.id);
  }
  return { ...version, approvalId };
}

/** Makes `versionId` the one active version of the contract. */
export async function supersedeOthers(tx: TenantTx, subscriptionId: string, versionId: string) {
  const current = await tx
    .select({ id: subscriptionVersions.id })
    .from(subscriptionVersions)
    .where(and(eq(subscriptionVersions.subscriptionId, subscriptionId), eq(subscriptionVersions.status, "active")));
  for (const v of current) {
    if (v.id !== versionId) await tx.update(subscriptionVersions).set({ status: "superseded" }).where(eq(subscriptionVersions.id, v.id));
  }
}

export async function activeVersionOf(tx: TenantTx, subscriptionId: string): Promise<Version | null> {
  const [v] = await tx
    .select()
    .from(subscriptionVersions)
    .where(and(eq(subscriptionVersions.subscriptionId, subscriptionId), eq(subscriptionVersions.status, "active")))
    .orderBy(desc(subscriptionVersions.version))
    .limit(1);
  return v ?? null;
}

/** The active version's recurring fees, as proration inputs. */
export async function recurringFeesOf(tx: TenantTx, subscriptionId: string): Promise<ProratedFee[]> {
  const version = await activeVersionOf(tx, subscriptionId);
  if (!version) return [];
  const rows = await tx
    .select({ item: subscriptionItems, product: products.name })
    .from(subscriptionItems)
    .innerJoin(products, eq(products.id, subscriptionItems.productId))
    .where(and(eq(subscriptionItems.versionId, version.id), eq(subscriptionItems.kind, "recurring_fee")))
    .orderBy(subscriptionItems.position);
  return rows.map(({ item, product }) => ({ productId: item.productId, description: product, quantity: item.quantity, unitPrice: item.unitPrice ?? "0", discountPercent: item.discountPercent }));
}

/** A canonical form of an item's terms (not its resolved price), to recognise a resent amendment. */
export function itemSignature(i: PricedItem | typeof subscriptionItems.$inferSelect): string {
  const n = (v: string | null | undefined) => (v === null || v === undefined ? "" : new Dec(v).toString());
  return [
    i.kind,
    i.productId,
    i.meterId ?? "",
    n(i.quantity ?? "1"),
    i.rating ?? "",
    n(i.packageSize),
    i.commitAmountMinor?.toString() ?? "",
    i.deliveryEvery ?? "",
    i.deliveryUnit ?? "",
    i.shipToSiteId ?? "",
    i.preferredWarehouseId ?? "",
    i.firstDeliveryDate ?? "",
    n(i.discountPercent ?? "0"),
  ].join("|");
}
