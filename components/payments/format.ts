export { money } from "@/components/subscriptions/format";

type Tone = "neutral" | "primary" | "success" | "warning";

export const INVOICE_STATUS: Record<string, { label: string; tone: Tone }> = {
  issued: { label: "Open", tone: "primary" },
  partially_paid: { label: "Partially paid", tone: "warning" },
  paid: { label: "Paid", tone: "success" },
  void: { label: "Void", tone: "neutral" },
  draft: { label: "Draft", tone: "neutral" },
};

export const PAYMENT_STATUS: Record<string, { label: string; tone: Tone }> = {
  succeeded: { label: "Succeeded", tone: "success" },
  failed: { label: "Failed", tone: "warning" },
  pending: { label: "Pending", tone: "neutral" },
};

export const METHOD_LABELS: Record<string, string> = { manual: "Manual", bank_transfer: "Bank transfer", card: "Card", customer_credit: "Customer credit" };

export const DUNNING_STATUS: Record<string, { label: string; tone: Tone }> = {
  open: { label: "Retrying", tone: "warning" },
  exhausted: { label: "Suspended", tone: "warning" },
  resolved: { label: "Resolved", tone: "success" },
};

export const CREDIT_NOTE_STATUS: Record<string, { label: string; tone: Tone }> = {
  pending_approval: { label: "Waiting for approval", tone: "warning" },
  issued: { label: "Issued", tone: "success" },
  rejected: { label: "Rejected", tone: "neutral" },
};

export const CREDIT_NOTE_SOURCE: Record<string, string> = { return: "Return", proration: "Proration", manual: "Manual" };

/** Minor units as a plain decimal for an amount field ("120.50"), never through floats. */
export function minorToInput(minor: bigint, digits = 2): string {
  const negative = minor < 0n;
  const abs = negative ? -minor : minor;
  const scale = 10n ** BigInt(digits);
  const whole = abs / scale;
  const frac = (abs % scale).toString().padStart(digits, "0");
  return `${negative ? "-" : ""}${whole}${digits > 0 ? `.${frac}` : ""}`;
}
