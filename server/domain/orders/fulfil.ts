import { sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { plainArray } from "../../../db/pg-arrays";
import { asSystem, type TenantTx } from "../../../db/with-tenant";
import { DomainError, isUniqueViolation } from "../errors";
import { invoiceShipment } from "../billing/invoices";
import { recordMovements } from "../inventory/movements";
import { emitEvent } from "../events/emit";
import { formatReference, nextNumber } from "../tenancy/counters";
import { lockStock } from "./allocate";
import type { Acting } from "./place";
import { cancelOrderInput, shipInput, type CancelOrderInput, type ShipInput } from "./schemas";

interface LockedOrder { id: string; number: string; customer_id: string; status: string; hold: string | null; [key: string]: unknown }

function parse<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: Array<{ message: string }> } } }, raw: unknown): T {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new DomainError("BAD_REQUEST", parsed.error.issues[0].message);
  return parsed.data;
}

/**
 * Reads the order as the session may see it (RLS: a customer only its own), then locks its row as
 * the tenant: the first lock of every fulfilment write, before `lockStock`, so shipping, cancelling
 * and returning one order queue behind each other in the same lock order.
 */
export async function lockOrderRow(tx: TenantTx, orderId: string): Promise<LockedOrder> {
  const [visible] = await tx.execute<{ id: string }>(sql`select id from orders where id = ${orderId}`);
  if (!visible) throw new DomainError("NOT_FOUND", "No such order");
  const [order] = await asSystem(tx, () =>
    tx.execute<LockedOrder>(sql`select id, number, customer_id, status, hold from orders where id = ${orderId} for update`),
  );
  return order;
}

/**
 * Sets an open or partially shipped order's status from its lines: shipped when every stocked line
 * is covered by reservations that are all shipped (nothing backordered, nothing left to pick),
 * partially shipped once anything left, open otherwise.
 */
export async function refreshOrderStatus(tx: TenantTx, orderId: string): Promise<string> {
  const [row] = await asSystem(tx, () =>
    tx.execute<{ status: string }>(sql`
      with lines as (
        select l.id, l.quantity, l.backordered_quantity,
               coalesce(sum(a.covers), 0) as covered,
               coalesce(sum(a.quantity - a.shipped_quantity - a.released_quantity), 0) as open
          from order_lines l left join order_allocations a on a.tenant_id = l.tenant_id and a.order_line_id = l.id
         where l.order_id = ${orderId} and l.stocked
         group by l.tenant_id, l.id
      )
      update orders o set updated_at = now(), status = case
          when exists (select 1 from lines) and not exists (select 1 from lines where backordered_quantity > 0 or covered < quantity or open > 0) then 'shipped'
          when exists (select 1 from shipments s where s.tenant_id = o.tenant_id and s.order_id = o.id) then 'partially_shipped'
          else 'open' end
       where o.id = ${orderId} and o.status in ('open', 'partially_shipped')
      returning o.status`),
  );
  return row?.status ?? "";
}

interface OpenAllocation { id: string; order_line_id: string; line_no: number; warehouse_id: string; product_id: string; open: number; [key: string]: unknown }

/**
 * Ships goods of one order from one warehouse: each line names a reservation (or an order line, whose
 * reservation at that warehouse is used) and a quantity. On hand and reserved go down together through
 * the stock ledger ('shipment' movements), the reservations record what left, and the order's status
 * follows. Shipping more than is reserved there is refused and changes nothing. A retry with the same
 * request key returns the first shipment.
 */
