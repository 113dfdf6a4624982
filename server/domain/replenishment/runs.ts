import { sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { z } from "zod";
import { withTenant, type TenantTx } from "../../../db/with-tenant";
import { DomainError } from "../errors";
import { listInput, offsetOf, type Page } from "../lists";
import { addDaysIso, type IsoDate } from "../subscriptions/periods";
import { localDateIn } from "../usage/ingest";
import { SCHEDULE_DAYS } from "../subscriptions/schedule";
import { runReplenishmentChunk, type ChunkResult } from "./chunk";
import { countDueDeliveries, LEAD_DAYS } from "./due";
import { runNowInput } from "./schemas";

/** Deliveries per transaction: big enough that the fixed costs (locks, plans) are shared, small enough to keep locks short. */
export const DEFAULT_CHUNK = 1_500;

export interface RunRow {
  id: string;
  through_date: string;
  status: "queued" | "running" | "completed" | "failed";
  total: number;
  done: number;
  orders_created: number;
  lines_backordered: number;
  units_backordered: number;
  substitutions: number;
  holds: number;
  exception_count: number;
  error: string;
  job_id: string | null;
  requested_by_name: string | null;
  started_at: string | null;
  finished_at: string | null;
  created_at: string;
  [key: string]: unknown;
}

const RUN_COLUMNS = sql`r.id, r.through_date::text, r.status, r.total, r.done, r.orders_created, r.lines_backordered, r.units_backordered, r.substitutions,
  r.holds, r.exception_count, r.error, r.job_id, u.name as requested_by_name, r.started_at::text, r.finished_at::text, r.created_at::text`;

/** The job id of a run: deterministic, so enqueueing the same run twice is a no-op in BullMQ. */
export const runJobId = (runId: string) => `replenishment-run-${runId}`;

export { runNowInput };

/**
 * An operator's "run now": a queued run through the date. While a run through the same date is
 * queued or running, asking again returns that one (a double click starts nothing twice).
 */
export async function requestRun(tx: TenantTx, acting: { tenantId: string; userId: string | null }, raw: z.input<typeof runNowInput>, today: IsoDate): Promise<{ runId: string; jobId: string; created: boolean }> {
  const parsed = runNowInput.safeParse(raw);
  if (!parsed.success) throw new DomainError("BAD_REQUEST", parsed.error.issues[0].message, { throughDate: [parsed.error.issues[0].message] });
  const { throughDate } = parsed.data;
  const latest = addDaysIso(today, SCHEDULE_DAYS);
  if (throughDate > latest) throw new DomainError("BAD_REQUEST", `Runs can order at most ${SCHEDULE_DAYS} days ahead (through ${latest})`, { throughDate: [`At most ${latest}`] });
  // Serialises two "run now" clicks of the tenant, so the second sees the first's run.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('replenishment-run:' || ${acting.tenantId}, 0))`);
  const [active] = await tx.execute<{ id: string; job_id: string }>(sql`
    select id, job_id from replenishment_runs where through_date = ${throughDate} and status in ('queued', 'running') order by created_at desc limit 1`);
  if (active) return { runId: active.id, jobId: active.job_id, created: false };
  const runId = uuidv7();
  const jobId = runJobId(runId);
  await tx.execute(sql`
    insert into replenishment_runs (tenant_id, id, through_date, status, job_id, requested_by)
    values (${acting.tenantId}, ${runId}, ${throughDate}, 'queued', ${jobId}, ${acting.userId})`);
  return { runId, jobId, created: true };
}

/** The run a scheduled job works on: made on its first attempt, found again (by job id) on a retry. */
export async function runForScheduledJob(tx: TenantTx, tenantId: string, jobId: string, now = new Date()): Promise<{ runId: string; throughDate: IsoDate }> {
  const [existing] = await tx.execute<{ id: string; through_date: string }>(sql`select id, through_date::text from replenishment_runs where job_id = ${jobId}`);
  if (existing) return { runId: existing.id, throughDate: existing.through_date };
  const [{ time_zone }] = await tx.execute<{ time_zone: string }>(sql`
    select coalesce((select time_zone from tenant_settings order by effective_from desc limit 1), 'UTC') as time_zone`);
  const throughDate = addDaysIso(localDateIn(time_zone)(now.getTime()), LEAD_DAYS);
  const runId = uuidv7();
  await tx.execute(sql`insert into replenishment_runs (tenant_id, id, through_date, status, job_id) values (${tenantId}, ${runId}, ${throughDate}, 'queued', ${jobId})`);
  return { runId, throughDate };
}

export interface DriveOptions {
  chunkSize?: number;
  /** After each chunk's commit: what the job reports to BullMQ. */
  onProgress?: (p: { done: number; total: number; chunk: ChunkResult }) => Promise<void> | void;
}

/**
 * Works a run to the end: (re)starts it with the count of what is due, then chunk after chunk, each
 * in its own transaction, until nothing due is left. A failing chunk rolls back alone, marks the run
 * failed with the error and rethrows (the job retries); the next attempt continues from there, since
 * committed chunks are in scheduled_deliveries and are no longer due.
 */
export async function driveRun(tenantId: string, runId: string, opts: DriveOptions = {}): Promise<RunRow> {
  const chunkSize = opts.chunkSize ?? DEFAULT_CHUNK;
  const scope = { kind: "system" as const, tenantId };
  const throughDate = await withTenant(scope, async (tx) => {
    const [run] = await tx.execute<{ through_date: string; status: string }>(sql`select through_date::text, status from replenishment_runs where id = ${runId} for update`);
    if (!run) throw new DomainError("NOT_FOUND", "No such replenishment run");
    if (run.status === "completed") return null;
    const due = await countDueDeliveries(tx, run.through_date);
    await tx.execute(sql`
      update replenishment_runs set status = 'running', error = '', started_at = coalesce(started_at, now()), finished_at = null, total = done + ${due}
       where id = ${runId}`);
    return run.through_date;
  });
  if (throughDate !== null) {
    for (;;) {
      let chunk: ChunkResult;
      try {
        chunk = await withTenant(scope, (tx) => runReplenishmentChunk(tx, tenantId, runId, throughDate, chunkSize));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        await withTenant(scope, (tx) => tx.execute(sql`update replenishment_runs set status = 'failed', error = ${message.slice(0, 2000)}, finished_at = now() where id = ${runId}`));
        throw error;
      }
      if (chunk.picked === 0) break;
      if (opts.onProgress) {
        const run = await withTenant(scope, (tx) => getRunRow(tx, runId));
        await opts.onProgress({ done: run.done, total: run.total, chunk });
      }
    }
    // A racing run may have taken deliveries this one counted: the total is what this run went through.
    await withTenant(scope, (tx) => tx.execute(sql`update replenishment_runs set status = 'completed', total = done, finished_at = now() where id = ${runId}`));
  }
  return withTenant(scope, (tx) => getRunRow(tx, runId));
}

async function getRunRow(tx: TenantTx, runId: string): Promise<RunRow> {
  const [row] = await tx.execute<RunRow>(sql`select ${RUN_COLUMNS} from replenishment_runs r left join users u on u.id = r.requested_by where r.id = ${runId}`);
  if (!row) throw new DomainError("NOT_FOUND", "No such replenishment run");
  return row;
}

export const listRunsInput = listInput.pick({ page: true, pageSize: true });

/** Runs, newest first. */
export async function listRuns(tx: TenantTx, raw: z.input<typeof listRunsInput>): Promise<Page<RunRow>> {
  const input = listRunsInput.parse(raw);
  const [rows, [{ total }]] = await Promise.all([
    tx.execute<RunRow>(sql`
      select ${RUN_COLUMNS} from replenishment_runs r left join users u on u.id = r.requested_by
       order by r.created_at desc, r.id desc limit ${input.pageSize} offset ${offsetOf(input)}`),
    tx.execute<{ total: number }>(sql`select count(*)::int as total from replenishment_runs`),
  ]);
  return { rows, total, page: input.page, pageSize: input.pageSize };
}

export const getRunInput = listInput.pick({ page: true, pageSize: true }).extend({ id: z.uuid("No such run"), kind: z.string().max(40).optional() });

export interface RunException {
  id: string;
  kind: string;
  detail: string;
  delivery_date: string | null;
  subscription_id: string | null;
  subscription_number: string | null;
  product_sku: string | null;
  order_id: string | null;
  order_number: string | null;
  [key: string]: unknown;
}

/** A run with one page of its exceptions (optionally of one kind) and the count of each kind. */
export async function getRun(tx: TenantTx, raw: z.input<typeof getRunInput>): Promise<{ run: RunRow; exceptions: Page<RunException>; kinds: Array<{ kind: string; n: number }> }> {
  const input = getRunInput.parse(raw);
  const run = await getRunRow(tx, input.id);
  const kindFilter = input.kind ? sql`and e.kind = ${input.kind}` : sql``;
  const [rows, kinds] = await Promise.all([
    tx.execute<RunException>(sql`
      select e.id, e.kind, e.detail, e.delivery_date::text, e.subscription_id, s.number as subscription_number, p.sku as product_sku, e.order_id, o.number as order_number
        from replenishment_exceptions e
        left join subscriptions s on s.tenant_id = e.tenant_id and s.id = e.subscription_id
        left join products p on p.tenant_id = e.tenant_id and p.id = e.product_id
        left join orders o on o.tenant_id = e.tenant_id and o.id = e.order_id
       where e.run_id = ${input.id} ${kindFilter}
       order by e.created_at, e.id limit ${input.pageSize} offset ${offsetOf(input)}`),
    tx.execute<{ kind: string; n: number }>(sql`select kind, count(*)::int as n from replenishment_exceptions where run_id = ${input.id} group by kind order by kind`),
  ]);
  const total = input.kind ? (kinds.find((k) => k.kind === input.kind)?.n ?? 0) : kinds.reduce((sum, k) => sum + k.n, 0);
  return { run, exceptions: { rows, total, page: input.page, pageSize: input.pageSize }, kinds };
}
