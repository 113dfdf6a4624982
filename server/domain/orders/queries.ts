import { sql, type SQL } from "drizzle-orm";
import type { TenantTx } from "../../../db/with-tenant";
import { containsPattern, DomainError } from "../errors";
import { offsetOf, type Page } from "../lists";
import { availabilityInput, orderListInput, type AvailabilityInput, type OrderListInput } from "./schemas";

/*
 * Reads of orders: the board (paged, sorted and filtered by the database), one order with everything
 * that happened to it, the pick list and the portal's availability. RLS decides what a session sees:
 * staff every order, a reseller its customers', a customer its own.
 */

export interface OrderRow {
  id: string;
  number: string;
  customerId: string;
  customer: string;
  source: string;
  status: string;
  hold: string | null;
  holdReason: string;
  currency: string;
  totalMinor: bigint;
  lines: number;
  backorderedUnits: number;
  substitutions: number;
  shipments: number;
  createdAt: Date;
}

const ORDER_SORT_SQL: Record<string, SQL> = {
  number: sql`o.number`,
  created: sql`o.created_at`,
  customer: sql`c.name`,
  status: sql`o.status`,
  total: sql`o.total_minor`,
};

const ACTIVE = sql`o.status in ('open', 'partially_shipped')`;
const HAS_BACKORDER = sql`exists (select 1 from order_lines l where l.tenant_id = o.tenant_id and l.order_id = o.id and l.backordered_quantity > 0)`;
const HAS_SUBSTITUTE = sql`exists (select 1 from order_allocations a where a.tenant_id = o.tenant_id and a.order_id = o.id and a.substitute)`;

function orderFilters(input: OrderListInput): SQL {
  const f: SQL[] = [sql`true`];
  if (input.status) f.push(sql`o.status = ${input.status}`);
  if (input.hold === "held") f.push(sql`o.hold is not null`);
  else if (input.hold === "released") f.push(sql`o.hold is null`);
  else if (input.hold) f.push(sql`o.hold = ${input.hold}`);
  if (input.source) f.push(sql`o.source = ${input.source}`);
  if (input.customerId) f.push(sql`o.customer_id = ${input.customerId}`);
  if (input.search) f.push(sql`(o.number ilike ${containsPattern(input.search)} or c.name ilike ${containsPattern(input.search)})`);
  // The exceptions view lists only orders still in progress: what needs a person now.
  switch (input.exception) {
    case "backorders":
      f.push(sql`${ACTIVE} and ${HAS_BACKORDER}`);
      break;
    case "credit":
      f.push(sql`${ACTIVE} and o.hold in ('credit_hold', 'credit_limit')`);
      break;
    case "approval":
      f.push(sql`${ACTIVE} and o.hold = 'approval'`);
      break;
    case "substitutions":
      f.push(sql`${ACTIVE} and ${HAS_SUBSTITUTE}`);
      break;
    case "any":
      f.push(sql`${ACTIVE} and (o.hold is not null or ${HAS_BACKORDER} or ${HAS_SUBSTITUTE})`);
      break;
  }
  return sql.join(f, sql` and `);
}

