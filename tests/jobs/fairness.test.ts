import { Queue } from "bullmq";
import { afterAll, beforeEach, describe, expect, test } from "vitest";
import { FairQueue } from "../../jobs/fair-queue";
import { queueConnection } from "../../jobs/queues";
import { closeRedis, redis } from "../../server/redis";
import { suffix } from "../helpers/db";

/*
 * The fairness layer's scheduling order, without a worker: jobs are dispatched into a real BullMQ
 * queue by `pump`, and "finishing" one is `release`. What matters is the order and the caps, not
 * timings (bench:fairness measures those).
 */

interface J { tenantId: string; n: number }
let queue: Queue<J>;
let fair: FairQueue<J>;

beforeEach(async () => {
  const name = `fair-test-${suffix()}`;
  queue = new Queue<J>(name, { connection: queueConnection() });
  fair = new FairQueue<J>(name, redis(), queue as Queue, { perTenantCap: 2, globalCap: 4 });
  return async () => {
    await fair.obliterate();
    await queue.obliterate({ force: true });
    await queue.close();
  };
});
afterAll(async () => {
  await closeRedis();
});

const waiting = async () => (await queue.getJobs(["waiting", "prioritized"], 0, -1, true)).map((j) => `${j.data.tenantId}${j.data.n}`);
const items = (count: number) => Array.from({ length: count }, (_, n) => ({ jobId: `${suffix()}-${n}`, data: { n } }));

describe("fair dispatch", () => {
  test("one job of B, enqueued after 1,000 of A, is dispatched at once: A holds at most its cap", async () => {
    await fair.enqueue("A", items(1000));
    expect(await fair.pump()).toBe(2); // A's cap, though the global cap has room for 4
    await fair.enqueue("B", items(1));
    expect(await fair.pump()).toBe(1);
    expect((await waiting()).sort()).toEqual(["A0", "A1", "B0"]);
    expect(await fair.inflightByTenant()).toEqual(new Map([["A", 2], ["B", 1]]));
    expect((await fair.pendingByTenant()).get("A")).toBe(998);
  });

  test("tenants are served round-robin, each up to its cap, within the global cap", async () => {
    await fair.enqueue("A", items(10));
    await fair.enqueue("B", items(10));
    await fair.enqueue("C", items(10));
    // Global cap 4: A, B, C, then A again (round-robin), and nothing more.
    expect(await fair.pump()).toBe(4);
    expect(await waiting()).toEqual(["A0", "B0", "C0", "A1"]);
    expect(await fair.pump()).toBe(0);
    // A finishing one lets the next tenant in the round go first, not A again.
    await fair.release("A");
    expect(await fair.pump()).toBe(1);
    expect((await waiting()).at(-1)).toBe("B1");
    // A at its cap (A1 still running) is skipped until it releases.
    await fair.release("B");
    await fair.release("C");
    expect(await fair.pump()).toBe(2);
    const order = await waiting();
    expect(order.slice(-2)).toEqual(["C1", "A2"]);
    expect(await fair.inflightByTenant()).toEqual(new Map([["A", 2], ["B", 1], ["C", 1]]));
  });

  test("draining a backlog while another tenant keeps arriving: the newcomer waits for at most one round", async () => {
    await fair.enqueue("A", items(200));
    let dispatched: string[] = [];
    const finishAll = async () => {
      for (const job of await queue.getJobs(["waiting"], 0, -1, true)) {
        dispatched.push(`${job.data.tenantId}${job.data.n}`);
        await job.remove();
        await fair.release(job.data.tenantId);
      }
    };
    for (let round = 0; round < 5; round++) {
      await fair.pump();
      await finishAll();
    }
    await fair.enqueue("B", items(3));
    dispatched = [];
    await fair.pump();
    await finishAll();
    // The very next dispatch round after B arrived contains B's first job; A never had more than 2 at once.
    expect(dispatched).toContain("B0");
    expect(dispatched.filter((d) => d.startsWith("A")).length).toBeLessThanOrEqual(2);
  });

  test("a release below zero (a job seen twice) clamps, and reset() recovers a crashed dispatcher's counts", async () => {
    await fair.enqueue("A", items(5));
    await fair.pump(); // A: 2 in flight
    await fair.reset(); // the "worker" restarted: in-flight counts forgotten, A back in the round
    expect(await fair.inflightByTenant()).toEqual(new Map());
    expect(await fair.pump()).toBe(2);
    for (let i = 0; i < 5; i++) await fair.release("A");
    expect(await fair.inflightByTenant()).toEqual(new Map());
    expect(await fair.pump()).toBe(1); // the last pending job
  });
});
