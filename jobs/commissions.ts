import type { Job } from "bullmq";
import { sql } from "drizzle-orm";
import { withTenant } from "../db/with-tenant";
import { commissionRunForScheduledJob, driveCommissionRun } from "../server/domain/partners/runs";
import { commissionQueue, type CommissionJob, type CommissionResult } from "./queues";

/*
 * The commissions job is thin, like replenishment's: it finds (or, for the monthly scheduled job,
 * makes) the run row and lets `driveCommissionRun` settle reseller after reseller. A failure marks
 * the run failed; BullMQ retries the job (same id, same run) and the retry skips the statements
 * already built (unique per reseller and period).
 */

/** Monthly, on the 3rd at 05:00 in the tenant's time zone: after the month's revenue recognition has run. */
export const COMMISSION_SCHEDULE_PATTERN = "0 5 3 * *";

export const COMMISSION_JOB_OPTIONS = {
  attempts: 3,
  backoff: { type: "exponential", delay: 5_000 },
  removeOnComplete: { age: 30 * 86_400 },
  removeOnFail: { age: 90 * 86_400 },
} as const;

const WORKER_PLATFORM_USER = "00000000-0000-7000-8000-000000000000";

export async function processCommissionJob(job: Job<CommissionJob>): Promise<CommissionResult> {
  const { tenantId } = job.data;
  const runId = job.data.runId ?? (await withTenant({ kind: "system", tenantId }, (tx) => commissionRunForScheduledJob(tx, tenantId, job.id!))).runId;
  if (job.data.runId) await waitForRunRow(tenantId, runId);
  const run = await driveCommissionRun(tenantId, runId, { onProgress: ({ done, total }) => job.updateProgress({ runId, done, total }) });
  await job.updateProgress({ runId, done: run.done, total: run.total });
  return { runId, status: run.status, done: run.done, total: run.total, statementsCreated: run.statements_created };
}

/** "Settle now" enqueues inside the request's transaction: wait a little for its commit. */
async function waitForRunRow(tenantId: string, runId: string, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  for (;;) {
    const [row] = await withTenant({ kind: "system", tenantId }, (tx) => tx.execute(sql`select 1 from commission_runs where id = ${runId}`));
    if (row) return;
    if (Date.now() - start > timeoutMs) throw new Error(`Commission run ${runId} does not exist (its request was rolled back?)`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Enqueues a requested run; the job id is the run's, so enqueueing it twice is a no-op. */
export async function enqueueCommissionRun(tenantId: string, runId: string, jobId: string): Promise<void> {
  await commissionQueue().add("run", { tenantId, runId }, { ...COMMISSION_JOB_OPTIONS, jobId });
}

/** Upserts the tenant's monthly scheduler (idempotent: the scheduler id is the tenant's). */
export async function scheduleCommissions(tenantId: string, timeZone: string): Promise<void> {
  await commissionQueue().upsertJobScheduler(
    `commissions-${tenantId}`,
    { pattern: COMMISSION_SCHEDULE_PATTERN, tz: timeZone },
    { name: "scheduled", data: { tenantId }, opts: COMMISSION_JOB_OPTIONS },
  );
}

/** At worker start: a monthly scheduler for every active tenant, none for suspended ones. */
export async function syncCommissionSchedulers(): Promise<number> {
  const tenants = await withTenant({ kind: "platform", tenantId: null, userId: WORKER_PLATFORM_USER }, (tx) =>
    tx.execute<{ id: string; status: string }>(sql`select id, status from tenants order by id`),
  );
  for (const t of tenants) {
    if (t.status !== "active") {
      await commissionQueue().removeJobScheduler(`commissions-${t.id}`);
      continue;
    }
    const [{ time_zone }] = await withTenant({ kind: "system", tenantId: t.id }, (tx) =>
      tx.execute<{ time_zone: string }>(sql`select coalesce((select time_zone from tenant_settings order by effective_from desc limit 1), 'UTC') as time_zone`),
    );
    await scheduleCommissions(t.id, time_zone);
  }
  return tenants.length;
}
