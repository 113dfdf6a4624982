import { Worker } from "bullmq";
import { logger } from "../server/logger";
import { processCommissionJob, syncCommissionSchedulers } from "./commissions";
import { closeCommissionQueue, closeReplenishmentQueue, QUEUES, queueConnection } from "./queues";
import { processReplenishmentJob, syncReplenishmentSchedulers } from "./replenishment";
import { processSystemJob } from "./system";

/** The worker process: one BullMQ Worker per queue. Stops cleanly on SIGTERM/SIGINT. */
const log = logger.child({ component: "worker" });

/** Replenishment runs are database-bound: two at a time (different tenants) keep a small Postgres busy without thrashing it. */
const REPLENISHMENT_CONCURRENCY = Number(process.env.REPLENISHMENT_CONCURRENCY ?? 2);

const workers = [
  new Worker(QUEUES.system, processSystemJob, { connection: queueConnection(), concurrency: 4 }),
  new Worker(QUEUES.replenishment, processReplenishmentJob, { connection: queueConnection(), concurrency: REPLENISHMENT_CONCURRENCY }),
  // Settlement is small (one statement per reseller a month): one run at a time.
  new Worker(QUEUES.commissions, processCommissionJob, { connection: queueConnection(), concurrency: 1 }),
];

for (const worker of workers) {
  worker.on("completed", (job) => log.info({ queue: worker.name, job: job.name, jobId: job.id }, "job completed"));
  worker.on("failed", (job, error) => log.error({ queue: worker.name, job: job?.name, jobId: job?.id, err: error }, "job failed"));
  worker.on("error", (error) => log.error({ queue: worker.name, err: error }, "worker error"));
}

await Promise.all(workers.map((w) => w.waitUntilReady()));
log.info({ queues: workers.map((w) => w.name), pid: process.pid }, "worker ready");
// Every tenant gets its daily replenishment scheduler (idempotent upserts), in the background: a
// failure is logged and does not stop the worker (the next start, or a "run now", tries again).
void syncReplenishmentSchedulers().then(
  (tenants) => log.info({ tenants }, "replenishment schedulers synced"),
  (error: unknown) => log.error({ err: error }, "replenishment schedulers not synced"),
);

void syncCommissionSchedulers().then(
  (tenants) => log.info({ tenants }, "commission schedulers synced"),
  (error: unknown) => log.error({ err: error }, "commission schedulers not synced"),
);

async function shutdown(signal: string) {
  log.info({ signal }, "worker stopping");
  await Promise.all(workers.map((w) => w.close()));
  await closeReplenishmentQueue();
  await closeCommissionQueue();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
