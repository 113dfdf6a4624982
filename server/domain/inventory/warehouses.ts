import { asc, desc, eq, sql } from "drizzle-orm";
import { warehouses } from "../../../db/schema";
import type { TenantTx } from "../../../db/with-tenant";
import { recordAudit } from "../access/audit";
import { DomainError, isUniqueViolation } from "../errors";
import type { CreateWarehouseInput, UpdateWarehouseInput } from "./schemas";

/** Who is making a change: the tenant it happens in and the user the ledger and audit log name. */
export interface Acting { tenantId: string; userId: string | null }

export type Warehouse = typeof warehouses.$inferSelect;

const COMPARED = ["name", "priority", "addressLine1", "addressLine2", "city", "postalCode", "countryCode"] as const satisfies ReadonlyArray<keyof Warehouse & keyof CreateWarehouseInput>;
const codeTaken = (code: string) => new DomainError("CONFLICT", `Warehouse code ${code} is already used`, { code: ["This code is already used by another warehouse"] });

/** Warehouses by priority (tried first at the top), archived ones last when asked for. */
export async function listWarehouses(tx: TenantTx, opts: { includeArchived?: boolean } = {}): Promise<Warehouse[]> {
  return tx
    .select()
    .from(warehouses)
    .where(opts.includeArchived ? undefined : eq(warehouses.status, "active"))
    .orderBy(asc(warehouses.status), desc(warehouses.priority), asc(warehouses.code));
}

/** One warehouse the session may see; NOT_FOUND otherwise. */
export async function loadWarehouse(tx: TenantTx, id: string, opts: { forUpdate?: boolean } = {}): Promise<Warehouse> {
  const query = tx.select().from(warehouses).where(eq(warehouses.id, id));
  const [row] = opts.forUpdate ? await query.for("update") : await query;
  if (!row) throw new DomainError("NOT_FOUND", "No such warehouse");
  return row;
}

/** An active warehouse for a stock operation; an archived one is a clear error on the given field. */
export async function activeWarehouse(tx: TenantTx, id: string, field = "warehouseId"): Promise<Warehouse> {
  // FOR SHARE: archiving (FOR UPDATE) waits for stock operations in flight, and they for it.
  const [row] = await tx.select().from(warehouses).where(eq(warehouses.id, id)).for("share");
  if (!row) throw new DomainError("BAD_REQUEST", "No such warehouse", { [field]: ["No such warehouse"] });
  if (row.status !== "active") throw new DomainError("BAD_REQUEST", `Warehouse ${row.code} is archived`, { [field]: [`Warehouse ${row.code} is archived`] });
  return row;
}

/**
 * Creates a warehouse. The code is the natural key: the same code with the same details returns the
 * existing warehouse (a retry), with other details it is a CONFLICT.
 */
export async function createWarehouse(tx: TenantTx, acting: Acting, input: CreateWarehouseInput & { id?: string }): Promise<{ warehouse: Warehouse; created: boolean }> {
  const retry = (existing: Warehouse) => {
    if (COMPARED.every((f) => existing[f] === input[f])) return { warehouse: existing, created: false };
    throw codeTaken(existing.code);
  };
  const [existing] = await tx.select().from(warehouses).where(eq(warehouses.code, input.code));
  if (existing) return retry(existing);
  let row: Warehouse | undefined;
  try {
    // A savepoint, so a concurrent create of the same code leaves this transaction usable.
    [row] = await tx.transaction((sp) => sp.insert(warehouses).values({ ...input, tenantId: acting.tenantId }).returning());
  } catch (error) {
    if (!isUniqueViolation(error, "warehouses_code")) throw error;
    const [winner] = await tx.select().from(warehouses).where(eq(warehouses.code, input.code));
    if (!winner) throw error;
    return retry(winner);
  }
  await recordAudit(tx, { tenantId: acting.tenantId, actorUserId: acting.userId, action: "warehouse.created", entityType: "warehouse", entityId: row.id, data: { code: row.code, name: row.name, priority: row.priority } });
  return { warehouse: row, created: true };
}

/** Changes the given fields; the audit entry records each changed field's old and new value. */
export async function updateWarehouse(tx: TenantTx, acting: Acting, input: UpdateWarehouseInput): Promise<Warehouse> {
  const { id, ...changes } = input;
  const current = await loadWarehouse(tx, id, { forUpdate: true });
  const set: Partial<Warehouse> = {};
  const diff: Record<string, { from: unknown; to: unknown }> = {};
  for (const [key, value] of Object.entries(changes) as Array<[keyof typeof changes, unknown]>) {
    if (value === undefined || current[key] === value) continue;
    (set as Record<string, unknown>)[key] = value;
    diff[key] = { from: current[key], to: value };
  }
  if (Object.keys(set).length === 0) return current;
  let row: Warehouse;
  try {
    [row] = await tx.transaction((sp) => sp.update(warehouses).set(set).where(eq(warehouses.id, id)).returning());
  } catch (error) {
    if (isUniqueViolation(error, "warehouses_code")) throw codeTaken(String(changes.code));
    throw error;
  }
  await recordAudit(tx, { tenantId: acting.tenantId, actorUserId: acting.userId, action: "warehouse.updated", entityType: "warehouse", entityId: id, data: { changes: diff } });
  return row;
}

/**
 * Archives (or restores) a warehouse. Archiving needs it empty: stock on hand there would become
 * unreachable for allocation, so it has to be transferred or scrapped first.
 */
export async function setWarehouseArchived(tx: TenantTx, acting: Acting, id: string, archived: boolean): Promise<{ warehouse: Warehouse; changed: boolean }> {
  const current = await loadWarehouse(tx, id, { forUpdate: true });
  const status = archived ? "archived" : "active";
  if (current.status === status) return { warehouse: current, changed: false };
  if (archived) {
    const [stocked] = await tx.execute<{ units: string | null }>(
      // Locks the balances so a concurrent movement cannot slip stock in while archiving.
      sql`select sum(on_hand)::text as units from (select on_hand from stock_balances where warehouse_id = ${id} for update) b`,
    );
    if (Number(stocked?.units ?? 0) > 0) {
      throw new DomainError("BAD_REQUEST", `Warehouse ${current.code} still holds ${stocked.units} units: transfer or scrap them before archiving`);
    }
  }
  const [row] = await tx.update(warehouses).set({ status }).where(eq(warehouses.id, id)).returning();
  await recordAudit(tx, { tenantId: acting.tenantId, actorUserId: acting.userId, action: archived ? "warehouse.archived" : "warehouse.restored", entityType: "warehouse", entityId: id, data: { code: current.code } });
  return { warehouse: row, changed: true };
}
