import { describe, expect, test } from "vitest";
import { upcomingDeliveries, upcomingInvoices, type ScheduledContract, type ScheduledDeliveryItem } from "../../server/domain/subscriptions/schedule";
import { commitOutcome, rateUsageItem } from "../../server/domain/subscriptions/usage-summary";

const contract = (extra: Partial<ScheduledContract> = {}): ScheduledContract => ({
  status: "active",
  termStart: "2026-01-01",
  termEnd: "2027-01-01",
  autoRenew: true,
  cancelAt: null,
  anchorDay: 1,
  billingInterval: "month",
  ...extra,
});
const item = (extra: Partial<ScheduledDeliveryItem> = {}): ScheduledDeliveryItem => ({
  id: "i1",
  productId: "p1",
  quantity: "5",
  deliveryEvery: 1,
  deliveryUnit: "week",
  firstDeliveryDate: "2026-01-05",
  shipToSiteId: "s1",
  preferredWarehouseId: null,
  ...extra,
});

describe("schedule", () => {
  test("weekly deliveries and quarterly invoices follow their own calendars", () => {
    const c = contract({ billingInterval: "quarter" });
    expect(upcomingInvoices(c, "2026-02-10").map((p) => p.start)).toEqual(["2026-04-01"]);
    const dates = upcomingDeliveries(c, [item()], "2026-02-10", 28).map((d) => d.date);
    expect(dates).toEqual(["2026-02-16", "2026-02-23", "2026-03-02", "2026-03-09"]);
  });

  test("monthly deliveries from the 31st clamp to the month's end without drifting", () => {
    const dates = upcomingDeliveries(contract(), [item({ deliveryUnit: "month", firstDeliveryDate: "2026-01-31" })], "2026-01-01", 120).map((d) => d.date);
    expect(dates).toEqual(["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30"]);
  });

  test("a long-running contract skips ahead to the window without missing a due delivery", () => {
    const dates = upcomingDeliveries(contract({ termEnd: "2036-01-01" }), [item({ deliveryUnit: "month", firstDeliveryDate: "2026-01-31", deliveryEvery: 1 })], "2034-08-01", 40).map((d) => d.date);
    expect(dates).toEqual(["2034-08-31"]);
  });

  test("paused and expired contracts schedule nothing; a cancel date stops both calendars", () => {
    expect(upcomingDeliveries(contract({ status: "paused" }), [item()], "2026-02-01")).toEqual([]);
    expect(upcomingInvoices(contract({ status: "expired" }), "2026-02-01")).toEqual([]);
    const cancelled = contract({ status: "cancelled", cancelAt: "2026-03-01" });
    expect(upcomingInvoices(cancelled, "2026-01-15").map((p) => p.start)).toEqual(["2026-02-01"]);
    expect(upcomingDeliveries(cancelled, [item()], "2026-02-16").map((d) => d.date)).toEqual(["2026-02-16", "2026-02-23"]);
  });

  test("a contract that does not renew stops at its term end", () => {
    const c = contract({ autoRenew: false, termEnd: "2026-03-15" });
    expect(upcomingInvoices(c, "2026-01-20").map((p) => p.start)).toEqual(["2026-02-01", "2026-03-01"]);
  });

  test("deliveries from several items come in date order", () => {
    const d = upcomingDeliveries(contract(), [item({ id: "a", deliveryEvery: 2 }), item({ id: "b", firstDeliveryDate: "2026-01-07" })], "2026-01-05", 10);
    expect(d.map((x) => `${x.date}:${x.itemId}`)).toEqual(["2026-01-05:a", "2026-01-07:b", "2026-01-14:b"]);
  });
});

describe("usage rating with stored terms", () => {
  const tiered = { pricing: { terms: { model: "graduated", tiers: [{ from: "0", unitPrice: "0.01" }, { from: "1000", unitPrice: "0.008" }] } }, discountPercent: "0" };

  test("graduated tiers, a volume price and packages, with the item's discount", () => {
    expect(rateUsageItem(tiered as never, "1500", "EUR").amountMinor).toBe(1400n);
    const volume = { ...tiered, pricing: { terms: { ...tiered.pricing.terms, model: "volume" } } };
    expect(rateUsageItem(volume as never, "1500", "EUR").amountMinor).toBe(1200n);
    const pkg = { pricing: { terms: { model: "package", unitPrice: "50", packageSize: "1000" } }, discountPercent: "10" };
    expect(rateUsageItem(pkg as never, "2001", "EUR").amountMinor).toBe(13500n);
  });

  test("a commit bills the shortfall below it, and usage above it is overage", () => {
    expect(commitOutcome(2000n, 1400n)).toEqual({ shortfallMinor: 600n, overageMinor: 0n });
    expect(commitOutcome(2000n, 2500n)).toEqual({ shortfallMinor: 0n, overageMinor: 500n });
    expect(commitOutcome(2000n, 2000n)).toEqual({ shortfallMinor: 0n, overageMinor: 0n });
  });
});
