import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { closeAppPool } from "../../db/client";
import { openExposureMinor, placeOrder } from "../../server/domain/orders/place";
import { shipOrder } from "../../server/domain/orders/fulfil";
import { recordPayment } from "../../server/domain/payments/payments";
import { closeRedis } from "../../server/redis";
import { withTenantRolledBack } from "../helpers/db";
import { createPlatformAdmin, createTenantFixture, type TenantFixture } from "../helpers/fixtures";
import { issueTestInvoice } from "../payments/helpers";
import { orderRow, orderScenario, receive } from "./helpers";

/*
 * The credit check counts open receivables plus what is on order and not yet invoiced: an unpaid
 * invoice holds the next order, paying it releases, and an order's shipment invoice moves that part
 * of the order into receivables instead of counting it twice.
 */

let T: TenantFixture;
const sys = () => ({ kind: "system" as const, tenantId: T.id });

beforeAll(async () => {
  T = await createTenantFixture(await createPlatformAdmin("exposure"), "exposure");
});
afterAll(async () => {
  await closeAppPool();
  await closeRedis();
});

describe("credit exposure", () => {
  test("open receivables count against the limit; paying the invoice frees it", async () => {
    await withTenantRolledBack(sys(), async (tx) => {
      const s = await orderScenario(tx, T, { creditLimitMinor: 10_000n }); // €100.00
      await receive(tx, T.id, s.warehouses.north, s.products.gauze, 100);
      const acting = { tenantId: T.id, userId: T.users.ops.id };
      const invoice = await issueTestInvoice(tx, T.id, s.customerId, { lines: [{ netMinor: 5_000n }], dueDate: "2026-03-10" });
      expect(await openExposureMinor(tx, s.customerId)).toBe(invoice.totalMinor);

      // €4.00 x 11 = €44.00 on top of the unpaid invoice: over €100.
      const held = await placeOrder(tx, acting, { customerId: s.customerId, source: "operator", lines: [{ productId: s.products.gauze, quantity: 11 }] });
      const heldRow = await orderRow(tx, held.orderId);
      expect(heldRow.hold).toBe("credit_limit");
      expect(heldRow.hold_reason).toContain(`Open receivables €${(Number(invoice.totalMinor) / 100).toFixed(2)}`);

      await recordPayment(tx, { tenantId: T.id, userId: T.users.finance.id }, {
        customerId: s.customerId, currency: "EUR", amount: (Number(invoice.totalMinor) / 100).toFixed(2), method: "bank_transfer", receivedOn: "2026-03-05", requestKey: `exposure-${held.orderId}`,
      });
      expect(await openExposureMinor(tx, s.customerId)).toBe(0n);
      const released = await placeOrder(tx, acting, { customerId: s.customerId, source: "operator", lines: [{ productId: s.products.gauze, quantity: 11 }] });
      expect((await orderRow(tx, released.orderId)).hold).toBeNull();
      expect(await openExposureMinor(tx, s.customerId)).toBe(4_400n);
    });
  });

  test("an order's shipment invoice is counted once: as receivable until paid, then not at all", async () => {
    await withTenantRolledBack(sys(), async (tx) => {
      const s = await orderScenario(tx, T);
      await receive(tx, T.id, s.warehouses.north, s.products.gauze, 100);
      const acting = { tenantId: T.id, userId: T.users.ops.id };
      const { orderId } = await placeOrder(tx, acting, { customerId: s.customerId, source: "operator", lines: [{ productId: s.products.gauze, quantity: 10 }] });
      expect(await openExposureMinor(tx, s.customerId)).toBe(4_000n);

      const [line] = await tx.execute<{ id: string }>(sql`select id from order_lines where order_id = ${orderId}`);
      // Shipping invoices the shipment (goods not under a subscription are invoiced at shipment).
      const shipped = await shipOrder(tx, acting, { orderId, warehouseId: s.warehouses.north, carrier: "DHL", trackingNumber: "EXP-1", lines: [{ orderLineId: line.id, quantity: 10 }] });
      const [inv] = await tx.execute<{ total: string; net: string }>(sql`select total_minor::text as total, net_minor::text as net from invoices where shipment_id = ${shipped.shipmentId}`);
      // The order's €40.00 is now the invoice's balance (net + tax), not the order's total as well.
      expect(await openExposureMinor(tx, s.customerId)).toBe(BigInt(inv.total));
      expect(BigInt(inv.net)).toBe(4_000n);

      await recordPayment(tx, { tenantId: T.id, userId: T.users.finance.id }, {
        customerId: s.customerId, currency: "EUR", amount: (Number(inv.total) / 100).toFixed(2), method: "bank_transfer", receivedOn: "2026-03-05", requestKey: `exposure-${orderId}`,
      });
      expect(await openExposureMinor(tx, s.customerId)).toBe(0n);
    });
  });
});
