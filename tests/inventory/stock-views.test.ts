import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { closeAppPool } from "../../db/client";
import { withTenant } from "../../db/with-tenant";
import { checkStockDrift } from "../../server/domain/inventory/drift";
import { CSV_EXPORTS } from "../../server/api/exports";
import { closeRedis } from "../../server/redis";
import { failureInSavepoint, withTenantRolledBack } from "../helpers/db";
import { createPlatformAdmin, createTenantFixture, type TenantFixture } from "../helpers/fixtures";
import { failure } from "../helpers/trpc";
import { asOwner, callerAs, key } from "./helpers";

/*
 * What inventory shows and checks: the stock list and its filters, the movement drill-down,
 * replenishment suggestions, product substitutes, the drift check, and who may see the ledger.
 *
 * The fixture: warehouses RTM (priority 10) and ANR (5); RTM holds 96 GLV-100 (reorder point 40),
 * 6 of them reserved; GLV-200 (reorder point 20) has no stock at all.
 */

let T: TenantFixture;
let ops: Awaited<ReturnType<typeof callerAs>>;
let stock: string, spare: string, service: string, kit: string, rtm: string, anr: string;

beforeAll(async () => {
  const admin = await createPlatformAdmin("inventory-views");
  T = await createTenantFixture(admin, "invv");
  ops = await callerAs(T, T.users.ops);
  ({ stock, spare, service, kit } = T.contract.products);
  ({ main: rtm, overflow: anr } = T.distribution.warehouses);
  await ops.inventory.receive({ requestKey: key(), warehouseId: anr, lines: [{ productId: stock, quantity: 20 }, { productId: spare, quantity: 8 }] });
  await ops.inventory.scrap({ requestKey: key(), warehouseId: anr, productId: spare, quantity: 1, reason: "Crushed box" });
});

afterAll(async () => {
  await closeAppPool();
  await closeRedis();
});

describe("stock list", () => {
  test("one row per warehouse and product with on hand, reserved and available", async () => {
    const list = await ops.inventory.stock({ sort: "warehouse", dir: "desc" });
    expect(list.total).toBe(3);
    expect(list.rows.map((r) => [r.warehouseCode, r.sku, r.onHand, r.reserved, r.available])).toEqual([
      ["RTM", "GLV-100", 96, 6, 90],
      ["ANR", "GLV-100", 20, 0, 20],
      ["ANR", "GLV-200", 7, 0, 7],
    ]);
  });

  test("filters by warehouse, product search and below-reorder-point; pages on the server", async () => {
    expect((await ops.inventory.stock({ warehouseId: rtm })).rows.map((r) => r.sku)).toEqual(["GLV-100"]);
    expect((await ops.inventory.stock({ search: "box of 200" })).rows.map((r) => [r.warehouseCode, r.sku])).toEqual([["ANR", "GLV-200"]]);
    // GLV-200: 7 available in total, reorder point 20. GLV-100: 110 available, reorder point 40.
    const below = await ops.inventory.stock({ belowReorder: true });
    expect(below.rows.map((r) => [r.sku, r.totalAvailable, r.reorderPoint])).toEqual([["GLV-200", 7, 20]]);
    const paged = await ops.inventory.stock({ pageSize: 2, page: 2, sort: "available" });
    expect(paged).toMatchObject({ total: 3, page: 2 });
    expect(paged.rows.map((r) => r.available)).toEqual([90]);
  });

  test("the movement drill-down lists one location's ledger newest first, with who and why", async () => {
    const view = await ops.inventory.movements({ warehouseId: anr, productId: spare });
    expect(view).toMatchObject({ warehouseCode: "ANR", sku: "GLV-200", balance: { onHand: 7, reserved: 0, available: 7 } });
    expect(view.movements.rows.map((m) => [m.kind, m.quantity, m.reason])).toEqual([["scrap", -1, "Crushed box"], ["receipt", 8, ""]]);
    expect(view.movements.rows[0].createdBy).toBeTruthy();
    expect(view.movements.rows[1].referenceType).toBe("goods_receipt");
    const paged = await ops.inventory.movements({ warehouseId: anr, productId: spare, pageSize: 1, page: 2 });
    expect(paged.movements).toMatchObject({ total: 2, rows: [{ kind: "receipt" }] });
  });
});

