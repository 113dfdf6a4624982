import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { closeAppPool } from "../../db/client";
import { withTenant } from "../../db/with-tenant";
import { placeOrder } from "../../server/domain/orders/place";
import { closeRedis } from "../../server/redis";
import { createPlatformAdmin, createTenantFixture, type TenantFixture } from "../helpers/fixtures";
import { orderScenario, receive, type OrderScenario } from "./helpers";

let A: TenantFixture;
let s: OrderScenario;

beforeAll(async () => {
  A = await createTenantFixture(await createPlatformAdmin("credit-race"), "credit-race");
  s = await withTenant({ kind: "system", tenantId: A.id }, async (tx) => {
    const scenario = await orderScenario(tx, A, { creditLimitMinor: 5_000n }); // 50.00 of credit
    await receive(tx, A.id, scenario.warehouses.north, scenario.products.gauze, 100);
    return scenario;
  });
});
afterAll(async () => {
  await closeAppPool();
  await closeRedis();
});

test("two concurrent orders that each fit the credit limit but not together: one is released, the other held", async () => {
  const order = { customerId: s.customerId, source: "operator" as const, lines: [{ productId: s.products.gauze, quantity: 10 }] }; // 40.00 each
  const acting = { tenantId: A.id, userId: A.users.ops.id };
  let firstPlaced!: () => void;
  const placed = new Promise<void>((resolve) => (firstPlaced = resolve));

  const first = withTenant({ kind: "operator", tenantId: A.id, userId: A.users.ops.id }, async (tx) => {
    const result = await placeOrder(tx, acting, order);
    firstPlaced();
    // Still uncommitted while the second order runs its credit check.
    await new Promise((r) => setTimeout(r, 400));
    return result;
  });
  const second = placed.then(() => withTenant({ kind: "operator", tenantId: A.id, userId: A.users.sales.id }, (tx) => placeOrder(tx, { ...acting, userId: A.users.sales.id }, order)));
  await Promise.all([first, second]);

  const rows = await withTenant({ kind: "system", tenantId: A.id }, (tx) =>
    tx.execute<{ hold: string | null; reserved: number }>(sql`
      select o.hold, coalesce((select sum(a.quantity) from order_allocations a where a.order_id = o.id), 0)::int as reserved
        from orders o where o.customer_id = ${s.customerId} order by o.created_at`),
  );
  expect(rows).toEqual([
    { hold: null, reserved: 10 },
    { hold: "credit_limit", reserved: 0 },
  ]);
});
