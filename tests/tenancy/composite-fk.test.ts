import { sql, type SQL } from "drizzle-orm";
import postgres from "postgres";
import { uuidv7 } from "uuidv7";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { appPool, closeAppPool } from "../../db/client";
import { plainArray } from "../../db/pg-arrays";
import { withTenant, type TenantTx } from "../../db/with-tenant";
import { stackUrls } from "../../scripts/lib/config";
import { addMembership, findOrCreateUser } from "../../server/domain/access/users";
import { createCustomer } from "../../server/domain/customers/customers";
import { addTenantDomain } from "../../server/domain/tenancy/domains";
import { closeRedis } from "../../server/redis";
import { addContract } from "../billing/helpers";
import { failureInSavepoint, pgFailure, suffix, tenantTablesFromCatalog, withTenantRolledBack } from "../helpers/db";
import { createPlatformAdmin, createTenantFixture, TEST_PASSWORD, type TenantFixture } from "../helpers/fixtures";

/*
 * Foreign keys between tenant tables include tenant_id, so a row of tenant A can never point at a row
 * of tenant B. Foreign-key checks do not go through RLS, so this must hold for the widest scope
 * (system) too, where RLS alone would not stop a wrong id.
 */

/**
 * Tenant tables whose references are checked set-based instead of by their own foreign keys (the hot
 * ingestion path, docs/usage.md): a statement-level trigger sums each statement's rows into `via`,
 * whose composite foreign keys check every distinct contract and meter once. `viaTenantOf` is the
 * referenced table whose own foreign key to tenants makes tenant_id valid.
 */
const SET_BASED_REFERENCES: Record<string, { references: string[]; via: string; viaTenantOf: string }> = {
  usage_events: { references: ["subscriptions", "meters"], via: "usage_period_totals", viaTenantOf: "subscriptions" },
};

/**
 * Tenant tables whose references are checked per statement by triggers instead of row-by-row foreign
 * keys (migrations 0021/0022, docs/billing.md): the renewal run's high-volume billing and ledger rows.
 * table -> its checked references: constraint name -> [column, referenced table].
 */
const BATCH_CHECKED_REFERENCES: Record<string, Record<string, [string, string]>> = {
  invoices: {
    invoices_tenant: ["tenant_id", "tenants"], invoices_currency: ["currency", "currencies"], invoices_created_by: ["created_by", "users"],
    invoices_customer: ["customer_id", "customers"], invoices_reseller: ["reseller_id", "resellers"], invoices_subscription: ["subscription_id", "subscriptions"],
    invoices_order: ["order_id", "orders"], invoices_shipment: ["shipment_id", "shipments"], invoices_billing_run: ["billing_run_id", "billing_runs"],
  },
  invoice_lines: {
    invoice_lines_tenant: ["tenant_id", "tenants"], invoice_lines_invoice: ["invoice_id", "invoices"], invoice_lines_product: ["product_id", "products"],
    invoice_lines_category: ["category_id", "product_categories"], invoice_lines_tax_rule: ["tax_rule_id", "tax_rules"],
    invoice_lines_subscription_item: ["subscription_item_id", "subscription_items"], invoice_lines_order_line: ["order_line_id", "order_lines"],
  },
  revenue_schedules: { revenue_schedules_tenant: ["tenant_id", "tenants"], revenue_schedules_invoice_line: ["invoice_line_id", "invoice_lines"] },
  revenue_recognitions: {
    revenue_recognitions_tenant: ["tenant_id", "tenants"], revenue_recognitions_schedule: ["schedule_id", "revenue_schedules"],
    revenue_recognitions_credit_note: ["credit_note_id", "credit_notes"], revenue_recognitions_journal_entry: ["journal_entry_id", "journal_entries"],
  },
  journal_entries: { journal_entries_tenant: ["tenant_id", "tenants"], journal_entries_created_by: ["created_by", "users"] },
  journal_lines: {
    journal_lines_tenant: ["tenant_id", "tenants"], journal_lines_currency: ["currency", "currencies"], journal_lines_entry: ["entry_id", "journal_entries"],
    journal_lines_account: ["account_id", "ledger_accounts"], journal_lines_customer: ["customer_id", "customers"], journal_lines_reseller: ["reseller_id", "resellers"],
  },
  events: { events_tenant: ["tenant_id", "tenants"] },
};

/** Whether `p` settles (either way) within 300 ms: false while it waits, e.g. for another transaction's lock. */
const settled = <T>(p: Promise<T>) => Promise.race([p.then(() => true, () => true), new Promise((r) => setTimeout(() => r(false), 300))]);

let A: TenantFixture;
let B: TenantFixture;
const systemA = () => ({ kind: "system" as const, tenantId: A.id });

beforeAll(async () => {
  const admin = await createPlatformAdmin("fk");
  [A, B] = await Promise.all([createTenantFixture(admin, "fk-a"), createTenantFixture(admin, "fk-b")]);
});

afterAll(async () => {
  await closeAppPool();
  await closeRedis();
});

