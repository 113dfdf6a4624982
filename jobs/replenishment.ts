import type { Job } from "bullmq";
import { sql } from "drizzle-orm";
import { withTenant } from "../db/with-tenant";
import { driveRun, runForScheduledJob } from "../server/domain/replenishment/runs";
import { replenishmentQueue, type ReplenishmentJob, type ReplenishmentResult } from "./queues";

/*
 * The replenishment job is thin: it finds (or, for a scheduled job, makes) the run row and lets
 * `driveRun` work it chunk by chunk; progress goes to the run row (the UI polls it) and to the job.
 * A failure marks the run failed; BullMQ retries the job (same job id, same run), and the retry
 * continues where the run stopped because finished deliveries are in scheduled_deliveries.
 */

/** Daily at 04:00 in the tenant's time zone, ordering deliveries through today + LEAD_DAYS. */
export const SCHEDULE_PATTERN = "0 4 * * *";

export const JOB_OPTIONS = {
  attempts: 3,
  backoff: { type: "exponential", delay: 5_000 },
  removeOnComplete: { age: 7 * 86_400 },
  removeOnFail: { age: 30 * 86_400 },
} as const;

/** Scope of the worker's tenant listing: the platform scope (tenants are global rows), with no real user. */
const WORKER_PLATFORM_USER = "00000000-0000-7000-8000-000000000000";

export async function processReplenishmentJob(job: Job<ReplenishmentJob>): Promise<ReplenishmentResult> {
  const { tenantId } = job.data;
  const runId = job.data.runId ?? (await withTenant({ kind: "system", tenantId }, (tx) => runForScheduledJob(tx, tenantId, job.id!))).runId;
  if (job.data.runId) await waitForRunRow(tenantId, runId);
  const run = await driveRun(tenantId, runId, {
    onProgress: ({ done, total }) => job.updateProgress({ runId, done, total }),
  });
  await job.updateProgress({ runId, done: run.done, total: run.total });
  return { runId, status: run.status, done: run.done, total: run.total, ordersCreated: run.orders_created };
}

/**
 * "Run now" enqueues inside the request's transaction, so the worker can be faster than its commit:
 * wait a little for the row (a rolled-back request leaves none, and the job then fails).
 */
async function waitForRunRow(tenantId: string, runId: string, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  for (;;) {
    const [row] = await withTenant({ kind: "system", tenantId }, (tx) => tx.execute(sql`select 1 from replenishment_runs where id = ${runId}`));
    if (row) return;
    if (Date.now() - start > timeoutMs) throw new Error(`Replenishment run ${runId} does not exist (its request was rolled back?)`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Enqueues a requested run; the job id is the run's, so enqueueing it twice is a no-op. */
export async function enqueueRun(tenantId: string, runId: string, jobId: string): Promise<void> {
  await replenishmentQueue().add("run", { tenantId, runId }, { ...JOB_OPTIONS, jobId });
}

/** Upserts the tenant's daily job scheduler (idempotent: the scheduler id is the tenant's). */
export async function scheduleTenant(tenantId: string, timeZone: string): Promise<void> {
  await replenishmentQueue().upsertJobScheduler(
    `replenishment-${tenantId}`,
    { pattern: SCHEDULE_PATTERN, tz: timeZone },
    { name: "scheduled", data: { tenantId }, opts: JOB_OPTIONS },
  );
}

/** At worker start: a daily scheduler for every active tenant, and none for suspended ones. */
export async function syncReplenishmentSchedulers(): Promise<number> {
  const tenants = await withTenant({ kind: "platform", tenantId: null, userId: WORKER_PLATFORM_USER }, (tx) =>
    tx.execute<{ id: string; status: string }>(sql`select id, status from tenants order by id`),
  );
  for (const t of tenants) {
    if (t.status !== "active") {
      await replenishmentQueue().removeJobScheduler(`replenishment-${t.id}`);
      continue;
    }
    const [{ time_zone }] = await withTenant({ kind: "system", tenantId: t.id }, (tx) =>
      tx.execute<{ time_zone: string }>(sql`select coalesce((select time_zone from tenant_settings order by effective_from desc limit 1), 'UTC') as time_zone`),
    );
    await scheduleTenant(t.id, time_zone);
  }
  return tenants.length;
}
