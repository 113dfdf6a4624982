/** Display names for catalog enums (kept free of server imports so client components can use them). */
export const KIND_LABELS = { stock_item: "Stock item", service: "Service", kit: "Kit", plan: "Plan" } as const;
export const TAX_CLASS_LABELS = { standard: "Standard", reduced: "Reduced", zero: "Zero-rated", exempt: "Exempt" } as const;
export const ITEM_KIND_LABELS = { recurring_fee: "Recurring fee (in advance)", usage: "Usage meter (in arrears)", commit: "Minimum commit", delivery: "Delivery schedule" } as const;
export const RATING_LABELS = { tiered: "Tiered", volume: "Volume", package: "Package" } as const;
export type ProductKind = keyof typeof KIND_LABELS;
