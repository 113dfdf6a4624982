import { Worker } from "bullmq";
import { logger } from "../server/logger";
import { processDunningJob, syncDunningSchedulers } from "./dunning";
import { closeCommissionQueue, closeDunningQueue, closeEventQueues, closeRenewalsQueue, closeReplenishmentQueue, QUEUES, queueConnection } from "./queues";
import { processRenewalJob, syncRenewalSchedulers } from "./renewals";
import { observeJobDuration } from "../server/metrics/registry";
import { relayTick, scheduleRelay } from "./events-relay";
import { processCommissionJob, syncCommissionSchedulers } from "./commissions";
import { processReplenishmentJob, syncReplenishmentSchedulers } from "./replenishment";
import { processSystemJob } from "./system";
import { processWebhookJob, WEBHOOK_CONCURRENCY, webhookFairQueue } from "./webhooks";

/** The worker process: one BullMQ Worker per queue. Stops cleanly on SIGTERM/SIGINT. */
const log = logger.child({ component: "worker" });

/** Replenishment runs are database-bound: two at a time (different tenants) keep a small Postgres busy without thrashing it. */
const REPLENISHMENT_CONCURRENCY = Number(process.env.REPLENISHMENT_CONCURRENCY ?? 2);
/** Renewal runs likewise: two tenants at a time (chunks of one tenant queue on its invoice counter anyway). */
const RENEWALS_CONCURRENCY = Number(process.env.RENEWALS_CONCURRENCY ?? 2);

// A crashed worker may have left fairness slots counted as busy: start from what is really pending.
const fair = webhookFairQueue();
await fair.reset();

const workers = [
  new Worker(QUEUES.system, processSystemJob, { connection: queueConnection(), concurrency: 4 }),
  new Worker(QUEUES.replenishment, processReplenishmentJob, { connection: queueConnection(), concurrency: REPLENISHMENT_CONCURRENCY }),
  new Worker(QUEUES.renewals, processRenewalJob, { connection: queueConnection(), concurrency: RENEWALS_CONCURRENCY }),
  // Dunning runs are small (a tenant's due cases) but call the payment provider: one tenant at a time.
  new Worker(QUEUES.dunning, (job) => processDunningJob(job), { connection: queueConnection(), concurrency: 1 }),
  new Worker(QUEUES.eventsRelay, () => relayTick(), { connection: queueConnection(), concurrency: 1 }),
  new Worker(QUEUES.webhooks, fair.processor(processWebhookJob), { connection: queueConnection(), concurrency: WEBHOOK_CONCURRENCY }),
  // Settlement is small (one statement per reseller a month): one run at a time.
  new Worker(QUEUES.commissions, processCommissionJob, { connection: queueConnection(), concurrency: 1 }),
];

/** High-volume queues log per job at debug only (the relay ticks every second, deliveries can be thousands). */
const QUIET = new Set<string>([QUEUES.eventsRelay, QUEUES.webhooks]);
for (const worker of workers) {
  const seconds = (job: { processedOn?: number; finishedOn?: number }) => ((job.finishedOn ?? Date.now()) - (job.processedOn ?? Date.now())) / 1000;
  worker.on("completed", (job) => {
    observeJobDuration(worker.name, "completed", seconds(job));
    log[QUIET.has(worker.name) ? "debug" : "info"]({ queue: worker.name, job: job.name, jobId: job.id, tenantId: job.data?.tenantId }, "job completed");
  });
  worker.on("failed", (job, error) => {
    if (job) observeJobDuration(worker.name, "failed", seconds(job));
    log.error({ queue: worker.name, job: job?.name, jobId: job?.id, tenantId: job?.data?.tenantId, err: error }, "job failed");
  });
  worker.on("error", (error) => log.error({ queue: worker.name, err: error }, "worker error"));
}
// Producers outside this process (a replay from the portal) only append to the fair lists: pump them in.
const pumping = setInterval(() => void fair.pump().catch((error: unknown) => log.error({ err: error }, "fair dispatch failed")), 500);

await Promise.all(workers.map((w) => w.waitUntilReady()));
log.info({ queues: workers.map((w) => w.name), pid: process.pid }, "worker ready");
// Every tenant gets its daily replenishment scheduler (idempotent upserts), in the background: a
// failure is logged and does not stop the worker (the next start, or a "run now", tries again).
void syncReplenishmentSchedulers().then(
  (tenants) => log.info({ tenants }, "replenishment schedulers synced"),
  (error: unknown) => log.error({ err: error }, "replenishment schedulers not synced"),
);

void syncDunningSchedulers().then(
  (tenants) => log.info({ tenants }, "dunning schedulers synced"),
  (error: unknown) => log.error({ err: error }, "dunning schedulers not synced"),
);
void syncRenewalSchedulers().then(
  (tenants) => log.info({ tenants }, "renewal schedulers synced"),
  (error: unknown) => log.error({ err: error }, "renewal schedulers not synced"),
);
void scheduleRelay().then(
  () => log.info("events relay scheduled"),
  (error: unknown) => log.error({ err: error }, "events relay not scheduled"),
);
void syncCommissionSchedulers().then(
  (tenants) => log.info({ tenants }, "commission schedulers synced"),
  (error: unknown) => log.error({ err: error }, "commission schedulers not synced"),
);

async function shutdown(signal: string) {
  log.info({ signal }, "worker stopping");
  clearInterval(pumping);
  await Promise.all(workers.map((w) => w.close()));
  await closeReplenishmentQueue();
  await closeDunningQueue();
  await closeRenewalsQueue();
  await closeEventQueues();
  await closeCommissionQueue();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
