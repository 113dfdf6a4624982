import { sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import type { OrderHold } from "../../../db/schema";
import { plainArray, textArray } from "../../../db/pg-arrays";
import { asSystem, type TenantTx } from "../../../db/with-tenant";
import { emitEvents } from "../events/emit";
import { allocateOrders, emitAllocationEvents } from "../orders/allocate";
import { insertLines, openExposureByCustomer, orderCreatedPayload, releaseHold } from "../orders/place";
import { Dec, lineTotalMinor } from "../money/money";
import type { IsoDate } from "../subscriptions/periods";
import { formatReference, reserveNumbers } from "../tenancy/counters";
import { tenantPolicy } from "../tenancy/settings";
import { dueDeliveriesSql } from "./due";

export const EXCEPTION_KINDS = ["backorder", "hold", "substitution", "missing_ship_to", "archived_product", "not_deliverable"] as const;
export type ExceptionKind = (typeof EXCEPTION_KINDS)[number];

export interface ChunkResult {
  /** Deliveries this chunk took from the due list (won or found taken by a racing run): 0 means nothing is left. */
  picked: number;
  /** Deliveries this chunk recorded in scheduled_deliveries (the unique key's winners). */
  created: number;
  ordersCreated: number;
  held: number;
  linesBackordered: number;
  unitsBackordered: number;
  substitutions: number;
  exceptions: number;
}

interface Claimed {
  sd_id: string | null;
  subscription_id: string;
  subscription_number: string;
  item_id: string;
  product_id: string;
  delivery_date: string;
  ship_to_site_id: string;
  site_ok: boolean;
  priority: number;
  customer_id: string;
  currency: string;
  quantity: string;
  unit_price: string | null;
  discount_percent: string;
  item_wh: string | null;
  product_kind: string;
  product_status: string;
  sku: string;
  product_name: string;
  [key: string]: unknown;
}

interface Line { id: string; lineNo: number; parentLineId: string | null; productId: string; quantity: number; unitPrice: string; priceRule: string; amountMinor: bigint; stocked: boolean; subscriptionItemId: string | null }
interface PlannedOrder {
  id: string;
  number: string;
  subscriptionId: string;
  customerId: string;
  siteId: string;
  currency: string;
  priority: number;
  deliveryDate: string;
  preferredWarehouseId: string | null;
  deliveryIds: string[];
  lines: Line[];
  totalMinor: bigint;
  hold: { hold: OrderHold; reason: string } | null;
}
interface Exception { subscriptionId: string | null; productId: string | null; orderId: string | null; deliveryDate: string | null; kind: ExceptionKind; detail: string }

/**
 * Turns up to `limit` due deliveries (whole orders: a group is never split across chunks) into
 * orders, in the caller's transaction, set-based:
 * 1. one insert into scheduled_deliveries ... on conflict do nothing: only the unique key's winners go on,
 *    so a rerun or a racing worker creates nothing twice;
 * 2. one order per (subscription, delivery date, ship-to site): source 'replenishment', the contract's
 *    priority, the item's preferred warehouse (else the customer's, applied by allocation), lines at
 *    the contract item's unit price less its discount, kits exploded into component lines;
 * 3. the release checks of `releaseHold` per order, with each customer's exposure growing by the
 *    orders released before it in the chunk;
 * 4. one counter bump for the chunk's order numbers, ONE `allocateOrders` for the released orders;
 * 5. exceptions (backorders, holds, substitutions, skipped deliveries) and the run's counters.
 * Deliveries that cannot become an order (archived product, foreign ship-to site, ...) are still
 * recorded (order_id null) with an exception, so later runs do not raise them again.
 */
export async function runReplenishmentChunk(tx: TenantTx, tenantId: string, runId: string, throughDate: IsoDate, limit: number): Promise<ChunkResult> {
  return asSystem(tx, async () => {
    // Groups in the run's order (priority, date, contract, site); take whole groups until `limit` deliveries.
    const claimed = await tx.execute<Claimed>(sql`
      with due as (${dueDeliveriesSql(throughDate)}),
      grouped as (
        select due.*, dense_rank() over (order by priority desc, delivery_date, subscription_id, ship_to_site_id) as grp from due
      ), sizes as (
        select grp, count(*) as n from grouped group by grp
      ), cumulative as (
        select grp, sum(n) over (order by grp) - n as before from sizes
      ), picked as (
        select g.* from grouped g join cumulative c using (grp) where c.before < ${limit}
      ), ins as (
        insert into scheduled_deliveries (tenant_id, id, subscription_id, product_id, delivery_date, subscription_item_id, run_id)
        select ${tenantId}, uuidv7(), p.subscription_id, p.product_id, p.delivery_date::date, p.item_id, ${runId}
          from picked p order by p.grp, p.position, p.item_id
        on conflict do nothing
        returning id, subscription_item_id, delivery_date
      )
      select ins.id as sd_id, p.subscription_id, s.number as subscription_number, p.item_id, p.product_id, p.delivery_date, p.ship_to_site_id,
             (cs.id is not null) as site_ok, p.priority, s.customer_id, s.currency, i.quantity::text as quantity, i.unit_price::text as unit_price,
             i.discount_percent::text as discount_percent, i.preferred_warehouse_id as item_wh,
             pr.kind as product_kind, pr.status as product_status, pr.sku, pr.name as product_name
        from picked p
        left join ins on ins.subscription_item_id = p.item_id and ins.delivery_date = p.delivery_date::date
        join subscriptions s on s.tenant_id = ${tenantId} and s.id = p.subscription_id
        join subscription_items i on i.tenant_id = ${tenantId} and i.id = p.item_id
        join products pr on pr.tenant_id = ${tenantId} and pr.id = p.product_id
        left join customer_sites cs on cs.tenant_id = ${tenantId} and cs.id = p.ship_to_site_id and cs.customer_id = s.customer_id
       order by p.grp, p.position, p.item_id`);
    const won = claimed.filter((c) => c.sd_id !== null);
    const result: ChunkResult = { picked: claimed.length, created: won.length, ordersCreated: 0, held: 0, linesBackordered: 0, unitsBackordered: 0, substitutions: 0, exceptions: 0 };
    if (won.length === 0) {
      await bumpRun(tx, runId, result);
      return result;
    }

    const exceptions: Exception[] = [];
    const skip = (c: Claimed, kind: ExceptionKind, detail: string) =>
      exceptions.push({ subscriptionId: c.subscription_id, productId: c.product_id, orderId: null, deliveryDate: c.delivery_date, kind, detail });
    const deliverable = won.filter((c) => {
      if (!c.site_ok) return skip(c, "missing_ship_to", `${c.subscription_number}: the ship-to site is not one of the customer's sites`), false;
      if (c.product_status !== "active") return skip(c, "archived_product", `${c.subscription_number}: ${c.product_name} (${c.sku}) is archived and was not ordered`), false;
      if (c.product_kind === "plan") return skip(c, "not_deliverable", `${c.subscription_number}: ${c.sku} is a plan, not a deliverable product`), false;
      if (!new Dec(c.quantity).isInteger()) return skip(c, "not_deliverable", `${c.subscription_number}: quantity ${c.quantity} of ${c.sku} is not a whole number of units`), false;
      return true;
    });

    const kitIds = [...new Set(deliverable.filter((c) => c.product_kind === "kit").map((c) => c.product_id))];
    const components = kitIds.length
      ? await tx.execute<{ kit_id: string; component_id: string; quantity: string }>(sql`
          select k.kit_id, k.component_id, k.quantity::text as quantity from kit_components k
            join products p on p.tenant_id = k.tenant_id and p.id = k.component_id and p.kind = 'stock_item'
           where k.tenant_id = ${tenantId} and k.kit_id = any(${plainArray(kitIds)}::uuid[]) order by k.kit_id, p.sku`)
      : [];
    const componentsOf = new Map<string, Array<{ component_id: string; quantity: string }>>();
    for (const c of components) componentsOf.set(c.kit_id, [...(componentsOf.get(c.kit_id) ?? []), c]);

    // Orders, in the chunk's order: their uuidv7 ids sort the same way, which allocation uses after priority.
    const orders: PlannedOrder[] = [];
    const byKey = new Map<string, PlannedOrder>();
    for (const c of deliverable) {
      const key = `${c.subscription_id}|${c.delivery_date}|${c.ship_to_site_id}`;
      let order = byKey.get(key);
      if (!order) {
        order = {
          id: uuidv7(), number: "", subscriptionId: c.subscription_id, customerId: c.customer_id, siteId: c.ship_to_site_id, currency: c.currency, priority: c.priority,
          deliveryDate: c.delivery_date, preferredWarehouseId: null, deliveryIds: [], lines: [], totalMinor: 0n, hold: null,
        };
        byKey.set(key, order);
        orders.push(order);
      }
      // One preferred warehouse per order: the first item's that names one (allocation falls back to the customer's).
      order.preferredWarehouseId ??= c.item_wh;
      order.deliveryIds.push(c.sd_id!);
      const quantity = new Dec(c.quantity).toNumber();
      const unitPrice = c.unit_price ?? "0";
      const discount = new Dec(c.discount_percent);
      const lineId = uuidv7();
      const amountMinor = lineTotalMinor(quantity, unitPrice, c.currency, discount);
      order.lines.push({
        id: lineId, lineNo: order.lines.length + 1, parentLineId: null, productId: c.product_id, quantity,
        // The net unit price; the amount is rounded once, half-up, from the gross price less the discount.
        unitPrice: new Dec(unitPrice).times(new Dec(100).minus(discount)).dividedBy(100).toDecimalPlaces(6).toFixed(),
        priceRule: discount.isZero() ? `Contract ${c.subscription_number}` : `Contract ${c.subscription_number}: ${new Dec(unitPrice).toFixed()} less ${discount.toFixed()}%`,
        amountMinor, stocked: c.product_kind === "stock_item", subscriptionItemId: c.item_id,
      });
      order.totalMinor += amountMinor;
      for (const k of componentsOf.get(c.product_id) ?? []) {
        order.lines.push({
          id: uuidv7(), lineNo: order.lines.length + 1, parentLineId: lineId, productId: k.component_id,
          quantity: new Dec(k.quantity).mul(quantity).ceil().toNumber(), unitPrice: "0", priceRule: `Component of ${c.sku}`, amountMinor: 0n, stocked: true, subscriptionItemId: null,
        });
      }
    }

    if (orders.length > 0) {
      await releaseChecks(tx, orders);
      // One bump numbers the whole chunk. The counter row stays locked until commit, so another order of
      // this tenant waits for the chunk (under a second); drawing last would mean rewriting every order row.
      const first = await reserveNumbers(tx, tenantId, "order", orders.length);
      orders.forEach((o, i) => (o.number = formatReference("ORD", first + i)));
      await insertOrders(tx, tenantId, runId, orders);
      const lines = orders.flatMap((o) => o.lines);
      await insertLines(tx, tenantId, orders.flatMap((o) => o.lines.map(() => o.id)), lines);
      await tx.execute(sql`
        update scheduled_deliveries sd set order_id = x.order_id
          from unnest(${plainArray(orders.flatMap((o) => o.deliveryIds))}::uuid[], ${plainArray(orders.flatMap((o) => o.deliveryIds.map(() => o.id)))}::uuid[]) as x(id, order_id)
         where sd.tenant_id = ${tenantId} and sd.id = x.id`);

      emitEvents(tx, tenantId, orders.map((o) => ({
        type: "order.created" as const,
        payload: orderCreatedPayload({
          orderId: o.id, number: o.number, customerId: o.customerId, currency: o.currency, source: "replenishment", totalMinor: o.totalMinor, hold: o.hold?.hold ?? null,
          subscriptionId: o.subscriptionId, deliveryDate: o.deliveryDate,
          lines: o.lines.filter((l) => l.parentLineId === null).map((l) => ({ lineId: l.id, productId: l.productId, quantity: l.quantity, amountMinor: l.amountMinor })),
        }),
      })));
      const released = orders.filter((o) => !o.hold);
      const allocation = await allocateOrders(tx, tenantId, released.map((o) => o.id));
      emitAllocationEvents(tx, tenantId, allocation);
      const lineInfo = new Map(orders.flatMap((o) => o.lines.map((l) => [l.id, { order: o, line: l }] as const)));
      for (const [lineId, units] of allocation.backordered) {
        if (units <= 0) continue;
        const { order, line } = lineInfo.get(lineId)!;
        exceptions.push({ subscriptionId: order.subscriptionId, productId: line.productId, orderId: order.id, deliveryDate: order.deliveryDate, kind: "backorder", detail: `${units} of ${line.quantity} backordered` });
      }
      if (allocation.substitutions > 0) {
        const subs = await tx.execute<{ order_id: string; ordered: string; substitute: string; quantity: number }>(sql`
          select a.order_id, l.product_id as ordered, a.product_id as substitute, a.quantity
            from order_allocations a join order_lines l on l.tenant_id = a.tenant_id and l.id = a.order_line_id
           where a.tenant_id = ${tenantId} and a.substitute and a.order_id = any(${plainArray(released.map((o) => o.id))}::uuid[])`);
        const orderOf = new Map(orders.map((o) => [o.id, o]));
        for (const s of subs) {
          const o = orderOf.get(s.order_id)!;
          exceptions.push({ subscriptionId: o.subscriptionId, productId: s.ordered, orderId: o.id, deliveryDate: o.deliveryDate, kind: "substitution", detail: `${s.quantity} of a substitute product reserved instead` });
        }
      }
      for (const o of orders.filter((o) => o.hold)) {
        exceptions.push({ subscriptionId: o.subscriptionId, productId: null, orderId: o.id, deliveryDate: o.deliveryDate, kind: "hold", detail: o.hold!.reason });
      }

      result.ordersCreated = orders.length;
      result.held = orders.length - released.length;
      result.linesBackordered = allocation.backorderedLines;
      result.unitsBackordered = allocation.backorderedUnits;
      result.substitutions = allocation.substitutions;
    }

    if (exceptions.length > 0) {
      const col = (k: keyof Exception) => exceptions.map((e) => e[k]);
      await tx.execute(sql`
        insert into replenishment_exceptions (tenant_id, run_id, subscription_id, product_id, order_id, delivery_date, kind, detail)
        select ${tenantId}, ${runId}, * from unnest(${plainArray(col("subscriptionId"))}::uuid[], ${plainArray(col("productId"))}::uuid[],
               ${plainArray(col("orderId"))}::uuid[], ${plainArray(col("deliveryDate"))}::date[], ${textArray(col("kind"))}::text[], ${textArray(col("detail"))}::text[])`);
    }
    result.exceptions = exceptions.length;
    await bumpRun(tx, runId, result);
    return result;
  });
}

/**
 * `releaseHold` for every order of the chunk: customers (locked) and their open exposure read once,
 * then in order, so a customer's second order of the chunk counts the first one if it was released.
 */
async function releaseChecks(tx: TenantTx, orders: PlannedOrder[]): Promise<void> {
  const customerIds = [...new Set(orders.map((o) => o.customerId))].sort();
  // Locked (in id order) before their exposure is read, so a concurrent order or chunk for the same
  // customer cannot pass the credit limit with the same headroom; the read then sees what it committed.
  const rows = await tx.execute<{ id: string; status: string; credit_limit_minor: string }>(sql`
    select id, status, credit_limit_minor::text from customers where id = any(${plainArray(customerIds)}::uuid[]) order by id for no key update`);
  const exposure = await openExposureByCustomer(tx, customerIds);
  const customers = new Map(rows.map((r) => [r.id, { status: r.status, limit: BigInt(r.credit_limit_minor), exposure: exposure.get(r.id)! }]));
  const threshold = (await tenantPolicy(tx)).orderApprovalThresholdMinor;
  for (const order of orders) {
    const c = customers.get(order.customerId)!;
    order.hold = releaseHold({
      customerStatus: c.status,
      creditLimitMinor: c.limit,
      exposureMinor: c.exposure,
      orderTotalMinor: order.totalMinor,
      approvalThresholdMinor: threshold,
      currency: order.currency,
    });
    if (!order.hold) c.exposure += order.totalMinor;
  }
}

async function insertOrders(tx: TenantTx, tenantId: string, runId: string, orders: PlannedOrder[]): Promise<void> {
  const col = (f: (o: PlannedOrder) => string | number | bigint | null) => plainArray(orders.map(f));
  await tx.execute(sql`
    insert into orders (tenant_id, id, number, customer_id, ship_to_site_id, currency, source, hold, hold_reason, priority, preferred_warehouse_id,
                        subscription_id, delivery_date, replenishment_run_id, total_minor)
    select ${tenantId}, x.id, x.number, x.customer_id, x.site_id, x.currency, 'replenishment', x.hold, x.hold_reason, x.priority, x.wh,
           x.subscription_id, x.delivery_date, ${runId}, x.total
      from unnest(${col((o) => o.id)}::uuid[], ${textArray(orders.map((o) => o.number))}::text[], ${col((o) => o.customerId)}::uuid[], ${col((o) => o.siteId)}::uuid[], ${col((o) => o.currency)}::text[],
                  ${textArray(orders.map((o) => o.hold?.hold ?? null))}::text[], ${textArray(orders.map((o) => o.hold?.reason ?? ""))}::text[],
                  ${col((o) => o.priority)}::smallint[], ${col((o) => o.preferredWarehouseId)}::uuid[], ${col((o) => o.subscriptionId)}::uuid[],
                  ${col((o) => o.deliveryDate)}::date[], ${col((o) => o.totalMinor)}::bigint[])
        as x(id, number, customer_id, site_id, currency, hold, hold_reason, priority, wh, subscription_id, delivery_date, total)`);
}

async function bumpRun(tx: TenantTx, runId: string, r: ChunkResult): Promise<void> {
  await tx.execute(sql`
    update replenishment_runs set
      done = done + ${r.picked}, total = greatest(total, done + ${r.picked}),
      orders_created = orders_created + ${r.ordersCreated}, holds = holds + ${r.held},
      lines_backordered = lines_backordered + ${r.linesBackordered}, units_backordered = units_backordered + ${r.unitsBackordered},
      substitutions = substitutions + ${r.substitutions}, exception_count = exception_count + ${r.exceptions}
     where id = ${runId}`);
}
