import { DomainError } from "../errors";

/** An invoice that can take money: issued or partially paid, with what is still open on it. */
export interface OpenInvoice {
  id: string;
  number: string;
  openMinor: bigint;
  currency: string;
}

export interface Allocation {
  invoiceId: string;
  amountMinor: bigint;
}

export interface AllocationPlan {
  allocations: Allocation[];
  /** What no invoice takes: the customer's credit (or a refusal, by tenant policy). */
  unallocatedMinor: bigint;
}

/**
 * How a payment settles invoices: the caller's explicit split, or oldest first (the list comes
 * sorted by due date) until the money or the open invoices run out. An explicit line naming an
 * invoice that is not open for this customer, or more than is open on it, or a split larger than the
 * payment, is refused with a message per field and nothing is planned.
 */
export function planAllocation(amountMinor: bigint, currency: string, open: readonly OpenInvoice[], explicit?: readonly Allocation[]): AllocationPlan {
  if (amountMinor <= 0n) throw new DomainError("BAD_REQUEST", "A payment is a positive amount", { amountMinor: ["Enter an amount above zero"] });
  if (!explicit) {
    let left = amountMinor;
    const allocations: Allocation[] = [];
    for (const invoice of open) {
      if (left === 0n) break;
      if (invoice.currency !== currency || invoice.openMinor <= 0n) continue;
      const take = invoice.openMinor < left ? invoice.openMinor : left;
      allocations.push({ invoiceId: invoice.id, amountMinor: take });
      left -= take;
    }
    return { allocations, unallocatedMinor: left };
  }

  const errors: Record<string, string[]> = {};
  const seen = new Set<string>();
  let total = 0n;
  explicit.forEach((a, i) => {
    const invoice = open.find((o) => o.id === a.invoiceId);
    const field = `allocations.${i}.amountMinor`;
    if (seen.has(a.invoiceId)) errors[`allocations.${i}.invoiceId`] = ["This invoice is already in the split"];
    else if (!invoice) errors[`allocations.${i}.invoiceId`] = ["Not an open invoice of this customer"];
    else if (invoice.currency !== currency) errors[`allocations.${i}.invoiceId`] = [`${invoice.number} is in ${invoice.currency}, the payment in ${currency}`];
    else if (a.amountMinor <= 0n) errors[field] = ["Allocate an amount above zero"];
    else if (a.amountMinor > invoice.openMinor) errors[field] = [`At most ${invoice.openMinor} is open on ${invoice.number}`];
    seen.add(a.invoiceId);
    total += a.amountMinor;
  });
  if (total > amountMinor && Object.keys(errors).length === 0) errors.allocations = [`The split (${total}) is more than the payment (${amountMinor})`];
  const fields = Object.values(errors).flat();
  if (fields.length > 0) throw new DomainError("BAD_REQUEST", `The allocation is not valid: ${fields.join("; ")}`, errors);
  return { allocations: explicit.map((a) => ({ ...a })), unallocatedMinor: amountMinor - total };
}

export type InvoiceStatus = "issued" | "partially_paid" | "paid" | "void";

/**
 * An issued invoice's status from its amounts: fully credited is void (the only way to void one),
 * nothing open is paid, some money received is partially paid, else still issued.
 */
export function settledStatus(totalMinor: bigint, paidMinor: bigint, creditedMinor: bigint): InvoiceStatus {
  if (totalMinor > 0n && creditedMinor >= totalMinor) return "void";
  if (paidMinor + creditedMinor >= totalMinor) return "paid";
  if (paidMinor > 0n) return "partially_paid";
  return "issued";
}
