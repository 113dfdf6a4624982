import { sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { z } from "zod";
import { withTenant, type TenantTx } from "../../../db/with-tenant";
import { countBillingException } from "../../metrics/registry";
import { DomainError } from "../errors";
import { listInput, offsetOf, type Page } from "../lists";
import { addDaysIso, type IsoDate } from "../subscriptions/periods";
import { localDateIn } from "../usage/ingest";
import { countDueSubscriptions, DEFAULT_RENEWAL_CHUNK, runRenewalChunk, type ChunkResult } from "./renewal";
import { billingRunInput } from "./schemas";

/*
 * Renewal (billing) runs, mirroring replenishment runs: a run row with progress (done / total),
 * counts and exceptions; `driveRun` works it chunk by chunk, each chunk in its own transaction.
 */

export interface BillingRunRow {
  id: string;
  through_date: string;
  status: "queued" | "running" | "completed" | "failed";
  total: number;
  done: number;
  invoices_created: number;
  lines_created: number;
  amount_minor: string;
  renewed: number;
  expired: number;
  exception_count: number;
  error: string;
  job_id: string | null;
  requested_by_name: string | null;
  started_at: string | null;
  finished_at: string | null;
  created_at: string;
  [key: string]: unknown;
}

const RUN_COLUMNS = sql`r.id, r.through_date::text, r.status, r.total, r.done, r.invoices_created, r.lines_created, r.amount_minor::text, r.renewed, r.expired,
  r.exception_count, r.error, r.job_id, u.name as requested_by_name, r.started_at::text, r.finished_at::text, r.created_at::text`;

export const billingRunJobId = (runId: string) => `renewal-run-${runId}`;

/** How far ahead an operator may bill (periods are billed in advance, so a little ahead is normal). */
export const MAX_DAYS_AHEAD = 31;

/** "Run now": a queued run through the date; while one through the same date is queued or running, that one is returned. */
export async function requestBillingRun(tx: TenantTx, acting: { tenantId: string; userId: string | null }, raw: z.input<typeof billingRunInput>, today: IsoDate): Promise<{ runId: string; jobId: string; created: boolean }> {
  const parsed = billingRunInput.safeParse(raw);
  if (!parsed.success) throw new DomainError("BAD_REQUEST", parsed.error.issues[0].message, { throughDate: [parsed.error.issues[0].message] });
  const { throughDate } = parsed.data;
  const latest = addDaysIso(today, MAX_DAYS_AHEAD);
  if (throughDate > latest) throw new DomainError("BAD_REQUEST", `Runs can bill at most ${MAX_DAYS_AHEAD} days ahead (through ${latest})`, { throughDate: [`At most ${latest}`] });
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('billing-run:' || ${acting.tenantId}, 0))`);
  const [active] = await tx.execute<{ id: string; job_id: string }>(sql`
    select id, job_id from billing_runs where through_date = ${throughDate} and status in ('queued', 'running') order by created_at desc limit 1`);
  if (active) return { runId: active.id, jobId: active.job_id, created: false };
  const runId = uuidv7();
  const jobId = billingRunJobId(runId);
  await tx.execute(sql`
    insert into billing_runs (tenant_id, id, through_date, status, job_id, requested_by) values (${acting.tenantId}, ${runId}, ${throughDate}, 'queued', ${jobId}, ${acting.userId})`);
  return { runId, jobId, created: true };
}

/** The run a scheduled job works on: made on its first attempt, found again (by job id) on a retry. Bills through today in the tenant's zone. */
export async function billingRunForScheduledJob(tx: TenantTx, tenantId: string, jobId: string, now = new Date()): Promise<{ runId: string; throughDate: IsoDate }> {
  const [existing] = await tx.execute<{ id: string; through_date: string }>(sql`select id, through_date::text from billing_runs where job_id = ${jobId}`);
  if (existing) return { runId: existing.id, throughDate: existing.through_date };
  const [{ time_zone }] = await tx.execute<{ time_zone: string }>(sql`
    select coalesce((select time_zone from tenant_settings order by effective_from desc limit 1), 'UTC') as time_zone`);
  const throughDate = localDateIn(time_zone)(now.getTime());
  const runId = uuidv7();
  await tx.execute(sql`insert into billing_runs (tenant_id, id, through_date, status, job_id) values (${tenantId}, ${runId}, ${throughDate}, 'queued', ${jobId})`);
  return { runId, throughDate };
}

/** A run made and worked in-process (tests, the bench, the demo seed). */
export async function createBillingRun(tenantId: string, throughDate: IsoDate, requestedBy: string | null = null): Promise<string> {
  const runId = uuidv7();
  await withTenant({ kind: "system", tenantId }, (tx) =>
    tx.execute(sql`insert into billing_runs (tenant_id, id, through_date, status, job_id, requested_by) values (${tenantId}, ${runId}, ${throughDate}, 'queued', ${billingRunJobId(runId)}, ${requestedBy})`),
  );
  return runId;
}

export interface DriveOptions {
  chunkSize?: number;
  onProgress?: (p: { done: number; total: number; chunk: ChunkResult }) => Promise<void> | void;
}

/**
 * Works a run to the end: counts what is due, then chunk after chunk (each its own transaction)
 * until the cursor has passed every due subscription. A failing chunk rolls back alone, marks the run
 * failed and rethrows (the job retries; billed periods are no longer due, so the retry goes on).
 */
export async function driveBillingRun(tenantId: string, runId: string, opts: DriveOptions = {}): Promise<BillingRunRow> {
  const chunkSize = opts.chunkSize ?? DEFAULT_RENEWAL_CHUNK;
  const scope = { kind: "system" as const, tenantId };
  const throughDate = await withTenant(scope, async (tx) => {
    const [run] = await tx.execute<{ through_date: string; status: string }>(sql`select through_date::text, status from billing_runs where id = ${runId} for update`);
    if (!run) throw new DomainError("NOT_FOUND", "No such billing run");
    if (run.status === "completed") return null;
    const due = await countDueSubscriptions(tx, run.through_date);
    await tx.execute(sql`
      update billing_runs set status = 'running', error = '', started_at = coalesce(started_at, now()), finished_at = null, total = done + ${due} where id = ${runId}`);
    return run.through_date;
  });
  if (throughDate !== null) {
    let afterId: string | null = null;
    for (;;) {
      let chunk: ChunkResult;
      try {
        chunk = await withTenant(scope, async (tx) => {
          const result = await runRenewalChunk(tx, tenantId, { runId, throughDate, afterId, limit: chunkSize });
          if (result.picked > 0) {
            await tx.execute(sql`
              update billing_runs set done = least(total, done + ${result.picked}), invoices_created = invoices_created + ${result.invoices},
                     lines_created = lines_created + ${result.counts.lines}, amount_minor = amount_minor + ${result.amountMinor}, renewed = renewed + ${result.renewed},
                     expired = expired + ${result.expired}, exception_count = exception_count + ${result.exceptions.length}
               where id = ${runId}`);
          }
          return result;
        });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        await withTenant(scope, (tx) => tx.execute(sql`update billing_runs set status = 'failed', error = ${message.slice(0, 2000)}, finished_at = now() where id = ${runId}`));
        countBillingException(tenantId, "run_failed");
        throw error;
      }
      // Counted once the chunk committed (a rolled-back chunk's exceptions are found again by its retry).
      const kinds = new Map<string, number>();
      for (const e of chunk.exceptions) kinds.set(e.kind, (kinds.get(e.kind) ?? 0) + 1);
      for (const [kind, n] of kinds) countBillingException(tenantId, kind, n);
      if (chunk.picked === 0) break;
      afterId = chunk.lastId;
      if (opts.onProgress) {
        const run = await withTenant(scope, (tx) => getRunRow(tx, runId));
        await opts.onProgress({ done: run.done, total: run.total, chunk });
      }
    }
    await withTenant(scope, (tx) => tx.execute(sql`update billing_runs set status = 'completed', total = done, finished_at = now() where id = ${runId}`));
  }
  return withTenant(scope, (tx) => getRunRow(tx, runId));
}

async function getRunRow(tx: TenantTx, runId: string): Promise<BillingRunRow> {
  const [row] = await tx.execute<BillingRunRow>(sql`select ${RUN_COLUMNS} from billing_runs r left join users u on u.id = r.requested_by where r.id = ${runId}`);
  if (!row) throw new DomainError("NOT_FOUND", "No such billing run");
  return row;
}

export const listBillingRunsInput = listInput.pick({ page: true, pageSize: true });

export async function listBillingRuns(tx: TenantTx, raw: z.input<typeof listBillingRunsInput>): Promise<Page<BillingRunRow>> {
  const input = listBillingRunsInput.parse(raw);
  const [rows, [{ total }]] = await Promise.all([
    tx.execute<BillingRunRow>(sql`
      select ${RUN_COLUMNS} from billing_runs r left join users u on u.id = r.requested_by
       order by r.created_at desc, r.id desc limit ${input.pageSize} offset ${offsetOf(input)}`),
    tx.execute<{ total: number }>(sql`select count(*)::int as total from billing_runs`),
  ]);
  return { rows, total, page: input.page, pageSize: input.pageSize };
}

export const getBillingRunInput = listInput.pick({ page: true, pageSize: true }).extend({ id: z.uuid("No such run"), kind: z.string().max(40).optional() });

export interface BillingRunException {
  id: string;
  kind: string;
  detail: string;
  period_start: string | null;
  subscription_id: string | null;
  subscription_number: string | null;
  [key: string]: unknown;
}

/** A run with one page of its exceptions (optionally of one kind) and the count of each kind. */
export async function getBillingRun(tx: TenantTx, raw: z.input<typeof getBillingRunInput>): Promise<{ run: BillingRunRow; exceptions: Page<BillingRunException>; kinds: Array<{ kind: string; n: number }> }> {
  const input = getBillingRunInput.parse(raw);
  const run = await getRunRow(tx, input.id);
  const kindFilter = input.kind ? sql`and e.kind = ${input.kind}` : sql``;
  const [rows, kinds] = await Promise.all([
    tx.execute<BillingRunException>(sql`
      select e.id, e.kind, e.detail, e.period_start::text, e.subscription_id, s.number as subscription_number
        from billing_run_exceptions e
        left join subscriptions s on s.tenant_id = e.tenant_id and s.id = e.subscription_id
       where e.run_id = ${input.id} ${kindFilter}
       order by e.created_at, e.id limit ${input.pageSize} offset ${offsetOf(input)}`),
    tx.execute<{ kind: string; n: number }>(sql`select kind, count(*)::int as n from billing_run_exceptions where run_id = ${input.id} group by kind order by kind`),
  ]);
  const total = input.kind ? (kinds.find((k) => k.kind === input.kind)?.n ?? 0) : kinds.reduce((sum, k) => sum + k.n, 0);
  return { run, exceptions: { rows, total, page: input.page, pageSize: input.pageSize }, kinds };
}

/**
 * An operator's "bill this contract now" through a date: the same chunk as a run, for one contract.
 * Only an active contract renews: a cancelled, expired, paused, suspended or draft one is refused.
 */
export async function billSubscriptionNow(tx: TenantTx, tenantId: string, subscriptionId: string, throughDate: IsoDate): Promise<ChunkResult> {
  const [sub] = await tx.execute<{ number: string; status: string }>(sql`select number, status from subscriptions where id = ${subscriptionId}`);
  if (!sub) throw new DomainError("NOT_FOUND", "No such subscription");
  if (sub.status !== "active") throw new DomainError("CONFLICT", `${sub.number} is ${sub.status}: only an active subscription is renewed or billed`);
  const result = await runRenewalChunk(tx, tenantId, { runId: null, throughDate, afterId: null, limit: 1, onlyId: subscriptionId });
  if (result.exceptions.length > 0) throw new DomainError("BAD_REQUEST", result.exceptions[0].detail);
  return result;
}
