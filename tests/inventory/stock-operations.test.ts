import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { closeAppPool } from "../../db/client";
import { withTenant } from "../../db/with-tenant";
import { checkStockDrift } from "../../server/domain/inventory/drift";
import { closeRedis } from "../../server/redis";
import { createPlatformAdmin, createTenantFixture, type TenantFixture } from "../helpers/fixtures";
import { failure } from "../helpers/trpc";
import { balance, callerAs, key, stockCounts } from "./helpers";

/*
 * Stock operations through the API as operations staff use it: warehouses, goods receipts,
 * adjustments, transfers and scrap. Every change is a ledger movement with its balance in the same
 * transaction; every refused request changes nothing; every retry returns the first result.
 *
 * The fixture: warehouses RTM (priority 10) and ANR (5); RTM holds 96 GLV-100 (stock), 6 reserved.
 */

let T: TenantFixture;
let ops: Awaited<ReturnType<typeof callerAs>>;
let stock: string, spare: string, service: string, rtm: string, anr: string;

beforeAll(async () => {
  const admin = await createPlatformAdmin("inventory");
  T = await createTenantFixture(admin, "inv");
  ops = await callerAs(T, T.users.ops);
  ({ stock, spare, service } = T.contract.products);
  ({ main: rtm, overflow: anr } = T.distribution.warehouses);
});

afterAll(async () => {
  await closeAppPool();
  await closeRedis();
});

const movementsOf = (referenceId: string) =>
  withTenant({ kind: "system", tenantId: T.id }, (tx) =>
    tx.execute<{ kind: string; quantity: number; warehouse_id: string; product_id: string; reference_id: string; created_by: string }>(sql`
      select kind, quantity, warehouse_id, product_id, reference_id, created_by from stock_movements where reference_id = ${referenceId} order by kind, product_id`),
  );

describe("warehouses", () => {
  test("create (a retry with the same code and details returns it), update, list by priority", async () => {
    const input = { code: "hmb", name: "Hamburg north", priority: 7, city: "Hamburg", countryCode: "de" };
    const first = await ops.inventory.createWarehouse(input);
    expect(first.created).toBe(true);
    expect(first.warehouse).toMatchObject({ code: "HMB", countryCode: "DE", priority: 7, status: "active" });
    const again = await ops.inventory.createWarehouse(input);
    expect(again).toMatchObject({ created: false, warehouse: { id: first.warehouse.id } });
    expect((await failure(ops.inventory.createWarehouse({ ...input, name: "Other" }))).code).toBe("CONFLICT");

    await ops.inventory.updateWarehouse({ id: first.warehouse.id, priority: 20 });
    const list = await ops.inventory.warehouses();
    expect(list.map((w) => w.code).slice(0, 3)).toEqual(["HMB", "RTM", "ANR"]);
  });

  test("archiving a warehouse that holds stock is refused; an empty one is archived and hidden", async () => {
    const refused = await failure(ops.inventory.archiveWarehouse({ id: rtm }));
    expect(refused).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("still holds 96 units") });
    const { warehouse } = await ops.inventory.createWarehouse({ code: "TMP", name: "Temporary", priority: 0 });
    expect((await ops.inventory.archiveWarehouse({ id: warehouse.id })).changed).toBe(true);
    expect((await ops.inventory.warehouses()).map((w) => w.code)).not.toContain("TMP");
    expect((await ops.inventory.warehouses({ includeArchived: true })).map((w) => w.code)).toContain("TMP");
    const intoArchived = await failure(ops.inventory.receive({ requestKey: key(), warehouseId: warehouse.id, lines: [{ productId: stock, quantity: 1 }] }));
    expect(intoArchived).toMatchObject({ code: "BAD_REQUEST", message: "Warehouse TMP is archived" });
  });
});