describe("CSV exports", () => {
  test("stock and suggestions export through the same procedures with the list's filters", async () => {
    const stockCsv = CSV_EXPORTS["inventory-stock"];
    const below = await stockCsv.page(ops, { filters: { below: "1", warehouse: "bogus" }, page: 1, pageSize: 100 });
    expect(below.rows.map((r) => stockCsv.columns.slice(0, 7).map((c) => c.value(r as never)))).toEqual([["ANR", "GLV-200", "Nitrile gloves, box of 200", "box", 7, 0, 7]]);
    const suggestionsCsv = CSV_EXPORTS["inventory-suggestions"];
    const rows = (await suggestionsCsv.page(ops, { filters: {}, page: 1, pageSize: 100 })).rows;
    expect(rows.map((r) => suggestionsCsv.columns.map((c) => c.value(r as never)))).toEqual([["GLV-200", "Nitrile gloves, box of 200", "box", 7, 0, 7, 0, 20, 33]]);
  });
});

describe("replenishment suggestions", () => {
  test("stock items below their reorder point, with 2 x reorder point - net available to order", async () => {
    const list = await ops.inventory.suggestions({});
    expect(list.rows.map((r) => [r.sku, r.available, r.backordered, r.reorderPoint, r.suggested])).toEqual([["GLV-200", 7, 0, 20, 33]]);
  });

  test("backordered units count against available", async () => {
    // 80 units of GLV-100 backordered on the fixture's open order: 110 available - 80 = 30 < 40.
    await withTenantRolledBack({ kind: "system", tenantId: T.id }, async (tx) => {
      await tx.execute(sql`update order_lines set quantity = 90, backordered_quantity = 80 where id = ${T.distribution.orderLineId}`);
      const { listSuggestions } = await import("../../server/domain/inventory/suggestions");
      const list = await listSuggestions(tx, { page: 1, pageSize: 25, dir: "asc", sort: "sku" });
      expect(list.rows.map((r) => [r.sku, r.available, r.backordered, r.suggested])).toEqual([["GLV-100", 110, 80, 50], ["GLV-200", 7, 0, 33]]);
    });
  });
});

describe("product substitutes", () => {
  test("an ordered list of stock items with ratios; setting it again changes nothing", async () => {
    const [third] = await withTenant({ kind: "system", tenantId: T.id }, (tx) =>
      tx.execute<{ id: string }>(sql`insert into products (tenant_id, sku, name, kind) values (${T.id}, 'GLV-050', 'Gloves, box of 50', 'stock_item') returning id`),
    );
    const set = await ops.catalog.setSubstitutes({ productId: stock, substitutes: [{ substituteId: third.id, ratio: "2" }, { substituteId: spare, ratio: "0.5" }] });
    expect(set.map((s) => [s.sku, s.rank, s.ratio])).toEqual([["GLV-050", 1, "2"], ["GLV-200", 2, "0.5"]]);
    expect(await ops.catalog.setSubstitutes({ productId: stock, substitutes: [{ substituteId: third.id, ratio: "2.0" }, { substituteId: spare, ratio: "0.5" }] })).toEqual(set);
    expect((await ops.catalog.substitutes({ id: stock })).map((s) => s.sku)).toEqual(["GLV-050", "GLV-200"]);
    await ops.catalog.setSubstitutes({ productId: stock, substitutes: [{ substituteId: spare, ratio: "1" }] });
    expect((await ops.catalog.substitutes({ id: stock })).map((s) => [s.sku, s.rank])).toEqual([["GLV-200", 1]]);
  });

  test("itself, a service, a kit, a duplicate or a ratio of 0 is refused and the list stays", async () => {
    const before = await ops.catalog.substitutes({ id: stock });
    const self = await failure(ops.catalog.setSubstitutes({ productId: stock, substitutes: [{ substituteId: stock, ratio: "1" }] }));
    expect(self).toMatchObject({ code: "BAD_REQUEST", fields: { "substitutes.0.substituteId": ["A product cannot substitute itself"] } });
    const svc = await failure(ops.catalog.setSubstitutes({ productId: stock, substitutes: [{ substituteId: spare, ratio: "1" }, { substituteId: service, ratio: "1" }] }));
    expect(svc).toMatchObject({ code: "BAD_REQUEST", fields: { "substitutes.1.substituteId": ["SVC-API is not a stock item"] } });
    expect((await failure(ops.catalog.setSubstitutes({ productId: stock, substitutes: [{ substituteId: kit, ratio: "1" }] }))).message).toBe("KIT-FA is not a stock item");
    expect((await failure(ops.catalog.setSubstitutes({ productId: stock, substitutes: [{ substituteId: spare, ratio: "1" }, { substituteId: spare, ratio: "2" }] }))).fields["substitutes.1.substituteId"]).toEqual(["This substitute is already listed"]);
    expect((await failure(ops.catalog.setSubstitutes({ productId: stock, substitutes: [{ substituteId: spare, ratio: "0" }] }))).fields["substitutes.0.ratio"]).toEqual(["Ratio must be greater than zero"]);
    expect((await failure(ops.catalog.setSubstitutes({ productId: service, substitutes: [] }))).message).toContain("only stock items have substitutes");
    expect(await ops.catalog.substitutes({ id: stock })).toEqual(before);
  });
});

