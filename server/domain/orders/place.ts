import { formatISO } from "date-fns";
import { sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { z } from "zod";
import type { OrderHold } from "../../../db/schema";
import { plainArray, textArray } from "../../../db/pg-arrays";
import { pipeline } from "../../../db/pipeline";
import { asSystem, awaitWithCommit, type TenantTx } from "../../../db/with-tenant";
import { DomainError } from "../errors";
import { Dec, formatMoney, lineTotalMinor } from "../money/money";
import { resolvePrices } from "../pricing/resolve-price";
import { tenantPolicy } from "../tenancy/settings";
import { emitEvents } from "../events/emit";
import { allocationEvents, lockStockLevels, reservationStockEvents, substituteRules, writePlan } from "./allocate";
import { planAllocations, type Demand } from "./allocation-plan";

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
 * What counts against each customer's credit limit: its open receivables (the unpaid balance of its
 * issued invoices) plus what it has on order and not yet been invoiced for (each released order that
 * is not closed or cancelled, less the net of its invoices: a shipment's invoice moves that part of
 * the order into receivables, where paying it clears it). One read for any number of customers (a
 * replenishment chunk checks hundreds); 0 for a customer with nothing open.
 */
export async function openExposureByCustomer(tx: TenantTx, customerIds: readonly string[], excludeOrderId?: string): Promise<Map<string, bigint>> {
  const exposure = new Map(customerIds.map((id) => [id, 0n]));
  if (customerIds.length === 0) return exposure;
  const rows = await tx.execute<{ customer_id: string; total: string }>(sql`
    with open_orders as (
      select o.id, o.customer_id, o.total_minor from orders o
       where o.customer_id = any(${plainArray(customerIds)}::uuid[]) and o.hold is null and o.status in ('open', 'partially_shipped', 'shipped')
         and o.id is distinct from ${excludeOrderId ?? null}::uuid
    )
    select c.id as customer_id,
           (coalesce((select sum(i.balance_minor) from invoices i where i.customer_id = c.id and i.status in ('issued', 'partially_paid')), 0)
          + coalesce((select sum(o.total_minor) from open_orders o where o.customer_id = c.id), 0)
          -- less what of each open order has been invoiced (at most its total): only orders with invoices are looked at
          - coalesce((select sum(least(billed.net, o.total_minor))
                        from (select i.order_id, sum(i.net_minor) as net from invoices i
                               where i.customer_id = c.id and i.order_id is not null and i.status <> 'void' group by i.order_id) billed
                        join open_orders o on o.id = billed.order_id), 0))::text as total
      from unnest(${plainArray(customerIds)}::uuid[]) as c(id)`);
  for (const r of rows) exposure.set(r.customer_id, BigInt(r.total));
  return exposure;
}

export async function openExposureMinor(tx: TenantTx, customerId: string, excludeOrderId?: string): Promise<bigint> {
  return (await openExposureByCustomer(tx, [customerId], excludeOrderId)).get(customerId)!;
}

interface ProductRow { id: string; sku: string; name: string; kind: string; status: string; [key: string]: unknown }

/** One order to place, and for whom. */
export interface PlaceRequest { acting: Acting & { customerId?: string | null }; input: PlaceOrderInput }
/** Each order's own outcome: a failure of one order never fails the others placed with it. */
export type PlaceResult = { ok: true; orderId: string; created: boolean } | { ok: false; error: DomainError | Error };

/**
 * Places an order: lines priced by the catalog's price resolution in the customer's currency, a kit
 * exploded into its stock components, the release checks, and (when released) the reservation of
 * stock, all in the caller's transaction. Retrying with the same request key returns the first order.
 */
export async function placeOrder(tx: TenantTx, acting: Acting, raw: PlaceOrderInput): Promise<{ orderId: string; created: boolean }> {
  const [result] = await placeOrders(tx, acting.tenantId, [{ acting, input: raw }]);
  if (!result.ok) throw result.error;
  return { orderId: result.orderId, created: result.created };
}

interface Draft {
  index: number;
  request: PlaceRequest;
  input: z.output<typeof placeOrderInput>;
  orderId: string;
  siteId: string;
  currency: string;
  customer: { allow_substitutions: boolean; preferred_warehouse_id: string | null };
  held: { hold: OrderHold; reason: string } | null;
  totalMinor: bigint;
  lines: Array<{ id: string; lineNo: number; parentLineId: string | null; productId: string; quantity: number; unitPrice: string; priceRule: string; amountMinor: bigint; stocked: boolean }>;
}

