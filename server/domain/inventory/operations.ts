import { and, eq, inArray } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { products, stockBalances, stockMovements, type StockMovementKind } from "../../../db/schema";
import type { TenantTx } from "../../../db/with-tenant";
import { DomainError, isUniqueViolation } from "../errors";
import { recordMovements, type MovementInput } from "./movements";
import type { AdjustStockInput, ScrapStockInput, TransferStockInput } from "./schemas";
import { activeWarehouse, type Acting } from "./warehouses";

/*
 * Adjustments, transfers and scrap: each is one or two ledger movements through recordMovements,
 * keyed by the client's request key (the ledger's unique (kind, request_key, product) makes a
 * retry a no-op even when two copies race).
 */

export interface StockItem { id: string; sku: string; name: string }

/**
 * The products, checked to be active stock items (the only products that have stock). `field`
 * names the input path of each id for the field error.
 */
export async function activeStockItems(tx: TenantTx, ids: readonly string[], field: (index: number) => string): Promise<Map<string, StockItem>> {
  const rows = ids.length ? await tx.select({ id: products.id, sku: products.sku, name: products.name, kind: products.kind, status: products.status }).from(products).where(inArray(products.id, [...ids])) : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const errors: Record<string, string[]> = {};
  ids.forEach((id, i) => {
    const p = byId.get(id);
    const problem = !p ? "No such product" : p.kind !== "stock_item" ? `${p.sku} is not a stock item` : p.status !== "active" ? `${p.sku} is archived` : null;
    if (problem) errors[field(i)] = [problem];
  });
  const problems = Object.values(errors);
  if (problems.length) throw new DomainError("BAD_REQUEST", problems.length === 1 ? problems[0][0] : "Some products cannot be stocked", errors);
  return new Map(rows.map((r) => [r.id, { id: r.id, sku: r.sku, name: r.name }]));
}

export interface Balance { warehouseId: string; productId: string; onHand: number; reserved: number; available: number }

async function balanceOf(tx: TenantTx, warehouseId: string, productId: string): Promise<Balance> {
  const [row] = await tx
    .select({ onHand: stockBalances.onHand, reserved: stockBalances.reserved, available: stockBalances.available })
    .from(stockBalances)
    .where(and(eq(stockBalances.warehouseId, warehouseId), eq(stockBalances.productId, productId)));
  return { warehouseId, productId, onHand: row?.onHand ?? 0, reserved: row?.reserved ?? 0, available: row?.available ?? row?.onHand ?? 0 };
}

/**
 * Refuses taking more than is available with the numbers in the message. Only a friendly early
 * answer: under concurrency the balance's check constraints are what guarantee it.
 */
async function assertAvailable(tx: TenantTx, warehouse: { id: string; code: string }, item: StockItem, units: number, what: string) {
  const b = await balanceOf(tx, warehouse.id, item.id);
  if (units <= b.available) return;
  const reserved = b.reserved > 0 ? `, ${b.reserved} reserved for orders` : "";
  throw new DomainError("BAD_REQUEST", `Cannot ${what} ${units} of ${item.sku} in ${warehouse.code}: only ${b.available} available (${b.onHand} on hand${reserved}); stock cannot go below zero`, {
    quantity: [`Only ${b.available} available in ${warehouse.code}`],
  });
}

type PriorMovement = typeof stockMovements.$inferSelect;

async function movementsOfRequest(tx: TenantTx, kinds: StockMovementKind[], requestKey: string): Promise<PriorMovement[]> {
  return tx.select().from(stockMovements).where(and(inArray(stockMovements.kind, kinds), eq(stockMovements.requestKey, requestKey)));
}

const keyReused = () => new DomainError("CONFLICT", "This request key was already used for a different stock operation", { requestKey: ["Already used for a different operation"] });

/**
 * Records the movements of one keyed request, or returns what the first request with this key
 * recorded. `same` says whether the earlier movements carry this request's body.
 */
async function keyedMovements(
  tx: TenantTx, acting: Acting, requestKey: string, kinds: StockMovementKind[], movements: MovementInput[], same: (prior: PriorMovement[]) => boolean,
  /** Checks that only a first request needs (a retry must answer even when stock has moved since). */
  precheck: () => Promise<void> = async () => {},
): Promise<{ movements: PriorMovement[]; created: boolean }> {
  const replay = async () => {
    const prior = await movementsOfRequest(tx, kinds, requestKey);
    if (!prior.length) return null;
    if (!same(prior)) throw keyReused();
    return { movements: prior, created: false };
  };
  const first = await replay();
  if (first) return first;
  await precheck();
  try {
    // A savepoint, so losing the race for the key to a concurrent copy leaves this transaction usable.
    await tx.transaction((sp) => recordMovements(sp, acting.tenantId, acting.userId, movements.map((m) => ({ ...m, requestKey }))));
  } catch (error) {
    if (!isUniqueViolation(error, "stock_movements_request")) throw error;
    const winner = await replay();
    if (!winner) throw error;
    return winner;
  }
  return { movements: await movementsOfRequest(tx, kinds, requestKey), created: true };
}

