import { sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { withTenant, type Scope, type TenantTx } from "../../db/with-tenant";
import { scopeOf } from "../../server/domain/access/actor";
import type { Requester } from "../../server/domain/subscriptions/contracts";
import { tenantActorOf, type TenantFixture, type TestUser } from "../helpers/fixtures";

/** Prices the subscription tests rely on, on top of the fixture's catalog (list book EUR, c1's site). */
export interface PricedCatalog {
  /** A service with a flat list price of 100.00 EUR from 2026-01-01. */
  support: string;
  /** A package-priced service (50.00 EUR per 1000) for usage items. */
  sms: string;
  smsMeter: string;
  /** c1's own book: gloves (the fixture's stock item, list 12.50) at 10.00. */
  customerBookId: string;
}

export async function addPrices(T: TenantFixture): Promise<PricedCatalog> {
  const c: PricedCatalog = { support: uuidv7(), sms: uuidv7(), smsMeter: uuidv7(), customerBookId: uuidv7() };
  await withTenant({ kind: "system", tenantId: T.id }, async (tx) => {
    await tx.execute(sql`insert into products (tenant_id, id, sku, name, kind) values (${T.id}, ${c.support}, 'SUP-STD', 'Standard support', 'service'), (${T.id}, ${c.sms}, 'SVC-SMS', 'SMS alerts', 'service')`);
    await tx.execute(sql`insert into meters (tenant_id, id, code, name, unit) values (${T.id}, ${c.smsMeter}, 'sms', 'SMS sent', 'message')`);
    await tx.execute(sql`
      insert into price_book_entries (tenant_id, price_book_id, product_id, model, unit_price, package_size, effective_from) values
        (${T.id}, ${T.contract.listBookId}, ${c.support}, 'flat', 100, null, '2026-01-01'),
        (${T.id}, ${T.contract.listBookId}, ${c.sms}, 'package', 50, 1000, '2026-01-01')`);
    await tx.execute(sql`insert into price_books (tenant_id, id, name, kind, currency, customer_id) values (${T.id}, ${c.customerBookId}, 'C1 contract prices', 'customer', 'EUR', ${T.customers.c1})`);
    await tx.execute(sql`insert into price_book_entries (tenant_id, price_book_id, product_id, model, unit_price, effective_from) values (${T.id}, ${c.customerBookId}, ${T.contract.products.stock}, 'flat', 10, '2026-01-01')`);
  });
  return c;
}

export interface Session { scope: Scope; who: Requester; run<R>(fn: (tx: TenantTx) => Promise<R>): Promise<R> }

/** A user's session as a request gets it: membership -> actor -> RLS scope. */
export async function sessionOf(T: TenantFixture, user: TestUser): Promise<Session> {
  const actor = await tenantActorOf(T, user);
  const scope = scopeOf(actor);
  return { scope, who: { tenantId: T.id, userId: actor.userId }, run: (fn) => withTenant(scope, fn) };
}

/** Sets a contract's status directly (system scope), to start a transition test from any state. */
export async function forceStatus(T: TenantFixture, subscriptionId: string, status: string) {
  await withTenant({ kind: "system", tenantId: T.id }, (tx) => tx.execute(sql`update subscriptions set status = ${status} where id = ${subscriptionId}`));
}

export async function setThreshold(T: TenantFixture, percent: number) {
  await withTenant({ kind: "system", tenantId: T.id }, (tx) => tx.execute(sql`insert into tenant_settings (tenant_id, discount_approval_threshold_percent) values (${T.id}, ${percent})`));
}