export async function shipOrder(tx: TenantTx, acting: Acting, raw: ShipInput): Promise<{ shipmentId: string; number: string; status: string; created: boolean }> {
  const input = parse(shipInput, raw);
  const order = await lockOrderRow(tx, input.orderId);
  if (input.requestKey) {
    // After the order lock: a concurrent retry of the same request waited for the first to commit.
    const [existing] = await tx.execute<{ id: string; number: string }>(sql`select id, number from shipments where request_key = ${input.requestKey}`);
    if (existing) return { shipmentId: existing.id, number: existing.number, status: order.status, created: false };
  }
  if (order.status === "cancelled" || order.status === "closed") throw new DomainError("CONFLICT", `Order ${order.number} is ${order.status}: nothing can ship`);
  if (order.hold) throw new DomainError("CONFLICT", `Order ${order.number} is on hold: nothing is reserved to ship`);
  const [warehouse] = await tx.execute<{ code: string }>(sql`select code from warehouses where id = ${input.warehouseId}`);
  if (!warehouse) throw new DomainError("BAD_REQUEST", "No such warehouse", { warehouseId: ["Choose a warehouse"] });

  const readAllocations = () =>
    tx.execute<OpenAllocation>(sql`
      select a.id, a.order_line_id, l.line_no, a.warehouse_id, a.product_id, (a.quantity - a.shipped_quantity - a.released_quantity) as open
        from order_allocations a join order_lines l on l.tenant_id = a.tenant_id and l.id = a.order_line_id
       where a.order_id = ${order.id}`);
  // Lock the stock of every product reserved for the order, then read the reservations again: what a
  // concurrent receipt added to this order before we got the lock is seen.
  await lockStock(tx, [...new Set((await readAllocations()).map((a) => a.product_id))]);
  const allocations = await readAllocations();

  const wanted = new Map<string, number>();
  const firstLine = new Map<string, number>();
  input.lines.forEach((line, i) => {
    const where = `lines.${i}`;
    let allocation: OpenAllocation | undefined;
    if (line.allocationId) {
      allocation = allocations.find((a) => a.id === line.allocationId);
      if (!allocation) throw new DomainError("BAD_REQUEST", `Line ${i + 1}: that reservation is not part of order ${order.number}`, { [`${where}.allocationId`]: ["Not a reservation of this order"] });
      if (line.orderLineId && allocation.order_line_id !== line.orderLineId) throw new DomainError("BAD_REQUEST", `Line ${i + 1}: the reservation belongs to another order line`, { [`${where}.orderLineId`]: ["Does not match the reservation"] });
    } else {
      const candidates = allocations.filter((a) => a.order_line_id === line.orderLineId && a.warehouse_id === input.warehouseId && a.open > 0);
      if (candidates.length === 0) {
        throw new DomainError("BAD_REQUEST", `Line ${i + 1}: nothing of that order line is reserved at ${warehouse.code}`, { [`${where}.orderLineId`]: ["Nothing reserved at this warehouse"] });
      }
      if (candidates.length > 1) {
        throw new DomainError("BAD_REQUEST", `Line ${i + 1}: the order line is reserved as the ordered item and a substitute at ${warehouse.code}: ship by reservation`, { [`${where}.allocationId`]: ["Choose the reservation"] });
      }
      allocation = candidates[0];
    }
    if (allocation.warehouse_id !== input.warehouseId) {
      throw new DomainError("BAD_REQUEST", `Line ${i + 1}: that reservation is in another warehouse; a shipment leaves from one warehouse (${warehouse.code})`, { [`${where}.allocationId`]: ["Reserved in another warehouse"] });
    }
    wanted.set(allocation.id, (wanted.get(allocation.id) ?? 0) + line.quantity);
    if (!firstLine.has(allocation.id)) firstLine.set(allocation.id, i);
  });
  for (const [allocationId, quantity] of wanted) {
    const a = allocations.find((x) => x.id === allocationId)!;
    if (quantity > a.open) {
      throw new DomainError("BAD_REQUEST", `Order line ${a.line_no}: ${quantity} to ship but only ${a.open} reserved at ${warehouse.code}`, {
        [`lines.${firstLine.get(allocationId)}.quantity`]: [`At most ${a.open}`],
      });
    }
  }

  const shipmentId = uuidv7();
  // Shipments are append-only, so the number is drawn before the insert (after every check).
  const number = formatReference("SHP", await nextNumber(tx, acting.tenantId, "shipment"));
  const ids = [...wanted.keys()];
  const quantities = ids.map((id) => wanted.get(id)!);
  try {
    await asSystem(tx, () =>
      tx.transaction((sp) =>
        sp.execute(sql`
          insert into shipments (tenant_id, id, number, order_id, warehouse_id, carrier, tracking_number, request_key, shipped_by)
          values (${acting.tenantId}, ${shipmentId}, ${number}, ${order.id}, ${input.warehouseId}, ${input.carrier}, ${input.trackingNumber},
                  ${input.requestKey ?? null}, ${acting.userId})`),
      ),
    );
  } catch (error) {
    if (input.requestKey && isUniqueViolation(error, "shipments_request")) throw new DomainError("CONFLICT", "This request key was already used for another shipment");
    throw error;
  }
  await asSystem(tx, async () => {
    await tx.execute(sql`
      with x as (select * from unnest(${plainArray(ids)}::uuid[], ${plainArray(quantities)}::int[]) as x(allocation_id, quantity)),
      bumped as (
        update order_allocations a set shipped_quantity = a.shipped_quantity + x.quantity
          from x where a.tenant_id = ${acting.tenantId} and a.id = x.allocation_id
        returning a.id, a.order_id, a.order_line_id, a.product_id, x.quantity
      )
      insert into shipment_lines (tenant_id, shipment_id, order_id, order_line_id, allocation_id, product_id, quantity)
      select ${acting.tenantId}, ${shipmentId}, order_id, order_line_id, id, product_id, quantity from bumped`);
    // One movement per product: on hand and reserved leave together.
    const perProduct = new Map<string, number>();
    for (const [id, q] of wanted) {
      const productId = allocations.find((a) => a.id === id)!.product_id;
      perProduct.set(productId, (perProduct.get(productId) ?? 0) + q);
    }
    await recordMovements(
      tx,
      acting.tenantId,
      acting.userId,
      [...perProduct].map(([productId, q]) => ({ warehouseId: input.warehouseId, productId, kind: "shipment" as const, quantity: -q, reservedChange: -q, referenceType: "shipment", referenceId: shipmentId })),
    );
  });
  const status = await refreshOrderStatus(tx, order.id);
  emitEvent(tx, acting.tenantId, "order.shipped", {
    orderId: order.id,
    orderNumber: order.number,
    shipmentId,
    shipmentNumber: number,
    warehouseId: input.warehouseId,
    carrier: input.carrier,
    trackingNumber: input.trackingNumber,
    orderStatus: status,
    lines: ids.map((id, i) => ({ allocationId: id, productId: allocations.find((a) => a.id === id)!.product_id, quantity: quantities[i] })),
  });
  // Goods outside a subscription are invoiced at shipment, in this transaction (a retry returns the first shipment above, so nothing is invoiced twice).
  await invoiceShipment(tx, acting.tenantId, shipmentId);
  return { shipmentId, number, status, created: true };
}

