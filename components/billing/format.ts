import { formatMoney } from "@/server/domain/money/money";

export const INVOICE_STATUS_LABELS: Record<string, string> = { draft: "Draft", issued: "Issued", partially_paid: "Partly paid", paid: "Paid", void: "Void" };
export const INVOICE_STATUS_TONES: Record<string, "neutral" | "primary" | "success" | "warning"> = { draft: "neutral", issued: "primary", partially_paid: "warning", paid: "success", void: "neutral" };
export const INVOICE_SOURCE_LABELS: Record<string, string> = { renewal: "Renewal", shipment: "Shipment", manual: "Manual" };
export const LINE_KIND_LABELS: Record<string, string> = {
  recurring_fee: "Fee", usage: "Usage", overage: "Overage", commit_shortfall: "Commit shortfall", proration_charge: "Proration charge",
  proration_credit: "Proration credit", goods: "Goods", manual: "Manual",
};

/** Minor units (bigint, number or numeric text) as money in the currency. */
export const money = (minor: string | number | bigint | null | undefined, currency: string) => (minor === null || minor === undefined ? "" : formatMoney(minor, currency));

/** An exclusive end date shown as the last day of the period. */
export function lastDay(exclusiveEnd: string | null): string {
  if (!exclusiveEnd) return "";
  return new Date(Date.parse(`${exclusiveEnd}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

export const percent = (rate: string) => `${Number(rate).toLocaleString("en-GB", { maximumFractionDigits: 4 })}%`;
