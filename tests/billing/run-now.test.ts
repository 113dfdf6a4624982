import { afterAll, beforeAll, expect, test } from "vitest";
import { closeAppPool } from "../../db/client";
import { withTenant } from "../../db/with-tenant";
import { closeRenewalsQueue, renewalsQueue } from "../../jobs/queues";
import { createCaller } from "../../server/api/root";
import { requestBillingRun } from "../../server/domain/billing/runs";
import { closeRedis } from "../../server/redis";
import { context, createPlatformAdmin, createTenantFixture, tenantActorOf, tenantHostOf, type TenantFixture } from "../helpers/fixtures";

/*
 * "Run now" while a run through the same date is queued returns that run, and makes sure its job is
 * in the queue: a job lost from Redis (a restart without persistence) would leave the run queued for
 * ever, and every later "Run now" of that date would return it.
 */

let T: TenantFixture;
beforeAll(async () => {
  T = await createTenantFixture(await createPlatformAdmin("runnow"), "runnow");
});
afterAll(async () => {
  await renewalsQueue().removeJobScheduler(`renewals-${T.id}`);
  await renewalsQueue().removeJobScheduler(`recognition-${T.id}`);
  await closeRenewalsQueue();
  await closeAppPool();
  await closeRedis();
});

test("run now again while its run is queued puts back a job Redis lost", async () => {
  const through = "2026-01-15";
  // A queued run whose job never reached Redis (or was lost there).
  const lost = await withTenant({ kind: "system", tenantId: T.id }, (tx) => requestBillingRun(tx, { tenantId: T.id, userId: null }, { throughDate: through }, "2026-01-15"));
  expect(lost.created).toBe(true);
  expect(await renewalsQueue().getJob(lost.jobId)).toBeUndefined();

  const finance = createCaller(context(await tenantHostOf(T), await tenantActorOf(T, T.users.finance)));
  const again = await finance.billing.runNow({ throughDate: through });
  expect(again).toMatchObject({ created: false, runId: lost.runId });
  const job = await renewalsQueue().getJob(lost.jobId);
  expect(job?.data).toEqual({ tenantId: T.id, runId: lost.runId });
  await job?.remove().catch(() => undefined); // no worker here; a worker elsewhere may have taken it already
});