describe("goods receipts", () => {
  test("a receipt numbers itself, records its lines and one receipt movement per line, and moves the balances", async () => {
    const before = { stock: await balance(T, anr, stock), spare: await balance(T, anr, spare) };
    expect(before).toEqual({ stock: null, spare: null });
    const { receipt, created } = await ops.inventory.receive({ requestKey: key(), warehouseId: anr, supplierReference: "PO-1001", lines: [{ productId: stock, quantity: 50 }, { productId: spare, quantity: 30 }] });
    expect(created).toBe(true);
    expect(receipt.number).toMatch(/^GR-\d{6}$/);
    expect(await balance(T, anr, stock)).toEqual({ onHand: 50, reserved: 0, available: 50 });
    expect(await balance(T, anr, spare)).toEqual({ onHand: 30, reserved: 0, available: 30 });
    const ledger = await movementsOf(receipt.id);
    expect(ledger.map((m) => `${m.kind} ${m.warehouse_id} ${m.product_id} ${m.quantity}`).sort()).toEqual([`receipt ${anr} ${stock} 50`, `receipt ${anr} ${spare} 30`].sort());
    expect(ledger.every((m) => m.created_by === T.users.ops.id)).toBe(true);

    const detail = await ops.inventory.receipt({ id: receipt.id });
    expect(detail).toMatchObject({ number: receipt.number, warehouseCode: "ANR", supplierReference: "PO-1001" });
    expect(detail.lines.map((l) => [l.sku, l.quantity])).toEqual([["GLV-100", 50], ["GLV-200", 30]]);
    const list = await ops.inventory.receipts({ search: "PO-1001" });
    expect(list.rows).toHaveLength(1);
    expect(list.rows[0]).toMatchObject({ number: receipt.number, warehouse: "ANR", lines: 2, units: 80 });
  });

  test("a retry with the same key returns the first receipt and changes nothing; another body with that key is a CONFLICT", async () => {
    const input = { requestKey: key(), warehouseId: rtm, lines: [{ productId: spare, quantity: 5 }] };
    const first = await ops.inventory.receive(input);
    const counts = await stockCounts(T);
    const retry = await ops.inventory.receive(input);
    expect(retry).toMatchObject({ created: false, receipt: { id: first.receipt.id, number: first.receipt.number } });
    expect(await stockCounts(T)).toEqual(counts);
    const other = await failure(ops.inventory.receive({ ...input, lines: [{ productId: spare, quantity: 6 }] }));
    expect(other.code).toBe("CONFLICT");
    expect(await stockCounts(T)).toEqual(counts);
  });

  test("two copies of one request racing make one receipt", async () => {
    const input = { requestKey: key(), warehouseId: rtm, lines: [{ productId: spare, quantity: 2 }] };
    const other = await callerAs(T, T.users.admin);
    const before = await balance(T, rtm, spare);
    const [a, b] = await Promise.all([ops.inventory.receive(input), other.inventory.receive(input)]);
    expect(a.receipt.id).toBe(b.receipt.id);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    expect((await balance(T, rtm, spare))!.onHand).toBe(before!.onHand + 2);
  });

  test("zero, negative and fractional quantities, services and duplicate lines are refused and nothing changes", async () => {
    const counts = await stockCounts(T);
    const base = { requestKey: key(), warehouseId: rtm };
    const negative = await failure(ops.inventory.receive({ ...base, lines: [{ productId: stock, quantity: -5 }] }));
    expect(negative).toMatchObject({ code: "BAD_REQUEST", fields: { "lines.0.quantity": ["The quantity must be greater than zero"] } });
    expect((await failure(ops.inventory.receive({ ...base, lines: [{ productId: stock, quantity: 0 }] }))).code).toBe("BAD_REQUEST");
    expect((await failure(ops.inventory.receive({ ...base, lines: [{ productId: stock, quantity: 1.5 }] }))).fields["lines.0.quantity"]).toEqual(["The quantity must be a whole number"]);
    expect((await failure(ops.inventory.receive({ ...base, lines: [] }))).fields.lines).toEqual(["Add at least one line"]);
    const svc = await failure(ops.inventory.receive({ ...base, lines: [{ productId: stock, quantity: 1 }, { productId: service, quantity: 1 }] }));
    expect(svc).toMatchObject({ code: "BAD_REQUEST", message: "SVC-API is not a stock item", fields: { "lines.1.productId": ["SVC-API is not a stock item"] } });
    const dup = await failure(ops.inventory.receive({ ...base, lines: [{ productId: stock, quantity: 1 }, { productId: stock, quantity: 1 }] }));
    expect(dup.fields["lines.1.productId"]).toBeDefined();
    expect(await stockCounts(T)).toEqual(counts);
  });
});

