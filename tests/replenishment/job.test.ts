import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { closeAppPool } from "../../db/client";
import { withTenant } from "../../db/with-tenant";
import { closeReplenishmentQueue, replenishmentQueue } from "../../jobs/queues";
import { ROOT } from "../../scripts/lib/config";
import { createCaller } from "../../server/api/root";
import { driveRun, requestRun } from "../../server/domain/replenishment/runs";
import { closeRedis } from "../../server/redis";
import { context, createPlatformAdmin, createTenantFixture, tenantActorOf, tenantHostOf, type TenantFixture } from "../helpers/fixtures";
import { orderScenario, receive, type OrderScenario } from "../orders/helpers";
import { counts, deliveryContract, pauseOtherContracts } from "./helpers";

/*
 * Committed data in tenants of their own: runs here use their own transactions (driveRun, the
 * worker process), as the job does.
 */

let A: TenantFixture;
let B: TenantFixture;
let sA: OrderScenario;
const sys = (t: TenantFixture) => ({ kind: "system" as const, tenantId: t.id });

/** 60 weekly contracts (2 items each) for a fresh customer: 120 deliveries due through 2026-03-08 (one per item). */
async function setUp(t: TenantFixture): Promise<OrderScenario> {
  return withTenant(sys(t), async (tx) => {
    await pauseOtherContracts(tx);
    const s = await orderScenario(tx, t);
    await receive(tx, t.id, s.warehouses.north, s.products.gauze, 1000);
    await receive(tx, t.id, s.warehouses.south, s.products.gauzeLarge, 1000);
    for (let i = 0; i < 60; i++) {
      await deliveryContract(tx, t.id, {
        customerId: s.customerId, siteId: s.siteId, priority: i % 3,
        items: [{ productId: s.products.gauze, quantity: 2, first: "2026-03-02" }, { productId: s.products.gauzeLarge, quantity: 1, first: "2026-03-03", every: 4 }],
      });
    }
    return s;
  });
}

beforeAll(async () => {
  const admin = await createPlatformAdmin("repljob");
  A = await createTenantFixture(admin, "repljob-a");
  B = await createTenantFixture(admin, "repljob-b");
  sA = await setUp(A);
  await setUp(B);
});
afterAll(async () => {
  await closeReplenishmentQueue();
  await closeAppPool();
  await closeRedis();
});

describe("driveRun", () => {
  test("two concurrent runs of the same date create each delivery once; progress reaches the total", async () => {
    const through = "2026-03-08";
    const [r1, r2] = await Promise.all(
      [1, 2].map(async () => {
        const run = await withTenant(sys(A), async (tx) => {
          // Two runs of one date, as two scheduler firings or a click during a scheduled run would make them.
          const id = (await requestRun(tx, { tenantId: A.id, userId: null }, { throughDate: through }, through)).runId;
          await tx.execute(sql`update replenishment_runs set status = 'failed' where id = ${id}`);
          return id;
        });
        return run;
      }),
    );
    const progress: Array<{ done: number; total: number }> = [];
    const [a, b] = await Promise.all([
      driveRun(A.id, r1, { chunkSize: 20, onProgress: (p) => void progress.push({ done: p.done, total: p.total }) }),
      driveRun(A.id, r2, { chunkSize: 20 }),
    ]);
    expect([a.status, b.status]).toEqual(["completed", "completed"]);
    const [row] = await withTenant(sys(A), (tx) =>
      tx.execute<{ deliveries: number; distinct_keys: number; orders: number; lines: number; reserved: number }>(sql`
        select count(*)::int as deliveries, count(distinct (subscription_id, product_id, delivery_date))::int as distinct_keys,
               (select count(*)::int from orders where replenishment_run_id in (${r1}, ${r2})) as orders,
               (select count(*)::int from order_lines l join orders o on o.id = l.order_id where o.replenishment_run_id in (${r1}, ${r2})) as lines,
               (select sum(reserved)::int from stock_balances where product_id in (${sA.products.gauze}, ${sA.products.gauzeLarge})) as reserved
          from scheduled_deliveries where run_id in (${r1}, ${r2})`),
    );
    // 60 contracts x 2 items, one delivery each; 120 units of gauze + 60 gauze large reserved.
    expect(row).toEqual({ deliveries: 120, distinct_keys: 120, orders: 120, lines: 120, reserved: 180 });
    // Both runs together went through every delivery once; each run's total is what it did.
    expect(a.done + b.done).toBeGreaterThanOrEqual(120);
    expect(a.orders_created + b.orders_created).toBe(120);
    expect([a.done === a.total, b.done === b.total]).toEqual([true, true]);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p.done <= p.total)).toBe(true);
    expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((x, y) => x - y));

    // A third run of the date: nothing.
    const before = await withTenant(sys(A), (tx) => counts(tx));
    const third = await withTenant(sys(A), (tx) => requestRun(tx, { tenantId: A.id, userId: null }, { throughDate: through }, through));
    expect(await driveRun(A.id, third.runId)).toMatchObject({ status: "completed", done: 0, total: 0, orders_created: 0 });
    expect(await withTenant(sys(A), (tx) => counts(tx))).toEqual(before);
  });
});

