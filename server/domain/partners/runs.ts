import { sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { z } from "zod";
import { textArray } from "../../../db/pg-arrays";
import { withTenant, type TenantTx } from "../../../db/with-tenant";
import { DomainError } from "../errors";
import { listInput, offsetOf, type Page } from "../lists";
import { addMonthsIso, type IsoDate } from "../subscriptions/periods";
import { localDateIn } from "../usage/ingest";
import { billingRevenueSource, type RevenueSource } from "./revenue-source";
import { requestCommissionRunInput } from "./schemas";
import { buildStatement } from "./settlement";

/*
 * Settlement runs: per tenant and closed month, a statement per agency reseller, each in its own
 * transaction (a reseller is the chunk). Progress (done/total) goes to the run row the operator UI
 * polls; what could not be settled goes to commission_run_exceptions. A retried run continues:
 * statements already built are found by their (reseller, period) key and skipped.
 */

export interface CommissionRunRow {
  id: string;
  period_month: string;
  status: "queued" | "running" | "completed" | "failed";
  total: number;
  done: number;
  statements_created: number;
  exception_count: number;
  error: string;
  job_id: string | null;
  requested_by_name: string | null;
  started_at: string | null;
  finished_at: string | null;
  created_at: string;
  [key: string]: unknown;
}

const RUN_COLUMNS = sql`r.id, r.period_month::text, r.status, r.total, r.done, r.statements_created, r.exception_count, r.error, r.job_id,
  u.name as requested_by_name, r.started_at::text, r.finished_at::text, r.created_at::text`;

export const commissionRunJobId = (runId: string) => `commission-run-${runId}`;

/** First day of the tenant's current month: every month before it is closed. */
export async function currentMonthStart(tx: TenantTx, now = new Date()): Promise<IsoDate> {
  const [{ time_zone }] = await tx.execute<{ time_zone: string }>(sql`
    select coalesce((select time_zone from tenant_settings order by effective_from desc limit 1), 'UTC') as time_zone`);
  return `${localDateIn(time_zone)(now.getTime()).slice(0, 7)}-01`;
}

/** An operator's "settle month": refused for a month that is not over; a second click returns the queued run. */
export async function requestCommissionRun(tx: TenantTx, acting: { tenantId: string; userId: string | null }, raw: z.input<typeof requestCommissionRunInput>, now = new Date()) {
  const parsed = requestCommissionRunInput.safeParse(raw);
  if (!parsed.success) throw new DomainError("BAD_REQUEST", parsed.error.issues[0].message, { periodMonth: [parsed.error.issues[0].message] });
  const { periodMonth } = parsed.data;
  const open = await currentMonthStart(tx, now);
  if (periodMonth >= open) throw new DomainError("BAD_REQUEST", `${periodMonth.slice(0, 7)} is not closed yet: settle months before ${open.slice(0, 7)}`, { periodMonth: ["Not a closed month"] });
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('commission-run:' || ${acting.tenantId}, 0))`);
  const [active] = await tx.execute<{ id: string; job_id: string }>(sql`
    select id, job_id from commission_runs where period_month = ${periodMonth}::date and status in ('queued', 'running') order by created_at desc limit 1`);
  if (active) return { runId: active.id, jobId: active.job_id, created: false };
  const runId = uuidv7();
  const jobId = commissionRunJobId(runId);
  await tx.execute(sql`insert into commission_runs (tenant_id, id, period_month, status, job_id, requested_by) values (${acting.tenantId}, ${runId}, ${periodMonth}::date, 'queued', ${jobId}, ${acting.userId})`);
  return { runId, jobId, created: true };
}

/** The run a scheduled job works on: last month, made on the first attempt and found again (by job id) on a retry. */
export async function commissionRunForScheduledJob(tx: TenantTx, tenantId: string, jobId: string, now = new Date()): Promise<{ runId: string; periodMonth: IsoDate }> {
  const [existing] = await tx.execute<{ id: string; period_month: string }>(sql`select id, period_month::text from commission_runs where job_id = ${jobId}`);
  if (existing) return { runId: existing.id, periodMonth: existing.period_month };
  const periodMonth = addMonthsIso(await currentMonthStart(tx, now), -1);
  const runId = uuidv7();
  await tx.execute(sql`insert into commission_runs (tenant_id, id, period_month, status, job_id) values (${tenantId}, ${runId}, ${periodMonth}::date, 'queued', ${jobId})`);
  return { runId, periodMonth };
}

export interface DriveCommissionOptions {
  source?: RevenueSource;
  onProgress?: (p: { done: number; total: number }) => Promise<void> | void;
}

/** Works a run to the end, one reseller per transaction; a failure marks the run failed and rethrows (the job retries). */
export async function driveCommissionRun(tenantId: string, runId: string, opts: DriveCommissionOptions = {}): Promise<CommissionRunRow> {
  const scope = { kind: "system" as const, tenantId };
  const source = opts.source ?? billingRevenueSource;
  const prepared = await withTenant(scope, async (tx) => {
    const [run] = await tx.execute<{ period_month: string; status: string }>(sql`select period_month::text, status from commission_runs where id = ${runId} for update`);
    if (!run) throw new DomainError("NOT_FOUND", "No such commission run");
    if (run.status === "completed") return null;
    // Agency resellers, suspended ones too: their customers are still served and still earn.
    const resellers = await tx.execute<{ id: string }>(sql`select id from resellers where commercial_model = 'agency' and status <> 'invited' order by id`);
    await tx.execute(sql`
      update commission_runs set status = 'running', error = '', started_at = coalesce(started_at, now()), finished_at = null, total = ${resellers.length}, done = 0 where id = ${runId}`);
    return { periodMonth: run.period_month, resellerIds: resellers.map((r) => r.id) };
  });
  if (prepared) {
    for (const [i, resellerId] of prepared.resellerIds.entries()) {
      try {
        await withTenant(scope, async (tx) => {
          const result = await buildStatement(tx, { tenantId, resellerId, periodMonth: prepared.periodMonth, runId, source });
          if (result.exceptions.length > 0) {
            await tx.execute(sql`
              insert into commission_run_exceptions (tenant_id, run_id, reseller_id, kind, detail)
              select ${tenantId}, ${runId}, ${resellerId}, * from unnest(${textArray(result.exceptions.map((e) => e.kind))}::text[], ${textArray(result.exceptions.map((e) => e.detail))}::text[])`);
          }
          await tx.execute(sql`
            update commission_runs set done = ${i + 1}, statements_created = statements_created + ${result.created ? 1 : 0}, exception_count = exception_count + ${result.exceptions.length}
             where id = ${runId}`);
        });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        await withTenant(scope, (tx) => tx.execute(sql`update commission_runs set status = 'failed', error = ${message.slice(0, 2000)}, finished_at = now() where id = ${runId}`));
        throw error;
      }
      await opts.onProgress?.({ done: i + 1, total: prepared.resellerIds.length });
    }
    await withTenant(scope, (tx) => tx.execute(sql`update commission_runs set status = 'completed', finished_at = now() where id = ${runId}`));
  }
  return withTenant(scope, (tx) => getRunRow(tx, runId));
}

async function getRunRow(tx: TenantTx, runId: string): Promise<CommissionRunRow> {
  const [row] = await tx.execute<CommissionRunRow>(sql`select ${RUN_COLUMNS} from commission_runs r left join users u on u.id = r.requested_by where r.id = ${runId}`);
  if (!row) throw new DomainError("NOT_FOUND", "No such commission run");
  return row;
}

export const listCommissionRunsInput = listInput.pick({ page: true, pageSize: true });

export async function listCommissionRuns(tx: TenantTx, raw: z.input<typeof listCommissionRunsInput>): Promise<Page<CommissionRunRow>> {
  const input = listCommissionRunsInput.parse(raw);
  const [rows, [{ total }]] = await Promise.all([
    tx.execute<CommissionRunRow>(sql`select ${RUN_COLUMNS} from commission_runs r left join users u on u.id = r.requested_by order by r.created_at desc, r.id desc limit ${input.pageSize} offset ${offsetOf(input)}`),
    tx.execute<{ total: number }>(sql`select count(*)::int as total from commission_runs`),
  ]);
  return { rows, total, page: input.page, pageSize: input.pageSize };
}

export const getCommissionRunInput = z.object({ id: z.uuid("No such run") });

export async function getCommissionRun(tx: TenantTx, id: string) {
  const run = await getRunRow(tx, id);
  const exceptions = await tx.execute<{ id: string; kind: string; detail: string; reseller_name: string | null }>(sql`
    select e.id, e.kind, e.detail, r.name as reseller_name from commission_run_exceptions e left join resellers r on r.tenant_id = e.tenant_id and r.id = e.reseller_id
     where e.run_id = ${id} order by e.created_at, e.id limit 200`);
  return { run, exceptions };
}

