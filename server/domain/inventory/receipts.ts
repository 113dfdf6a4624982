import { and, asc, count, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import { goodsReceiptLines, goodsReceipts, products, users, warehouses } from "../../../db/schema";
import type { TenantTx } from "../../../db/with-tenant";
import { containsPattern, DomainError, isUniqueViolation } from "../errors";
import { offsetOf, orderFor, type Page } from "../lists";
import { emitAllocationEvents } from "../orders/allocate";
import { formatReference, nextNumber } from "../tenancy/counters";
import { fillBackorders, lockStock } from "../orders/allocate";
import { recordMovements } from "./movements";
import { activeStockItems } from "./operations";
import type { ReceiptListInput, ReceiveGoodsInput } from "./schemas";
import { activeWarehouse, type Acting } from "./warehouses";

export type GoodsReceipt = typeof goodsReceipts.$inferSelect;

async function receiptByKey(tx: TenantTx, requestKey: string): Promise<GoodsReceipt | undefined> {
  const [row] = await tx.select().from(goodsReceipts).where(eq(goodsReceipts.requestKey, requestKey));
  return row;
}

/** A retry must carry the same body as the first request; compared on warehouse, references and lines. */
async function sameReceipt(tx: TenantTx, receipt: GoodsReceipt, input: ReceiveGoodsInput): Promise<boolean> {
  if (receipt.warehouseId !== input.warehouseId || receipt.supplierReference !== input.supplierReference || receipt.note !== input.note) return false;
  const lines = await tx.select({ productId: goodsReceiptLines.productId, quantity: goodsReceiptLines.quantity }).from(goodsReceiptLines).where(eq(goodsReceiptLines.receiptId, receipt.id));
  const key = (l: { productId: string; quantity: number }) => `${l.productId}:${l.quantity}`;
  return lines.length === input.lines.length && new Set(lines.map(key)).size === new Set(input.lines.map(key)).size && input.lines.every((l) => lines.some((x) => key(x) === key(l)));
}

const keyReused = () => new DomainError("CONFLICT", "This request key was already used for a different receipt", { requestKey: ["Already used for a different receipt"] });

/**
 * Receives purchased goods into a warehouse: the receipt (GR-000001), its lines and one `receipt`
 * movement per line, then fills backorders of the received products, all in the caller's
 * transaction. The request key makes a retry return the first receipt (CONFLICT with another body).
 */
export async function receiveGoods(tx: TenantTx, acting: Acting, input: ReceiveGoodsInput): Promise<{ receipt: GoodsReceipt; created: boolean; backordersFilled: number }> {
  for (const [i, l] of input.lines.entries()) {
    // The router's zod says the same; domain callers (seeds, jobs) get the same answer.
    if (!Number.isSafeInteger(l.quantity) || l.quantity <= 0) throw new DomainError("BAD_REQUEST", "A received quantity must be a whole number greater than zero", { [`lines.${i}.quantity`]: ["Must be a whole number greater than zero"] });
  }
  const retry = async (existing: GoodsReceipt) => {
    if (!(await sameReceipt(tx, existing, input))) throw keyReused();
    return { receipt: existing, created: false, backordersFilled: 0 };
  };
  const existing = await receiptByKey(tx, input.requestKey);
  if (existing) return retry(existing);

  await activeWarehouse(tx, input.warehouseId);
  await activeStockItems(tx, input.lines.map((l) => l.productId), (i) => `lines.${i}.productId`);

  const number = formatReference("GR", await nextNumber(tx, acting.tenantId, "goods_receipt"));
  let receipt: GoodsReceipt;
  try {
    // A savepoint: a concurrent copy of this request that committed first makes the key collide.
    [receipt] = await tx.transaction((sp) =>
      sp.insert(goodsReceipts).values({
        tenantId: acting.tenantId, number, warehouseId: input.warehouseId, supplierReference: input.supplierReference, note: input.note, requestKey: input.requestKey, receivedBy: acting.userId,
      }).returning(),
    );
  } catch (error) {
    if (!isUniqueViolation(error, "goods_receipts_request")) throw error;
    const winner = await receiptByKey(tx, input.requestKey);
    if (!winner) throw error;
    return retry(winner);
  }
  await tx.insert(goodsReceiptLines).values(input.lines.map((l) => ({ tenantId: acting.tenantId, receiptId: receipt.id, productId: l.productId, quantity: l.quantity })));
  const productIds = input.lines.map((l) => l.productId);
  // Every balance of these products, locked in (product, warehouse) order before any is written:
  // backorder filling below locks them all, and taking the receiving one first would invert the order.
  await lockStock(tx, productIds);
  await recordMovements(tx, acting.tenantId, acting.userId, input.lines.map((l) => ({
    warehouseId: input.warehouseId, productId: l.productId, kind: "receipt" as const, quantity: l.quantity, reason: input.supplierReference, referenceType: "goods_receipt", referenceId: receipt.id,
  })));
  // The new stock serves backorders of these products first, by order priority, then age.
  const filled = await fillBackorders(tx, acting.tenantId, productIds);
  emitAllocationEvents(tx, acting.tenantId, filled);
  return { receipt, created: true, backordersFilled: filled.reservedUnits };
}

export interface ReceiptRow {
  id: string;
  number: string;
  warehouseId: string;
  warehouse: string;
  supplierReference: string;
  lines: number;
  units: number;
  receivedBy: string | null;
  receivedAt: Date;
}

const goodsReceiptLinesUnits = sql<number>`coalesce(sum(${goodsReceiptLines.quantity}), 0)::int`;
const RECEIPT_SORTABLE = { number: goodsReceipts.number, received: goodsReceipts.receivedAt, warehouse: warehouses.code };

/** Receipts, newest first by default, filtered by warehouse and by number or supplier reference. */
export async function listReceipts(tx: TenantTx, input: ReceiptListInput): Promise<Page<ReceiptRow>> {
  const filters: SQL[] = [];
  if (input.search) {
    const pattern = containsPattern(input.search);
    filters.push(or(ilike(goodsReceipts.number, pattern), ilike(goodsReceipts.supplierReference, pattern))!);
  }
  if (input.warehouseId) filters.push(eq(goodsReceipts.warehouseId, input.warehouseId));
  const where = filters.length ? and(...filters) : undefined;
  const sort = input.sort ? input : { sort: "received", dir: "desc" as const };
  const [rows, [{ total }]] = await Promise.all([
    tx
      .select({
        id: goodsReceipts.id, number: goodsReceipts.number, warehouseId: goodsReceipts.warehouseId, warehouse: warehouses.code, supplierReference: goodsReceipts.supplierReference,
        lines: count(goodsReceiptLines.id), units: goodsReceiptLinesUnits, receivedBy: users.name, receivedAt: goodsReceipts.receivedAt,
      })
      .from(goodsReceipts)
      .innerJoin(warehouses, eq(warehouses.id, goodsReceipts.warehouseId))
      .leftJoin(goodsReceiptLines, eq(goodsReceiptLines.receiptId, goodsReceipts.id))
      .leftJoin(users, eq(users.id, goodsReceipts.receivedBy))
      .where(where)
      .groupBy(goodsReceipts.tenantId, goodsReceipts.id, warehouses.tenantId, warehouses.id, users.id)
      .orderBy(...orderFor(sort, RECEIPT_SORTABLE, "received", goodsReceipts.id))
      .limit(input.pageSize)
      .offset(offsetOf(input)),
    tx.select({ total: count() }).from(goodsReceipts).where(where),
  ]);
  return { rows, total, page: input.page, pageSize: input.pageSize };
}

/** One receipt with its warehouse, who received it and its lines. */
export async function getReceipt(tx: TenantTx, id: string) {
  const [header] = await tx
    .select({ receipt: goodsReceipts, warehouseCode: warehouses.code, warehouseName: warehouses.name, receivedByName: users.name })
    .from(goodsReceipts)
    .innerJoin(warehouses, eq(warehouses.id, goodsReceipts.warehouseId))
    .leftJoin(users, eq(users.id, goodsReceipts.receivedBy))
    .where(eq(goodsReceipts.id, id));
  if (!header) throw new DomainError("NOT_FOUND", "No such receipt");
  const lines = await tx
    .select({ id: goodsReceiptLines.id, productId: goodsReceiptLines.productId, sku: products.sku, name: products.name, unitOfMeasure: products.unitOfMeasure, quantity: goodsReceiptLines.quantity })
    .from(goodsReceiptLines)
    .innerJoin(products, eq(products.id, goodsReceiptLines.productId))
    .where(eq(goodsReceiptLines.receiptId, id))
    .orderBy(asc(products.sku));
  return { ...header.receipt, warehouseCode: header.warehouseCode, warehouseName: header.warehouseName, receivedByName: header.receivedByName, lines };
}