/**
 * Releases every open reservation of an order (what is neither shipped nor released yet) in one
 * statement, balances' reserved going down with it, and clears its backorders. The caller holds the
 * order's row lock.
 */
async function releaseOrder(tx: TenantTx, tenantId: string, orderId: string): Promise<number> {
  return asSystem(tx, async () => {
    // Every product the order reserves or waits for: a receipt filling a backorder queues behind us.
    const products = await tx.execute<{ product_id: string }>(sql`
      select product_id from order_lines where order_id = ${orderId} and stocked
      union select product_id from order_allocations where order_id = ${orderId}`);
    const productIds = products.map((p) => p.product_id);
    // A product never stocked has no balance row for lockStock to wait on, and a concurrent first
    // receipt of it could fill this order's backorder unseen. Empty rows in every active warehouse
    // (consistent with an empty ledger) make that receipt's insert queue behind this transaction.
    await tx.execute(sql`
      insert into stock_balances (tenant_id, warehouse_id, product_id)
      select ${tenantId}::uuid, w.id, p.id from unnest(${plainArray(productIds)}::uuid[]) as p(id)
        cross join warehouses w
       where w.tenant_id = ${tenantId} and w.status = 'active'
         and not exists (select 1 from stock_balances b where b.tenant_id = ${tenantId} and b.product_id = p.id)
       order by p.id, w.id
      on conflict (tenant_id, product_id, warehouse_id) do nothing`);
    await lockStock(tx, productIds);
    await tx.execute(sql`update order_lines set backordered_quantity = 0 where order_id = ${orderId} and backordered_quantity > 0`);
    const [released] = await tx.execute<{ units: number }>(sql`
      with released as (
        update order_allocations a set released_quantity = a.quantity - a.shipped_quantity
          from (select id, quantity - shipped_quantity - released_quantity as units from order_allocations
                 where order_id = ${orderId} and quantity - shipped_quantity - released_quantity > 0) o
         where a.tenant_id = ${tenantId} and a.id = o.id
        returning a.warehouse_id, a.product_id, o.units
      ),
      per_location as (
        select r.warehouse_id, r.product_id, sum(r.units)::int as units from released r group by r.warehouse_id, r.product_id
      ),
      balances as (
        update stock_balances b set reserved = b.reserved - p.units, updated_at = now()
          from per_location p where b.tenant_id = ${tenantId} and b.warehouse_id = p.warehouse_id and b.product_id = p.product_id
        returning p.units
      )
      select coalesce(sum(units), 0)::int as units from balances`);
    return released.units;
  });
}

