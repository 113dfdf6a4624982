import { sql, type SQL } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { plainArray, textArray } from "../../../db/pg-arrays";
import { asSystem, type TenantTx } from "../../../db/with-tenant";
import { containsPattern, DomainError, isUniqueViolation } from "../errors";
import { recordMovements, type MovementInput } from "../inventory/movements";
import { offsetOf, type Page } from "../lists";
import { Dec, lineTotalMinor } from "../money/money";
import { creditNoteForReturn } from "../billing/credit-notes";
import { emitEvent } from "../events/emit";
import { tenantPolicy } from "../tenancy/settings";
import { formatReference, nextNumber } from "../tenancy/counters";
import { localDateIn } from "../usage/ingest";
import { emitAllocationEvents, fillBackorders, lockStock } from "./allocate";
import { lockOrderRow } from "./fulfil";
import type { Acting } from "./place";
import {
  decideReturnInput, receiveReturnInput, rejectReturnInput, requestReturnInput, returnListInput,
  type DecideReturnInput, type ReceiveReturnInput, type RequestReturnInput, type ReturnListInput,
} from "./schemas";

function parse<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: Array<{ message: string }> } } }, raw: unknown): T {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new DomainError("BAD_REQUEST", parsed.error.issues[0].message);
  return parsed.data;
}

interface Returnable {
  order_line_id: string;
  line_no: number;
  product_id: string;
  sku: string;
  name: string;
  shipped: number;
  returned: number;
  /** The price per unit of this product as sold: the line's price, or its share for a substitute. */
  unit_price: string;
  tax_class: string;
  [key: string]: unknown;
}

/**
 * Per order line and shipped product: what shipped, what is already on a return (not rejected; a
 * received return counts what arrived), the price as sold and the line's tax class (what was invoiced).
 */
async function returnable(tx: TenantTx, orderId: string): Promise<Returnable[]> {
  return tx.execute<Returnable>(sql`
    with shipped as (
      select order_line_id, product_id, sum(quantity)::int as shipped from shipment_lines where order_id = ${orderId} group by order_line_id, product_id
    ),
    returned as (
      select rl.order_line_id, rl.product_id, sum(coalesce(rl.received_quantity, rl.quantity))::int as returned
        from return_lines rl join returns r on r.tenant_id = rl.tenant_id and r.id = rl.return_id
       where r.order_id = ${orderId} and r.status <> 'rejected'
       group by rl.order_line_id, rl.product_id
    ),
    ratio as (
      select order_line_id, product_id, sum(covers)::numeric / sum(quantity) as per_unit
        from order_allocations where order_id = ${orderId} group by order_line_id, product_id
    )
    select s.order_line_id, l.line_no, s.product_id, p.sku, p.name, s.shipped, coalesce(r.returned, 0) as returned,
           round(l.unit_price * case when s.product_id = l.product_id then 1 else coalesce(q.per_unit, 1) end, 6)::text as unit_price,
           lp.tax_class
      from shipped s
      join order_lines l on l.id = s.order_line_id
      join products lp on lp.id = l.product_id
      join products p on p.id = s.product_id
      left join returned r on r.order_line_id = s.order_line_id and r.product_id = s.product_id
      left join ratio q on q.order_line_id = s.order_line_id and q.product_id = s.product_id
     order by l.line_no, p.sku`);
}

/**
 * Requests a return (RMA) of shipped goods: per line at most what shipped and is not already on a
 * return. Each line keeps the unit price, amount (half-up, minor units) and tax class as sold, which
 * billing turns into a credit note. A customer asks for its own orders (RLS); staff on its behalf.
 */