describe("the replenishment job in the worker process", () => {
  let worker: ChildProcess;
  let output = "";

  beforeAll(async () => {
    worker = spawn(path.join(ROOT, "node_modules", ".bin", "tsx"), ["jobs/worker.ts"], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: "info" }, stdio: ["ignore", "pipe", "pipe"], detached: true });
    worker.stdout!.on("data", (c: Buffer) => void (output += c.toString()));
    worker.stderr!.on("data", (c: Buffer) => void (output += c.toString()));
    const start = Date.now();
    while (!output.includes('"msg":"worker ready"')) {
      if (Date.now() - start > 30_000 || worker.exitCode !== null) throw new Error(`the worker did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  });
  afterAll(() => {
    try { process.kill(-worker.pid!, "SIGKILL"); } catch { /* gone */ }
  });

  test("run now: the router queues the run, the worker works it to the end through BullMQ, and the tenant gets its daily scheduler", async () => {
    const caller = createCaller(context(await tenantHostOf(B), await tenantActorOf(B, B.users.ops)));
    const requested = await caller.replenishment.runNow({ throughDate: "2026-03-08" });
    expect(requested.created).toBe(true);
    // Clicking again while it is queued or running returns the same run.
    const again = await caller.replenishment.runNow({ throughDate: "2026-03-08" }).catch(() => null);
    if (again && again.runId !== requested.runId) {
      // The first run finished before the second click: the second one found nothing to do.
      await expect.poll(async () => (await caller.replenishment.run({ id: again.runId })).run.status, { timeout: 60_000 }).toBe("completed");
    }

    await expect.poll(async () => (await caller.replenishment.run({ id: requested.runId })).run.status, { timeout: 60_000, interval: 250 }).toBe("completed");
    const { run } = await caller.replenishment.run({ id: requested.runId });
    expect(run).toMatchObject({ done: 120, total: 120, orders_created: 120, status: "completed", job_id: requested.jobId });
    // The run's row commits before the job's function returns; BullMQ marks the job completed just after.
    await expect.poll(async () => (await replenishmentQueue().getJob(requested.jobId))!.getState(), { timeout: 10_000, interval: 100 }).toBe("completed");
    const job = await replenishmentQueue().getJob(requested.jobId);
    expect(job!.progress).toMatchObject({ runId: requested.runId, done: 120, total: 120 });
    expect(job!.returnvalue).toMatchObject({ runId: requested.runId, status: "completed", ordersCreated: 120 });

    // Enqueueing the same run again is a no-op (same job id).
    await replenishmentQueue().add("run", { tenantId: B.id, runId: requested.runId }, { jobId: requested.jobId });
    expect((await replenishmentQueue().getJob(requested.jobId))!.finishedOn).toBe(job!.finishedOn);

    const schedulers = await replenishmentQueue().getJobSchedulers();
    expect(schedulers.map((s) => s.key)).toContain(`replenishment-${B.id}`);
    const list = await caller.replenishment.runs({});
    expect(list.rows[0].id === requested.runId || list.rows.some((r) => r.id === requested.runId)).toBe(true);
  });
});
