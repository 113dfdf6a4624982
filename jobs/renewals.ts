import type { Job } from "bullmq";
import { sql } from "drizzle-orm";
import { withTenant } from "../db/with-tenant";
import { recognizeRevenue } from "../server/domain/billing/recognition";
import { billingRunForScheduledJob, driveBillingRun } from "../server/domain/billing/runs";
import { renewalsQueue, type RenewalJob, type RenewalResult } from "./queues";

/*
 * The renewals job is thin, like replenishment's: it finds (or, for a scheduled job, makes) the billing
 * run row and lets `driveBillingRun` work it chunk by chunk; progress goes to the run row (the UI polls
 * it) and to the job. A failure marks the run failed; BullMQ retries the job (same job id, same run),
 * and the retry continues: billed periods are no longer due. The monthly "recognize" job posts revenue
 * recognition through the month before (idempotent per schedule and month).
 */

/** Daily at 03:00 in the tenant's time zone, billing every period that starts through today. */
export const SCHEDULE_PATTERN = "0 3 * * *";
/** On the 1st at 05:00: recognition of the month that just ended. */
export const RECOGNITION_PATTERN = "0 5 1 * *";

export const JOB_OPTIONS = {
  attempts: 3,
  backoff: { type: "exponential", delay: 5_000 },
  removeOnComplete: { age: 7 * 86_400 },
  removeOnFail: { age: 30 * 86_400 },
} as const;

const WORKER_PLATFORM_USER = "00000000-0000-7000-8000-000000000000";

export async function processRenewalJob(job: Job<RenewalJob>): Promise<RenewalResult> {
  const { tenantId } = job.data;
  if (job.name === "recognize") {
    const lastMonthEnd = new Date(Date.parse(`${new Date().toISOString().slice(0, 7)}-01T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const r = await withTenant({ kind: "system", tenantId }, (tx) => recognizeRevenue(tx, tenantId, job.data.throughDate ?? lastMonthEnd));
    return { status: "completed", done: r.recognitions, total: r.recognitions, invoicesCreated: 0, recognized: Number(r.amountMinor) };
  }
  const runId = job.data.runId ?? (await withTenant({ kind: "system", tenantId }, (tx) => billingRunForScheduledJob(tx, tenantId, job.id!))).runId;
  if (job.data.runId) await waitForRunRow(tenantId, runId);
  const run = await driveBillingRun(tenantId, runId, { onProgress: ({ done, total }) => job.updateProgress({ runId, done, total }) });
  await job.updateProgress({ runId, done: run.done, total: run.total });
  return { runId, status: run.status, done: run.done, total: run.total, invoicesCreated: run.invoices_created };
}

/** "Run now" enqueues inside the request's transaction: wait a little for the row to be committed. */
async function waitForRunRow(tenantId: string, runId: string, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  for (;;) {
    const [row] = await withTenant({ kind: "system", tenantId }, (tx) => tx.execute(sql`select 1 from billing_runs where id = ${runId}`));
    if (row) return;
    if (Date.now() - start > timeoutMs) throw new Error(`Billing run ${runId} does not exist (its request was rolled back?)`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Enqueues a requested run; the job id is the run's, so enqueueing it twice is a no-op. */
export async function enqueueBillingRun(tenantId: string, runId: string, jobId: string): Promise<void> {
  await renewalsQueue().add("run", { tenantId, runId }, { ...JOB_OPTIONS, jobId });
}

/** Upserts the tenant's daily renewal and monthly recognition schedulers (idempotent: ids are the tenant's). */
export async function scheduleTenantBilling(tenantId: string, timeZone: string): Promise<void> {
  await renewalsQueue().upsertJobScheduler(`renewals-${tenantId}`, { pattern: SCHEDULE_PATTERN, tz: timeZone }, { name: "scheduled", data: { tenantId }, opts: JOB_OPTIONS });
  await renewalsQueue().upsertJobScheduler(`recognition-${tenantId}`, { pattern: RECOGNITION_PATTERN, tz: timeZone }, { name: "recognize", data: { tenantId }, opts: JOB_OPTIONS });
}

/** At worker start: schedulers for every active tenant, none for suspended ones. */
export async function syncRenewalSchedulers(): Promise<number> {
  const tenants = await withTenant({ kind: "platform", tenantId: null, userId: WORKER_PLATFORM_USER }, (tx) =>
    tx.execute<{ id: string; status: string }>(sql`select id, status from tenants order by id`),
  );
  for (const t of tenants) {
    if (t.status !== "active") {
      await renewalsQueue().removeJobScheduler(`renewals-${t.id}`);
      await renewalsQueue().removeJobScheduler(`recognition-${t.id}`);
      continue;
    }
    const [{ time_zone }] = await withTenant({ kind: "system", tenantId: t.id }, (tx) =>
      tx.execute<{ time_zone: string }>(sql`select coalesce((select time_zone from tenant_settings order by effective_from desc limit 1), 'UTC') as time_zone`),
    );
    await scheduleTenantBilling(t.id, time_zone);
  }
  return tenants.length;
}