export async function requestReturn(tx: TenantTx, acting: Acting, raw: RequestReturnInput): Promise<{ returnId: string; number: string; created: boolean }> {
  const input = parse(requestReturnInput, raw);
  const byKey = async () => {
    if (!input.requestKey) return null;
    const [row] = await tx.execute<{ id: string; number: string }>(sql`select id, number from returns where request_key = ${input.requestKey}`);
    return row ? { returnId: row.id, number: row.number, created: false } : null;
  };
  const order = await lockOrderRow(tx, input.orderId);
  const existing = await byKey();
  if (existing) return existing;
  const [header] = await tx.execute<{ currency: string }>(sql`select currency from orders where id = ${order.id}`);

  const available = await returnable(tx, order.id);
  const asked = new Map<string, { row: Returnable; quantity: number; index: number }>();
  input.lines.forEach((line, i) => {
    const candidates = available.filter((r) => r.order_line_id === line.orderLineId && (!line.productId || r.product_id === line.productId));
    if (candidates.length === 0) {
      throw new DomainError("BAD_REQUEST", `Line ${i + 1}: nothing of that order line has shipped`, { [`lines.${i}.orderLineId`]: ["Nothing shipped on this line"] });
    }
    if (candidates.length > 1) {
      throw new DomainError("BAD_REQUEST", `Line ${i + 1}: the line shipped as the ordered item and a substitute: say which product comes back`, { [`lines.${i}.productId`]: ["Choose the product"] });
    }
    const key = `${candidates[0].order_line_id}:${candidates[0].product_id}`;
    const seen = asked.get(key);
    asked.set(key, { row: candidates[0], quantity: (seen?.quantity ?? 0) + line.quantity, index: seen?.index ?? i });
  });
  for (const { row, quantity, index } of asked.values()) {
    const left = row.shipped - row.returned;
    if (quantity > left) {
      throw new DomainError(
        "BAD_REQUEST",
        `Line ${row.line_no} (${row.sku}): ${quantity} to return but ${row.shipped} shipped${row.returned ? ` and ${row.returned} already returned` : ""}, so at most ${Math.max(left, 0)}`,
        { [`lines.${index}.quantity`]: [`At most ${Math.max(left, 0)}`] },
      );
    }
  }

  const returnId = uuidv7();
  const lines = [...asked.values()];
  try {
    await tx.transaction((sp) =>
      sp.execute(sql`
        insert into returns (tenant_id, id, number, order_id, customer_id, reason, request_key, requested_by)
        values (${acting.tenantId}, ${returnId}, ${`pending-${returnId}`}, ${order.id}, ${order.customer_id}, ${input.reason}, ${input.requestKey ?? null}, ${acting.userId})`),
    );
  } catch (error) {
    if (input.requestKey && isUniqueViolation(error, "returns_request")) {
      const again = await byKey();
      if (again) return again;
    }
    throw error;
  }
  await tx.execute(sql`
    insert into return_lines (tenant_id, return_id, order_line_id, product_id, quantity, unit_price, amount_minor, tax_class)
    select ${acting.tenantId}, ${returnId}, * from unnest(
      ${plainArray(lines.map((l) => l.row.order_line_id))}::uuid[], ${plainArray(lines.map((l) => l.row.product_id))}::uuid[],
      ${plainArray(lines.map((l) => l.quantity))}::int[], ${plainArray(lines.map((l) => l.row.unit_price))}::numeric[],
      ${plainArray(lines.map((l) => lineTotalMinor(l.quantity, new Dec(l.row.unit_price), header.currency)))}::bigint[],
      ${textArray(lines.map((l) => l.row.tax_class))}::text[])`);
  const number = formatReference("RMA", await nextNumber(tx, acting.tenantId, "return"));
  await asSystem(tx, () => tx.execute(sql`update returns set number = ${number} where id = ${returnId}`));
  return { returnId, number, created: true };
}

interface LockedReturn { id: string; number: string; status: string; order_id: string; [key: string]: unknown }

async function lockReturn(tx: TenantTx, returnId: string): Promise<LockedReturn> {
  const [row] = await tx.execute<LockedReturn>(sql`select id, number, status, order_id from returns where id = ${returnId} for update`);
  if (!row) throw new DomainError("NOT_FOUND", "No such return");
  return row;
}

/** Approves or rejects a requested return (a rejection says why). Deciding the same way again changes nothing. */
export async function decideReturn(tx: TenantTx, acting: Acting, decision: "approved" | "rejected", raw: DecideReturnInput): Promise<{ status: string; changed: boolean }> {
  const input = parse(decision === "rejected" ? rejectReturnInput : decideReturnInput, raw);
  const ret = await lockReturn(tx, input.id);
  if (ret.status === decision) return { status: decision, changed: false };
  if (ret.status !== "requested") throw new DomainError("CONFLICT", `Return ${ret.number} is already ${ret.status}`);
  await tx.execute(sql`
    update returns set status = ${decision}, decision_note = ${input.note}, decided_by = ${acting.userId}, decided_at = now() where id = ${ret.id}`);
  return { status: decision, changed: true };
}

