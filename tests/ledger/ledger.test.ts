import { sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { closeAppPool } from "../../db/client";
import { plainArray } from "../../db/pg-arrays";
import { withTenant, type TenantTx } from "../../db/with-tenant";
import { createTenant } from "../../server/domain/tenancy/tenants";
import { ensureChartOfAccounts, STANDARD_CHART } from "../../server/domain/ledger/chart";
import { postJournalEntries, type Posting } from "../../server/domain/ledger/post";
import { trialBalance } from "../../server/domain/ledger/reports";
import { closeRedis } from "../../server/redis";
import { failureInSavepoint, withTenantRolledBack } from "../helpers/db";
import { createPlatformAdmin, createTenantFixture, TEST_PASSWORD, type TenantFixture } from "../helpers/fixtures";

let A: TenantFixture;
let B: TenantFixture;
const system = () => ({ kind: "system" as const, tenantId: A.id });

beforeAll(async () => {
  const admin = await createPlatformAdmin("ledger");
  [A, B] = await Promise.all([createTenantFixture(admin, "ledger-a"), createTenantFixture(admin, "ledger-b")]);
});
afterAll(async () => {
  await closeAppPool();
  await closeRedis();
});

const invoice = (sourceId: string, netMinor: bigint, taxMinor: bigint): Posting => ({
  sourceType: "invoice",
  sourceId,
  eventKey: "issued",
  entryDate: "2026-11-01",
  lines: [
    { account: "accounts_receivable", debitMinor: netMinor + taxMinor, currency: "EUR", customerId: A.customers.c1 },
    { account: "deferred_revenue", creditMinor: netMinor, currency: "EUR" },
    { account: "tax_payable", creditMinor: taxMinor, currency: "EUR" },
  ],
});

async function accountId(tx: TenantTx, purpose: string) {
  const [row] = await tx.execute<{ id: string }>(sql`select id from ledger_accounts where purpose = ${purpose} and category_id is null`);
  return row.id;
}

describe("journal entries", () => {
  test("a balanced posting lands once; posting the same event again is a no-op; the trial balance sums to zero", async () => {
    await withTenantRolledBack(system(), async (tx) => {
      const id = uuidv7();
      expect(await postJournalEntries(tx, A.id, null, [invoice(id, 10_000n, 2_100n)])).toEqual({ posted: 1, skipped: 0 });
      expect(await postJournalEntries(tx, A.id, null, [invoice(id, 10_000n, 2_100n), invoice(uuidv7(), 500n, 0n)])).toEqual({ posted: 1, skipped: 1 });
      const [{ n }] = await tx.execute<{ n: number }>(sql`select count(*)::int as n from journal_lines l join journal_entries e on e.id = l.entry_id where e.source_id = ${id}`);
      expect(n).toBe(3);
      const rows = await trialBalance(tx);
      expect(rows.reduce((sum, r) => sum + r.balanceMinor, 0n)).toBe(0n);
      expect(rows.find((r) => r.code === "1100")?.balanceMinor).toBe(1_512n + 12_608n + 12_100n + 500n); // the fixtures' two entries (a shipment, an invoice) + these two
    });
  });

  test("an unbalanced posting is refused by the code with a clear message, and nothing is written", async () => {
    await withTenantRolledBack(system(), async (tx) => {
      const before = (await trialBalance(tx)).length;
      const bad = invoice(uuidv7(), 10_000n, 2_100n);
      bad.lines[2].creditMinor = 2_000n;
      await expect(postJournalEntries(tx, A.id, null, [bad])).rejects.toThrow(/does not balance in EUR \(debits - credits = 100\)/);
      expect((await trialBalance(tx)).length).toBe(before);
    });
  });

  test("the database itself refuses an unbalanced entry and lines added to an entry posted earlier", async () => {
    await withTenantRolledBack(system(), async (tx) => {
      const ar = await accountId(tx, "accounts_receivable");
      const cash = await accountId(tx, "cash");
      const entry = uuidv7();
      await tx.execute(sql`insert into journal_entries (tenant_id, id, entry_date, source_type, source_id) values (${A.id}, ${entry}, '2026-11-02', 'payment', ${uuidv7()})`);
      const unbalanced = await failureInSavepoint(tx, (sp) =>
        sp.execute(sql`insert into journal_lines (tenant_id, entry_id, account_id, currency, debit_minor, credit_minor) values
          (${A.id}, ${entry}, ${cash}, 'EUR', 700, 0), (${A.id}, ${entry}, ${ar}, 'EUR', 0, 600)`),
      );
      expect(unbalanced.code).toBe("23514");
      expect(unbalanced.message).toMatch(/does not balance in EUR: debits 700, credits 600/);

      await tx.execute(sql`insert into journal_lines (tenant_id, entry_id, account_id, currency, debit_minor, credit_minor) values
        (${A.id}, ${entry}, ${cash}, 'EUR', 700, 0), (${A.id}, ${entry}, ${ar}, 'EUR', 0, 700)`);
      const reopened = await failureInSavepoint(tx, (sp) =>
        sp.execute(sql`insert into journal_lines (tenant_id, entry_id, account_id, currency, debit_minor, credit_minor) values
          (${A.id}, ${entry}, ${cash}, 'EUR', 5, 0), (${A.id}, ${entry}, ${ar}, 'EUR', 0, 5)`),
      );
      expect(reopened.code).toBe("23514");
      expect(reopened.message).toMatch(/posted by an earlier statement/);

      const bothSides = await failureInSavepoint(tx, (sp) =>
        sp.execute(sql`insert into journal_lines (tenant_id, entry_id, account_id, currency, debit_minor, credit_minor) values (${A.id}, ${uuidv7()}, ${cash}, 'EUR', 5, 5)`),
      );
      expect(bothSides.code).toBe("23514");
    });
  });

  test("lines added to an earlier entry are refused among a batch of new ones, the entry named, whether it is a neighbour of the new ones or far from them", async () => {
    await withTenantRolledBack(system(), async (tx) => {
      const ar = await accountId(tx, "accounts_receivable");
      const cash = await accountId(tx, "cash");
      const entries = async (n: number) => {
        const ids = Array.from({ length: n }, () => uuidv7());
        await tx.execute(sql`insert into journal_entries (tenant_id, id, entry_date, source_type, source_id)
                             select ${A.id}, id, '2026-11-02', 'payment', uuidv7() from unnest(${plainArray(ids)}::uuid[]) as x(id)`);
        return ids;
      };
      const post = (sp: typeof tx, ids: string[]) =>
        sp.execute(sql`insert into journal_lines (tenant_id, entry_id, account_id, currency, debit_minor, credit_minor)
                       select ${A.id}, id, a, 'EUR', d, c from unnest(${plainArray(ids)}::uuid[]) as x(id)
                       cross join (values (${cash}::uuid, 5, 0), (${ar}::uuid, 0, 5)) as l(a, d, c)`);
      const [old] = await tx.execute<{ id: string }>(sql`select entry_id as id from journal_lines limit 1`);
      expect(old, "the fixture tenant has posted entries").toBeDefined();
      const first = await entries(150);
      await post(tx, first);
      const later = await entries(60);
      // A neighbour: the entry posted just before the new ones.
      const neighbour = await failureInSavepoint(tx, (sp) => post(sp, [...later.slice(0, 30), first[149], ...later.slice(30)]));
      expect(neighbour.code).toBe("23514");
      expect(neighbour.message).toContain(`journal entry ${first[149]} was posted by an earlier statement`);
      // Far apart: the fixture's entry, with the 300 lines posted above between it and the new one.
      const far = await failureInSavepoint(tx, (sp) => post(sp, [old.id, later[0]]));
      expect(far.code).toBe("23514");
      expect(far.message).toContain(`journal entry ${old.id} was posted by an earlier statement`);
      // The new entries alone post fine, in one statement.
      await post(tx, later);
      const [{ n }] = await tx.execute<{ n: number }>(sql`select count(*)::int as n from journal_lines where entry_id = any(${plainArray(later)}::uuid[])`);
      expect(n).toBe(120);
    });
  });

  test("journal lines are tenant-isolated on INSERT too: a balanced pair carrying tenant B's id is refused by RLS", async () => {
    await withTenantRolledBack({ kind: "operator", tenantId: A.id, userId: A.users.owner.id }, async (tx) => {
      const [{ entry_id, account_id }] = await tx.execute<{ entry_id: string; account_id: string }>(sql`select entry_id, account_id from journal_lines limit 1`);
      const failure = await failureInSavepoint(tx, (sp) =>
        sp.execute(sql`insert into journal_lines (tenant_id, entry_id, account_id, currency, debit_minor, credit_minor) values
          (${B.id}, ${entry_id}, ${account_id}, 'EUR', 1, 0), (${B.id}, ${entry_id}, ${account_id}, 'EUR', 0, 1)`),
      );
      expect(failure.code).toBe("42501");
      expect(failure.message).toMatch(/row-level security/);
    });
  });
});

describe("chart of accounts", () => {
  test("comes from the template, is idempotent, and adds a revenue account per product category on first use", async () => {
    await withTenantRolledBack(system(), async (tx) => {
      await ensureChartOfAccounts(tx, A.id);
      await ensureChartOfAccounts(tx, A.id);
      const accounts = await tx.execute<{ code: string; category_id: string | null }>(sql`select code, category_id from ledger_accounts order by code`);
      expect(accounts.filter((a) => a.category_id === null).map((a) => a.code)).toEqual(STANDARD_CHART.map((a) => a.code));
      // The fixture's posting to its category's revenue created "4000-consumables".
      expect(accounts.find((a) => a.category_id === A.contract.categoryId)?.code).toBe("4000-consumables");
    });
  });
});

test("a new tenant starts with its chart of accounts", async () => {
  const admin = await createPlatformAdmin("chart");
  const tenantId = uuidv7();
  const slug = `chart-${tenantId.slice(-8)}`;
  await withTenant({ kind: "platform", tenantId, userId: admin.id }, (tx) =>
    createTenant(tx, tenantId, { slug, name: "Chart test", themePreset: "harbor", admin: { name: "Owner", email: `owner.${slug}@tenant.tests.test`, password: TEST_PASSWORD } }, admin.id),
  );
  const codes = await withTenant({ kind: "system", tenantId }, (tx) => tx.execute<{ code: string }>(sql`select code from ledger_accounts order by code`));
  expect(codes.map((c) => c.code)).toEqual(STANDARD_CHART.map((a) => a.code));
});