export async function listOrders(tx: TenantTx, raw: OrderListInput): Promise<Page<OrderRow>> {
  const input = orderListInput.parse(raw);
  const where = orderFilters(input);
  const from = sql`orders o join customers c on c.tenant_id = o.tenant_id and c.id = o.customer_id`;
  const orderBy = sql`${ORDER_SORT_SQL[input.sort ?? "created"]} ${sql.raw(input.dir)}, o.id ${sql.raw(input.dir)}`;
  const [rows, [{ total }]] = await Promise.all([
    tx.execute<{
      id: string; number: string; customer_id: string; customer: string; source: string; status: string; hold: string | null; hold_reason: string;
      currency: string; total_minor: string; lines: number; backordered_units: number; substitutions: number; shipments: number; created_at: string;
    }>(sql`
      select o.id, o.number, o.customer_id, c.name as customer, o.source, o.status, o.hold, o.hold_reason, o.currency, o.total_minor::text,
             (select count(*)::int from order_lines l where l.tenant_id = o.tenant_id and l.order_id = o.id and l.parent_line_id is null) as lines,
             (select coalesce(sum(l.backordered_quantity), 0)::int from order_lines l where l.tenant_id = o.tenant_id and l.order_id = o.id) as backordered_units,
             (select count(*)::int from order_allocations a where a.tenant_id = o.tenant_id and a.order_id = o.id and a.substitute) as substitutions,
             (select count(*)::int from shipments s where s.tenant_id = o.tenant_id and s.order_id = o.id) as shipments,
             o.created_at
        from ${from} where ${where} order by ${orderBy} limit ${input.pageSize} offset ${offsetOf(input)}`),
    tx.execute<{ total: number }>(sql`select count(*)::int as total from ${from} where ${where}`),
  ]);
  return {
    rows: rows.map((r) => ({
      id: r.id, number: r.number, customerId: r.customer_id, customer: r.customer, source: r.source, status: r.status, hold: r.hold, holdReason: r.hold_reason,
      currency: r.currency, totalMinor: BigInt(r.total_minor), lines: r.lines, backorderedUnits: r.backordered_units, substitutions: r.substitutions,
      shipments: r.shipments, createdAt: new Date(r.created_at),
    })),
    total,
    page: input.page,
    pageSize: input.pageSize,
  };
}

/**
 * One order as the session may see it: header with hold and reason, lines with what is reserved,
 * shipped and backordered (substitutions spelled out), reservations per warehouse, shipments with
 * carrier, tracking and lines, and returns.
 */