export interface StockOperationResult { created: boolean; referenceId: string | null; balances: Balance[] }

/** A signed correction of on hand with a mandatory reason (a count found more, or less, than the books). */
export async function adjustStock(tx: TenantTx, acting: Acting, input: AdjustStockInput): Promise<StockOperationResult> {
  const warehouse = await activeWarehouse(tx, input.warehouseId);
  const item = (await activeStockItems(tx, [input.productId], () => "productId")).get(input.productId)!;
  const reason = input.reason.trim();
  if (reason.length < 3) throw new DomainError("BAD_REQUEST", "Give a reason for the adjustment", { reason: ["Give a reason for the adjustment (at least 3 characters)"] });
  const same = (p: PriorMovement[]) => p.length === 1 && p[0].warehouseId === input.warehouseId && p[0].productId === input.productId && p[0].quantity === input.quantity && p[0].reason === reason;
  const result = await keyedMovements(tx, acting, input.requestKey, ["adjustment"], [
    { warehouseId: input.warehouseId, productId: input.productId, kind: "adjustment", quantity: input.quantity, reason },
  ], same, async () => {
    if (input.quantity < 0) await assertAvailable(tx, warehouse, item, -input.quantity, "adjust away");
  });
  return { created: result.created, referenceId: null, balances: [await balanceOf(tx, input.warehouseId, input.productId)] };
}

/** Writes units off as damaged, expired or lost: a negative `scrap` movement with its reason. */
export async function scrapStock(tx: TenantTx, acting: Acting, input: ScrapStockInput): Promise<StockOperationResult> {
  const warehouse = await activeWarehouse(tx, input.warehouseId);
  const item = (await activeStockItems(tx, [input.productId], () => "productId")).get(input.productId)!;
  const reason = input.reason.trim();
  const same = (p: PriorMovement[]) => p.length === 1 && p[0].warehouseId === input.warehouseId && p[0].productId === input.productId && p[0].quantity === -input.quantity && p[0].reason === reason;
  const result = await keyedMovements(tx, acting, input.requestKey, ["scrap"], [
    { warehouseId: input.warehouseId, productId: input.productId, kind: "scrap", quantity: -input.quantity, reason },
  ], same, () => assertAvailable(tx, warehouse, item, input.quantity, "scrap"));
  return { created: result.created, referenceId: null, balances: [await balanceOf(tx, input.warehouseId, input.productId)] };
}

/**
 * Moves available units between two warehouses: a `transfer_out` and a `transfer_in` sharing one
 * reference id, in one statement, so the stock is never counted twice or lost in between.
 */
export async function transferStock(tx: TenantTx, acting: Acting, input: TransferStockInput): Promise<StockOperationResult> {
  if (input.fromWarehouseId === input.toWarehouseId) {
    throw new DomainError("BAD_REQUEST", "A transfer needs two different warehouses", { toWarehouseId: ["A transfer needs two different warehouses"] });
  }
  const from = await activeWarehouse(tx, input.fromWarehouseId, "fromWarehouseId");
  await activeWarehouse(tx, input.toWarehouseId, "toWarehouseId");
  const item = (await activeStockItems(tx, [input.productId], () => "productId")).get(input.productId)!;
  const reason = input.reason.trim();
  const same = (p: PriorMovement[]) => {
    const out = p.find((m) => m.kind === "transfer_out");
    const into = p.find((m) => m.kind === "transfer_in");
    return p.length === 2 && !!out && !!into && out.productId === input.productId && out.warehouseId === input.fromWarehouseId && into.warehouseId === input.toWarehouseId && into.quantity === input.quantity;
  };
  const kinds: StockMovementKind[] = ["transfer_out", "transfer_in"];
  const referenceId = uuidv7();
  const result = await keyedMovements(tx, acting, input.requestKey, kinds, [
    { warehouseId: input.fromWarehouseId, productId: input.productId, kind: "transfer_out", quantity: -input.quantity, reason, referenceType: "transfer", referenceId },
    { warehouseId: input.toWarehouseId, productId: input.productId, kind: "transfer_in", quantity: input.quantity, reason, referenceType: "transfer", referenceId },
  ], same, () => assertAvailable(tx, from, item, input.quantity, "transfer"));
  return {
    created: result.created,
    referenceId: result.movements[0]?.referenceId ?? referenceId,
    balances: [await balanceOf(tx, input.fromWarehouseId, input.productId), await balanceOf(tx, input.toWarehouseId, input.productId)],
  };
}
