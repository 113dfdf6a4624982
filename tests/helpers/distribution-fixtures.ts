import { sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import type { TenantTx } from "../../db/with-tenant";
import { postJournalEntries } from "../../server/domain/ledger/post";
import type { ContractRows } from "./contract-fixtures";

export interface DistributionRows {
  warehouses: { main: string; overflow: string };
  orderId: string;
  orderLineId: string;
  allocationId: string;
  shipmentId: string;
  returnId: string;
  runId: string;
}

/**
 * One consistent row in each inventory and order table, for the isolation suite: 100 gloves received
 * into the main warehouse, an order for 10 of them reserved there, 4 shipped, 1 returned, and a
 * replenishment run with one delivery and one exception. Balances agree with the ledger.
 */
export async function addDistributionRows(tx: TenantTx, tenantId: string, customerId: string, contract: ContractRows, staffUserId: string): Promise<DistributionRows> {
  const id = () => uuidv7();
  const r: DistributionRows = {
    warehouses: { main: id(), overflow: id() },
    orderId: id(),
    orderLineId: id(),
    allocationId: id(),
    shipmentId: id(),
    returnId: id(),
    runId: id(),
  };
  const stock = contract.products.stock;
  const receiptId = id();
  await tx.execute(sql`
    insert into warehouses (tenant_id, id, code, name, priority, city, country_code) values
      (${tenantId}, ${r.warehouses.main}, 'RTM', 'Rotterdam main', 10, 'Rotterdam', 'NL'),
      (${tenantId}, ${r.warehouses.overflow}, 'ANR', 'Antwerp overflow', 5, 'Antwerp', 'BE')`);
  await tx.execute(sql`insert into product_substitutes (tenant_id, product_id, substitute_id, rank, ratio) values (${tenantId}, ${stock}, ${contract.products.spare}, 1, 0.5)`);
  await tx.execute(sql`insert into goods_receipts (tenant_id, id, number, warehouse_id, supplier_reference, received_by) values (${tenantId}, ${receiptId}, 'GR-000001', ${r.warehouses.main}, 'PO-77', ${staffUserId})`);
  await tx.execute(sql`insert into goods_receipt_lines (tenant_id, receipt_id, product_id, quantity) values (${tenantId}, ${receiptId}, ${stock}, 100)`);
  await tx.execute(sql`
    insert into stock_movements (tenant_id, warehouse_id, product_id, kind, quantity, reference_type, reference_id, created_by) values
      (${tenantId}, ${r.warehouses.main}, ${stock}, 'receipt', 100, 'goods_receipt', ${receiptId}, ${staffUserId}),
      (${tenantId}, ${r.warehouses.main}, ${stock}, 'shipment', -4, 'shipment', ${r.shipmentId}, ${staffUserId})`);
  await tx.execute(sql`insert into stock_balances (tenant_id, warehouse_id, product_id, on_hand, reserved) values (${tenantId}, ${r.warehouses.main}, ${stock}, 96, 6)`);
  await tx.execute(sql`
    insert into orders (tenant_id, id, number, customer_id, ship_to_site_id, currency, source, status, subscription_id, delivery_date, total_minor, created_by)
    values (${tenantId}, ${r.orderId}, 'ORD-000001', ${customerId}, ${contract.siteId}, 'EUR', 'replenishment', 'partially_shipped', ${contract.subscriptionId}, '2026-01-05', 12500, ${staffUserId})`);
  await tx.execute(sql`
    insert into order_lines (tenant_id, id, order_id, line_no, product_id, quantity, unit_price, price_rule, amount_minor, stocked)
    values (${tenantId}, ${r.orderLineId}, ${r.orderId}, 1, ${stock}, 10, 12.5, 'list', 12500, true)`);
  await tx.execute(sql`
    insert into order_allocations (tenant_id, id, order_id, order_line_id, warehouse_id, product_id, quantity, shipped_quantity, covers)
    values (${tenantId}, ${r.allocationId}, ${r.orderId}, ${r.orderLineId}, ${r.warehouses.main}, ${stock}, 10, 4, 10)`);
  await tx.execute(sql`
    insert into shipments (tenant_id, id, number, order_id, warehouse_id, carrier, tracking_number, shipped_by)
    values (${tenantId}, ${r.shipmentId}, 'SHP-000001', ${r.orderId}, ${r.warehouses.main}, 'DHL', 'JD0001', ${staffUserId})`);
  await tx.execute(sql`
    insert into shipment_lines (tenant_id, shipment_id, order_id, order_line_id, allocation_id, product_id, quantity)
    values (${tenantId}, ${r.shipmentId}, ${r.orderId}, ${r.orderLineId}, ${r.allocationId}, ${stock}, 4)`);
  await tx.execute(sql`
    insert into returns (tenant_id, id, number, order_id, customer_id, status, reason)
    values (${tenantId}, ${r.returnId}, 'RMA-000001', ${r.orderId}, ${customerId}, 'requested', 'Damaged box')`);
  await tx.execute(sql`
    insert into return_lines (tenant_id, return_id, order_line_id, product_id, quantity, unit_price, amount_minor, tax_class)
    values (${tenantId}, ${r.returnId}, ${r.orderLineId}, ${stock}, 1, 12.5, 1250, 'standard')`);
  await tx.execute(sql`
    insert into replenishment_runs (tenant_id, id, through_date, status, total, done, orders_created, exception_count, requested_by)
    values (${tenantId}, ${r.runId}, '2026-01-05', 'completed', 1, 1, 1, 1, ${staffUserId})`);
  await tx.execute(sql`
    insert into replenishment_exceptions (tenant_id, run_id, subscription_id, product_id, order_id, delivery_date, kind, detail)
    values (${tenantId}, ${r.runId}, ${contract.subscriptionId}, ${stock}, ${r.orderId}, '2026-01-05', 'backorder', '0 of 10 backordered')`);
  const [item] = await tx.execute<{ id: string }>(sql`select id from subscription_items where subscription_id = ${contract.subscriptionId} and kind = 'delivery' limit 1`);
  await tx.execute(sql`
    insert into scheduled_deliveries (tenant_id, subscription_id, product_id, delivery_date, subscription_item_id, order_id, run_id)
    values (${tenantId}, ${contract.subscriptionId}, ${stock}, '2026-01-05', ${item.id}, ${r.orderId}, ${r.runId})`);
  // A ledger: the chart, and one balanced entry (a shipment invoiced: receivable against revenue and tax).
  await postJournalEntries(tx, tenantId, staffUserId, [
    {
      sourceType: "fixture",
      sourceId: r.shipmentId,
      entryDate: "2026-01-05",
      lines: [
        { account: "accounts_receivable", debitMinor: 1_512n, currency: "EUR", customerId },
        { account: { revenueCategoryId: contract.categoryId }, creditMinor: 1_250n, currency: "EUR" },
        { account: "tax_payable", creditMinor: 262n, currency: "EUR" },
      ],
    },
  ]);
  // The fixture's documents took number 1 of each sequence (counter names: order, goods_receipt, shipment, return).
  await tx.execute(sql`
    insert into tenant_counters (tenant_id, name, last_value) values
      (${tenantId}, 'order', 1), (${tenantId}, 'goods_receipt', 1), (${tenantId}, 'shipment', 1), (${tenantId}, 'return', 1)`);
  return r;
}
