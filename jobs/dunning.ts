import type { Job } from "bullmq";
import { sql } from "drizzle-orm";
import { withTenant } from "../db/with-tenant";
import { runDunning } from "../server/domain/billing/dunning";
import { localDateIn } from "../server/domain/usage/ingest";
import { dunningQueue, type DunningJob, type DunningResult } from "./queues";

/*
 * The dunning job is thin: it works out the tenant's local date (unless the job fixes one) and lets
 * `runDunning` retry every case due by then, each case in its own transaction. A retried job is
 * safe: a case already retried today is no longer due, and a charge's idempotency key is the case and
 * retry number, so the provider never charges twice for one retry.
 */

/** Daily at 06:00 in the tenant's time zone (after the night's renewals have issued invoices). */
export const DUNNING_PATTERN = "0 6 * * *";

export const DUNNING_JOB_OPTIONS = {
  attempts: 3,
  backoff: { type: "exponential", delay: 10_000 },
  removeOnComplete: { age: 7 * 86_400 },
  removeOnFail: { age: 30 * 86_400 },
} as const;

const WORKER_PLATFORM_USER = "00000000-0000-7000-8000-000000000000";

async function timeZoneOf(tenantId: string): Promise<string> {
  const [{ time_zone }] = await withTenant({ kind: "system", tenantId }, (tx) =>
    tx.execute<{ time_zone: string }>(sql`select coalesce((select time_zone from tenant_settings order by effective_from desc limit 1), 'UTC') as time_zone`),
  );
  return time_zone;
}

export async function processDunningJob(job: Job<DunningJob>, now = new Date()): Promise<DunningResult> {
  const { tenantId } = job.data;
  const today = job.data.today ?? localDateIn(await timeZoneOf(tenantId))(now.getTime());
  const summary = await runDunning(tenantId, { today });
  await job.updateProgress({ done: summary.due, total: summary.due });
  if (summary.errors.length > 0) await job.log(summary.errors.map((e) => `${e.caseId}: ${e.error}`).join("\n"));
  return { today, due: summary.due, paid: summary.paid, retryFailed: summary.retryFailed, exhausted: summary.exhausted, errors: summary.errors.length };
}

/** Upserts the tenant's daily dunning scheduler (idempotent: the scheduler id is the tenant's). */
export async function scheduleDunning(tenantId: string, timeZone: string): Promise<void> {
  await dunningQueue().upsertJobScheduler(`dunning-${tenantId}`, { pattern: DUNNING_PATTERN, tz: timeZone }, { name: "scheduled", data: { tenantId }, opts: DUNNING_JOB_OPTIONS });
}

/** "Run now" for a tenant and date; the job id makes a double click one run. */
export async function enqueueDunningRun(tenantId: string, today: string): Promise<string> {
  const jobId = `dunning-${tenantId}-${today}`;
  await dunningQueue().add("run", { tenantId, today }, { ...DUNNING_JOB_OPTIONS, jobId });
  return jobId;
}

/** At worker start: a daily scheduler for every active tenant, none for suspended ones. */
export async function syncDunningSchedulers(): Promise<number> {
  const tenants = await withTenant({ kind: "platform", tenantId: null, userId: WORKER_PLATFORM_USER }, (tx) =>
    tx.execute<{ id: string; status: string }>(sql`select id, status from tenants order by id`),
  );
  for (const t of tenants) {
    if (t.status !== "active") await dunningQueue().removeJobScheduler(`dunning-${t.id}`);
    else await scheduleDunning(t.id, await timeZoneOf(t.id));
  }
  return tenants.length;
}
