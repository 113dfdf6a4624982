import { sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import type { TenantTx } from "../../db/with-tenant";

export interface ContractRows {
  categoryId: string;
  products: { stock: string; service: string; kit: string; plan: string; spare: string };
  meterId: string;
  listBookId: string;
  siteId: string;
  subscriptionId: string;
  versionId: string;
}

/**
 * One row in each catalog, pricing, customer-detail and contract table, for `customerId`: enough for
 * the isolation suite to probe every table. Plain SQL in the caller's (system) transaction.
 */
export async function addContractRows(tx: TenantTx, tenantId: string, customerId: string, people: { requester: string; decider: string }): Promise<ContractRows> {
  const id = () => uuidv7();
  const r = {
    categoryId: id(),
    products: { stock: id(), service: id(), kit: id(), plan: id(), spare: id() },
    meterId: id(),
    listBookId: id(),
    siteId: id(),
    subscriptionId: id(),
    versionId: id(),
  };
  const p = r.products;
  const entryId = id();
  await tx.execute(sql`insert into product_categories (tenant_id, id, code, name) values (${tenantId}, ${r.categoryId}, 'consumables', 'Consumables')`);
  await tx.execute(sql`
    insert into products (tenant_id, id, sku, name, kind, category_id, unit_of_measure, weight_grams, reorder_point) values
      (${tenantId}, ${p.stock}, 'GLV-100', 'Nitrile gloves, box of 100', 'stock_item', ${r.categoryId}, 'box', 600, 40),
      (${tenantId}, ${p.service}, 'SVC-API', 'Ordering API access', 'service', ${r.categoryId}, 'each', null, null),
      (${tenantId}, ${p.kit}, 'KIT-FA', 'First-aid kit', 'kit', ${r.categoryId}, 'each', null, null),
      (${tenantId}, ${p.plan}, 'PLN-CLINIC', 'Clinic supply plan', 'plan', ${r.categoryId}, 'each', null, null),
      (${tenantId}, ${p.spare}, 'GLV-200', 'Nitrile gloves, box of 200', 'stock_item', ${r.categoryId}, 'box', 1100, 20)`);
  await tx.execute(sql`insert into kit_components (tenant_id, kit_id, component_id, quantity) values (${tenantId}, ${p.kit}, ${p.stock}, 2)`);
  await tx.execute(sql`insert into meters (tenant_id, id, code, name, unit) values (${tenantId}, ${r.meterId}, 'api_calls', 'API calls', 'call')`);
  await tx.execute(sql`
    insert into plan_items (tenant_id, plan_id, kind, product_id, meter_id, quantity, rating, delivery_every, delivery_unit) values
      (${tenantId}, ${p.plan}, 'usage', ${p.service}, ${r.meterId}, 1, 'tiered', null, null),
      (${tenantId}, ${p.plan}, 'delivery', ${p.stock}, null, 5, null, 2, 'week')`);
  await tx.execute(sql`insert into price_books (tenant_id, id, name, kind, currency) values (${tenantId}, ${r.listBookId}, 'List EUR', 'list', 'EUR')`);
  await tx.execute(sql`
    insert into price_book_entries (tenant_id, id, price_book_id, product_id, model, unit_price, effective_from) values
      (${tenantId}, ${entryId}, ${r.listBookId}, ${p.service}, 'graduated', null, '2026-01-01'),
      (${tenantId}, ${id()}, ${r.listBookId}, ${p.stock}, 'flat', 12.5, '2026-01-01')`);
  await tx.execute(sql`insert into price_tiers (tenant_id, entry_id, from_quantity, unit_price) values (${tenantId}, ${entryId}, 0, 0.01), (${tenantId}, ${entryId}, 1000, 0.008)`);
  await tx.execute(sql`
    insert into customer_sites (tenant_id, id, customer_id, name, address_line1, city, postal_code, country_code, is_default)
    values (${tenantId}, ${r.siteId}, ${customerId}, 'Main clinic', '1 Harbour St', 'Rotterdam', '3011', 'NL', true)`);
  await tx.execute(sql`insert into customer_contacts (tenant_id, customer_id, name, email, role) values (${tenantId}, ${customerId}, 'Pat Buyer', 'pat@clinic.test', 'purchasing')`);
  await tx.execute(sql`
    insert into subscriptions (tenant_id, id, number, customer_id, currency, status, term_start, term_end, anchor_day)
    values (${tenantId}, ${r.subscriptionId}, 'SUB-000001', ${customerId}, 'EUR', 'active', '2026-01-01', '2027-01-01', 1)`);
  await tx.execute(sql`
    insert into subscription_versions (tenant_id, id, subscription_id, version, effective_from, status, created_by)
    values (${tenantId}, ${r.versionId}, ${r.subscriptionId}, 1, '2026-01-01', 'active', ${people.requester})`);
  await tx.execute(sql`
    insert into subscription_items (tenant_id, subscription_id, version_id, kind, product_id, meter_id, quantity, rating, unit_price, delivery_every, delivery_unit, ship_to_site_id, first_delivery_date) values
      (${tenantId}, ${r.subscriptionId}, ${r.versionId}, 'usage', ${p.service}, ${r.meterId}, 1, 'tiered', null, null, null, null, null),
      (${tenantId}, ${r.subscriptionId}, ${r.versionId}, 'delivery', ${p.stock}, null, 5, null, 12.5, 2, 'week', ${r.siteId}, '2026-01-05')`);
  await tx.execute(sql`
    insert into usage_events (tenant_id, event_id, subscription_id, meter_id, quantity, occurred_at, period_start)
    values (${tenantId}, ${`evt-${r.subscriptionId}`}, ${r.subscriptionId}, ${r.meterId}, 42, '2026-01-10T10:00:00Z', '2026-01-01')`);
  await tx.execute(sql`
    insert into approvals (tenant_id, kind, subject_type, subject_id, requested_by, status, decided_by, decided_at)
    values (${tenantId}, 'subscription_discount', 'subscription_version', ${r.versionId}, ${people.requester}, 'approved', ${people.decider}, now())`);
  await tx.execute(sql`insert into tenant_settings (tenant_id, discount_approval_threshold_percent) values (${tenantId}, 10)`);
  await tx.execute(sql`insert into tenant_counters (tenant_id, name, last_value) values (${tenantId}, 'subscription', 1)`);
  return r;
}
