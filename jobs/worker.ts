import { Worker } from "bullmq";
import { logger } from "../server/logger";
import { QUEUES, queueConnection } from "./queues";
import { processSystemJob } from "./system";

/** The worker process: one BullMQ Worker per queue. Stops cleanly on SIGTERM/SIGINT. */
const log = logger.child({ component: "worker" });

const workers = [new Worker(QUEUES.system, processSystemJob, { connection: queueConnection(), concurrency: 4 })];

for (const worker of workers) {
  worker.on("completed", (job) => log.info({ queue: worker.name, job: job.name, jobId: job.id }, "job completed"));
  worker.on("failed", (job, error) => log.error({ queue: worker.name, job: job?.name, jobId: job?.id, err: error }, "job failed"));
  worker.on("error", (error) => log.error({ queue: worker.name, err: error }, "worker error"));
}

await Promise.all(workers.map((w) => w.waitUntilReady()));
log.info({ queues: workers.map((w) => w.name), pid: process.pid }, "worker ready");

async function shutdown(signal: string) {
  log.info({ signal }, "worker stopping");
  await Promise.all(workers.map((w) => w.close()));
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