describe("composite foreign keys reject cross-tenant references with 23503, even in system scope", () => {
  test("a customer of A under a reseller of B", async () => {
    await withTenantRolledBack(systemA(), async (tx) => {
      // Control: under A's own reseller the same insert works.
      expect(await createCustomer(tx, { tenantId: A.id, name: "Own", resellerId: A.resellers.r1 })).not.toBeNull();
      const failure = await failureInSavepoint(tx, (sp) => createCustomer(sp, { tenantId: A.id, name: "Cross", resellerId: B.resellers.r1 }));
      expect(failure.code).toBe("23503");
      expect(failure.message).toMatch(/foreign key/);
    });
  });

  test("a membership of A for a customer or a reseller of B", async () => {
    await withTenantRolledBack(systemA(), async (tx) => {
      const user = await findOrCreateUser(tx, { email: `fk.${suffix()}@tenant.tests.test`, name: "FK", password: TEST_PASSWORD });
      const viaCustomer = await failureInSavepoint(tx, (sp) => addMembership(sp, { tenantId: A.id, userId: user.id, role: "customer_buyer", customerId: B.customers.c1 }));
      expect(viaCustomer.code).toBe("23503");
      const viaReseller = await failureInSavepoint(tx, (sp) => addMembership(sp, { tenantId: A.id, userId: user.id, role: "reseller_agent", resellerId: B.resellers.r1 }));
      expect(viaReseller.code).toBe("23503");
      // Control: the same user with A's customer is fine.
      await addMembership(tx, { tenantId: A.id, userId: user.id, role: "customer_buyer", customerId: A.customers.c1 });
      const [{ n }] = await tx.execute<{ n: number }>(sql`select count(*)::int as n from memberships where user_id = ${user.id}`);
      expect(n).toBe(1);
    });
  });

  test("a tenant domain of A white-labelled for a reseller of B", async () => {
    await withTenantRolledBack(systemA(), async (tx) => {
      const failure = await failureInSavepoint(tx, (sp) => addTenantDomain(sp, { tenantId: A.id, host: `x.${suffix()}.tests.test`, resellerId: B.resellers.r1 }));
      expect(failure.code).toBe("23503");
    });
  });

  test("re-pointing an existing A row at B's reseller by UPDATE", async () => {
    await withTenantRolledBack(systemA(), async (tx) => {
      const failure = await failureInSavepoint(tx, (sp) => sp.execute(sql`update customers set reseller_id = ${B.resellers.r2} where id = ${A.customers.c1}`));
      expect(failure.code).toBe("23503");
    });
  });

  test("deleting B's reseller that B's customers reference is refused (the keys are real, not decorative)", async () => {
    const failure = await pgFailure(() =>
      withTenantRolledBack({ kind: "system", tenantId: B.id }, (tx) => tx.execute(sql`delete from resellers where id = ${B.resellers.r1}`)),
    );
    expect(failure.code).toBe("23503");
  });

  test("an id that exists only in B cannot be used even when A owns no row with that id", async () => {
    // Same uuid in both tenants is allowed by (tenant_id, id) keys; the reference must match the tenant too.
    const sharedId = uuidv7();
    await withTenant({ kind: "system", tenantId: B.id }, (tx) => tx.execute(sql`insert into resellers (tenant_id, id, name) values (${B.id}, ${sharedId}, 'B only')`));
    await withTenantRolledBack(systemA(), async (tx) => {
      const failure = await failureInSavepoint(tx, (sp) => createCustomer(sp, { tenantId: A.id, name: "Cross", resellerId: sharedId }));
      expect(failure.code).toBe("23503");
      // Once A has a reseller with that very id, the same reference is A's own and is accepted.
      await tx.execute(sql`insert into resellers (tenant_id, id, name) values (${A.id}, ${sharedId}, 'A twin')`);
      expect(await createCustomer(tx, { tenantId: A.id, name: "Own twin", resellerId: sharedId })).not.toBeNull();
    });
  });
});

/*
 * usage_events references subscriptions and meters without row-by-row foreign keys (migration 0012,
 * docs/usage.md): a statement-level trigger sums every INSERT into usage_period_totals, whose foreign
 * keys check each distinct contract and meter once and keep a referenced one from being deleted or
 * re-keyed. These probes write SQL directly, past the ingestion code, so only the database can refuse.
 */