describe("adjustments, transfers and scrap", () => {
  test("an adjustment is a signed movement with its reason; without a reason it is refused", async () => {
    const before = (await balance(T, rtm, stock))!;
    const up = await ops.inventory.adjust({ requestKey: key(), warehouseId: rtm, productId: stock, quantity: 4, reason: "Cycle count found a box" });
    expect(up.balances[0]).toMatchObject({ onHand: before.onHand + 4, reserved: before.reserved });
    const down = await ops.inventory.adjust({ requestKey: key(), warehouseId: rtm, productId: stock, quantity: -4, reason: "Recount" });
    expect(down.balances[0].onHand).toBe(before.onHand);
    const counts = await stockCounts(T);
    const noReason = await failure(ops.inventory.adjust({ requestKey: key(), warehouseId: rtm, productId: stock, quantity: 2, reason: " " }));
    expect(noReason).toMatchObject({ code: "BAD_REQUEST", fields: { reason: [expect.stringContaining("Give a reason")] } });
    expect((await failure(ops.inventory.adjust({ requestKey: key(), warehouseId: rtm, productId: stock, quantity: 0, reason: "zero" }))).code).toBe("BAD_REQUEST");
    expect(await stockCounts(T)).toEqual(counts);
  });

  test("an adjustment below zero (or into reserved stock) is refused with the numbers, and nothing changes", async () => {
    const b = (await balance(T, rtm, stock))!;
    const counts = await stockCounts(T);
    const refused = await failure(ops.inventory.adjust({ requestKey: key(), warehouseId: rtm, productId: stock, quantity: -(b.onHand + 10), reason: "Lost in flood" }));
    expect(refused.code).toBe("BAD_REQUEST");
    expect(refused.message).toBe(`Cannot adjust away ${b.onHand + 10} of GLV-100 in RTM: only ${b.available} available (${b.onHand} on hand, ${b.reserved} reserved for orders); stock cannot go below zero`);
    // Taking the reserved units away would leave orders without their stock: refused too.
    expect((await failure(ops.inventory.adjust({ requestKey: key(), warehouseId: rtm, productId: stock, quantity: -(b.available + 1), reason: "Recount" }))).code).toBe("BAD_REQUEST");
    expect(await stockCounts(T)).toEqual(counts);
  });

  test("a retried adjustment is recorded once; the same key with another quantity is a CONFLICT", async () => {
    const input = { requestKey: key(), warehouseId: anr, productId: spare, quantity: -3, reason: "Damaged in handling" };
    const before = (await balance(T, anr, spare))!;
    const first = await ops.inventory.adjust(input);
    const retry = await ops.inventory.adjust(input);
    expect(first.created).toBe(true);
    expect(retry.created).toBe(false);
    expect((await balance(T, anr, spare))!.onHand).toBe(before.onHand - 3);
    expect((await failure(ops.inventory.adjust({ ...input, quantity: -2 }))).code).toBe("CONFLICT");
  });

  test("a transfer is a transfer_out and a transfer_in sharing one reference; a retry moves nothing twice", async () => {
    const [fromBefore, toBefore] = [(await balance(T, rtm, stock))!, (await balance(T, anr, stock))!];
    const input = { requestKey: key(), fromWarehouseId: rtm, toWarehouseId: anr, productId: stock, quantity: 10, reason: "Rebalance" };
    const moved = await ops.inventory.transfer(input);
    expect(moved.created).toBe(true);
    const ledger = await movementsOf(moved.referenceId!);
    expect(ledger.map((m) => [m.kind, m.warehouse_id, m.quantity])).toEqual([["transfer_in", anr, 10], ["transfer_out", rtm, -10]]);
    const retry = await ops.inventory.transfer(input);
    expect(retry).toMatchObject({ created: false, referenceId: moved.referenceId });
    expect((await balance(T, rtm, stock))!.onHand).toBe(fromBefore.onHand - 10);
    expect((await balance(T, anr, stock))!.onHand).toBe(toBefore.onHand + 10);
  });

  test("a transfer to the same warehouse, or of more than is available, is refused and nothing changes", async () => {
    const counts = await stockCounts(T);
    const same = await failure(ops.inventory.transfer({ requestKey: key(), fromWarehouseId: rtm, toWarehouseId: rtm, productId: stock, quantity: 1 }));
    expect(same).toMatchObject({ code: "BAD_REQUEST", fields: { toWarehouseId: ["A transfer needs two different warehouses"] } });
    const b = (await balance(T, rtm, stock))!;
    const tooMany = await failure(ops.inventory.transfer({ requestKey: key(), fromWarehouseId: rtm, toWarehouseId: anr, productId: stock, quantity: b.available + 1 }));
    expect(tooMany).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining(`only ${b.available} available`) });
    expect(await stockCounts(T)).toEqual(counts);
  });

  test("scrap takes units out with a reason; scrapping more than available is refused", async () => {
    const before = (await balance(T, anr, stock))!;
    const scrapped = await ops.inventory.scrap({ requestKey: key(), warehouseId: anr, productId: stock, quantity: 2, reason: "Expired" });
    expect(scrapped.balances[0].onHand).toBe(before.onHand - 2);
    const counts = await stockCounts(T);
    expect((await failure(ops.inventory.scrap({ requestKey: key(), warehouseId: anr, productId: stock, quantity: 10_000, reason: "Flood" }))).code).toBe("BAD_REQUEST");
    expect((await failure(ops.inventory.scrap({ requestKey: key(), warehouseId: anr, productId: stock, quantity: 1, reason: "" }))).fields.reason).toBeDefined();
    expect(await stockCounts(T)).toEqual(counts);
  });

  test("finance and sales may read stock but not move it", async () => {
    for (const role of ["finance", "sales"] as const) {
      const caller = await callerAs(T, T.users[role]);
      expect((await caller.inventory.stock({})).total).toBeGreaterThan(0);
      expect((await failure(caller.inventory.adjust({ requestKey: key(), warehouseId: rtm, productId: stock, quantity: 1, reason: "Try" }))).code).toBe("FORBIDDEN");
    }
  });
});

