import { sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { afterAll, beforeAll, expect, test } from "vitest";
import { closeAppPool } from "../../db/client";
import { plainArray, ValueDictionary } from "../../db/pg-arrays";
import { runRenewalChunk } from "../../server/domain/billing/renewal";
import { closeRedis } from "../../server/redis";
import { createPlatformAdmin, createTenantFixture, type TenantFixture } from "../helpers/fixtures";
import { addContract, inTenant } from "./helpers";

/*
 * A renewal chunk sends the uuids and dates its rows repeat (customers, resellers, products,
 * categories, tax rules, accounts, invoices, entries, currencies, service dates) once per statement
 * and one small position per row (ValueDictionary). These tests bill a chunk with several of each and
 * check that every row names what it should: a position read back from the wrong list would put
 * another customer, product or date on it.
 */

let T: TenantFixture;
const reduced = { categoryId: uuidv7(), productId: uuidv7(), taxRuleId: uuidv7() };
const contracts: string[] = [];

beforeAll(async () => {
  T = await createTenantFixture(await createPlatformAdmin("write-params"), "write-params");
  await inTenant(T, async (tx) => {
    // A second category, tax class and rule, so that a line's references come from lists of more than one.
    await tx.execute(sql`insert into product_categories (tenant_id, id, code, name) values (${T.id}, ${reduced.categoryId}, 'food', 'Food')`);
    await tx.execute(sql`
      insert into products (tenant_id, id, sku, name, kind, category_id, unit_of_measure, tax_class)
      values (${T.id}, ${reduced.productId}, 'TEA-1', 'Tea, box', 'stock_item', ${reduced.categoryId}, 'box', 'reduced')`);
    // Taxed customers (the fixture's have no jurisdiction): NL's standard rule is the fixture's.
    await tx.execute(sql`update customers set tax_jurisdiction = 'NL' where id in (${T.customers.c1}, ${T.customers.c2}, ${T.customers.direct})`);
    await tx.execute(sql`
      insert into tax_rules (tenant_id, id, jurisdiction, tax_class, name, rate, effective_from)
      values (${T.id}, ${reduced.taxRuleId}, 'NL', 'reduced', 'NL VAT 9%', 9, '2020-01-01')`);
  });
  const customers = [T.customers.c1, T.customers.c2, T.customers.direct];
  // Three customers (two resellers and none), two anchor days (so two sets of period dates) and a
  // month of catch-up for some: several invoices per contract, each with a fee and a delivery line.
  for (let i = 0; i < 9; i++) {
    const termStart = i % 2 === 0 ? "2026-02-01" : "2026-02-15";
    const c = await addContract(T, {
      customerId: customers[i % 3],
      termStart,
      termEnd: "2027-02-01",
      items: [
        { kind: "recurring_fee", productId: T.contract.products.service, unitPrice: `${10 + i}` },
        { kind: "delivery", productId: reduced.productId, quantity: "2", unitPrice: "3.50", every: 1, unit: "week", firstDelivery: termStart },
      ],
    });
    contracts.push(c.id);
  }
});
afterAll(async () => {
  await closeAppPool();
  await closeRedis();
});

test("a dictionary gives each value its 1-based position, the same for every repeat, and leaves null as null", () => {
  const d = new ValueDictionary();
  expect([d.ref("b"), d.ref("a"), d.ref("b"), d.ref(null), d.ref(undefined), d.ref("c"), d.ref("a")]).toEqual([1, 2, 1, null, null, 3, 2]);
  expect(d.values).toEqual(["b", "a", "c"]);
});

test("every row a chunk writes names its own customer, reseller, product, category, tax rule, entry, account and dates", async () => {
  const chunk = await inTenant(T, (tx) => runRenewalChunk(tx, T.id, { runId: null, throughDate: "2026-03-20", afterId: null, limit: 100 }));
  expect(chunk.exceptions).toEqual([]);
  expect(chunk.picked).toBeGreaterThanOrEqual(9); // and the fixture's own contract
  expect(chunk.invoices).toBeGreaterThan(9); // some contracts billed two periods

  const ids = sql`(select unnest(${plainArray(contracts)}::uuid[]))`;
  const check = async (name: string, query: ReturnType<typeof sql>) => {
    const [{ rows, wrong, distinct }] = await inTenant(T, (tx) => tx.execute<{ rows: number; wrong: number; distinct: number }>(query));
    expect({ name, rows: rows > 0, wrong }).toEqual({ name, rows: true, wrong: 0 });
    return distinct;
  };

  // Invoices: the contract's customer and the customer's reseller, the contract's period dates, the
  // run's issue date, and the customer's payment terms.
  const customersBilled = await check(
    "invoices",
    sql`
      select count(*)::int as rows, count(distinct i.customer_id)::int as distinct,
             count(*) filter (where i.customer_id <> s.customer_id or i.reseller_id is distinct from c.reseller_id or i.currency <> s.currency
                                 or i.issue_date <> '2026-03-20' or i.due_date <> i.issue_date + c.payment_terms_days
                                 or i.period_start < s.term_start or i.period_end <= i.period_start
                                 or i.bill_to->>'name' <> coalesce(nullif(c.bill_to_name, ''), c.name) or i.bill_to->>'city' is distinct from c.city)::int as wrong
        from invoices i join subscriptions s on s.id = i.subscription_id join customers c on c.id = i.customer_id
       where i.subscription_id in ${ids}`,
  );
  expect(customersBilled).toBe(3);

  // Lines: the item's product, that product's category, the rule of its tax class; the fee's service
  // period is its invoice's.
  const categories = await check(
    "invoice lines",
    sql`
      select count(*)::int as rows, count(distinct l.category_id)::int as distinct,
             count(*) filter (where l.product_id <> si.product_id or l.category_id is distinct from p.category_id or l.tax_class <> p.tax_class
                                 or l.tax_rule_id <> r.id or l.invoice_id <> i.id
                                 or (l.kind = 'recurring_fee' and (l.service_start <> i.period_start or l.service_end <> i.period_end)))::int as wrong
        from invoice_lines l join invoices i on i.id = l.invoice_id join subscription_items si on si.id = l.subscription_item_id
        join products p on p.id = l.product_id
        left join tax_rules r on r.id = l.tax_rule_id and r.tax_class = p.tax_class and r.jurisdiction = i.tax_jurisdiction
       where i.subscription_id in ${ids}`,
  );
  expect(categories).toBe(2);
  const [{ rules }] = await inTenant(T, (tx) =>
    tx.execute<{ rules: number }>(sql`select count(distinct l.tax_rule_id)::int as rules from invoice_lines l join invoices i on i.id = l.invoice_id where i.subscription_id in ${ids} and l.tax_minor > 0`),
  );
  expect(rules).toBe(2);

  // Schedules: their line's invoice, customer, currency, category and service dates.
  await check(
    "revenue schedules",
    sql`
      select count(*)::int as rows, count(distinct r.start_date)::int as distinct,
             count(*) filter (where r.invoice_id <> l.invoice_id or r.customer_id <> i.customer_id or r.currency <> i.currency
                                 or r.category_id is distinct from l.category_id or r.amount_minor <> l.net_minor
                                 or (r.method = 'ratable_daily' and (r.start_date <> l.service_start or r.end_date <> l.service_end))
                                 or (r.method = 'point_in_time' and r.start_date <> l.service_start))::int as wrong
        from revenue_schedules r join invoice_lines l on l.id = r.invoice_line_id join invoices i on i.id = l.invoice_id
       where i.subscription_id in ${ids}`,
  );

  // Journal lines: each entry is its invoice's (dated on its issue date, in its currency); the
  // receivable's line names the invoice's customer, no other line names one.
  const accounts = await check(
    "journal lines",
    sql`
      select count(*)::int as rows, count(distinct jl.account_id)::int as distinct,
             count(*) filter (where e.entry_date <> i.issue_date or jl.currency <> i.currency
                                 or (a.purpose = 'accounts_receivable' and (jl.customer_id <> i.customer_id or jl.debit_minor <> i.total_minor))
                                 or (a.purpose is distinct from 'accounts_receivable' and jl.customer_id is not null))::int as wrong
        from journal_lines jl join journal_entries e on e.id = jl.entry_id join invoices i on i.id = e.source_id and e.source_type = 'invoice'
        join ledger_accounts a on a.id = jl.account_id
       where i.subscription_id in ${ids}`,
  );
  expect(accounts).toBe(4); // receivable, deferred revenue (the fees), revenue of the goods delivered, tax payable

  // Contracts: moved on to the end of their last billed period.
  await check(
    "subscriptions",
    sql`
      select count(*)::int as rows, count(distinct s.next_period_start)::int as distinct,
             count(*) filter (where s.next_period_start <> (select max(i.period_end) from invoices i where i.subscription_id = s.id))::int as wrong
        from subscriptions s where s.id in ${ids}`,
  );
});