describe("usage_events -> subscriptions and meters: checked set-based by the database, 23503 like a foreign key", () => {
  const usageRow = (tenantId: string, subscriptionId: string, meterId: string, eventId = `fk-${suffix()}`) =>
    sql`(${tenantId}::uuid, ${eventId}, ${subscriptionId}::uuid, ${meterId}::uuid, 1, now(), current_date)`;
  const insertUsage = (tx: TenantTx, ...rows: SQL[]) =>
    tx.execute(sql`insert into usage_events (tenant_id, event_id, subscription_id, meter_id, quantity, occurred_at, period_start) values ${sql.join(rows, sql`, `)}`);
  /** A contract with no versions or items, so only usage_events can hold on to it. */
  const bareSubscription = async (tx: TenantTx, t: TenantFixture) => {
    const id = uuidv7();
    await tx.execute(sql`
      insert into subscriptions (tenant_id, id, number, customer_id, currency, status, term_start, term_end, anchor_day)
      values (${t.id}, ${id}, ${`SUB-FK-${suffix()}`}, ${t.customers.c1}, 'EUR', 'active', '2026-01-01', '2027-01-01', 1)`);
    return id;
  };
  /** A meter no contract item uses. */
  const bareMeter = async (tx: TenantTx, t: TenantFixture) => {
    const id = uuidv7();
    await tx.execute(sql`insert into meters (tenant_id, id, code, name, unit) values (${t.id}, ${id}, ${`fk_${suffix()}`}, 'FK probe', 'call')`);
    return id;
  };

  test("a missing subscription or meter is refused, and one bad row fails the whole statement", async () => {
    await withTenantRolledBack(systemA(), async (tx) => {
      const good = usageRow(A.id, A.contract.subscriptionId, A.contract.meterId);
      const noSubscription = await failureInSavepoint(tx, (sp) => insertUsage(sp, good, usageRow(A.id, uuidv7(), A.contract.meterId), usageRow(A.id, A.contract.subscriptionId, A.contract.meterId)));
      expect(noSubscription.code).toBe("23503");
      expect(noSubscription.message).toMatch(/usage_period_totals_subscription/);
      const noMeter = await failureInSavepoint(tx, (sp) => insertUsage(sp, good, usageRow(A.id, A.contract.subscriptionId, uuidv7())));
      expect(noMeter.code).toBe("23503");
      expect(noMeter.message).toMatch(/usage_period_totals_meter/);
      // Control: the good rows alone go in.
      await insertUsage(tx, good, usageRow(A.id, A.contract.subscriptionId, A.contract.meterId));
    });
  });

  test("B's subscription or meter in an A row is refused in system scope, also when A owns a row with the same id", async () => {
    await withTenantRolledBack(systemA(), async (tx) => {
      const viaSubscription = await failureInSavepoint(tx, (sp) => insertUsage(sp, usageRow(A.id, B.contract.subscriptionId, A.contract.meterId)));
      expect(viaSubscription.code).toBe("23503");
      const viaMeter = await failureInSavepoint(tx, (sp) => insertUsage(sp, usageRow(A.id, A.contract.subscriptionId, B.contract.meterId)));
      expect(viaMeter.code).toBe("23503");
      // Only a meter of A with B's meter id makes the reference A's own.
      await tx.execute(sql`insert into meters (tenant_id, id, code, name, unit) values (${A.id}, ${B.contract.meterId}, ${`twin_${suffix()}`}, 'Twin', 'call')`);
      await insertUsage(tx, usageRow(A.id, A.contract.subscriptionId, B.contract.meterId));
    });
  });

  test("a subscription or meter with usage cannot be deleted or re-keyed; without usage it can", async () => {
    await withTenantRolledBack(systemA(), async (tx) => {
      const [used, unused] = [await bareSubscription(tx, A), await bareSubscription(tx, A)];
      const [usedMeter, unusedMeter] = [await bareMeter(tx, A), await bareMeter(tx, A)];
      await insertUsage(tx, usageRow(A.id, used, usedMeter));
      for (const statement of [
        sql`delete from subscriptions where id = ${used}`,
        sql`update subscriptions set id = ${uuidv7()} where id = ${used}`,
        sql`delete from meters where id = ${usedMeter}`,
        sql`update meters set id = ${uuidv7()} where id = ${usedMeter}`,
      ]) {
        const failure = await failureInSavepoint(tx, (sp) => sp.execute(statement));
        expect(failure.code).toBe("23503");
        expect(failure.message).toMatch(/usage_period_totals/);
      }
      // Other updates of a referenced row are fine; unreferenced rows go.
      await tx.execute(sql`update subscriptions set status = 'paused' where id = ${used}`);
      await tx.execute(sql`update meters set name = 'Renamed' where id = ${usedMeter}`);
      expect((await tx.execute(sql`delete from subscriptions where id = ${unused} returning id`)).length).toBe(1);
      expect((await tx.execute(sql`delete from meters where id = ${unusedMeter} returning id`)).length).toBe(1);
    });
  });

  test("an insert in flight holds its contract: a concurrent delete waits for it, then fails; a delete in flight makes the insert fail", async () => {
    const [first, second] = await withTenant(systemA(), async (tx) => [await bareSubscription(tx, A), await bareSubscription(tx, A)]);

    // Insert first, delete while it is uncommitted.
    let commitInsert!: () => void;
    const inserting = withTenant(systemA(), async (tx) => {
      await insertUsage(tx, usageRow(A.id, first, A.contract.meterId));
      await new Promise<void>((r) => (commitInsert = r));
    });
    await new Promise((r) => setTimeout(r, 200));
    const deleting = pgFailure(() => withTenant(systemA(), (tx) => tx.execute(sql`delete from subscriptions where id = ${first}`)));
    expect(await settled(deleting), "the delete waits for the key-share lock").toBe(false);
    commitInsert();
    await inserting;
    expect((await deleting).code).toBe("23503");

    // Delete first, insert while it is uncommitted.
    let commitDelete!: () => void;
    const deleted = withTenant(systemA(), async (tx) => {
      await tx.execute(sql`delete from subscriptions where id = ${second}`);
      await new Promise<void>((r) => (commitDelete = r));
    });
    await new Promise((r) => setTimeout(r, 200));
    const inserted = pgFailure(() => withTenant(systemA(), (tx) => insertUsage(tx, usageRow(A.id, second, A.contract.meterId))));
    expect(await settled(inserted), "the insert waits for the deleting transaction").toBe(false);
    commitDelete();
    await deleted;
    expect((await inserted).code).toBe("23503");
  });
});

/*
 * Invoices, their lines, revenue schedules and recognitions, journal entries and lines reference other
 * rows without row-by-row foreign keys (migrations 0021/0022): statement-level triggers check each
 * statement's distinct keys at once, and guards on the referenced tables refuse deleting, re-keying or
 * truncating what is referenced. These probes write plain SQL, past the billing code, so only the
 * database can refuse; each would pass without the triggers.
 */
