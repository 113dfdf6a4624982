import { sql } from "drizzle-orm";
import type { TenantTx } from "../../../db/with-tenant";

export interface TrialBalanceRow { accountId: string; code: string; name: string; type: string; currency: string; debitMinor: bigint; creditMinor: bigint; balanceMinor: bigint }

/** Debits and credits per account and currency; the balances of one currency sum to zero, always. */
export async function trialBalance(tx: TenantTx, asOf?: string): Promise<TrialBalanceRow[]> {
  const rows = await tx.execute<{ account_id: string; code: string; name: string; type: string; currency: string; debit: string; credit: string }>(sql`
    select a.id as account_id, a.code, a.name, a.type, l.currency, sum(l.debit_minor)::text as debit, sum(l.credit_minor)::text as credit
      from journal_lines l
      join journal_entries e on e.tenant_id = l.tenant_id and e.id = l.entry_id
      join ledger_accounts a on a.tenant_id = l.tenant_id and a.id = l.account_id
     where ${asOf ?? null}::date is null or e.entry_date <= ${asOf ?? null}::date
     group by a.id, a.code, a.name, a.type, l.currency
     order by l.currency, a.code`);
  return rows.map((r) => ({
    accountId: r.account_id,
    code: r.code,
    name: r.name,
    type: r.type,
    currency: r.currency,
    debitMinor: BigInt(r.debit),
    creditMinor: BigInt(r.credit),
    balanceMinor: BigInt(r.debit) - BigInt(r.credit),
  }));
}
