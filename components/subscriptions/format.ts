import { formatMoney } from "@/server/domain/money/money";

export const SUBSCRIPTION_STATUS_LABELS = { draft: "Draft", active: "Active", paused: "Paused", suspended: "Suspended", cancelled: "Cancelled", expired: "Expired" } as const;
export type SubscriptionStatusName = keyof typeof SUBSCRIPTION_STATUS_LABELS;

export const STATUS_TONES: Record<SubscriptionStatusName, "neutral" | "primary" | "success" | "warning"> = {
  draft: "neutral",
  active: "success",
  paused: "warning",
  suspended: "warning",
  cancelled: "warning",
  expired: "neutral",
};

export const VERSION_STATUS_LABELS: Record<string, string> = {
  draft: "Draft",
  pending_approval: "Pending approval",
  active: "Active",
  superseded: "Superseded",
  rejected: "Rejected",
};

export const ITEM_KIND_LABELS: Record<string, string> = {
  recurring_fee: "Recurring fee (in advance)",
  usage: "Usage meter (in arrears)",
  commit: "Minimum commit",
  delivery: "Delivery",
};

export const INTERVAL_LABELS: Record<string, string> = { month: "Monthly", quarter: "Quarterly", year: "Yearly" };

/** Minor units as money; an unknown currency is shown in minor units rather than failing the page. */
export function money(minor: bigint | number | string, currency: string): string {
  try {
    return formatMoney(minor, currency);
  } catch {
    return `${minor.toString()} ${currency} (minor units)`;
  }
}

/** "12.500000" -> "12.5". */
export function trimNumber(value: string | null | undefined): string {
  if (value === null || value === undefined) return "";
  return value.includes(".") ? value.replace(/0+$/, "").replace(/\.$/, "") : value;
}

export function everyLabel(every: number | null, unit: string | null): string {
  if (!every || !unit) return "";
  return every === 1 ? `every ${unit}` : `every ${every} ${unit}s`;
}
