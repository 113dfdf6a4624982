import { sql } from "drizzle-orm";
import type { TenantTx } from "../../../db/with-tenant";
import { loadCustomer } from "../customers/customers";
import { DomainError } from "../errors";
import { tenantPolicy } from "../tenancy/settings";
import { allocateOrders, emitAllocationEvents, type AllocationResult } from "./allocate";
import { openExposureMinor, releaseHold, type Acting } from "./place";

interface HeldOrder { id: string; customer_id: string; hold: string | null; total_minor: string; currency: string; created_by: string | null; status: string; [key: string]: unknown }

async function lockOrder(tx: TenantTx, orderId: string): Promise<HeldOrder> {
  const [order] = await tx.execute<HeldOrder>(sql`
    select id, customer_id, hold, total_minor::text, currency, created_by, status from orders where id = ${orderId} for update`);
  if (!order) throw new DomainError("NOT_FOUND", "No such order");
  if (order.status === "cancelled") throw new DomainError("CONFLICT", "This order is cancelled");
  return order;
}

/**
 * Approves an order held for its total: by another user than the one who placed it (also a check
 * constraint), after which its stock is reserved.
 */
export async function approveOrder(tx: TenantTx, acting: Acting & { userId: string }, orderId: string): Promise<AllocationResult> {
  const order = await lockOrder(tx, orderId);
  if (order.hold !== "approval") throw new DomainError("CONFLICT", order.hold ? "This order is held for credit, not for approval" : "This order is not waiting for approval");
  if (order.created_by === acting.userId) throw new DomainError("FORBIDDEN", "You placed this order, so another user must approve it");
  await tx.execute(sql`update orders set hold = null, hold_reason = '', approved_by = ${acting.userId}, approved_at = now(), updated_at = now() where id = ${orderId}`);
  const allocation = await allocateOrders(tx, acting.tenantId, [orderId]);
  emitAllocationEvents(tx, acting.tenantId, allocation);
  return allocation;
}

/**
 * Runs the release checks again for an order held on credit (say the hold was lifted or the limit
 * raised): released orders reserve their stock; still-held ones get the current reason.
 */
export async function recheckOrder(tx: TenantTx, acting: Acting, orderId: string): Promise<{ released: boolean; reason: string }> {
  const order = await lockOrder(tx, orderId);
  if (order.hold === null) return { released: true, reason: "" };
  if (order.hold === "approval") throw new DomainError("CONFLICT", "This order waits for approval by another user");
  const customer = await loadCustomer(tx, order.customer_id, { lock: "no key update" });
  const held = releaseHold({
    customerStatus: customer.status,
    creditLimitMinor: customer.creditLimitMinor,
    exposureMinor: await openExposureMinor(tx, customer.id, orderId),
    orderTotalMinor: BigInt(order.total_minor),
    approvalThresholdMinor: (await tenantPolicy(tx)).orderApprovalThresholdMinor,
    currency: order.currency,
  });
  await tx.execute(sql`update orders set hold = ${held?.hold ?? null}, hold_reason = ${held?.reason ?? ""}, updated_at = now() where id = ${orderId}`);
  if (!held) emitAllocationEvents(tx, acting.tenantId, await allocateOrders(tx, acting.tenantId, [orderId]));
  return { released: !held, reason: held?.reason ?? "" };
}
