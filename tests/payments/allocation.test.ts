import { describe, expect, test } from "vitest";
import { DomainError } from "../../server/domain/errors";
import { planAllocation, settledStatus, type OpenInvoice } from "../../server/domain/payments/allocation";

const open: OpenInvoice[] = [
  { id: "a", number: "INV-1", openMinor: 1000n, currency: "EUR" },
  { id: "b", number: "INV-2", openMinor: 500n, currency: "EUR" },
  { id: "c", number: "INV-3", openMinor: 700n, currency: "USD" },
];

describe("planAllocation", () => {
  test("oldest first, partial on the last invoice it reaches", () => {
    expect(planAllocation(1200n, "EUR", open)).toEqual({ allocations: [{ invoiceId: "a", amountMinor: 1000n }, { invoiceId: "b", amountMinor: 200n }], unallocatedMinor: 0n });
  });
  test("more than is open: the rest is unallocated; other currencies are never touched", () => {
    expect(planAllocation(2000n, "EUR", open)).toEqual({ allocations: [{ invoiceId: "a", amountMinor: 1000n }, { invoiceId: "b", amountMinor: 500n }], unallocatedMinor: 500n });
    expect(planAllocation(100n, "EUR", [])).toEqual({ allocations: [], unallocatedMinor: 100n });
  });
  test("an explicit split is kept as given; what it leaves is unallocated", () => {
    expect(planAllocation(900n, "EUR", open, [{ invoiceId: "b", amountMinor: 500n }, { invoiceId: "a", amountMinor: 300n }])).toEqual({
      allocations: [{ invoiceId: "b", amountMinor: 500n }, { invoiceId: "a", amountMinor: 300n }],
      unallocatedMinor: 100n,
    });
  });
  test("a bad split is refused field by field", () => {
    const details = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        expect(e).toBeInstanceOf(DomainError);
        return (e as DomainError).details!;
      }
      throw new Error("accepted");
    };
    expect(details(() => planAllocation(900n, "EUR", open, [{ invoiceId: "a", amountMinor: 1001n }]))["allocations.0.amountMinor"][0]).toMatch(/At most 1000/);
    expect(details(() => planAllocation(900n, "EUR", open, [{ invoiceId: "zzz", amountMinor: 1n }]))["allocations.0.invoiceId"][0]).toMatch(/Not an open invoice/);
    expect(details(() => planAllocation(900n, "EUR", open, [{ invoiceId: "c", amountMinor: 1n }]))["allocations.0.invoiceId"][0]).toMatch(/USD/);
    expect(details(() => planAllocation(900n, "EUR", open, [{ invoiceId: "a", amountMinor: 1n }, { invoiceId: "a", amountMinor: 1n }]))["allocations.1.invoiceId"]).toBeDefined();
    expect(details(() => planAllocation(900n, "EUR", open, [{ invoiceId: "a", amountMinor: 600n }, { invoiceId: "b", amountMinor: 500n }])).allocations[0]).toMatch(/more than the payment/);
    expect(details(() => planAllocation(0n, "EUR", open)).amountMinor).toBeDefined();
  });
});

describe("settledStatus", () => {
  test.each([
    [1000n, 0n, 0n, "issued"],
    [1000n, 1n, 0n, "partially_paid"],
    [1000n, 400n, 600n, "paid"],
    [1000n, 1000n, 0n, "paid"],
    [1000n, 0n, 300n, "issued"],
    [1000n, 0n, 1000n, "void"],
  ] as const)("total %s paid %s credited %s -> %s", (total, paid, credited, status) => expect(settledStatus(total, paid, credited)).toBe(status));
});
