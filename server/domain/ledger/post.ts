import { sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { plainArray, textArray } from "../../../db/pg-arrays";
import type { TenantTx } from "../../../db/with-tenant";
import { DomainError } from "../errors";
import { refKey, resolveAccounts, type AccountRef } from "./chart";

export interface PostingLine {
  account: AccountRef;
  /** Exactly one of debit and credit, in minor units; a line of 0 is dropped (say, no tax). */
  debitMinor?: bigint;
  creditMinor?: bigint;
  currency: string;
  customerId?: string | null;
  resellerId?: string | null;
  memo?: string;
}

export interface Posting {
  /** The financial event: e.g. ("invoice", invoice id, "issued"). Posting it again is a no-op. */
  sourceType: string;
  sourceId: string;
  eventKey?: string;
  entryDate: string;
  memo?: string;
  lines: PostingLine[];
}

/**
 * Posts one balanced journal entry per event, set-based (three statements for any number of
 * entries). Unbalanced postings are refused here with a clear error; the database refuses them too.
 * Events already posted are skipped, so a retried job or request posts nothing twice.
 */
export async function postJournalEntries(tx: TenantTx, tenantId: string, createdBy: string | null, postings: readonly Posting[]): Promise<{ posted: number; skipped: number }> {
  if (postings.length === 0) return { posted: 0, skipped: 0 };
  for (const p of postings) assertBalanced(p);
  const accounts = await resolveAccounts(tx, tenantId, postings.flatMap((p) => p.lines.map((l) => l.account)));

  const ids = postings.map(() => uuidv7());
  const inserted = await tx.execute<{ id: string }>(sql`
    insert into journal_entries (tenant_id, id, entry_date, source_type, source_id, event_key, memo, created_by)
    select ${tenantId}, id, entry_date, source_type, source_id, event_key, memo, ${createdBy}
      from unnest(${plainArray(ids)}::uuid[], ${plainArray(postings.map((p) => p.entryDate))}::date[], ${textArray(postings.map((p) => p.sourceType))}::text[],
                  ${plainArray(postings.map((p) => p.sourceId))}::uuid[], ${textArray(postings.map((p) => p.eventKey ?? ""))}::text[],
                  ${textArray(postings.map((p) => p.memo ?? ""))}::text[]) as e(id, entry_date, source_type, source_id, event_key, memo)
    on conflict (tenant_id, source_type, source_id, event_key) do nothing
    returning id`);
  const posted = new Set(inserted.map((r) => r.id));

  const lines = postings.flatMap((p, i) => (posted.has(ids[i]) ? p.lines.filter((l) => (l.debitMinor ?? 0n) !== 0n || (l.creditMinor ?? 0n) !== 0n).map((l) => ({ entryId: ids[i], ...l })) : []));
  if (lines.length > 0) {
    await tx.execute(sql`
      insert into journal_lines (tenant_id, entry_id, account_id, currency, debit_minor, credit_minor, customer_id, reseller_id, memo)
      select ${tenantId}, * from unnest(${plainArray(lines.map((l) => l.entryId))}::uuid[], ${plainArray(lines.map((l) => accounts.get(refKey(l.account))!))}::uuid[],
                                       ${textArray(lines.map((l) => l.currency))}::text[], ${plainArray(lines.map((l) => l.debitMinor ?? 0n))}::bigint[],
                                       ${plainArray(lines.map((l) => l.creditMinor ?? 0n))}::bigint[], ${plainArray(lines.map((l) => l.customerId ?? null))}::uuid[],
                                       ${plainArray(lines.map((l) => l.resellerId ?? null))}::uuid[], ${textArray(lines.map((l) => l.memo ?? ""))}::text[])`);
  }
  return { posted: posted.size, skipped: postings.length - posted.size };
}

function assertBalanced(p: Posting): void {
  const byCurrency = new Map<string, bigint>();
  for (const l of p.lines) {
    const debit = l.debitMinor ?? 0n;
    const credit = l.creditMinor ?? 0n;
    if (debit < 0n || credit < 0n || (debit !== 0n && credit !== 0n)) {
      throw new DomainError("BAD_REQUEST", `A journal line is a debit or a credit of a positive amount (${p.sourceType} ${p.sourceId})`);
    }
    byCurrency.set(l.currency, (byCurrency.get(l.currency) ?? 0n) + debit - credit);
  }
  for (const [currency, difference] of byCurrency) {
    if (difference !== 0n) throw new DomainError("BAD_REQUEST", `The journal entry for ${p.sourceType} ${p.sourceId} does not balance in ${currency} (debits - credits = ${difference})`);
  }
}