describe("billing and ledger references: checked per statement by the database, 23503 like a foreign key", () => {
  const line = (tenantId: string, invoiceId: string, lineNo: number, extra: { productId?: string; taxRuleId?: string } = {}) =>
    sql`(${tenantId}::uuid, ${uuidv7()}::uuid, ${invoiceId}::uuid, ${lineNo}, 'manual', 'Probe', ${extra.productId ?? null}::uuid, 1, 1, 100, 'standard', ${extra.taxRuleId ?? null}::uuid, 0, 0)`;
  const insertLines = (tx: TenantTx, ...rows: SQL[]) =>
    tx.execute(sql`insert into invoice_lines (tenant_id, id, invoice_id, line_no, kind, description, product_id, quantity, unit_price, net_minor, tax_class, tax_rule_id, tax_rate, tax_minor)
                   values ${sql.join(rows, sql`, `)}`);
  const draftInvoice = async (tx: TenantTx, t: TenantFixture) => {
    const id = uuidv7();
    await tx.execute(sql`insert into invoices (tenant_id, id, customer_id, source, currency, status) values (${t.id}, ${id}, ${t.customers.c1}, 'manual', 'EUR', 'draft')`);
    return id;
  };
  const accounts = async (tx: TenantTx) => {
    const rows = await tx.execute<{ id: string }>(sql`select id from ledger_accounts order by code limit 2`);
    expect(rows.length).toBe(2);
    return rows.map((r) => r.id);
  };
  const entry = async (tx: TenantTx, t: TenantFixture) => {
    const id = uuidv7();
    await tx.execute(sql`insert into journal_entries (tenant_id, id, entry_date, source_type, source_id) values (${t.id}, ${id}, current_date, 'probe', ${uuidv7()})`);
    return id;
  };
  const postLines = (tx: TenantTx, tenantId: string, entryId: string, debitAccount: string, creditAccount: string, customerId: string | null = null) =>
    tx.execute(sql`insert into journal_lines (tenant_id, entry_id, account_id, currency, debit_minor, credit_minor, customer_id)
                   values (${tenantId}, ${entryId}, ${debitAccount}, 'EUR', 100, 0, ${customerId}), (${tenantId}, ${entryId}, ${creditAccount}, 'EUR', 0, 100, null)`);
  /** The tables' owner, for what app_user may not do at all (delete, truncate, update lines). Always rolled back. */
  const asOwnerRolledBack = async (tenantId: string, fn: (tx: postgres.TransactionSql) => Promise<unknown>) => {
    const owner = postgres(stackUrls("test").ownerUrl, { max: 1, onnotice: () => {} });
    try {
      return await pgFailure(() =>
        owner.begin(async (tx) => {
          await tx`select set_config('app.tenant_id', ${tenantId}, true), set_config('app.scope', 'system', true)`;
          await fn(tx);
          throw Object.assign(new Error("probe succeeded; rolled back"), { code: "PROBE" });
        }),
      );
    } finally {
      await owner.end();
    }
  };

  test("a line of a missing invoice, product or tax rule is refused, and one bad row fails the whole statement", async () => {
    await withTenantRolledBack(systemA(), async (tx) => {
      const invoice = await draftInvoice(tx, A);
      const noInvoice = await failureInSavepoint(tx, (sp) => insertLines(sp, line(A.id, invoice, 1), line(A.id, uuidv7(), 1), line(A.id, invoice, 2)));
      expect(noInvoice.code).toBe("23503");
      expect(noInvoice.message).toMatch(/foreign key constraint "invoice_lines_invoice"/);
      const noProduct = await failureInSavepoint(tx, (sp) => insertLines(sp, line(A.id, invoice, 1, { productId: uuidv7() })));
      expect(noProduct.code).toBe("23503");
      expect(noProduct.message).toMatch(/invoice_lines_product/);
      const noTaxRule = await failureInSavepoint(tx, (sp) => insertLines(sp, line(A.id, invoice, 1, { taxRuleId: uuidv7() })));
      expect(noTaxRule.code).toBe("23503");
      // Control: the good rows alone go in, with A's own product and tax rule.
      await insertLines(tx, line(A.id, invoice, 1, { productId: A.contract.products.service, taxRuleId: A.billing.taxRuleId }), line(A.id, invoice, 2));
    });
  });

  test("B's invoice, customer, subscription, account or journal entry in an A row is refused in system scope", async () => {
    await withTenantRolledBack(systemA(), async (tx) => {
      expect((await failureInSavepoint(tx, (sp) => insertLines(sp, line(A.id, B.billing.draftInvoiceId, 1)))).code).toBe("23503");
      const crossCustomer = await failureInSavepoint(tx, (sp) =>
        sp.execute(sql`insert into invoices (tenant_id, id, customer_id, source, currency, status) values (${A.id}, ${uuidv7()}, ${B.customers.c1}, 'manual', 'EUR', 'draft')`));
      expect(crossCustomer.code).toBe("23503");
      expect(crossCustomer.message).toMatch(/invoices_customer/);
      const crossSubscription = await failureInSavepoint(tx, (sp) =>
        sp.execute(sql`insert into invoices (tenant_id, id, customer_id, source, subscription_id, period_start, period_end, currency, status)
                       values (${A.id}, ${uuidv7()}, ${A.customers.c1}, 'renewal', ${B.contract.subscriptionId}, '2026-01-01', '2026-02-01', 'EUR', 'draft')`));
      expect(crossSubscription.code).toBe("23503");
      const noCurrency = await failureInSavepoint(tx, (sp) =>
        sp.execute(sql`insert into invoices (tenant_id, id, customer_id, source, currency, status) values (${A.id}, ${uuidv7()}, ${A.customers.c1}, 'manual', 'XXX', 'draft')`));
      expect(noCurrency.code).toBe("23503");
      expect(noCurrency.message).toMatch(/invoices_currency/);

      const [debit, credit] = await accounts(tx);
      const bAccount = (await withTenant({ kind: "system", tenantId: B.id }, (b) => accounts(b)))[0];
      const crossAccount = await failureInSavepoint(tx, async (sp) => postLines(sp, A.id, await entry(sp, A), debit, bAccount));
      expect(crossAccount.code).toBe("23503");
      expect(crossAccount.message).toMatch(/journal_lines_account/);
      const [bEntry] = await withTenant({ kind: "system", tenantId: B.id }, (b) => b.execute<{ id: string }>(sql`select id from journal_entries limit 1`));
      const crossEntry = await failureInSavepoint(tx, (sp) => postLines(sp, A.id, bEntry.id, debit, credit));
      expect(crossEntry.code).toBe("23503");
      expect(crossEntry.message).toMatch(/journal_lines_entry/);
      const crossCustomerLine = await failureInSavepoint(tx, async (sp) => postLines(sp, A.id, await entry(sp, A), debit, credit, B.customers.c1));
      expect(crossCustomerLine.code).toBe("23503");
      // Control: A's own entry, accounts and customer.
      await postLines(tx, A.id, await entry(tx, A), debit, credit, A.customers.c1);
    });
  });

  test("re-pointing an issued invoice at B's customer by UPDATE is refused; other updates are fine", async () => {
    await withTenantRolledBack(systemA(), async (tx) => {
      const failure = await failureInSavepoint(tx, (sp) => sp.execute(sql`update invoices set customer_id = ${B.customers.c1} where id = ${A.billing.invoiceId}`));
      expect(failure.code).toBe("23503");
      expect(failure.message).toMatch(/invoices_customer/);
      await tx.execute(sql`update invoices set memo = 'probe' where id = ${A.billing.invoiceId}`);
    });
    // The owner may update lines (app_user may not): re-pointing a line at B's invoice is refused too.
    const line = await asOwnerRolledBack(A.id, (tx) => tx`update invoice_lines set invoice_id = ${B.billing.invoiceId} where id = ${A.billing.lineIds.fee}`);
    expect(line.code).toBe("23503");
  });

  test("a referenced invoice, line, journal entry or customer cannot be deleted, re-keyed or truncated; an unreferenced one can", async () => {
    for (const statement of [
      (tx: postgres.TransactionSql) => tx`delete from invoices where id = ${A.billing.invoiceId}`,
      (tx: postgres.TransactionSql) => tx`update invoices set id = ${uuidv7()} where id = ${A.billing.invoiceId}`,
      (tx: postgres.TransactionSql) => tx`delete from invoice_lines where id = ${A.billing.lineIds.fee}`,
      (tx: postgres.TransactionSql) => tx`delete from journal_entries where id in (select entry_id from journal_lines)`,
      (tx: postgres.TransactionSql) => tx`update customers set id = ${uuidv7()} where id = ${A.customers.c1}`,
    ]) {
      const failure = await asOwnerRolledBack(A.id, statement);
      expect(failure.code, String(statement)).toBe("23503");
      expect(failure.message).toMatch(/violates foreign key constraint/);
    }
    // Truncation: the guard's 23503, or Postgres' own 0A000 where a table with a real foreign key
    // (commission statements, payments) also references it; refused either way.
    for (const table of ["journal_entries", "ledger_accounts", "invoices"]) {
      const failure = await asOwnerRolledBack(A.id, (tx) => tx`truncate ${tx(table)}`);
      expect(["23503", "0A000"], table).toContain(failure.code);
      expect(failure.message).toMatch(/foreign key constraint/);
    }
    // Control: an invoice nothing references is deleted (the probe reaches its end and rolls back).
    const unreferenced = await asOwnerRolledBack(A.id, async (tx) => {
      const id = uuidv7();
      await tx`insert into invoices (tenant_id, id, customer_id, source, currency, status) values (${A.id}, ${id}, ${A.customers.c1}, 'manual', 'EUR', 'draft')`;
      expect((await tx`delete from invoices where id = ${id} returning id`).length).toBe(1);
    });
    expect(unreferenced.code).toBe("PROBE");
  });

  test("parents the transaction wrote itself pass, through a reference probed for own rows first and through one locked at once", async () => {
    await withTenantRolledBack(systemA(), async (tx) => {
      // invoice_lines_invoice is marked 'own' (0036): the draft is found as this transaction's row;
      // invoice_lines_product is not: the new product is key-share locked like any other (harmless).
      const invoice = await draftInvoice(tx, A);
      const product = uuidv7();
      await tx.execute(sql`insert into products (tenant_id, id, sku, name, kind, tax_class) values (${A.id}, ${product}, ${`FK-${suffix()}`}, 'Probe', 'service', 'standard')`);
      await insertLines(tx, line(A.id, invoice, 1, { productId: product }), line(A.id, invoice, 2, { productId: A.contract.products.service }));
      const [{ n }] = await tx.execute<{ n: number }>(sql`select count(*)::int as n from invoice_lines where invoice_id = ${invoice}`);
      expect(n).toBe(2);
      const missing = await failureInSavepoint(tx, (sp) => insertLines(sp, line(A.id, invoice, 3, { productId: uuidv7() })));
      expect(missing.message).toMatch(/invoice_lines_product/);
    });
  });

  test("own parents are found whether they fill their key range (one range read) or are spread over a wider one (probed one by one, 0037)", async () => {
    await withTenantRolledBack(systemA(), async (tx) => {
      const ids = Array.from({ length: 400 }, () => uuidv7());
      await tx.execute(sql`insert into invoices (tenant_id, id, customer_id, source, currency, status)
                           select ${A.id}, id, ${A.customers.c1}, 'manual', 'EUR', 'draft' from unnest(${plainArray(ids)}::uuid[]) as x(id)`);
      const count = async () => (await tx.execute<{ n: number }>(sql`select count(*)::int as n from invoice_lines where invoice_id = any(${plainArray(ids)}::uuid[])`))[0].n;
      // 2 keys at the ends of a range of 400 own invoices: more rows than the range read takes, so each key is probed.
      await insertLines(tx, line(A.id, ids[0], 1), line(A.id, ids[399], 1));
      // 300 keys in a range of 300: read as one range.
      await insertLines(tx, ...ids.slice(50, 350).map((id) => line(A.id, id, 1)));
      expect(await count()).toBe(302);
      // Own and committed parents together: the committed invoice is key-share locked, the own ones found.
      await insertLines(tx, line(A.id, ids[10], 1), line(A.id, A.billing.invoiceId, 90), line(A.id, ids[20], 1));
      expect(await count()).toBe(304);
      // A missing key (drawn last, so the range's top) among own ones fails the statement, through either
      // path: with ids[0] the range spans all 400 invoices (probed), with ids[360..389] only 40 (one read).
      for (const own of [ids.slice(0, 2), ids.slice(360, 390)]) {
        const missing = await failureInSavepoint(tx, (sp) => insertLines(sp, ...own.map((id) => line(A.id, id, 2)), line(A.id, uuidv7(), 1)));
        expect(missing.code).toBe("23503");
        expect(missing.message).toMatch(/invoice_lines_invoice/);
      }
      expect(await count()).toBe(304);
    });
  });

  test("an event of a tenant that does not exist is refused; a tenant with events cannot be re-keyed (0038)", async () => {
    const ghost = uuidv7();
    const orphan = await asOwnerRolledBack(ghost, (tx) => tx`insert into events (tenant_id, seq, type, payload) values (${ghost}, 1, 'probe.created', '{}')`);
    expect(orphan.code).toBe("23503");
    // The per-statement check's constraint name (the old foreign key was events_tenant_id_tenants_id_fk).
    expect(orphan.message).toMatch(/constraint "events_tenant"/);
    // A tenant whose only rows are events (RLS lets nobody delete tenants; the platform may update them).
    const rekeyed = await asOwnerRolledBack(ghost, async (tx) => {
      await tx`select set_config('app.scope', 'platform', true)`;
      await tx`insert into tenants (id, slug, name, theme_preset) values (${ghost}, ${`probe-${suffix()}`}, 'Probe', 'harbor')`;
      await tx`select set_config('app.scope', 'system', true)`;
      await tx`insert into events (tenant_id, seq, type, payload) values (${ghost}, 1, 'probe.created', '{}')`;
      await tx`select set_config('app.scope', 'platform', true)`;
      await tx`update tenants set id = ${uuidv7()} where id = ${ghost}`;
    });
    expect(rekeyed.message).toMatch(/constraint "events_tenant"/);
    expect(rekeyed.code).toBe("23503");
  });

  test("a contract item is checked without a lock: its delete waits for the inserts in flight and then fails; a delete in flight makes the insert fail (0043)", async () => {
    const [first, second] = await Promise.all([0, 1].map(() => addContract(A, { customerId: A.customers.c1, termStart: "2026-01-01", termEnd: "2027-01-01", items: [{ kind: "recurring_fee", productId: A.contract.products.service, unitPrice: "10" }] })));
    const itemOf = async (versionId: string) =>
      (await withTenant(systemA(), (tx) => tx.execute<{ id: string }>(sql`select id from subscription_items where version_id = ${versionId}`)))[0].id;
    const [firstItem, secondItem] = [await itemOf(first.versionId), await itemOf(second.versionId)];
    const invoice = await withTenant(systemA(), (tx) => draftInvoice(tx, A));
    let lineNo = 0;
    const lineOf = (tx: TenantTx, itemId: string) =>
      tx.execute(sql`insert into invoice_lines (tenant_id, id, invoice_id, line_no, kind, description, quantity, unit_price, net_minor, tax_class, tax_rate, tax_minor, subscription_item_id)
                     values (${A.id}, ${uuidv7()}, ${invoice}, ${++lineNo}, 'manual', 'Probe', 1, 1, 100, 'standard', 0, 0, ${itemId})`);
    /** A promise and the function that settles it: the other transaction's step is done. */
    const latch = () => {
      let open!: () => void;
      return { done: new Promise<void>((r) => (open = r)), open: () => open() };
    };

    // Insert first: the item is probed, not key-share locked (its xmax is not the inserter's), and a
    // delete waits for the insert's transaction (the SHARE lock on invoice_lines), then is refused.
    const lineInserted = latch();
    const insertCommit = latch();
    let lockedBy: { xmax: string; me: string } | undefined;
    const inserting = withTenant(systemA(), async (tx) => {
      await lineOf(tx, firstItem);
      [lockedBy] = await tx.execute<{ xmax: string; me: string }>(sql`select xmax::text, pg_current_xact_id()::xid::text as me from subscription_items where id = ${firstItem}`);
      lineInserted.open();
      await insertCommit.done;
    });
    await lineInserted.done;
    expect(lockedBy!.xmax, "the item is not locked by the inserting transaction").not.toBe(lockedBy!.me);
    const deleting = pgFailure(() => withTenant(systemA(), (tx) => tx.execute(sql`delete from subscription_items where id = ${firstItem}`)));
    expect(await settled(deleting), "the delete waits for the insert in flight").toBe(false);
    insertCommit.open();
    await inserting;
    expect((await deleting).code).toBe("23503");

    // Delete first: the insert waits for the deleting transaction, then no longer finds the item.
    const itemDeleted = latch();
    const deleteCommit = latch();
    const deleted = withTenant(systemA(), async (tx) => {
      await tx.execute(sql`delete from subscription_items where id = ${secondItem}`);
      itemDeleted.open();
      await deleteCommit.done;
    });
    await itemDeleted.done;
    const inserted = pgFailure(() => withTenant(systemA(), (tx) => lineOf(tx, secondItem)));
    expect(await settled(inserted), "the insert waits for the deleting transaction").toBe(false);
    deleteCommit.open();
    await deleted;
    const refused = await inserted;
    expect(refused.code).toBe("23503");
    expect(refused.message).toMatch(/"invoice_lines_subscription_item"/);

    // A deleter with a snapshot older than its wait would not see what it waited for: refused outright.
    const owner = postgres(stackUrls("test").ownerUrl, { max: 1, onnotice: () => {} });
    try {
      const repeatable = await pgFailure(() =>
        owner.begin("isolation level repeatable read", async (tx) => {
          await tx`select set_config('app.tenant_id', ${A.id}, true), set_config('app.scope', 'system', true)`;
          await tx`delete from subscription_items where id = ${firstItem}`;
        }),
      );
      expect(repeatable.code).toBe("0A000");
      expect(repeatable.message).toMatch(/must run under READ COMMITTED/);
    } finally {
      await owner.end();
    }
  });

  test("an insert in flight holds its invoice: a concurrent delete waits for it, then fails", async () => {
    const invoice = await withTenant(systemA(), (tx) => draftInvoice(tx, A));
    let commitInsert!: () => void;
    const inserting = withTenant(systemA(), async (tx) => {
      await insertLines(tx, line(A.id, invoice, 1));
      await new Promise<void>((r) => (commitInsert = r));
    });
    await new Promise((r) => setTimeout(r, 200));
    const deleting = asOwnerRolledBack(A.id, (tx) => tx`delete from invoices where id = ${invoice}`);
    expect(await settled(deleting), "the delete waits for the key-share lock").toBe(false);
    commitInsert();
    await inserting;
    expect((await deleting).code).toBe("23503");
  });
});

