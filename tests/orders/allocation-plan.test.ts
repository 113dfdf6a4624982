import { describe, expect, test } from "vitest";
import { planAllocations, type Demand, type Supply } from "../../server/domain/orders/allocation-plan";

const supply = (warehouseId: string, productId: string, available: number, warehousePriority: number): Supply => ({ warehouseId, productId, available, warehousePriority, warehouseCode: warehouseId });
const demand = (lineId: string, productId: string, need: number, extra: Partial<Demand> = {}): Demand => ({ lineId, orderId: `o-${lineId}`, productId, need, preferredWarehouseIds: [], allowSubstitutes: true, ...extra });

describe("planAllocations", () => {
  test("takes from the preferred warehouse first, then the others by priority, splitting a line", () => {
    const plan = planAllocations([demand("l1", "P", 12, { preferredWarehouseIds: ["low"] })], [supply("high", "P", 5, 10), supply("low", "P", 4, 1), supply("mid", "P", 6, 5)]);
    expect(plan.allocations.map((a) => [a.warehouseId, a.quantity])).toEqual([["low", 4], ["high", 5], ["mid", 3]]);
    expect(plan.backordered.get("l1")).toBe(0);
  });

  test("without a preference, warehouse priority decides (higher first)", () => {
    const plan = planAllocations([demand("l1", "P", 3)], [supply("b", "P", 10, 1), supply("a", "P", 10, 2)]);
    expect(plan.allocations).toMatchObject([{ warehouseId: "a", quantity: 3, covers: 3, substitute: false }]);
  });

  test("under shortage the earlier (higher-priority) demands are served in full and the last is backordered", () => {
    const plan = planAllocations([demand("vip", "P", 6), demand("std", "P", 6)], [supply("w", "P", 8, 0)]);
    expect(plan.allocations.map((a) => [a.lineId, a.quantity])).toEqual([["vip", 6], ["std", 2]]);
    expect(plan.backordered.get("std")).toBe(4);
  });

  test("a short product is covered by substitutes in rank order with the ratio, whole line units only", () => {
    const plan = planAllocations(
      [demand("l1", "P", 5)],
      [supply("w", "P", 1, 0), supply("w", "S1", 3, 0), supply("w", "S2", 10, 0)],
      [{ productId: "P", substituteId: "S1", ratio: "2" }, { productId: "P", substituteId: "S2", ratio: "0.5" }],
    );
    // 1 of P; S1 at 2 per unit covers 1 (3 available, 2 used); S2 at 0.5 per unit covers the last 3 with 2 units.
    expect(plan.allocations.map((a) => [a.productId, a.quantity, a.covers, a.substitute])).toEqual([
      ["P", 1, 1, false],
      ["S1", 2, 1, true],
      ["S2", 2, 3, true],
    ]);
    expect(plan.backordered.get("l1")).toBe(0);
  });

  test("a customer who opted out of substitutes is backordered instead", () => {
    const plan = planAllocations([demand("l1", "P", 5, { allowSubstitutes: false })], [supply("w", "S1", 10, 0)], [{ productId: "P", substituteId: "S1", ratio: "1" }]);
    expect(plan.allocations).toEqual([]);
    expect(plan.backordered.get("l1")).toBe(5);
  });

  test("never plans more than is available, across lines sharing a warehouse", () => {
    const plan = planAllocations([demand("a", "P", 4), demand("b", "P", 4), demand("c", "P", 4)], [supply("w1", "P", 5, 1), supply("w2", "P", 2, 0)]);
    const byWarehouse = (w: string) => plan.allocations.filter((x) => x.warehouseId === w).reduce((s, x) => s + x.quantity, 0);
    expect(byWarehouse("w1")).toBe(5);
    expect(byWarehouse("w2")).toBe(2);
    expect([...plan.backordered.values()]).toEqual([0, 1, 4]);
  });
});