/**
 * Receives an approved return: per line what arrived and its disposition. Restocked goods come back
 * on hand ('return' movement) and fill backorders of that product; scrapped goods are booked in and
 * straight out again ('return' then 'scrap'), so the ledger shows both and on hand is unchanged.
 */
export async function receiveReturn(tx: TenantTx, acting: Acting, raw: ReceiveReturnInput): Promise<{ status: string; restocked: number; scrapped: number; changed: boolean }> {
  const input = parse(receiveReturnInput, raw);
  const ret = await lockReturn(tx, input.id);
  if (ret.status === "received") return { status: "received", restocked: 0, scrapped: 0, changed: false };
  if (ret.status !== "approved") throw new DomainError("CONFLICT", ret.status === "requested" ? `Return ${ret.number} must be approved first` : `Return ${ret.number} was rejected`);

  const lines = await tx.execute<{ id: string; product_id: string; quantity: number }>(sql`select id, product_id, quantity from return_lines where return_id = ${ret.id}`);
  const given = new Map(input.lines.map((l, i) => [l.returnLineId, { ...l, index: i }]));
  if (given.size !== input.lines.length) throw new DomainError("BAD_REQUEST", "Each return line may be given once");
  for (const [id, l] of given) {
    if (!lines.some((x) => x.id === id)) throw new DomainError("BAD_REQUEST", `Line ${l.index + 1} is not part of return ${ret.number}`, { [`lines.${l.index}.returnLineId`]: ["Not a line of this return"] });
  }
  const missing = lines.filter((l) => !given.has(l.id));
  if (missing.length) throw new DomainError("BAD_REQUEST", `Say what happens to every line of return ${ret.number} (${missing.length} missing)`);

  const warehouseIds = [...new Set([input.warehouseId, ...input.lines.flatMap((l) => (l.warehouseId ? [l.warehouseId] : []))])];
  const active = await tx.execute<{ id: string }>(sql`select id from warehouses where id = any(${plainArray(warehouseIds)}::uuid[]) and status = 'active'`);
  for (const id of warehouseIds) if (!active.some((w) => w.id === id)) throw new DomainError("BAD_REQUEST", "No such active warehouse", { warehouseId: ["Choose an active warehouse"] });

  const received = lines.map((line) => {
    const g = given.get(line.id)!;
    const quantity = g.receivedQuantity ?? line.quantity;
    if (quantity > line.quantity) {
      throw new DomainError("BAD_REQUEST", `Line ${g.index + 1}: ${quantity} received but ${line.quantity} were returned`, { [`lines.${g.index}.receivedQuantity`]: [`At most ${line.quantity}`] });
    }
    return { id: line.id, productId: line.product_id, quantity, disposition: g.disposition, warehouseId: g.warehouseId ?? input.warehouseId };
  });

  const reference = { referenceType: "return", referenceId: ret.id };
  const movements: MovementInput[] = received.flatMap((r): MovementInput[] =>
    r.quantity === 0
      ? []
      : r.disposition === "restock"
        ? [{ warehouseId: r.warehouseId, productId: r.productId, kind: "return", quantity: r.quantity, ...reference }]
        : [
            { warehouseId: r.warehouseId, productId: r.productId, kind: "return", quantity: r.quantity, ...reference },
            { warehouseId: r.warehouseId, productId: r.productId, kind: "scrap", quantity: -r.quantity, reason: `Scrapped from return ${ret.number}`, ...reference },
          ],
  );
  const restockedProducts = [...new Set(received.filter((r) => r.disposition === "restock" && r.quantity > 0).map((r) => r.productId))];
  await lockStock(tx, movements.map((m) => m.productId));
  // A scrapped line's 'return' and 'scrap' net to zero on the balance; the ledger keeps both rows.
  await recordMovements(tx, acting.tenantId, acting.userId, movements);
  await tx.execute(sql`
    update return_lines rl set disposition = x.disposition, received_quantity = x.quantity, warehouse_id = x.warehouse_id
      from unnest(${plainArray(received.map((r) => r.id))}::uuid[], ${textArray(received.map((r) => r.disposition))}::text[],
                  ${plainArray(received.map((r) => r.quantity))}::int[], ${plainArray(received.map((r) => r.warehouseId))}::uuid[]) as x(id, disposition, quantity, warehouse_id)
     where rl.tenant_id = ${acting.tenantId} and rl.id = x.id`);
  await tx.execute(sql`update returns set status = 'received', received_by = ${acting.userId}, received_at = now() where id = ${ret.id}`);
  // Restocked goods are stock like a receipt's: they serve waiting backorders.
  const filled = await fillBackorders(tx, acting.tenantId, restockedProducts);
  await creditRestockedGoods(tx, acting, ret.id);
  const sum = (d: string) => received.filter((r) => r.disposition === d).reduce((s, r) => s + r.quantity, 0);
  emitEvent(tx, acting.tenantId, "return.received", {
    returnId: ret.id,
    number: ret.number,
    orderId: ret.order_id,
    warehouseId: input.warehouseId,
    restockedUnits: sum("restock"),
    scrappedUnits: sum("scrap"),
    lines: received.map((r) => ({ returnLineId: r.id, productId: r.productId, quantity: r.quantity, disposition: r.disposition, warehouseId: r.warehouseId })),
  });
  emitAllocationEvents(tx, acting.tenantId, filled);
  return { status: "received", restocked: sum("restock"), scrapped: sum("scrap"), changed: true };
}