const fail = (error: unknown): PlaceResult => {
  if (error instanceof DomainError) return { ok: false, error };
  throw error;
};

/**
 * Places many orders of one tenant in the caller's transaction, set-based: a fixed number of round
 * trips whatever their number (request keys and customers, then sites, warehouses, products, kit
 * components, exposure, policy and prices pipelined, then one statement numbering and inserting the
 * orders and their lines, and one allocation of the released ones). Orders are taken in the order given
 * (allocation serves them first come, first served; a customer's second order sees its first in its
 * credit exposure). An order that fails a check (bad input, unknown product, no price, another
 * customer's request key...) gets its own typed error and is not written; the others go ahead.
 *
 * The customers are read, and locked until commit, under the caller's scope: for a request of the
 * customer portal run in its own transaction, RLS decides whether the customer may order for that
 * account. The intake (`intake.ts`) runs many callers' orders in one system-scoped transaction and
 * relies on the check below (a customer acts only for its own account), as the router does.
 */
export async function placeOrders(tx: TenantTx, tenantId: string, requests: readonly PlaceRequest[]): Promise<PlaceResult[]> {
  const results: Array<PlaceResult | undefined> = requests.map(() => undefined);
  const parsed: Array<{ index: number; request: PlaceRequest; input: z.output<typeof placeOrderInput> }> = [];
  requests.forEach((request, index) => {
    if (request.acting.tenantId !== tenantId) throw new Error("placeOrders: every order must be of the transaction's tenant");
    const p = placeOrderInput.safeParse(request.input);
    if (!p.success) results[index] = { ok: false, error: new DomainError("BAD_REQUEST", p.error.issues[0].message) };
    else if (request.acting.customerId && p.data.customerId !== request.acting.customerId) {
      results[index] = { ok: false, error: new DomainError("FORBIDDEN", "You can only order for your own account") };
    } else parsed.push({ index, request, input: p.data });
  });
  if (parsed.length === 0) return results as PlaceResult[];

  const keys = [...new Set(parsed.flatMap((p) => (p.input.requestKey ? [p.input.requestKey] : [])))];
  const customerIds = [...new Set(parsed.map((p) => p.input.customerId))].sort();
  // Sent now, so they run first, under the caller's scope; the reads below are queued behind them on
  // the connection and all of it costs one round trip.
  const pipe = pipeline(tx);
  const lookups = Promise.all([
    // Under the caller's scope: a customer sees only its own orders' keys (another's key then conflicts at the insert).
    keys.length
      ? pipe.run<{ id: string; request_key: string; customer_id: string }>(sql`select id, request_key, customer_id from orders where request_key = any(${textArray(keys)}::text[])`)
      : Promise.resolve([]),
    // Locked until commit (in id order), so concurrent orders of one customer cannot both fit under its credit limit.
    pipe.run<{ id: string; status: string; currency: string; credit_limit_minor: string; allow_substitutions: boolean; preferred_warehouse_id: string | null }>(sql`
      select id, status, currency, credit_limit_minor::text, allow_substitutions, preferred_warehouse_id from customers where id = any(${plainArray(customerIds)}::uuid[]) order by id for no key update`),
  ]);
  lookups.catch(() => undefined); // awaited below (after asSystem's scope switch); a failure is reported there

  // Request keys: a key already used answers with its order; repeated within the batch, the first one is placed and the rest follow it.
  const followers: Array<{ index: number; leader: number }> = [];
  const drafts = await asSystem(tx, async (): Promise<Draft[]> => {
    // The reads of every order of the batch, before knowing which pass the checks above: executed
    // after the customer lock (the connection runs statements in order, each with a fresh snapshot),
    // so the exposure read sees every order committed by whoever held the lock before.
    const productIds = [...new Set(parsed.flatMap((p) => p.input.lines.map((l) => l.productId)))];
    const warehouseIds = [...new Set(parsed.flatMap((p) => (p.input.preferredWarehouseId ? [p.input.preferredWarehouseId] : [])))];
    const today = formatISO(new Date(), { representation: "date" });
    // In each customer's own currency, read with the price (null), since the customer row is not back yet.
    const priceItems = parsed.flatMap((p) => p.input.lines.map((line) => ({ customerId: p.input.customerId, productId: line.productId, quantity: line.quantity, currency: null })));
    const reads = Promise.all([
      tx.execute<{ id: string; customer_id: string; is_default: boolean }>(sql`
        select id, customer_id, is_default from customer_sites where customer_id = any(${plainArray(customerIds)}::uuid[])`),
      warehouseIds.length
        ? tx.execute<{ id: string }>(sql`select id from warehouses where id = any(${plainArray(warehouseIds)}::uuid[]) and status = 'active'`)
        : Promise.resolve([]),
      tx.execute<ProductRow>(sql`select id, sku, name, kind, status from products where id = any(${plainArray(productIds)}::uuid[])`),
      tx.execute<{ kit_id: string; component_id: string; quantity: string }>(sql`
        select k.kit_id, k.component_id, k.quantity::text as quantity from kit_components k
          join products p on p.id = k.component_id and p.kind = 'stock_item'
         where k.kit_id = any(${plainArray(productIds)}::uuid[]) order by k.kit_id, p.sku`),
      openExposureByCustomer(tx, customerIds),
      tenantPolicy(tx),
      resolvePrices(tx, today, priceItems),
      // Of the ordered products; a kit's components get theirs below, only if there are kits.
      substituteRules(tx, productIds),
    ]);
    reads.catch(() => undefined); // awaited below, after the lookups (whose failure comes first)

    const [existingRows, customerRows] = await lookups;
    const existing = new Map(existingRows.map((r) => [r.request_key, r]));
    const customers = new Map(customerRows.map((c) => [c.id, { ...c, creditLimitMinor: BigInt(c.credit_limit_minor) }]));
    const firstWithKey = new Map<string, number>();
    const todo = parsed.filter((p) => {
      const key = p.input.requestKey;
      if (!key) return true;
      const done = existing.get(key);
      if (done) {
        results[p.index] = done.customer_id === p.input.customerId
          ? { ok: true, orderId: done.id, created: false }
          : { ok: false, error: new DomainError("CONFLICT", "This request key was already used for another order") };
        return false;
      }
      const leader = firstWithKey.get(key);
      if (leader !== undefined) {
        followers.push({ index: p.index, leader });
        return false;
      }
      firstWithKey.set(key, p.index);
      return true;
    }).filter((p) => {
      if (customers.has(p.input.customerId)) return true;
      results[p.index] = { ok: false, error: new DomainError("NOT_FOUND", "No such customer") };
      return false;
    });

    const [sites, warehouses, productRows, components, exposure, policy, priceList, substitutes] = await reads;
    if (todo.length === 0) return [];
    const products = new Map(productRows.map((p) => [p.id, p]));
    const activeWarehouses = new Set(warehouses.map((w) => w.id));
    // priceList follows every parsed order's lines in order: where each order's prices start.
    const priceStart = new Map<(typeof parsed)[number], number>();
    parsed.reduce((offset, p) => (priceStart.set(p, offset), offset + p.input.lines.length), 0);

    const out: Draft[] = [];
    const pendingExposure = new Map(exposure);
    for (const p of todo) {
      try {
        const input = p.input;
        const customer = customers.get(input.customerId)!;
        const mine = sites.filter((s) => s.customer_id === customer.id);
        const site = input.shipToSiteId ? mine.find((s) => s.id === input.shipToSiteId) : mine.find((s) => s.is_default);
        if (!site) throw new DomainError("BAD_REQUEST", input.shipToSiteId ? "That ship-to site is not one of the customer's" : "The customer has no default ship-to site", { shipToSiteId: ["Choose a ship-to site"] });
        if (input.preferredWarehouseId && !activeWarehouses.has(input.preferredWarehouseId)) {
          throw new DomainError("BAD_REQUEST", "No such active warehouse", { preferredWarehouseId: ["Choose an active warehouse"] });
        }
        input.lines.forEach((line, i) => {
          const product = products.get(line.productId);
          if (!product) throw new DomainError("BAD_REQUEST", `Line ${i + 1}: no such product`, { [`lines.${i}.productId`]: ["No such product"] });
          if (product.status !== "active") throw new DomainError("BAD_REQUEST", `Line ${i + 1}: ${product.name} (${product.sku}) is archived and cannot be ordered`, { [`lines.${i}.productId`]: ["Archived products cannot be ordered"] });
          if (product.kind === "plan") throw new DomainError("BAD_REQUEST", `Line ${i + 1}: ${product.name} is a plan; start a subscription from it instead`, { [`lines.${i}.productId`]: ["Plans cannot be ordered"] });
        });
        const lines: Draft["lines"] = [];
        let nextPrice = priceStart.get(p)!;
        for (const line of input.lines) {
          const product = products.get(line.productId)!;
          const price = priceList[nextPrice++];
          if (price instanceof DomainError) throw price;
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
          if (product.kind !== "kit") continue;
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
        const exposureMinor = pendingExposure.get(customer.id) ?? 0n;
        const held = releaseHold({
          customerStatus: customer.status,
          creditLimitMinor: customer.creditLimitMinor,
          exposureMinor,
          orderTotalMinor: totalMinor,
          approvalThresholdMinor: policy.orderApprovalThresholdMinor,
          currency: customer.currency,
        });
        // A released order counts against the next order of the same customer in this batch.
        if (!held) pendingExposure.set(customer.id, exposureMinor + totalMinor);
        out.push({ index: p.index, request: p.request, input, orderId: uuidv7(), siteId: site.id, currency: customer.currency, customer, held, totalMinor, lines });
      } catch (error) {
        results[p.index] = fail(error);
      }
    }
    if (out.length === 0) return [];
    const componentIds = [...new Set(components.map((c) => c.component_id))].filter((id) => !productIds.includes(id));
    if (componentIds.length) substitutes.push(...(await substituteRules(tx, componentIds)));

    // Serving order (same priority, oldest first: the batch's order), as allocateOrders would; the new
    // lines' needs are known (nothing is reserved for them yet), so they are not read back.
    const demandsOf = (ds: Draft[]): Demand[] =>
      ds.filter((d) => !d.held).flatMap((d) =>
        d.lines
          .filter((l) => l.stocked)
          .map((l) => ({
            lineId: l.id,
            orderId: d.orderId,
            productId: l.productId,
            need: l.quantity,
            preferredWarehouseIds: [d.input.preferredWarehouseId ?? null, d.customer.preferred_warehouse_id].filter((id): id is string => id !== null),
            allowSubstitutes: d.customer.allow_substitutions,
          })),
      );
    const wanted = demandsOf(out);
    const rules = substitutes.filter((r) => wanted.some((d) => d.allowSubstitutes && d.productId === r.productId));
    const newLines = out.flatMap((d) => d.lines.map((l) => ({ ...l, orderId: d.orderId })));
    const col = (f: (d: Draft) => string | bigint | null) => plainArray(out.map(f));
    // One statement for the orders, their numbers and their lines; the stock lock pipelined right
    // behind it. A concurrent submission with the same request key makes the insert wait for it, then
    // skip that order (its number is skipped too: order numbers need not be gapless, invoice numbers
    // are). One bump of the tenant's counter numbers the batch ORD-000001... in the order given; its
    // row stays locked until commit, taken after the customers and before the stock, as the
    // replenishment run takes them. Numbering at insert spares an update of every new order row.
    const [inserted, { supplies, levels }] = await Promise.all([
      tx.execute<{ id: string; number: string }>(sql`
      with counter as (
      insert into tenant_counters (tenant_id, name, period, last_value) values (${tenantId}, 'order', '', ${out.length})
      on conflict (tenant_id, name, period) do update set last_value = tenant_counters.last_value + ${out.length}
      returning last_value - ${out.length} as before
      ), o as (
      insert into orders (tenant_id, id, number, customer_id, ship_to_site_id, currency, source, hold, hold_reason, preferred_warehouse_id,
                          allow_substitutions, total_minor, note, request_key, created_by)
      select ${tenantId}, x.id, 'ORD-' || lpad(v.n, greatest(6, length(v.n)), '0'), x.customer_id, x.site_id, x.currency, x.source, x.hold, x.hold_reason, x.wh, true, x.total, x.note, x.request_key, x.created_by
        from counter, unnest(${col((d) => d.orderId)}::uuid[], ${col((d) => d.input.customerId)}::uuid[], ${col((d) => d.siteId)}::uuid[],
                    ${textArray(out.map((d) => d.currency))}::text[], ${textArray(out.map((d) => d.input.source))}::text[], ${textArray(out.map((d) => d.held?.hold ?? null))}::text[],
                    ${textArray(out.map((d) => d.held?.reason ?? ""))}::text[], ${col((d) => d.input.preferredWarehouseId ?? null)}::uuid[], ${col((d) => d.totalMinor)}::bigint[],
                    ${textArray(out.map((d) => d.input.note))}::text[], ${textArray(out.map((d) => d.input.requestKey ?? null))}::text[], ${col((d) => d.request.acting.userId)}::uuid[])
             with ordinality as x(id, customer_id, site_id, currency, source, hold, hold_reason, wh, total, note, request_key, created_by, n),
             lateral (select (counter.before + x.n)::text as n) v
       order by x.n
      on conflict (tenant_id, request_key) do nothing
      returning id, number
      ), l as (
        insert into order_lines (tenant_id, id, order_id, line_no, parent_line_id, product_id, quantity, unit_price, price_rule, amount_minor, stocked, subscription_item_id)
        select ${tenantId}, x.* from ${linesUnnest(newLines.map((l) => l.orderId), newLines)} where x.order_id in (select id from o)
      )
      select id, number from o`),
      lockStockLevels(tx, [...wanted.map((d) => d.productId), ...rules.map((r) => r.substituteId)]),
    ]);
    const numberOf = new Map(inserted.map((r) => [r.id, r.number]));
    const written = new Set(numberOf.keys());
    const lost = out.filter((d) => !written.has(d.orderId));
    if (lost.length) {
      const winners = await tx.execute<{ id: string; request_key: string; customer_id: string }>(sql`
        select id, request_key, customer_id from orders where request_key = any(${textArray(lost.map((d) => d.input.requestKey!))}::text[])`);
      for (const d of lost) {
        const w = winners.find((r) => r.request_key === d.input.requestKey);
        results[d.index] = !w
          ? { ok: false, error: new DomainError("CONFLICT", "An order with this request key is being placed; retry in a moment") }
          : w.customer_id === d.input.customerId
            ? { ok: true, orderId: w.id, created: false }
            : { ok: false, error: new DomainError("CONFLICT", "This request key was already used for another order") };
      }
    }
    const drafts = out.filter((d) => written.has(d.orderId));
    if (drafts.length === 0) return [];
    // Reservations are the tenant's bookkeeping, written as the system.
    const demands = wanted.filter((d) => written.has(d.orderId));
    const plan = planAllocations(demands, supplies, rules);
    const stockEvents = reservationStockEvents(levels, plan.allocations);
    // The reservations are the batch's last write: answered with the commit (a failure rolls the batch back).
    if (plan.allocations.length || plan.backordered.size) await awaitWithCommit(tx, writePlan(tx, tenantId, plan.allocations, plan.backordered));
    // The outbox: each order's order.created, then what allocating them did (events keep the order emitted).
    emitEvents(tx, tenantId, drafts.map((d) => ({
      type: "order.created" as const,
      payload: orderCreatedPayload({
        orderId: d.orderId, number: numberOf.get(d.orderId)!, customerId: d.input.customerId, currency: d.currency, source: d.input.source, totalMinor: d.totalMinor,
        hold: d.held?.hold ?? null, subscriptionId: null, deliveryDate: null,
        lines: d.lines.filter((l) => l.parentLineId === null).map((l) => ({ lineId: l.id, productId: l.productId, quantity: l.quantity, amountMinor: l.amountMinor })),
      }),
    })));
    emitEvents(tx, tenantId, [...allocationEvents(demands, plan, true), ...stockEvents]);
    return drafts;
  });

  for (const d of drafts) results[d.index] = { ok: true, orderId: d.orderId, created: true };
  for (const f of followers) {
    const leader = results[f.leader]!;
    results[f.index] = leader.ok ? { ok: true, orderId: leader.orderId, created: false } : leader;
  }
  return results as PlaceResult[];
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
    select ${tenantId}, x.* from ${linesUnnest(orderIds, lines)}`);
}

type NewLine = { id: string; lineNo: number; parentLineId: string | null; productId: string; quantity: number; unitPrice: string; priceRule: string; amountMinor: bigint; stocked: boolean; subscriptionItemId?: string | null };

/** New order lines as rows `x(id, order_id, line_no, ...)`, in order_lines' column order after tenant_id. */
function linesUnnest(orderIds: readonly string[], lines: readonly NewLine[]) {
  return sql`unnest(
      ${plainArray(lines.map((l) => l.id))}::uuid[], ${plainArray([...orderIds])}::uuid[], ${plainArray(lines.map((l) => l.lineNo))}::int[],
      ${plainArray(lines.map((l) => l.parentLineId))}::uuid[], ${plainArray(lines.map((l) => l.productId))}::uuid[],
      ${plainArray(lines.map((l) => l.quantity))}::int[], ${plainArray(lines.map((l) => l.unitPrice))}::numeric[],
      ${textArray(lines.map((l) => l.priceRule))}::text[], ${plainArray(lines.map((l) => l.amountMinor))}::bigint[],
      ${plainArray(lines.map((l) => String(l.stocked)))}::boolean[], ${plainArray(lines.map((l) => l.subscriptionItemId ?? null))}::uuid[])
    as x(id, order_id, line_no, parent_line_id, product_id, quantity, unit_price, price_rule, amount_minor, stocked, subscription_item_id)`;
}