describe("backorders", () => {
  test("a receipt fills the backorders of its products in the same transaction", async () => {
    // The fixture's order line: 10 reserved in RTM; it now wants 15, so 5 wait for stock.
    await withTenant({ kind: "system", tenantId: T.id }, (tx) => tx.execute(sql`update order_lines set quantity = 15, backordered_quantity = 5 where id = ${T.distribution.orderLineId}`));
    const reservedBefore = (await balance(T, rtm, stock))!.reserved + (await balance(T, anr, stock))!.reserved;
    const { backordersFilled } = await ops.inventory.receive({ requestKey: key(), warehouseId: anr, lines: [{ productId: stock, quantity: 8 }] });
    expect(backordersFilled).toBe(5);
    // Allocation picks the warehouse (by priority), so the 5 may come from RTM or ANR: count both.
    expect((await balance(T, rtm, stock))!.reserved + (await balance(T, anr, stock))!.reserved).toBe(reservedBefore + 5);
    const [line] = await withTenant({ kind: "system", tenantId: T.id }, (tx) =>
      tx.execute<{ backordered_quantity: number; reserved: number }>(sql`
        select l.backordered_quantity, (select sum(quantity - shipped_quantity - released_quantity)::int from order_allocations a where a.order_line_id = l.id) as reserved
          from order_lines l where l.id = ${T.distribution.orderLineId}`),
    );
    expect(line).toEqual({ backordered_quantity: 0, reserved: 11 });
    // After everything this file did, balances still agree with the ledger and the allocations.
    expect(await withTenant({ kind: "system", tenantId: T.id }, (tx) => checkStockDrift(tx))).toEqual([]);
  });
});