describe("drift check", () => {
  test("reports nothing while balances agree with the ledger and the allocations", async () => {
    expect(await withTenant({ kind: "system", tenantId: T.id }, (tx) => checkStockDrift(tx))).toEqual([]);
  });

  test("finds a balance the owner changed behind the ledger's back, and a reservation without allocations", async () => {
    await asOwner(T.id, (o) => o`update stock_balances set on_hand = on_hand + 5, reserved = reserved + 1 where warehouse_id = ${anr} and product_id = ${stock}`);
    try {
      const drift = await withTenant({ kind: "system", tenantId: T.id }, (tx) => checkStockDrift(tx));
      expect(drift).toEqual([{ warehouseId: anr, warehouseCode: "ANR", productId: stock, sku: "GLV-100", onHand: 25, ledgerOnHand: 20, reserved: 1, allocated: 0 }]);
    } finally {
      await asOwner(T.id, (o) => o`update stock_balances set on_hand = on_hand - 5, reserved = reserved - 1 where warehouse_id = ${anr} and product_id = ${stock}`);
    }
    expect(await withTenant({ kind: "system", tenantId: T.id }, (tx) => checkStockDrift(tx))).toEqual([]);
  });

  test("finds a ledger entry that has no balance row", async () => {
    await asOwner(T.id, (o) => o`insert into stock_movements (tenant_id, warehouse_id, product_id, kind, quantity, reason) values (${T.id}, ${rtm}, ${spare}, 'adjustment', 3, 'injected')`);
    try {
      const drift = await withTenant({ kind: "system", tenantId: T.id }, (tx) => checkStockDrift(tx));
      expect(drift).toMatchObject([{ warehouseCode: "RTM", sku: "GLV-200", onHand: 0, ledgerOnHand: 3 }]);
    } finally {
      await asOwner(T.id, (o) => o`delete from stock_movements where tenant_id = ${T.id} and reason = 'injected'`);
    }
  });
});

describe("row-level security", () => {
  test("customer and reseller sessions cannot read the ledger or receipts, nor write balances", async () => {
    const scopes = [
      { kind: "customer" as const, tenantId: T.id, userId: T.users.customer_admin.id, customerId: T.customers.c1 },
      { kind: "reseller" as const, tenantId: T.id, userId: T.users.reseller_admin.id, resellerId: T.resellers.r1 },
    ];
    for (const scope of scopes) {
      await withTenantRolledBack(scope, async (tx) => {
        const [seen] = await tx.execute<{ movements: number; receipts: number }>(sql`select (select count(*)::int from stock_movements) as movements, (select count(*)::int from goods_receipts) as receipts`);
        expect(seen).toEqual({ movements: 0, receipts: 0 });
        const insert = await failureInSavepoint(tx, (sp) => sp.execute(sql`insert into stock_balances (tenant_id, warehouse_id, product_id, on_hand) values (${T.id}, ${anr}, ${kit}, 5)`));
        expect(insert.code).toBe("42501");
        const moved = await tx.execute(sql`update stock_balances set on_hand = on_hand + 1 where warehouse_id = ${rtm} returning id`);
        expect(moved).toHaveLength(0);
        const ledger = await failureInSavepoint(tx, (sp) => sp.execute(sql`insert into stock_movements (tenant_id, warehouse_id, product_id, kind, quantity) values (${T.id}, ${rtm}, ${stock}, 'receipt', 5)`));
        expect(ledger.code).toBe("42501");
      });
    }
    const customer = await callerAs(T, T.users.customer_admin);
    expect((await failure(customer.inventory.movements({ warehouseId: rtm, productId: stock }))).code).toBe("FORBIDDEN");
  });
});
