import { formatMoney } from "@/server/domain/money/money";

/** A credit limit for display; a currency the money module does not know is shown in minor units. */
export function creditLimitLabel(minor: bigint, currency: string): string {
  try {
    return formatMoney(minor, currency);
  } catch {
    return `${minor.toString()} ${currency} (minor units)`;
  }
}

export const STATUS_LABELS = { active: "Active", credit_hold: "Credit hold" } as const;

/** A sold-to or ship-to address on one or two lines; empty parts are left out. */
export function addressLines(a: { addressLine1: string; addressLine2: string; city: string; postalCode: string; countryCode: string }): string[] {
  return [a.addressLine1, a.addressLine2, [a.postalCode, a.city].filter(Boolean).join(" "), a.countryCode].filter(Boolean);
}