export async function orderDetail(tx: TenantTx, orderId: string) {
  const [o] = await tx.execute<{
    id: string; number: string; customer_id: string; customer: string; site_id: string; site: string; site_address: string; currency: string; source: string;
    status: string; hold: string | null; hold_reason: string; priority: number; preferred_warehouse: string | null; total_minor: string; note: string;
    subscription_id: string | null; delivery_date: string | null; created_by: string | null; approved_by: string | null; approved_at: string | null;
    cancelled_at: string | null; created_at: string;
  }>(sql`
    select o.id, o.number, o.customer_id, c.name as customer, s.id as site_id, s.name as site,
           concat_ws(', ', nullif(s.address_line1, ''), nullif(trim(s.postal_code || ' ' || s.city), ''), nullif(s.country_code, '')) as site_address,
           o.currency, o.source, o.status, o.hold, o.hold_reason, o.priority, w.code as preferred_warehouse, o.total_minor::text, o.note,
           o.subscription_id, o.delivery_date::text, o.created_by, o.approved_by, o.approved_at, o.cancelled_at, o.created_at
      from orders o join customers c on c.tenant_id = o.tenant_id and c.id = o.customer_id
      join customer_sites s on s.tenant_id = o.tenant_id and s.id = o.ship_to_site_id
      left join warehouses w on w.tenant_id = o.tenant_id and w.id = o.preferred_warehouse_id
     where o.id = ${orderId}`);
  if (!o) throw new DomainError("NOT_FOUND", "No such order");

  const [lines, allocations, shipments, shipmentLines, returns] = await Promise.all([
    tx.execute<{
      id: string; line_no: number; parent_line_id: string | null; product_id: string; sku: string; name: string; quantity: number; unit_price: string; price_rule: string;
      amount_minor: string; stocked: boolean; backordered_quantity: number;
    }>(sql`
      select l.id, l.line_no, l.parent_line_id, l.product_id, p.sku, p.name, l.quantity, l.unit_price::text, l.price_rule, l.amount_minor::text, l.stocked, l.backordered_quantity
        from order_lines l join products p on p.tenant_id = l.tenant_id and p.id = l.product_id
       where l.order_id = ${orderId} order by l.line_no`),
    tx.execute<{
      id: string; order_line_id: string; warehouse_id: string; warehouse_code: string; warehouse: string; product_id: string; sku: string; name: string;
      quantity: number; shipped_quantity: number; released_quantity: number; covers: number; substitute: boolean;
    }>(sql`
      select a.id, a.order_line_id, a.warehouse_id, w.code as warehouse_code, w.name as warehouse, a.product_id, p.sku, p.name,
             a.quantity, a.shipped_quantity, a.released_quantity, a.covers, a.substitute
        from order_allocations a join warehouses w on w.tenant_id = a.tenant_id and w.id = a.warehouse_id
        join products p on p.tenant_id = a.tenant_id and p.id = a.product_id
       where a.order_id = ${orderId} order by w.priority desc, w.code, a.created_at`),
    tx.execute<{ id: string; number: string; warehouse_id: string; warehouse_code: string; warehouse: string; carrier: string; tracking_number: string; shipped_at: string }>(sql`
      select s.id, s.number, s.warehouse_id, w.code as warehouse_code, w.name as warehouse, s.carrier, s.tracking_number, s.created_at as shipped_at
        from shipments s join warehouses w on w.tenant_id = s.tenant_id and w.id = s.warehouse_id
       where s.order_id = ${orderId} order by s.created_at, s.number`),
    tx.execute<{ shipment_id: string; order_line_id: string; allocation_id: string; product_id: string; sku: string; name: string; quantity: number }>(sql`
      select sl.shipment_id, sl.order_line_id, sl.allocation_id, sl.product_id, p.sku, p.name, sl.quantity
        from shipment_lines sl join products p on p.tenant_id = sl.tenant_id and p.id = sl.product_id
       where sl.order_id = ${orderId} order by p.sku`),
    tx.execute<{ id: string; number: string; status: string; reason: string; created_at: string; units: number; amount_minor: string }>(sql`
      select r.id, r.number, r.status, r.reason, r.created_at,
             (select coalesce(sum(quantity), 0)::int from return_lines rl where rl.tenant_id = r.tenant_id and rl.return_id = r.id) as units,
             (select coalesce(sum(amount_minor), 0)::text from return_lines rl where rl.tenant_id = r.tenant_id and rl.return_id = r.id) as amount_minor
        from returns r where r.order_id = ${orderId} order by r.created_at`),
  ]);

  const open = (a: (typeof allocations)[number]) => a.quantity - a.shipped_quantity - a.released_quantity;
  const lineById = new Map(lines.map((l) => [l.id, l]));
  return {
    id: o.id,
    number: o.number,
    customerId: o.customer_id,
    customer: o.customer,
    shipTo: { id: o.site_id, name: o.site, address: o.site_address },
    currency: o.currency,
    source: o.source,
    status: o.status,
    hold: o.hold,
    holdReason: o.hold_reason,
    priority: o.priority,
    preferredWarehouse: o.preferred_warehouse,
    totalMinor: BigInt(o.total_minor),
    note: o.note,
    subscriptionId: o.subscription_id,
    deliveryDate: o.delivery_date,
    createdBy: o.created_by,
    approvedBy: o.approved_by,
    approvedAt: o.approved_at ? new Date(o.approved_at) : null,
    cancelledAt: o.cancelled_at ? new Date(o.cancelled_at) : null,
    createdAt: new Date(o.created_at),
    lines: lines.map((l) => {
      const own = allocations.filter((a) => a.order_line_id === l.id);
      const substitutes = own.filter((a) => a.substitute);
      return {
        id: l.id,
        lineNo: l.line_no,
        parentLineId: l.parent_line_id,
        productId: l.product_id,
        sku: l.sku,
        name: l.name,
        quantity: l.quantity,
        unitPrice: l.unit_price,
        priceRule: l.price_rule,
        amountMinor: BigInt(l.amount_minor),
        stocked: l.stocked,
        /** In units of the products reserved (a substitute may take 2 for 1). */
        reservedQuantity: own.reduce((s, a) => s + open(a), 0),
        shippedQuantity: own.reduce((s, a) => s + a.shipped_quantity, 0),
        backorderedQuantity: l.backordered_quantity,
        substitutions: [...new Map(substitutes.map((a) => [a.product_id, a])).values()].map((a) => {
          const all = substitutes.filter((x) => x.product_id === a.product_id);
          const quantity = all.reduce((s, x) => s + x.quantity, 0);
          const covers = all.reduce((s, x) => s + x.covers, 0);
          return { productId: a.product_id, sku: a.sku, name: a.name, quantity, covers, text: `${l.name} (${l.sku}) substituted by ${a.name} (${a.sku}): ${quantity} for ${covers}` };
        }),
      };
    }),
    allocations: allocations.map((a) => ({
      id: a.id,
      orderLineId: a.order_line_id,
      lineNo: lineById.get(a.order_line_id)?.line_no ?? 0,
      warehouseId: a.warehouse_id,
      warehouseCode: a.warehouse_code,
      warehouse: a.warehouse,
      productId: a.product_id,
      sku: a.sku,
      name: a.name,
      quantity: a.quantity,
      shippedQuantity: a.shipped_quantity,
      releasedQuantity: a.released_quantity,
      /** Still reserved: what may ship from here. */
      openQuantity: open(a),
      covers: a.covers,
      substitute: a.substitute,
    })),
    shipments: shipments.map((s) => ({
      id: s.id,
      number: s.number,
      warehouseId: s.warehouse_id,
      warehouseCode: s.warehouse_code,
      warehouse: s.warehouse,
      carrier: s.carrier,
      trackingNumber: s.tracking_number,
      shippedAt: new Date(s.shipped_at),
      lines: shipmentLines
        .filter((sl) => sl.shipment_id === s.id)
        .map((sl) => ({ orderLineId: sl.order_line_id, lineNo: lineById.get(sl.order_line_id)?.line_no ?? 0, allocationId: sl.allocation_id, productId: sl.product_id, sku: sl.sku, name: sl.name, quantity: sl.quantity })),
    })),
    returns: returns.map((r) => ({ id: r.id, number: r.number, status: r.status, reason: r.reason, units: r.units, amountMinor: BigInt(r.amount_minor), createdAt: new Date(r.created_at) })),
  };
}
export type OrderDetail = Awaited<ReturnType<typeof orderDetail>>;

