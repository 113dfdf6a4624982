import { formatISO } from "date-fns";
import { sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { z } from "zod";
import type { OrderHold } from "../../../db/schema";
import { plainArray, textArray } from "../../../db/pg-arrays";
import { asSystem, type TenantTx } from "../../../db/with-tenant";
import { loadCustomer } from "../customers/customers";
import { DomainError } from "../errors";
import { Dec, formatMoney, lineTotalMinor } from "../money/money";
import { resolvePrice } from "../pricing/resolve-price";
import { tenantPolicy } from "../tenancy/settings";
import { emitEvent } from "../events/emit";
import { allocateOrders, emitAllocationEvents } from "./allocate";

export const MAX_ORDER_LINES = 200;

export const placeOrderInput = z.object({
  customerId: z.uuid("Choose a customer"),
  /** The customer's default ship-to site when omitted. */
  shipToSiteId: z.uuid().optional(),
  source: z.enum(["emergency", "ad_hoc", "operator", "reseller"]),
  lines: z
    .array(
      z.object({
        productId: z.uuid("Choose a product"),
        quantity: z.number({ message: "Quantity must be a number" }).int("Quantity must be a whole number").positive("Quantity must be at least 1").max(100_000, "Quantity is too large"),
      }),
    )
    .min(1, "An order needs at least one line")
    .max(MAX_ORDER_LINES, `An order has at most ${MAX_ORDER_LINES} lines`),
  preferredWarehouseId: z.uuid().optional(),
  note: z.string().trim().max(2000).default(""),
  /** A client-chosen key: retrying the same submission returns the first order instead of a second one. */
  requestKey: z.string().trim().min(1).max(200).optional(),
});
export type PlaceOrderInput = z.input<typeof placeOrderInput>;

export interface Acting { tenantId: string; userId: string | null }

export interface ReleaseCheckInput {
  customerStatus: string;
  creditLimitMinor: bigint;
  /** What the customer already owes or has on order (see `openExposureMinor`). */
  exposureMinor: bigint;
  orderTotalMinor: bigint;
  approvalThresholdMinor: bigint;
  currency: string;
}

/**
 * The release checks, in the order they are reported: a credit hold stops everything, then the credit
 * limit (0 means no credit), then the approval threshold. Null means the order may be released.
 */
export function releaseHold(c: ReleaseCheckInput): { hold: OrderHold; reason: string } | null {
  const money = (minor: bigint) => formatMoney(minor, c.currency);
  if (c.customerStatus === "credit_hold") return { hold: "credit_hold", reason: "The customer is on credit hold" };
  if (c.exposureMinor + c.orderTotalMinor > c.creditLimitMinor) {
    return {
      hold: "credit_limit",
      reason: `Open receivables ${money(c.exposureMinor)} + this order ${money(c.orderTotalMinor)} exceed the credit limit of ${money(c.creditLimitMinor)}`,
    };
  }
  if (c.orderTotalMinor > c.approvalThresholdMinor) {
    return { hold: "approval", reason: `The order total ${money(c.orderTotalMinor)} is above the approval threshold of ${money(c.approvalThresholdMinor)}: another user must approve it` };
  }
  return null;
}

/**
 * What counts against each customer's credit limit. Until invoicing exists this is the total of the
 * customer's released orders that are not closed or cancelled (goods ordered and not yet settled);
 * billing will replace it with open receivables plus uninvoiced orders. One read for any number of
 * customers (a replenishment chunk checks hundreds); 0 for a customer with nothing open.
 */
export async function openExposureByCustomer(tx: TenantTx, customerIds: readonly string[], excludeOrderId?: string): Promise<Map<string, bigint>> {
  const exposure = new Map(customerIds.map((id) => [id, 0n]));
  if (customerIds.length === 0) return exposure;
  const rows = await tx.execute<{ customer_id: string; total: string }>(sql`
    select customer_id, sum(total_minor)::text as total from orders
     where customer_id = any(${plainArray(customerIds)}::uuid[]) and hold is null and status in ('open', 'partially_shipped', 'shipped')
       and id is distinct from ${excludeOrderId ?? null}::uuid
     group by customer_id`);
  for (const r of rows) exposure.set(r.customer_id, BigInt(r.total));
  return exposure;
}

export async function openExposureMinor(tx: TenantTx, customerId: string, excludeOrderId?: string): Promise<bigint> {
  return (await openExposureByCustomer(tx, [customerId], excludeOrderId)).get(customerId)!;
}

interface ProductRow { id: string; sku: string; name: string; kind: string; status: string; [key: string]: unknown }

/**
 * Places an order: lines priced by the catalog's price resolution in the customer's currency, a kit
 * exploded into its stock components, the release checks, and (when released) the reservation of
 * stock, all in the caller's transaction. Retrying with the same request key returns the first order.
 */
export async function placeOrder(tx: TenantTx, acting: Acting, raw: PlaceOrderInput): Promise<{ orderId: string; created: boolean }> {
  const parsed = placeOrderInput.safeParse(raw);
  if (!parsed.success) throw new DomainError("BAD_REQUEST", parsed.error.issues[0].message);
  const input = parsed.data;

  if (input.requestKey) {
    const existing = await findByRequestKey(tx, input.requestKey);
    if (existing) return { orderId: existing, created: false };
  }

  // Locked until commit, so two concurrent orders of one customer cannot both fit under its credit limit.
  const customer = await loadCustomer(tx, input.customerId, { lock: "no key update" });
  const [site] = await tx.execute<{ id: string }>(sql`
    select id from customer_sites where customer_id = ${customer.id}
       and (${input.shipToSiteId ?? null}::uuid is null and is_default or id = ${input.shipToSiteId ?? null}::uuid)
     order by is_default desc limit 1`);
  if (!site) throw new DomainError("BAD_REQUEST", input.shipToSiteId ? "That ship-to site is not one of the customer's" : "The customer has no default ship-to site", { shipToSiteId: ["Choose a ship-to site"] });
  if (input.preferredWarehouseId) {
    const [wh] = await tx.execute(sql`select 1 from warehouses where id = ${input.preferredWarehouseId} and status = 'active'`);
    if (!wh) throw new DomainError("BAD_REQUEST", "No such active warehouse", { preferredWarehouseId: ["Choose an active warehouse"] });
  }

  const productIds = [...new Set(input.lines.map((l) => l.productId))];
  const products = new Map(
    (await tx.execute<ProductRow>(sql`select id, sku, name, kind, status from products where id = any(${plainArray(productIds)}::uuid[])`)).map((p) => [p.id, p]),
  );
  input.lines.forEach((line, i) => {
    const p = products.get(line.productId);
    if (!p) throw new DomainError("BAD_REQUEST", `Line ${i + 1}: no such product`, { [`lines.${i}.productId`]: ["No such product"] });
    if (p.status !== "active") throw new DomainError("BAD_REQUEST", `Line ${i + 1}: ${p.name} (${p.sku}) is archived and cannot be ordered`, { [`lines.${i}.productId`]: ["Archived products cannot be ordered"] });
    if (p.kind === "plan") throw new DomainError("BAD_REQUEST", `Line ${i + 1}: ${p.name} is a plan; start a subscription from it instead`, { [`lines.${i}.productId`]: ["Plans cannot be ordered"] });
  });
  const kitIds = productIds.filter((id) => products.get(id)!.kind === "kit");
  const components = kitIds.length
    ? await tx.execute<{ kit_id: string; component_id: string; quantity: string }>(sql`
        select k.kit_id, k.component_id, k.quantity::text as quantity from kit_components k
          join products p on p.id = k.component_id and p.kind = 'stock_item'
         where k.kit_id = any(${plainArray(kitIds)}::uuid[]) order by k.kit_id, p.sku`)
    : [];

  const today = formatISO(new Date(), { representation: "date" });
  const orderId = uuidv7();
  const lines: Array<{ id: string; lineNo: number; parentLineId: string | null; productId: string; quantity: number; unitPrice: string; priceRule: string; amountMinor: bigint; stocked: boolean }> = [];
  for (const line of input.lines) {
    const product = products.get(line.productId)!;
    const price = await resolvePrice(tx, { customerId: customer.id, productId: line.productId, quantity: line.quantity, date: today, currency: customer.currency });
    const id = uuidv7();
    lines.push({
      id,
      lineNo: lines.length + 1,
      parentLineId: null,
      productId: line.productId,
      quantity: line.quantity,
      unitPrice: price.unitPrice,
      priceRule: price.rule.explanation,
      amountMinor: lineTotalMinor(line.quantity, price.unitPrice, customer.currency),
      stocked: product.kind === "stock_item",
    });
    for (const c of components.filter((k) => k.kit_id === line.productId)) {
      lines.push({
        id: uuidv7(),
        lineNo: lines.length + 1,
        parentLineId: id,
        productId: c.component_id,
        quantity: new Dec(c.quantity).mul(line.quantity).ceil().toNumber(),
        unitPrice: "0",
        priceRule: `Component of ${product.sku}`,
        amountMinor: 0n,
        stocked: true,
      });
    }
  }
  const totalMinor = lines.reduce((sum, l) => sum + l.amountMinor, 0n);

  const policy = await tenantPolicy(tx);
  const held = releaseHold({
    customerStatus: customer.status,
    creditLimitMinor: customer.creditLimitMinor,
    exposureMinor: await openExposureMinor(tx, customer.id),
    orderTotalMinor: totalMinor,
    approvalThresholdMinor: policy.orderApprovalThresholdMinor,
    currency: customer.currency,
  });

  // A concurrent submission with the same request key makes this insert wait for it, then do nothing.
  const inserted = await tx.execute(sql`
    insert into orders (tenant_id, id, number, customer_id, ship_to_site_id, currency, source, hold, hold_reason, preferred_warehouse_id,
                        allow_substitutions, total_minor, note, request_key, created_by)
    values (${acting.tenantId}, ${orderId}, ${`pending-${orderId}`}, ${customer.id}, ${site.id}, ${customer.currency}, ${input.source},
            ${held?.hold ?? null}, ${held?.reason ?? ""}, ${input.preferredWarehouseId ?? null}, true, ${totalMinor}, ${input.note},
            ${input.requestKey ?? null}, ${acting.userId})
    on conflict (tenant_id, request_key) do nothing`);
  if (inserted.count === 0) {
    const existing = await findByRequestKey(tx, input.requestKey!);
    if (existing) return { orderId: existing, created: false };
    throw new DomainError("CONFLICT", "An order with this request key is being placed; retry in a moment");
  }
  // The customer's right to order was checked above (RLS let it load the customer and insert the
  // order); lines, reservations and the number are the tenant's bookkeeping, written as the system.
  await asSystem(tx, async () => {
    await insertLines(tx, acting.tenantId, orderId, lines);
    const allocation = held ? null : await allocateOrders(tx, acting.tenantId, [orderId]);
    const [number] = await assignOrderNumbers(tx, acting.tenantId, [orderId]);
    emitEvent(tx, acting.tenantId, "order.created", orderCreatedPayload({
      orderId, number, customerId: customer.id, currency: customer.currency, source: input.source, totalMinor, hold: held?.hold ?? null,
      subscriptionId: null, deliveryDate: null,
      lines: lines.filter((l) => l.parentLineId === null).map((l) => ({ lineId: l.id, productId: l.productId, quantity: l.quantity, amountMinor: l.amountMinor })),
    }));
    if (allocation) emitAllocationEvents(tx, acting.tenantId, allocation);
  });
  return { orderId, created: true };
}

/**
 * Numbers orders ORD-000001... in the order given, with one bump of the tenant's counter. Called last
 * in the transaction, so the counter's row lock is held only until commit; order numbers need not be
 * gapless (invoice numbers are), so a rolled-back order may skip one. It is `reserveNumbers` and
 * `formatReference` in one statement: on the hot path of order placement a round trip counts.
 */
export async function assignOrderNumbers(tx: TenantTx, tenantId: string, orderIds: readonly string[]): Promise<string[]> {
  if (orderIds.length === 0) return [];
  const numbered = await tx.execute<{ number: string }>(sql`
    with counter as (
      insert into tenant_counters (tenant_id, name, period, last_value) values (${tenantId}, 'order', '', ${orderIds.length})
      on conflict (tenant_id, name, period) do update set last_value = tenant_counters.last_value + ${orderIds.length}
      returning last_value
    )
    update orders o set number = 'ORD-' || case when length(v.n) < 6 then lpad(v.n, 6, '0') else v.n end
      from counter, unnest(${plainArray(orderIds)}::uuid[]) with ordinality as x(id, k), lateral (select (counter.last_value - ${orderIds.length} + x.k)::text as n) v
     where o.tenant_id = ${tenantId} and o.id = x.id
    returning o.number`);
  return numbered.map((r) => r.number);
}

/** The `order.created` payload: one shape for ad hoc, portal and replenishment orders. */
export function orderCreatedPayload(o: {
  orderId: string;
  number: string;
  customerId: string;
  currency: string;
  source: string;
  totalMinor: bigint;
  hold: string | null;
  subscriptionId: string | null;
  deliveryDate: string | null;
  lines: Array<{ lineId: string; productId: string; quantity: number; amountMinor: bigint }>;
}): Record<string, unknown> {
  return { ...o, totalMinor: String(o.totalMinor), lines: o.lines.map((l) => ({ ...l, amountMinor: String(l.amountMinor) })) };
}

async function findByRequestKey(tx: TenantTx, requestKey: string): Promise<string | null> {
  const [row] = await tx.execute<{ id: string }>(sql`select id from orders where request_key = ${requestKey}`);
  return row?.id ?? null;
}

/** All lines of new orders in one statement (replenishment inserts thousands at once). */
export async function insertLines(
  tx: TenantTx,
  tenantId: string,
  orderId: string | readonly string[],
  lines: ReadonlyArray<{ id: string; lineNo: number; parentLineId: string | null; productId: string; quantity: number; unitPrice: string; priceRule: string; amountMinor: bigint; stocked: boolean; subscriptionItemId?: string | null }>,
): Promise<void> {
  if (lines.length === 0) return;
  const orderIds = typeof orderId === "string" ? lines.map(() => orderId) : orderId;
  await tx.execute(sql`
    insert into order_lines (tenant_id, id, order_id, line_no, parent_line_id, product_id, quantity, unit_price, price_rule, amount_minor, stocked, subscription_item_id)
    select ${tenantId}, * from unnest(
      ${plainArray(lines.map((l) => l.id))}::uuid[], ${plainArray([...orderIds])}::uuid[], ${plainArray(lines.map((l) => l.lineNo))}::int[],
      ${plainArray(lines.map((l) => l.parentLineId))}::uuid[], ${plainArray(lines.map((l) => l.productId))}::uuid[],
      ${plainArray(lines.map((l) => l.quantity))}::int[], ${plainArray(lines.map((l) => l.unitPrice))}::numeric[],
      ${textArray(lines.map((l) => l.priceRule))}::text[], ${plainArray(lines.map((l) => l.amountMinor))}::bigint[],
      ${plainArray(lines.map((l) => String(l.stocked)))}::boolean[], ${plainArray(lines.map((l) => l.subscriptionItemId ?? null))}::uuid[])`);
}
