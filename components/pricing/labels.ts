export const BOOK_KIND_LABELS = { list: "List", customer: "Customer", reseller: "Reseller", promotion: "Promotion" } as const;
export const MODEL_LABELS = { flat: "Flat", graduated: "Graduated (tiered)", volume: "Volume", package: "Package" } as const;
export const LEVEL_LABELS = { customer: "Customer book", reseller: "Reseller book", promotion: "Promotion", list: "List price" } as const;