/** At most this many pick lines per call; the ship screen works one warehouse at a time anyway. */
export const PICK_LIST_LIMIT = 2000;

/**
 * What to pick, per warehouse: every open reservation (reserved, not shipped or released) of a
 * released order still in progress, oldest order first, with the ship-to address.
 */
export async function pickList(tx: TenantTx, warehouseId?: string) {
  const rows = await tx.execute<{
    warehouse_id: string; warehouse_code: string; warehouse: string; allocation_id: string; order_id: string; order_number: string; order_line_id: string; line_no: number;
    product_id: string; sku: string; name: string; quantity: number; substitute: boolean; customer: string; ship_to: string; ship_to_address: string;
  }>(sql`
    select a.warehouse_id, w.code as warehouse_code, w.name as warehouse, a.id as allocation_id, o.id as order_id, o.number as order_number,
           a.order_line_id, l.line_no, a.product_id, p.sku, p.name, (a.quantity - a.shipped_quantity - a.released_quantity) as quantity, a.substitute,
           c.name as customer, s.name as ship_to,
           concat_ws(', ', nullif(s.address_line1, ''), nullif(trim(s.postal_code || ' ' || s.city), ''), nullif(s.country_code, '')) as ship_to_address
      from order_allocations a
      join orders o on o.tenant_id = a.tenant_id and o.id = a.order_id
      join order_lines l on l.tenant_id = a.tenant_id and l.id = a.order_line_id
      join warehouses w on w.tenant_id = a.tenant_id and w.id = a.warehouse_id
      join products p on p.tenant_id = a.tenant_id and p.id = a.product_id
      join customers c on c.tenant_id = o.tenant_id and c.id = o.customer_id
      join customer_sites s on s.tenant_id = o.tenant_id and s.id = o.ship_to_site_id
     where a.quantity - a.shipped_quantity - a.released_quantity > 0 and o.hold is null and o.status in ('open', 'partially_shipped')
       and (${warehouseId ?? null}::uuid is null or a.warehouse_id = ${warehouseId ?? null}::uuid)
     order by w.priority desc, w.code, o.priority desc, o.created_at, o.number, l.line_no
     limit ${PICK_LIST_LIMIT + 1}`);
  const truncated = rows.length > PICK_LIST_LIMIT;
  const groups = new Map<string, PickListWarehouse>();
  for (const r of rows.slice(0, PICK_LIST_LIMIT)) {
    const g = groups.get(r.warehouse_id) ?? { warehouseId: r.warehouse_id, warehouseCode: r.warehouse_code, warehouse: r.warehouse, units: 0, lines: [] };
    groups.set(r.warehouse_id, g);
    g.units += r.quantity;
    g.lines.push({
      allocationId: r.allocation_id, orderId: r.order_id, orderNumber: r.order_number, orderLineId: r.order_line_id, lineNo: r.line_no, productId: r.product_id,
      sku: r.sku, name: r.name, quantity: r.quantity, substitute: r.substitute, customer: r.customer, shipTo: r.ship_to, shipToAddress: r.ship_to_address,
    });
  }
  return { warehouses: [...groups.values()], truncated };
}

