import { and, count, desc, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import { products, stockBalances, stockMovements, users, warehouses, type StockMovementKind } from "../../../db/schema";
import type { TenantTx } from "../../../db/with-tenant";
import { containsPattern, DomainError } from "../errors";
import { offsetOf, orderFor, type Page } from "../lists";
import type { MovementListInput, StockListInput } from "./schemas";

/**
 * A product's available units across all active warehouses: the figure reorder points are compared
 * with (the stock list's "below reorder point" filter and the replenishment suggestions).
 */
export const productTotalAvailable = sql<number>`(
  select coalesce(sum(b.available), 0)::int from stock_balances b join warehouses w on w.tenant_id = b.tenant_id and w.id = b.warehouse_id
   where b.tenant_id = ${products.tenantId} and b.product_id = ${products.id} and w.status = 'active')`;

export interface StockRow {
  id: string;
  warehouseId: string;
  warehouseCode: string;
  warehouseName: string;
  productId: string;
  sku: string;
  name: string;
  unitOfMeasure: string;
  onHand: number;
  reserved: number;
  available: number;
  reorderPoint: number | null;
  /** Available across all active warehouses, compared with the reorder point. */
  totalAvailable: number;
  updatedAt: Date;
}

const totalAvailable = productTotalAvailable;
const STOCK_SORTABLE = {
  sku: products.sku,
  name: products.name,
  warehouse: warehouses.code,
  onHand: stockBalances.onHand,
  reserved: stockBalances.reserved,
  available: stockBalances.available,
  updated: stockBalances.updatedAt,
};

/** Balances per warehouse and product, filtered, sorted and paged by the database. */
export async function listStock(tx: TenantTx, input: StockListInput): Promise<Page<StockRow>> {
  const filters: SQL[] = [];
  if (input.search) {
    const pattern = containsPattern(input.search);
    filters.push(or(ilike(products.sku, pattern), ilike(products.name, pattern))!);
  }
  if (input.warehouseId) filters.push(eq(stockBalances.warehouseId, input.warehouseId));
  if (input.productId) filters.push(eq(stockBalances.productId, input.productId));
  if (input.belowReorder) filters.push(sql`${products.reorderPoint} is not null and ${totalAvailable} < ${products.reorderPoint}`);
  const where = filters.length ? and(...filters) : undefined;
  const from = () =>
    tx
      .select({
        id: stockBalances.id, warehouseId: stockBalances.warehouseId, warehouseCode: warehouses.code, warehouseName: warehouses.name,
        productId: stockBalances.productId, sku: products.sku, name: products.name, unitOfMeasure: products.unitOfMeasure,
        onHand: stockBalances.onHand, reserved: stockBalances.reserved, available: sql<number>`${stockBalances.available}`, reorderPoint: products.reorderPoint,
        totalAvailable, updatedAt: stockBalances.updatedAt,
      })
      .from(stockBalances)
      .innerJoin(warehouses, eq(warehouses.id, stockBalances.warehouseId))
      .innerJoin(products, eq(products.id, stockBalances.productId));
  const [rows, [{ total }]] = await Promise.all([
    from().where(where).orderBy(...orderFor(input, STOCK_SORTABLE, "sku", stockBalances.id), warehouses.code).limit(input.pageSize).offset(offsetOf(input)),
    tx.select({ total: count() }).from(stockBalances).innerJoin(products, eq(products.id, stockBalances.productId)).where(where),
  ]);
  return { rows, total, page: input.page, pageSize: input.pageSize };
}

export interface MovementRow {
  id: string;
  kind: StockMovementKind;
  quantity: number;
  reason: string;
  referenceType: string | null;
  referenceId: string | null;
  requestKey: string | null;
  createdBy: string | null;
  createdAt: Date;
}

/** The ledger of one (warehouse, product), newest first, with its current balance on top. */
export async function listMovements(tx: TenantTx, input: MovementListInput) {
  const [context] = await tx
    .select({ warehouseCode: warehouses.code, warehouseName: warehouses.name, sku: products.sku, name: products.name, unitOfMeasure: products.unitOfMeasure })
    .from(warehouses)
    .innerJoin(products, eq(products.id, input.productId))
    .where(eq(warehouses.id, input.warehouseId));
  if (!context) throw new DomainError("NOT_FOUND", "No such warehouse or product");
  const [balance] = await tx
    .select({ onHand: stockBalances.onHand, reserved: stockBalances.reserved, available: sql<number>`${stockBalances.available}` })
    .from(stockBalances)
    .where(and(eq(stockBalances.warehouseId, input.warehouseId), eq(stockBalances.productId, input.productId)));
  const where = and(eq(stockMovements.warehouseId, input.warehouseId), eq(stockMovements.productId, input.productId), input.kind ? eq(stockMovements.kind, input.kind) : undefined);
  const [rows, [{ total }]] = await Promise.all([
    tx
      .select({
        id: stockMovements.id, kind: stockMovements.kind, quantity: stockMovements.quantity, reason: stockMovements.reason, referenceType: stockMovements.referenceType,
        referenceId: stockMovements.referenceId, requestKey: stockMovements.requestKey, createdBy: users.name, createdAt: stockMovements.createdAt,
      })
      .from(stockMovements)
      .leftJoin(users, eq(users.id, stockMovements.createdBy))
      .where(where)
      // uuidv7 ids are time-ordered: the tiebreak keeps movements of one transaction in order.
      .orderBy(desc(stockMovements.createdAt), desc(stockMovements.id))
      .limit(input.pageSize)
      .offset(offsetOf(input)),
    tx.select({ total: count() }).from(stockMovements).where(where),
  ]);
  const page: Page<MovementRow> = { rows, total, page: input.page, pageSize: input.pageSize };
  return { ...context, warehouseId: input.warehouseId, productId: input.productId, balance: balance ?? { onHand: 0, reserved: 0, available: 0 }, movements: page };
}