// Reads ------------------------------------------------------------------------------------------

/**
 * Restocked goods that were invoiced are credited at once (billing's credit note: revenue, tax and
 * receivable reversed). A return spread over several invoices is left for finance to credit by hand,
 * so receiving the goods never fails on it.
 */
async function creditRestockedGoods(tx: TenantTx, acting: Acting, returnId: string): Promise<void> {
  const today = localDateIn((await tenantPolicy(tx)).timeZone)(Date.now());
  try {
    await creditNoteForReturn(tx, acting, returnId, today);
  } catch (error) {
    if (!(error instanceof DomainError && error.code === "CONFLICT")) throw error;
  }
}

export interface ReturnRow {
  id: string;
  number: string;
  orderId: string;
  orderNumber: string;
  customerId: string;
  customer: string;
  status: string;
  reason: string;
  units: number;
  amountMinor: bigint;
  currency: string;
  createdAt: Date;
}

const RETURN_SORT_SQL: Record<string, SQL> = { number: sql`r.number`, created: sql`r.created_at`, status: sql`r.status` };

/** Returns visible to the session (all for staff; a reseller's customers'; a customer's own), paged by the database. */
export async function listReturns(tx: TenantTx, raw: ReturnListInput): Promise<Page<ReturnRow>> {
  const input = returnListInput.parse(raw);
  const filters: SQL[] = [sql`true`];
  if (input.status) filters.push(sql`r.status = ${input.status}`);
  if (input.orderId) filters.push(sql`r.order_id = ${input.orderId}`);
  if (input.customerId) filters.push(sql`r.customer_id = ${input.customerId}`);
  if (input.search) filters.push(sql`(r.number ilike ${containsPattern(input.search)} or o.number ilike ${containsPattern(input.search)})`);
  const where = sql.join(filters, sql` and `);
  const orderBy = sql`${RETURN_SORT_SQL[input.sort ?? "created"]} ${sql.raw(input.dir)}, r.id`;
  const [rows, [{ total }]] = await Promise.all([
    tx.execute<{ id: string; number: string; order_id: string; order_number: string; customer_id: string; customer: string; status: string; reason: string; units: number; amount_minor: string; currency: string; created_at: string }>(sql`
      select r.id, r.number, r.order_id, o.number as order_number, r.customer_id, c.name as customer, r.status, r.reason,
             (select coalesce(sum(quantity), 0)::int from return_lines rl where rl.tenant_id = r.tenant_id and rl.return_id = r.id) as units,
             (select coalesce(sum(amount_minor), 0)::text from return_lines rl where rl.tenant_id = r.tenant_id and rl.return_id = r.id) as amount_minor,
             o.currency, r.created_at
        from returns r join orders o on o.tenant_id = r.tenant_id and o.id = r.order_id join customers c on c.tenant_id = r.tenant_id and c.id = r.customer_id
       where ${where} order by ${orderBy} limit ${input.pageSize} offset ${offsetOf(input)}`),
    tx.execute<{ total: number }>(sql`select count(*)::int as total from returns r join orders o on o.tenant_id = r.tenant_id and o.id = r.order_id where ${where}`),
  ]);
  return {
    rows: rows.map((r) => ({
      id: r.id, number: r.number, orderId: r.order_id, orderNumber: r.order_number, customerId: r.customer_id, customer: r.customer, status: r.status, reason: r.reason,
      units: r.units, amountMinor: BigInt(r.amount_minor), currency: r.currency, createdAt: new Date(r.created_at),
    })),
    total,
    page: input.page,
    pageSize: input.pageSize,
  };
}

