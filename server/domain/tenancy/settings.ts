import { desc } from "drizzle-orm";
import { tenantSettings } from "../../../db/schema";
import type { TenantTx } from "../../../db/with-tenant";

export interface TenantPolicy {
  discountApprovalThresholdPercent: string;
  defaultCurrency: string;
  timeZone: string;
  /** Orders above this total (minor units) wait for approval by another user. */
  orderApprovalThresholdMinor: bigint;
  /** Dunning retries, in days after the first failed payment (default 3, 7, 14). */
  dunningRetryDays: number[];
  /** A manual credit note above this total (minor units) waits for approval by another user. */
  creditNoteApprovalThresholdMinor: bigint;
  /** Price books hold tax-inclusive prices: invoices carve the tax out of them. */
  pricesIncludeTax: boolean;
  /** Overpayments become customer credit (true) or are refused (false). */
  holdOverpaymentAsCredit: boolean;
}

export const DEFAULT_TENANT_POLICY: TenantPolicy = {
  discountApprovalThresholdPercent: "10",
  defaultCurrency: "EUR",
  timeZone: "UTC",
  orderApprovalThresholdMinor: 1_000_000n,
  dunningRetryDays: [3, 7, 14],
  creditNoteApprovalThresholdMinor: 50_000n,
  pricesIncludeTax: false,
  holdOverpaymentAsCredit: true,
};

/** The policy in force: the latest row of the tenant's settings history, or the defaults. */
export async function tenantPolicy(tx: TenantTx): Promise<TenantPolicy> {
  const [row] = await tx.select().from(tenantSettings).orderBy(desc(tenantSettings.effectiveFrom)).limit(1);
  return row
    ? {
        discountApprovalThresholdPercent: row.discountApprovalThresholdPercent,
        defaultCurrency: row.defaultCurrency,
        timeZone: row.timeZone,
        orderApprovalThresholdMinor: row.orderApprovalThresholdMinor,
        dunningRetryDays: row.dunningRetryDays,
        creditNoteApprovalThresholdMinor: row.creditNoteApprovalThresholdMinor,
        pricesIncludeTax: row.pricesIncludeTax,
        holdOverpaymentAsCredit: row.holdOverpaymentAsCredit,
      }
    : DEFAULT_TENANT_POLICY;
}

/** Records a new policy from now on (the history is append-only). */
export async function changeTenantPolicy(tx: TenantTx, tenantId: string, policy: Partial<TenantPolicy>, changedBy: string | null): Promise<TenantPolicy> {
  const next = { ...(await tenantPolicy(tx)), ...policy };
  await tx.insert(tenantSettings).values({ tenantId, ...next, changedBy });
  return next;
}
