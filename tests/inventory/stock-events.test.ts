import { describe, expect, test } from "vitest";
import { belowReorderPointEvents, type StockLevel } from "../../server/domain/inventory/stock-events";

describe("belowReorderPointEvents", () => {
  const levels = new Map<string, StockLevel>([
    ["p-gauze", { sku: "GAUZE", reorderPoint: 4, available: 6 }],
    ["p-tape", { sku: "TAPE", reorderPoint: 10, available: 8 }],
    ["p-alco", { sku: "ALCO", reorderPoint: 5, available: 5 }],
    ["p-none", { sku: "NONE", reorderPoint: null, available: 3 }],
  ]);

  test("reports a product whose available stock crosses below its reorder point, in SKU order, with the level after", () => {
    const events = belowReorderPointEvents(levels, new Map([["p-gauze", -6], ["p-alco", -1]]));
    expect(events).toEqual([
      { type: "inventory.below_reorder_point", payload: { productId: "p-alco", sku: "ALCO", reorderPoint: 5, available: 4 } },
      { type: "inventory.below_reorder_point", payload: { productId: "p-gauze", sku: "GAUZE", reorderPoint: 4, available: 0 } },
    ]);
  });

  test("nothing for a product already below, one staying at or above, a rise, no reorder point or an unknown product", () => {
    expect(belowReorderPointEvents(levels, new Map([["p-tape", -3], ["p-gauze", -2], ["p-alco", 4], ["p-none", -3], ["p-unknown", -1]]))).toEqual([]);
  });
});