/** One return with its lines (price as sold, disposition, what arrived), and what else could still be returned of the order. */
export async function returnDetail(tx: TenantTx, returnId: string) {
  const [ret] = await tx.execute<{
    id: string; number: string; order_id: string; order_number: string; customer_id: string; customer: string; status: string; reason: string; decision_note: string;
    currency: string; created_at: string; decided_at: string | null; received_at: string | null;
  }>(sql`
    select r.id, r.number, r.order_id, o.number as order_number, r.customer_id, c.name as customer, r.status, r.reason, r.decision_note, o.currency,
           r.created_at, r.decided_at, r.received_at
      from returns r join orders o on o.tenant_id = r.tenant_id and o.id = r.order_id join customers c on c.tenant_id = r.tenant_id and c.id = r.customer_id
     where r.id = ${returnId}`);
  if (!ret) throw new DomainError("NOT_FOUND", "No such return");
  const [lines, warehouses] = await Promise.all([
    tx.execute<{
      id: string; order_line_id: string; line_no: number; product_id: string; sku: string; name: string; quantity: number; unit_price: string; amount_minor: string;
      tax_class: string; disposition: string | null; warehouse_id: string | null; warehouse: string | null; received_quantity: number | null; credit_note_id: string | null;
    }>(sql`
      select rl.id, rl.order_line_id, l.line_no, rl.product_id, p.sku, p.name, rl.quantity, rl.unit_price::text, rl.amount_minor::text, rl.tax_class,
             rl.disposition, rl.warehouse_id, w.code as warehouse, rl.received_quantity, rl.credit_note_id
        from return_lines rl join order_lines l on l.tenant_id = rl.tenant_id and l.id = rl.order_line_id
        join products p on p.tenant_id = rl.tenant_id and p.id = rl.product_id
        left join warehouses w on w.tenant_id = rl.tenant_id and w.id = rl.warehouse_id
       where rl.return_id = ${returnId} order by l.line_no, p.sku`),
    tx.execute<{ id: string; code: string; name: string }>(sql`select id, code, name from warehouses where status = 'active' order by priority desc, code`),
  ]);
  return {
    id: ret.id, number: ret.number, orderId: ret.order_id, orderNumber: ret.order_number, customerId: ret.customer_id, customer: ret.customer,
    status: ret.status, reason: ret.reason, decisionNote: ret.decision_note, currency: ret.currency,
    createdAt: new Date(ret.created_at), decidedAt: ret.decided_at ? new Date(ret.decided_at) : null, receivedAt: ret.received_at ? new Date(ret.received_at) : null,
    lines: lines.map((l) => ({
      id: l.id, orderLineId: l.order_line_id, lineNo: l.line_no, productId: l.product_id, sku: l.sku, name: l.name, quantity: l.quantity,
      unitPrice: l.unit_price, amountMinor: BigInt(l.amount_minor), taxClass: l.tax_class, disposition: l.disposition, warehouseId: l.warehouse_id,
      warehouse: l.warehouse, receivedQuantity: l.received_quantity, creditNoteId: l.credit_note_id,
    })),
    /** Active warehouses, for the receive form. */
    warehouses,
  };
}

/** What of an order may still be returned, per line and shipped product (the request form). */
export async function returnableLines(tx: TenantTx, orderId: string) {
  const [visible] = await tx.execute(sql`select 1 from orders where id = ${orderId}`);
  if (!visible) throw new DomainError("NOT_FOUND", "No such order");
  return (await returnable(tx, orderId)).map((r) => ({
    orderLineId: r.order_line_id, lineNo: r.line_no, productId: r.product_id, sku: r.sku, name: r.name, shipped: r.shipped, returned: r.returned,
    returnable: Math.max(r.shipped - r.returned, 0), unitPrice: r.unit_price,
  }));
}
