import { Worker } from "bullmq";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { closeAppPool } from "../../db/client";
import { withTenant } from "../../db/with-tenant";
import { processCommissionJob } from "../../jobs/commissions";
import { requestCommissionRun } from "../../server/domain/partners/runs";
import { closeCommissionQueue, commissionQueue, QUEUES, queueConnection } from "../../jobs/queues";
import { closeRedis } from "../../server/redis";
import { createPlatformAdmin, createTenantFixture, type TenantFixture } from "../helpers/fixtures";
import { callerAs, systemOf } from "./helpers";

/*
 * "Settle month" through BullMQ: the router records a queued run and enqueues its job (job id = the
 * run's), a worker (here in-process, as jobs/worker.ts runs it) works it to the end, and the tenant
 * gets its monthly scheduler.
 */

let T: TenantFixture;
let worker: Worker;

beforeAll(async () => {
  T = await createTenantFixture(await createPlatformAdmin("commjob"), "commjob");
  worker = new Worker(QUEUES.commissions, processCommissionJob, { connection: queueConnection(), concurrency: 1 });
  await worker.waitUntilReady();
});

afterAll(async () => {
  await worker.close();
  await commissionQueue().removeJobScheduler(`commissions-${T.id}`);
  await closeCommissionQueue();
  await closeAppPool();
  await closeRedis();
});

test("settle month: queued by the router, worked by the job, progress to the total, a second click returns the same run", async () => {
  const finance = await callerAs(T, T.users.finance);
  const requested = await finance.resellers.settleMonth({ periodMonth: "2025-12-01" });
  expect(requested.created).toBe(true);
  const again = await finance.resellers.settleMonth({ periodMonth: "2025-12-01" });
  // Either still queued/running (same run) or already done (a new run then finds every statement built).
  if (!again.created) expect(again.runId).toBe(requested.runId);

  const start = Date.now();
  let run = await finance.resellers.run({ id: requested.runId });
  while (run.run.status !== "completed" && run.run.status !== "failed" && Date.now() - start < 30_000) {
    await new Promise((r) => setTimeout(r, 200));
    run = await finance.resellers.run({ id: requested.runId });
  }
  expect(run.run).toMatchObject({ status: "completed", total: 2, done: 2 }); // r1 and r2, the fixture's agency resellers
  // r1 has a plan in force: its (empty) December statement exists once; r2 has none and no revenue.
  const statements = await withTenant(systemOf(T), (tx) => tx.execute<{ reseller_id: string }>(sql`select reseller_id from commission_statements where period_month = '2025-12-01'`));
  expect(statements.map((s) => s.reseller_id)).toEqual([T.resellers.r1]);
  expect(await commissionQueue().getJobScheduler(`commissions-${T.id}`)).toBeTruthy();
});

test("settle month again while its run is queued puts back a job Redis lost, and the run completes", async () => {
  // A queued run whose job is not in Redis (lost in a restart without persistence, or a flushed queue).
  const lost = await withTenant(systemOf(T), (tx) => requestCommissionRun(tx, { tenantId: T.id, userId: null }, { periodMonth: "2025-11-01" }));
  expect(lost.created).toBe(true);
  expect(await commissionQueue().getJob(lost.jobId)).toBeUndefined();

  const finance = await callerAs(T, T.users.finance);
  const again = await finance.resellers.settleMonth({ periodMonth: "2025-11-01" });
  expect(again).toMatchObject({ created: false, runId: lost.runId });
  expect(await commissionQueue().getJob(lost.jobId)).toBeDefined();

  const start = Date.now();
  let run = await finance.resellers.run({ id: lost.runId });
  while (run.run.status !== "completed" && run.run.status !== "failed" && Date.now() - start < 30_000) {
    await new Promise((r) => setTimeout(r, 200));
    run = await finance.resellers.run({ id: lost.runId });
  }
  expect(run.run).toMatchObject({ status: "completed", total: 2, done: 2 });
});
