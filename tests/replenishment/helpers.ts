import { sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import type { TenantTx } from "../../db/with-tenant";
import { suffix } from "../helpers/db";

export interface DeliveryItemSpec {
  productId: string;
  quantity?: number | string;
  every?: number;
  unit?: "week" | "month";
  first: string;
  unitPrice?: string;
  discount?: string;
  siteId?: string;
  warehouseId?: string | null;
}

export interface ContractSpec {
  customerId: string;
  siteId: string;
  priority?: number;
  termStart?: string;
  termEnd?: string;
  autoRenew?: boolean;
  cancelAt?: string | null;
  status?: string;
  items: DeliveryItemSpec[];
}

/** An active contract with one version of delivery items, in plain SQL (the contract code's shape). */
export async function deliveryContract(tx: TenantTx, tenantId: string, spec: ContractSpec): Promise<{ subscriptionId: string; versionId: string; itemIds: string[]; number: string }> {
  const subscriptionId = uuidv7();
  const versionId = uuidv7();
  const number = `SUB-R${suffix(4)}`;
  const termStart = spec.termStart ?? "2025-01-01";
  await tx.execute(sql`
    insert into subscriptions (tenant_id, id, number, customer_id, currency, status, term_start, term_end, anchor_day, priority, auto_renew, cancel_at)
    values (${tenantId}, ${subscriptionId}, ${number}, ${spec.customerId}, 'EUR', ${spec.status ?? "active"}, ${termStart}, ${spec.termEnd ?? "2030-01-01"}, 1,
            ${spec.priority ?? 0}, ${spec.autoRenew ?? true}, ${spec.cancelAt ?? null})`);
  await tx.execute(sql`
    insert into subscription_versions (tenant_id, id, subscription_id, version, effective_from, status)
    values (${tenantId}, ${versionId}, ${subscriptionId}, 1, ${termStart}, 'active')`);
  const itemIds = await addItems(tx, tenantId, subscriptionId, versionId, spec.siteId, spec.items);
  return { subscriptionId, versionId, itemIds, number };
}

export async function addItems(tx: TenantTx, tenantId: string, subscriptionId: string, versionId: string, siteId: string, items: DeliveryItemSpec[]): Promise<string[]> {
  const ids: string[] = [];
  for (const [position, i] of items.entries()) {
    const id = uuidv7();
    ids.push(id);
    await tx.execute(sql`
      insert into subscription_items (tenant_id, id, subscription_id, version_id, kind, product_id, quantity, unit_price, discount_percent,
                                      delivery_every, delivery_unit, first_delivery_date, ship_to_site_id, preferred_warehouse_id, position)
      values (${tenantId}, ${id}, ${subscriptionId}, ${versionId}, 'delivery', ${i.productId}, ${String(i.quantity ?? 1)}, ${i.unitPrice ?? "4"}, ${i.discount ?? "0"},
              ${i.every ?? 1}, ${i.unit ?? "week"}, ${i.first}, ${i.siteId ?? siteId}, ${i.warehouseId ?? null}, ${position})`);
  }
  return ids;
}

/** An amendment: a new version from `effectiveFrom` with these items; the previous one is superseded. */
export async function amend(tx: TenantTx, tenantId: string, subscriptionId: string, siteId: string, effectiveFrom: string, items: DeliveryItemSpec[]): Promise<string> {
  const versionId = uuidv7();
  const [{ n }] = await tx.execute<{ n: number }>(sql`select max(version)::int + 1 as n from subscription_versions where subscription_id = ${subscriptionId}`);
  await tx.execute(sql`update subscription_versions set status = 'superseded' where subscription_id = ${subscriptionId} and status = 'active'`);
  await tx.execute(sql`
    insert into subscription_versions (tenant_id, id, subscription_id, version, effective_from, status)
    values (${tenantId}, ${versionId}, ${subscriptionId}, ${n}, ${effectiveFrom}, 'active')`);
  await addItems(tx, tenantId, subscriptionId, versionId, siteId, items);
  return versionId;
}

export async function newRun(tx: TenantTx, tenantId: string, throughDate: string): Promise<string> {
  const id = uuidv7();
  await tx.execute(sql`insert into replenishment_runs (tenant_id, id, through_date, status) values (${tenantId}, ${id}, ${throughDate}, 'running')`);
  return id;
}

/** Rows this tenant has: what a rerun must leave unchanged. */
export async function counts(tx: TenantTx) {
  const [row] = await tx.execute<{ orders: number; lines: number; deliveries: number; allocations: number; reserved: number }>(sql`
    select (select count(*)::int from orders) as orders, (select count(*)::int from order_lines) as lines,
           (select count(*)::int from scheduled_deliveries) as deliveries, (select count(*)::int from order_allocations) as allocations,
           (select coalesce(sum(reserved), 0)::int from stock_balances) as reserved`);
  return row;
}

/** Stops the fixture's own contract from delivering, so a run sees only the test's contracts. */
export async function pauseOtherContracts(tx: TenantTx) {
  await tx.execute(sql`update subscriptions set status = 'paused' where number not like 'SUB-R%'`);
}
