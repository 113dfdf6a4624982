import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { closeAppPool } from "../../db/client";
import { plainArray } from "../../db/pg-arrays";
import { runRenewalChunk } from "../../server/domain/billing/renewal";
import { closeRedis } from "../../server/redis";
import { createPlatformAdmin, createTenantFixture, type TenantFixture } from "../helpers/fixtures";
import { addContract, inTenant, invoicesOf } from "./helpers";

/*
 * What billing a contract costs the database beyond its rows (migrations 0041, 0042, 0044): the contract's
 * own update stays on its heap page without new index entries, and the tables a renewal inserts into
 * carry only the indexes something reads.
 */

let T: TenantFixture;
beforeAll(async () => {
  T = await createTenantFixture(await createPlatformAdmin("write-cost"), "write-cost");
});
afterAll(async () => {
  await closeAppPool();
  await closeRedis();
});

test("moving billed contracts to their next period is a heap-only (HOT) update of each", async () => {
  const contracts: Array<{ id: string }> = [];
  for (let i = 0; i < 30; i++) {
    contracts.push(await addContract(T, { customerId: T.customers.c2, termStart: "2026-03-01", termEnd: "2027-03-01", items: [{ kind: "recurring_fee", productId: T.contract.products.service, unitPrice: "10" }] }));
  }
  const { picked, updated, hot } = await inTenant(T, async (tx) => {
    // The session's counts not yet flushed to the statistics (earlier transactions' included): the chunk's are the difference.
    const counts = async () =>
      (await tx.execute<{ updated: number; hot: number }>(sql`
        select pg_stat_get_xact_tuples_updated('subscriptions'::regclass)::int as updated, pg_stat_get_xact_tuples_hot_updated('subscriptions'::regclass)::int as hot`))[0];
    const before = await counts();
    const chunk = await runRenewalChunk(tx, T.id, { runId: null, throughDate: "2026-03-01", afterId: null, limit: 100 });
    const after = await counts();
    // An index on a column the run changes would make every one of these updates non-HOT.
    return { picked: chunk.picked, updated: after.updated - before.updated, hot: after.hot - before.hot };
  });
  // The 30 contracts and the fixture's own one.
  expect([picked, updated]).toEqual([31, 31]);
  // HOT also needs room on the row's page, and other test files update contracts on the same pages of
  // this shared table at the same time, so a few may move; with an index on a changed column, none is HOT.
  expect(hot).toBeGreaterThanOrEqual(25);
  // The due read, without an index on the billing date, still finds each contract once and moves it on.
  for (const c of contracts) expect((await invoicesOf(T, c.id)).map((i) => i.period_start)).toEqual(["2026-03-01"]);
  const [again] = await inTenant(T, (tx) =>
    tx.execute<{ n: number }>(sql`select count(*)::int as n from subscriptions where id = any(${plainArray(contracts.map((c) => c.id))}::uuid[]) and next_period_start = '2026-04-01'`),
  );
  expect(again.n).toBe(30);
});

test("the tables a renewal inserts into carry only the indexes something reads", async () => {
  const rows = await inTenant(T, (tx) =>
    tx.execute<{ table: string; index: string }>(sql`
      select tablename as table, indexname as index from pg_indexes
       where schemaname = 'public' and tablename in ('invoices', 'invoice_lines', 'revenue_schedules', 'journal_entries', 'journal_lines', 'events', 'subscriptions')
       order by 1, 2`),
  );
  const byTable: Record<string, string[]> = {};
  for (const r of rows) (byTable[r.table] ??= []).push(r.index);
  expect(byTable).toEqual({
    events: ["events_seq", "events_tenant_id_id_pk", "events_type_idx"],
    invoice_lines: ["invoice_lines_number", "invoice_lines_tenant_id_id_pk"],
    // No index by status: the open ones are in invoices_open_idx (aging, overdue, the credit check).
    invoices: [
      "invoices_customer_idx",
      "invoices_issue_date_idx",
      "invoices_number",
      "invoices_open_idx",
      "invoices_order_idx",
      "invoices_period",
      "invoices_request",
      "invoices_shipment",
      "invoices_tenant_id_id_pk",
    ],
    // No index by date: nothing reads entries by date range.
    journal_entries: ["journal_entries_event", "journal_entries_tenant_id_id_pk"],
    // The key only: no reader finds lines by account or customer.
    journal_lines: ["journal_lines_tenant_id_entry_id_id_pk"],
    // No index on the dates: the recognition job and the waterfall read the schedules whole.
    revenue_schedules: ["revenue_schedules_at_issue_idx", "revenue_schedules_line", "revenue_schedules_tenant_id_id_pk"],
    // No index on the billing date, so the run's update of each contract is HOT.
    subscriptions: ["subscriptions_customer_idx", "subscriptions_number", "subscriptions_status_idx", "subscriptions_tenant_id_id_pk"],
  });
  // No index covers a column the run sets when it moves a contract on (what makes its update HOT).
  const defs = await inTenant(T, (tx) => tx.execute<{ def: string }>(sql`select indexdef as def from pg_indexes where schemaname = 'public' and tablename = 'subscriptions'`));
  for (const { def } of defs) expect(def).not.toMatch(/next_period_start|term_end|updated_at/);
  const [{ options }] = await inTenant(T, (tx) => tx.execute<{ options: string[] | null }>(sql`select reloptions as options from pg_class where oid = 'subscriptions'::regclass`));
  expect(options).toContain("fillfactor=50");
});