/**
 * Cancels an order. Staff may cancel whatever has not fully shipped; a customer its own order while
 * nothing has shipped. Open reservations are released and backorders cleared. An order nothing of
 * which shipped becomes cancelled; one partially shipped is closed (the rest cancelled, what left
 * stays billable). Cancelling a cancelled order changes nothing.
 */
export async function cancelOrder(
  tx: TenantTx,
  acting: Acting & { portal: "operator" | "reseller" | "customer" },
  raw: CancelOrderInput,
): Promise<{ status: string; releasedUnits: number; changed: boolean }> {
  const input = parse(cancelOrderInput, raw);
  const order = await lockOrderRow(tx, input.id);
  if (order.status === "cancelled") {
    // Normally releases nothing; kept so a repeated cancel also mops up anything reserved since.
    const releasedUnits = await releaseOrder(tx, acting.tenantId, order.id);
    return { status: "cancelled", releasedUnits, changed: releasedUnits > 0 };
  }
  if (order.status === "shipped" || order.status === "closed") throw new DomainError("CONFLICT", `Order ${order.number} is ${order.status}: there is nothing left to cancel`);
  if (order.status === "partially_shipped" && acting.portal === "customer") {
    throw new DomainError("FORBIDDEN", `Part of order ${order.number} has shipped: ask us to cancel the rest`);
  }
  const releasedUnits = await releaseOrder(tx, acting.tenantId, order.id);
  const status = order.status === "partially_shipped" ? "closed" : "cancelled";
  await asSystem(tx, () =>
    tx.execute(sql`
      update orders set status = ${status}, cancelled_at = now(), updated_at = now(),
             note = case when ${input.reason}::text = '' then note else concat_ws(E'\n', nullif(note, ''), ${`Cancelled: ${input.reason}`}::text) end
       where id = ${order.id}`),
  );
  return { status, releasedUnits, changed: true };
}

/**
 * Closes an order: a shipped one (done), or a partially shipped one whose rest will not ship (its
 * reservations are released and backorders cleared). A closed order changes nothing.
 */
export async function closeOrder(tx: TenantTx, acting: Acting, orderId: string): Promise<{ status: string; releasedUnits: number; changed: boolean }> {
  const order = await lockOrderRow(tx, orderId);
  if (order.status === "closed") return { status: "closed", releasedUnits: 0, changed: false };
  if (order.status !== "shipped" && order.status !== "partially_shipped") {
    throw new DomainError("CONFLICT", order.status === "cancelled" ? `Order ${order.number} is cancelled` : `Order ${order.number} has not shipped yet: cancel it instead`);
  }
  const releasedUnits = order.status === "partially_shipped" ? await releaseOrder(tx, acting.tenantId, order.id) : 0;
  await asSystem(tx, () => tx.execute(sql`update orders set status = 'closed', updated_at = now() where id = ${order.id}`));
  return { status: "closed", releasedUnits, changed: true };
}
