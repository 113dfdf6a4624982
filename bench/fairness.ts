/**
 * `npm run bench:fairness`: how long a small tenant waits behind a big tenant's backlog. Boots what it
 * needs like `npm test` does (Redis is what matters), then on a dedicated BullMQ queue with the same
 * fairness layer the webhook deliveries use (jobs/fair-queue.ts: per-tenant pending lists, round-robin
 * dispatch, per-tenant cap) and an in-process worker (BENCH_CONCURRENCY, default 8; tenant cap half):
 *   1. enqueues 10,000 jobs for tenant A (each BENCH_JOB_MS of simulated I/O, default 2 ms),
 *   2. then one job for tenant B, and measures how long B waits until its job has run.
 * For comparison (BENCH_BASELINE=1, the default) the same is done on a plain BullMQ queue (FIFO).
 * Prints `name=value` lines, `fairness_wait_s=<seconds B waited>` last. Goal: under 2 s.
 */
import { loadavg } from "node:os";
import { Queue, Worker, type Job } from "bullmq";
import { FairQueue } from "../jobs/fair-queue";
import { queueConnection } from "../jobs/queues";
import { WEB_PORT } from "../scripts/lib/config";
import { bootstrapStack } from "../scripts/lib/stack";
import { closeAppPool } from "../db/client";
import { closeRedis, redis } from "../server/redis";

const BACKLOG = Number(process.env.BENCH_BACKLOG ?? 10_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const CAP = Number(process.env.BENCH_TENANT_CAP ?? Math.max(1, Math.ceil(CONCURRENCY / 2)));
const JOB_MS = Number(process.env.BENCH_JOB_MS ?? 2);
const BASELINE = process.env.BENCH_BASELINE !== "0";

interface BenchJob { tenantId: string; n: number }
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const stack = await bootstrapStack("demo", WEB_PORT);
await closeAppPool();
const out = (name: string, value: string | number) => console.log(`${name}=${value}`);

/** Runs one scenario; `add` enqueues A's backlog then B's job the scenario's way. Returns B's wait and A's figures. */
async function scenario(name: string, add: (queue: Queue<BenchJob>, fair: FairQueue<BenchJob> | null) => Promise<number>, withFair: boolean) {
  const queueName = `bench-${name}`;
  const queue = new Queue<BenchJob>(queueName, { connection: queueConnection() });
  await queue.obliterate({ force: true });
  const fair = withFair ? new FairQueue<BenchJob>(queueName, redis(), queue as Queue, { perTenantCap: CAP, globalCap: CONCURRENCY + 2, jobName: "work" }) : null;
  await fair?.obliterate();

  let bDoneAt = 0;
  let aDone = 0;
  let maxAConcurrent = 0;
  let aRunning = 0;
  const process = async (job: Job<BenchJob>) => {
    if (job.data.tenantId === "A") maxAConcurrent = Math.max(maxAConcurrent, ++aRunning);
    await sleep(JOB_MS);
    if (job.data.tenantId === "A") {
      aRunning--;
      aDone++;
    } else bDoneAt = performance.now();
  };
  const worker = new Worker<BenchJob>(queueName, fair ? fair.processor(process) : process, { connection: queueConnection(), concurrency: CONCURRENCY });
  await worker.waitUntilReady();

  const started = performance.now();
  const bEnqueuedAt = await add(queue, fair);
  while (bDoneAt === 0) await sleep(1);
  const wait = (bDoneAt - bEnqueuedAt) / 1000;
  const aDoneWhenB = aDone;
  const drainStart = performance.now();
  while (aDone < BACKLOG) await sleep(5);
  const total = (performance.now() - started) / 1000;
  await worker.close();
  await fair?.obliterate();
  await queue.obliterate({ force: true });
  await queue.close();
  return { wait, aDoneWhenB, total, throughput: (BACKLOG + 1) / total, maxAConcurrent, drain: (performance.now() - drainStart) / 1000 };
}

const enqueueFair = async (_queue: Queue<BenchJob>, fair: FairQueue<BenchJob> | null) => {
  const items = Array.from({ length: BACKLOG }, (_, n) => ({ jobId: `a-${n}`, data: { n } }));
  await fair!.enqueue("A", items);
  await fair!.pump();
  const t = performance.now();
  await fair!.enqueue("B", [{ jobId: "b-0", data: { n: 0 } }]);
  await fair!.pump();
  return t;
};

const enqueuePlain = async (queue: Queue<BenchJob>) => {
  for (let i = 0; i < BACKLOG; i += 1000) {
    await queue.addBulk(Array.from({ length: Math.min(1000, BACKLOG - i) }, (_, k) => ({ name: "work", data: { tenantId: "A", n: i + k }, opts: { jobId: `a-${i + k}`, removeOnComplete: true } })));
  }
  const t = performance.now();
  await queue.add("work", { tenantId: "B", n: 0 }, { jobId: "b-0", removeOnComplete: true });
  return t;
};

try {
  out("load_before", loadavg()[0].toFixed(2));
  out("backlog_jobs", BACKLOG);
  out("worker_concurrency", CONCURRENCY);
  out("tenant_cap", CAP);
  out("job_ms", JOB_MS);
  if (BASELINE) {
    const plain = await scenario("plain", enqueuePlain, false);
    out("fifo_wait_s", plain.wait.toFixed(3));
    out("fifo_a_jobs_before_b", plain.aDoneWhenB);
    out("fifo_jobs_per_s", plain.throughput.toFixed(0));
  }
  const fair = await scenario("fair", enqueueFair, true);
  out("fair_a_jobs_before_b", fair.aDoneWhenB);
  out("fair_a_max_concurrent", fair.maxAConcurrent);
  out("fair_jobs_per_s", fair.throughput.toFixed(0));
  out("fair_total_s", fair.total.toFixed(2));
  out("load_after", loadavg()[0].toFixed(2));
  out("fairness_wait_s", fair.wait.toFixed(3));
} finally {
  await closeRedis();
  await stack.stopStartedServices();
}
process.exit(0);