/** References whose parent rows a batch writes in its own transaction (checked own-first; the others are locked at once). */
const OWN_FIRST = ["invoices_subscription", "invoice_lines_invoice", "revenue_schedules_invoice_line", "revenue_recognitions_schedule", "revenue_recognitions_journal_entry", "journal_lines_entry"];
/** References probed without a lock: their parents' deletes and key changes lock the referencing tables first (0043). */
const UNLOCKED = ["invoice_lines_subscription_item", "invoices_customer", "journal_lines_customer"];

describe("the catalog: every foreign key between tenant tables carries tenant_id", () => {
  test("no foreign key from a tenant table to another tenant table leaves tenant_id out", async () => {
    const tenantTables = await tenantTablesFromCatalog();
    const fks = await appPool().db.execute<{ name: string; source: string; target: string; pairs: string[] }>(sql`
      select k.conname as name, src.relname as source, dst.relname as target,
             array(select sa.attname || '->' || da.attname
                     from unnest(k.conkey, k.confkey) as p(s, d)
                     join pg_attribute sa on sa.attrelid = k.conrelid and sa.attnum = p.s
                     join pg_attribute da on da.attrelid = k.confrelid and da.attnum = p.d) as pairs
        from pg_constraint k
        join pg_class src on src.oid = k.conrelid
        join pg_class dst on dst.oid = k.confrelid
        join pg_namespace n on n.oid = src.relnamespace
       where k.contype = 'f' and n.nspname = 'public'`);
    const between = fks.filter((fk) => tenantTables.includes(fk.source) && tenantTables.includes(fk.target));
    // The known composite keys are found, so the query itself works.
    expect(between.map((fk) => fk.name)).toEqual(expect.arrayContaining([
      "customers_tenant_id_reseller_id_resellers_tenant_id_id_fk",
      "memberships_tenant_id_customer_id_customers_tenant_id_id_fk",
      "memberships_tenant_id_reseller_id_resellers_tenant_id_id_fk",
      "tenant_domains_tenant_id_reseller_id_resellers_tenant_id_id_fk",
    ]));
    expect(between.filter((fk) => !fk.pairs.includes("tenant_id->tenant_id")).map((fk) => `${fk.name}: ${fk.pairs.join(", ")}`)).toEqual([]);
    // And each tenant table's tenant_id references tenants(id): by a foreign key, or for the tables in
    // SET_BASED_REFERENCES through a checked reference to a table whose tenant_id does.
    for (const table of tenantTables.filter((t) => !(t in SET_BASED_REFERENCES) && !(t in BATCH_CHECKED_REFERENCES))) {
      expect(fks.some((fk) => fk.source === table && fk.target === "tenants" && fk.pairs.join() === "tenant_id->id"), `${table}.tenant_id -> tenants.id`).toBe(true);
    }
    for (const [table, { viaTenantOf }] of Object.entries(SET_BASED_REFERENCES)) {
      expect(fks.some((fk) => fk.source === viaTenantOf && fk.target === "tenants" && fk.pairs.join() === "tenant_id->id"), `${viaTenantOf}.tenant_id -> tenants.id`).toBe(true);
      expect(fks.filter((fk) => fk.source === table).map((fk) => fk.name), `${table} keeps no row-by-row foreign keys next to its triggers`).toEqual([]);
    }
    // The batch-checked tables check tenant_id -> tenants.id themselves (their triggers below).
    for (const table of Object.keys(BATCH_CHECKED_REFERENCES)) {
      expect(tenantTables, table).toContain(table);
      expect(fks.filter((fk) => fk.source === table).map((fk) => fk.name), `${table} keeps no row-by-row foreign keys next to its triggers`).toEqual([]);
    }
  });

  test("the batch-checked tables have their check triggers, and every referenced table its guards, enabled, naming every reference", async () => {
    const triggers = await appPool().db.execute<{ table_name: string; name: string; fn: string; enabled: string; args: string }>(sql`
      select c.relname as table_name, t.tgname as name, p.proname as fn, t.tgenabled as enabled,
             encode(t.tgargs, 'escape') as args
        from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_proc p on p.oid = t.tgfoid
       where not t.tgisinternal`);
    const find = (table: string, name: string) => triggers.find((t) => t.table_name === table && t.name === name && t.enabled === "O");
    for (const [table, refs] of Object.entries(BATCH_CHECKED_REFERENCES)) {
      for (const event of ["insert", "update"]) {
        const trigger = find(table, `${table}_references_on_${event}`);
        expect(trigger?.fn, `${table}: ${event} check`).toBe("batch_references_check");
        for (const [constraint, [column, target]] of Object.entries(refs)) expect(trigger!.args, `${table}.${column}`).toContain(`${constraint}:${column}:${target}:`);
      }
      // The references whose parents a batch writes itself are probed for own rows first (0036).
      const insertArgs = find(table, `${table}_references_on_insert`)!.args;
      for (const [constraint, [column, target]] of Object.entries(refs)) {
        expect(insertArgs.includes(`${constraint}:${column}:${target}:id:tenant:own`), `${table}.${column} marked own`).toBe(OWN_FIRST.includes(constraint));
        expect(insertArgs.includes(`${constraint}:${column}:${target}:id:tenant:unlocked`), `${table}.${column} marked unlocked`).toBe(UNLOCKED.includes(constraint));
        // An unlocked reference is safe only while its parent's delete first locks this table.
        if (UNLOCKED.includes(constraint)) {
          const lock = find(target, `${target}_referencing_locked`);
          expect(lock?.fn, `${target}: lock before delete`).toBe("referencing_tables_locked");
          expect(lock!.args.split("\\000"), `${target} locks ${table}`).toContain(table);
        }
      }
      for (const [constraint, [column, target]] of Object.entries(refs)) {
        for (const event of ["delete", "update", "truncate"]) {
          const guard = find(target, `${target}_referenced_on_${event}`);
          expect(guard?.fn, `${target}: ${event} guard`).toBe("batch_references_guard");
          expect(guard!.args, `${target} guards ${table}.${column}`).toContain(`${constraint}:${table}:${column}:`);
        }
      }
    }
  });

  test("the references checked set-based have their totals triggers, enabled, and the totals their foreign keys", async () => {
    const triggers = await appPool().db.execute<{ table_name: string; name: string; fn: string; enabled: string }>(sql`
      select c.relname as table_name, t.tgname as name, p.proname as fn, t.tgenabled as enabled
        from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_proc p on p.oid = t.tgfoid
       where not t.tgisinternal`);
    const has = (table: string, fn: string) => triggers.some((t) => t.table_name === table && t.fn === fn && t.enabled === "O");
    const fks = await appPool().db.execute<{ source: string; target: string }>(sql`
      select src.relname as source, dst.relname as target from pg_constraint k
        join pg_class src on src.oid = k.conrelid join pg_class dst on dst.oid = k.confrelid
       where k.contype = 'f' and k.convalidated`);
    for (const [table, { references, via }] of Object.entries(SET_BASED_REFERENCES)) {
      expect(triggers.filter((t) => t.table_name === table && t.fn === `${via}_apply` && t.enabled === "O").map((t) => t.name).sort(), table)
        .toEqual([`${via}_on_delete`, `${via}_on_insert`, `${via}_on_update`]);
      for (const target of references) {
        expect(fks.some((fk) => fk.source === via && fk.target === target), `${via} -> ${target}`).toBe(true);
        expect(has(target, "usage_events_guard_truncate"), `${target}: truncate guard`).toBe(true);
      }
    }
  });
});
