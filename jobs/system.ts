import type { Job } from "bullmq";
import type { SystemJobs } from "./queues";

/** The health job does nothing but answer, so a test or a probe can see a worker consuming. */
export async function processSystemJob(job: Job<SystemJobs["health"]>) {
  return { ok: true as const, processedAt: new Date().toISOString(), pid: process.pid, requestedAt: job.data.requestedAt };
}
