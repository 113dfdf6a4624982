import { and, desc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { approvals, customers, products, subscriptionItems, subscriptions, subscriptionVersions, users } from "../../../db/schema";
import type { TenantTx } from "../../../db/with-tenant";
import { DomainError } from "../errors";
import { emitEvent } from "../events/emit";
import { lockSubscription, parseOrBadRequest, type Requester } from "./contracts";
import { itemInput, priceItems, type PricedItem } from "./items";
import { prorate, type Proration } from "./proration";
import { activeVersionOf, addVersion, itemSignature, recurringFeesOf, supersedeOthers } from "./versions";

/*
 * An amendment replaces the contract's items from an effective date with a new version. The
 * preview prices the new items and computes the proration without writing anything; confirming
 * writes the version (active, or pending approval when a discount exceeds the tenant's policy).
 */

export const amendmentInput = z.object({
  subscriptionId: z.uuid(),
  effectiveDate: z.iso.date("Effective date must be a date (YYYY-MM-DD)"),
  items: z.array(itemInput).min(1, "An amendment needs at least one item").max(100, "At most 100 items"),
  note: z.string().trim().max(500).default(""),
});
export type AmendmentInput = z.input<typeof amendmentInput>;

type Sub = typeof subscriptions.$inferSelect;

async function prepare(tx: TenantTx, sub: Sub, input: z.output<typeof amendmentInput>) {
  if (sub.status === "cancelled" || sub.status === "expired") throw new DomainError("BAD_REQUEST", `${sub.number} is ${sub.status}; it can no longer be amended`);
  if (input.effectiveDate < sub.termStart) {
    throw new DomainError("BAD_REQUEST", `The amendment's effective date ${input.effectiveDate} is before the contract starts (${sub.termStart})`, { effectiveDate: [`On or after ${sub.termStart}`] });
  }
  if (input.effectiveDate >= sub.termEnd) {
    throw new DomainError("BAD_REQUEST", `The amendment's effective date ${input.effectiveDate} is not within the term (it ends ${sub.termEnd})`, { effectiveDate: [`Before ${sub.termEnd}`] });
  }
  const current = await activeVersionOf(tx, sub.id);
  if (current && input.effectiveDate < current.effectiveFrom) {
    throw new DomainError("BAD_REQUEST", `The amendment's effective date ${input.effectiveDate} is before the current version ${current.version} (from ${current.effectiveFrom})`, {
      effectiveDate: [`On or after ${current.effectiveFrom}`],
    });
  }
  const priced = await priceItems(tx, { customerId: sub.customerId, currency: sub.currency, date: input.effectiveDate }, input.items);
  const names = await productNames(tx, priced.map((p) => p.productId));
  const newFees = priced
    .filter((p) => p.kind === "recurring_fee")
    .map((p) => ({ productId: p.productId, description: names.get(p.productId) ?? "", quantity: p.quantity ?? "1", unitPrice: p.unitPrice ?? "0", discountPercent: p.discountPercent ?? "0" }));
  // A draft has billed nothing yet, so there is nothing to prorate.
  const proration: Proration = prorate(sub, input.effectiveDate, sub.status === "draft" ? [] : await recurringFeesOf(tx, sub.id), sub.status === "draft" ? [] : newFees);
  return { current, priced, proration };
}

async function productNames(tx: TenantTx, ids: string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const rows = await tx.select({ id: products.id, name: products.name }).from(products).where(inArray(products.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The credit and charge lines an amendment would cause, and its priced items. Writes nothing. */
export async function previewAmendment(tx: TenantTx, raw: AmendmentInput) {
  const input = parseOrBadRequest(amendmentInput, raw);
  const [sub] = await tx.select().from(subscriptions).where(eq(subscriptions.id, input.subscriptionId));
  if (!sub) throw new DomainError("NOT_FOUND", "No such subscription");
  const { priced, proration } = await prepare(tx, sub, input);
  return { proration, items: priced };
}

/**
 * Writes the amendment as the next version. Sending the same amendment again (same effective date,
 * same items) returns the version the first one made instead of adding another.
 */
export async function confirmAmendment(tx: TenantTx, who: Requester, raw: AmendmentInput) {
  const input = parseOrBadRequest(amendmentInput, raw);
  const sub = await lockSubscription(tx, input.subscriptionId);
  const { current, priced, proration } = await prepare(tx, sub, input);

  const [latest] = await tx
    .select()
    .from(subscriptionVersions)
    .where(and(eq(subscriptionVersions.subscriptionId, sub.id), inArray(subscriptionVersions.status, ["pending_approval", "active"])))
    .orderBy(desc(subscriptionVersions.version))
    .limit(1);
  if (latest && latest.version > 1 && (await isSameAmendment(tx, latest, input.effectiveDate, priced))) {
    return { version: latest, proration, duplicate: true };
  }
  if (latest?.status === "pending_approval") {
    throw new DomainError("CONFLICT", `${sub.number} version ${latest.version} is waiting for approval; decide it before amending again`);
  }
  const version = await addVersion(tx, who, sub, { effectiveFrom: input.effectiveDate, note: input.note, items: priced, previous: current });
  // "amended" means new terms are in force: now, or when a pending discount is approved (decideApproval).
  if (version.status === "active") emitAmended(tx, who.tenantId, sub, version, proration.netMinor);
  return { version, proration, duplicate: false };
}

async function isSameAmendment(tx: TenantTx, version: typeof subscriptionVersions.$inferSelect, effectiveDate: string, priced: PricedItem[]) {
  if (version.effectiveFrom !== effectiveDate) return false;
  const rows = await tx.select().from(subscriptionItems).where(eq(subscriptionItems.versionId, version.id));
  const a = rows.map(itemSignature).sort();
  const b = priced.map(itemSignature).sort();
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

/** Discount approvals waiting for a decision, newest first. */
export async function pendingApprovals(tx: TenantTx) {
  return tx
    .select({
      id: approvals.id,
      kind: approvals.kind,
      summary: approvals.summary,
      requestedBy: users.name,
      requestedById: approvals.requestedBy,
      createdAt: approvals.createdAt,
      versionId: subscriptionVersions.id,
      version: subscriptionVersions.version,
      effectiveFrom: subscriptionVersions.effectiveFrom,
      maxDiscountPercent: subscriptionVersions.maxDiscountPercent,
      subscriptionId: subscriptions.id,
      number: subscriptions.number,
      customer: customers.name,
    })
    .from(approvals)
    .innerJoin(users, eq(users.id, approvals.requestedBy))
    .innerJoin(subscriptionVersions, eq(subscriptionVersions.id, approvals.subjectId))
    .innerJoin(subscriptions, eq(subscriptions.id, subscriptionVersions.subscriptionId))
    .innerJoin(customers, eq(customers.id, subscriptions.customerId))
    .where(and(eq(approvals.status, "pending"), eq(approvals.kind, "subscription_discount")))
    .orderBy(desc(approvals.createdAt))
    .limit(200);
}

export const decideApprovalInput = z.object({
  approvalId: z.uuid(),
  decision: z.enum(["approve", "reject"], { message: "Decide approve or reject" }),
  reason: z.string().trim().max(500).default(""),
});
export type DecideApprovalInput = z.input<typeof decideApprovalInput>;

/**
 * Approves or rejects a pending discount. The requester can never decide their own request (also a
 * check constraint); approving makes the version the active terms and supersedes the previous one.
 */
export async function decideApproval(tx: TenantTx, who: { userId: string }, raw: DecideApprovalInput) {
  const input = parseOrBadRequest(decideApprovalInput, raw);
  const [approval] = await tx.select().from(approvals).where(eq(approvals.id, input.approvalId)).for("update");
  if (!approval || approval.kind !== "subscription_discount") throw new DomainError("NOT_FOUND", "No such approval");
  if (approval.requestedBy === who.userId) throw new DomainError("FORBIDDEN", "You requested this discount; another finance or admin user must decide it");
  const wanted = input.decision === "approve" ? "approved" : "rejected";
  if (approval.status !== "pending") {
    if (approval.status === wanted && approval.decidedBy === who.userId) return { approval, repeated: true };
    throw new DomainError("CONFLICT", `This approval was already ${approval.status}`);
  }
  const [version] = await tx.select().from(subscriptionVersions).where(eq(subscriptionVersions.id, approval.subjectId));
  await lockSubscription(tx, version.subscriptionId);

  const now = new Date();
  const [decided] = await tx.update(approvals).set({ status: wanted, decidedBy: who.userId, decidedAt: now, reason: input.reason }).where(eq(approvals.id, approval.id)).returning();
  await tx
    .update(subscriptionVersions)
    .set({ status: wanted === "approved" ? "active" : "rejected", decidedBy: who.userId, decidedAt: now })
    .where(eq(subscriptionVersions.id, version.id));
  if (wanted === "approved") {
    await supersedeOthers(tx, version.subscriptionId, version.id);
    if (version.version > 1) {
      const [sub] = await tx.select().from(subscriptions).where(eq(subscriptions.id, version.subscriptionId));
      emitAmended(tx, approval.tenantId, sub, version, null);
    }
  }
  return { approval: decided, repeated: false };
}

function emitAmended(
  tx: TenantTx,
  tenantId: string,
  sub: Pick<typeof subscriptions.$inferSelect, "id" | "number" | "customerId">,
  version: Pick<typeof subscriptionVersions.$inferSelect, "id" | "version" | "effectiveFrom">,
  netMinor: bigint | null,
) {
  emitEvent(tx, tenantId, "subscription.amended", {
    subscriptionId: sub.id,
    number: sub.number,
    customerId: sub.customerId,
    versionId: version.id,
    version: version.version,
    effectiveFrom: version.effectiveFrom,
    prorationNetMinor: netMinor === null ? null : String(netMinor),
  });
}
