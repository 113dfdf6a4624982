export { money } from "@/components/subscriptions/format";

type Tone = "neutral" | "primary" | "success" | "warning";

export const ORDER_STATUS_LABELS: Record<string, string> = {
  open: "Open",
  partially_shipped: "Partially shipped",
  shipped: "Shipped",
  closed: "Closed",
  cancelled: "Cancelled",
};

export const ORDER_STATUS_TONES: Record<string, Tone> = {
  open: "primary",
  partially_shipped: "warning",
  shipped: "success",
  closed: "neutral",
  cancelled: "neutral",
};

export const HOLD_LABELS: Record<string, string> = {
  credit_hold: "Credit hold",
  credit_limit: "Over credit limit",
  approval: "Waiting for approval",
};

export const SOURCE_LABELS: Record<string, string> = {
  replenishment: "Replenishment",
  emergency: "Emergency",
  ad_hoc: "Ad hoc",
  operator: "Entered by staff",
  reseller: "Reseller",
};

export const RETURN_STATUS_LABELS: Record<string, string> = {
  requested: "Requested",
  approved: "Approved",
  rejected: "Rejected",
  received: "Received",
};

export const RETURN_STATUS_TONES: Record<string, Tone> = {
  requested: "warning",
  approved: "primary",
  rejected: "neutral",
  received: "success",
};

export const EXCEPTION_LABELS: Record<string, string> = {
  any: "All exceptions",
  backorders: "Backorders",
  credit: "Credit holds",
  approval: "Approvals",
  substitutions: "Substitutions",
};


export const dateLabel = (d: Date) => d.toISOString().slice(0, 10);
export const dateTimeLabel = (d: Date) => d.toISOString().slice(0, 16).replace("T", " ");

/** What makes an order an exception, in words, for the board's exceptions view. */
export function exceptionReasons(o: { hold: string | null; holdReason: string; backorderedUnits: number; substitutions: number }): string[] {
  const reasons: string[] = [];
  if (o.hold) reasons.push(o.holdReason || HOLD_LABELS[o.hold] || o.hold);
  if (o.backorderedUnits > 0) reasons.push(`${o.backorderedUnits} unit${o.backorderedUnits === 1 ? "" : "s"} backordered`);
  if (o.substitutions > 0) reasons.push(`${o.substitutions} substitution${o.substitutions === 1 ? "" : "s"}`);
  return reasons;
}