export interface PickLine {
  allocationId: string; orderId: string; orderNumber: string; orderLineId: string; lineNo: number; productId: string; sku: string; name: string;
  quantity: number; substitute: boolean; customer: string; shipTo: string; shipToAddress: string;
}
export interface PickListWarehouse { warehouseId: string; warehouseCode: string; warehouse: string; units: number; lines: PickLine[] }

export interface AvailabilityRow { productId: string; sku: string; name: string; unitOfMeasure: string; available: number }

const AVAILABILITY_SORT_SQL: Record<string, SQL> = { sku: sql`p.sku`, name: sql`p.name`, available: sql`available` };

/** Orderable stock items with what is available now (on hand less reserved) across active warehouses. */
export async function availability(tx: TenantTx, raw: AvailabilityInput): Promise<Page<AvailabilityRow>> {
  const input = availabilityInput.parse(raw);
  const where = sql`p.kind = 'stock_item' and p.status = 'active'
    ${input.search ? sql`and (p.sku ilike ${containsPattern(input.search)} or p.name ilike ${containsPattern(input.search)})` : sql``}`;
  const orderBy = sql`${AVAILABILITY_SORT_SQL[input.sort ?? "name"]} ${sql.raw(input.dir)}, p.id`;
  const [rows, [{ total }]] = await Promise.all([
    tx.execute<{ id: string; sku: string; name: string; unit_of_measure: string; available: number }>(sql`
      select p.id, p.sku, p.name, p.unit_of_measure,
             coalesce((select sum(b.available) from stock_balances b join warehouses w on w.tenant_id = b.tenant_id and w.id = b.warehouse_id and w.status = 'active'
                        where b.tenant_id = p.tenant_id and b.product_id = p.id), 0)::int as available
        from products p where ${where} order by ${orderBy} limit ${input.pageSize} offset ${offsetOf(input)}`),
    tx.execute<{ total: number }>(sql`select count(*)::int as total from products p where ${where}`),
  ]);
  return {
    rows: rows.map((r) => ({ productId: r.id, sku: r.sku, name: r.name, unitOfMeasure: r.unit_of_measure, available: r.available })),
    total,
    page: input.page,
    pageSize: input.pageSize,
  };
}
