import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { closeAppPool } from "../../db/client";
import { QUEUES, systemQueue } from "../../jobs/queues";
import { ROOT } from "../../scripts/lib/config";
import { closeRedis } from "../../server/redis";
import { suffix } from "../helpers/db";
import { sql } from "drizzle-orm";
import { withTenant } from "../../db/with-tenant";
import { createEndpoint } from "../../server/domain/events/endpoints";
import { emitEvent } from "../../server/domain/events/emit";
import { verifySignature } from "../../server/domain/events/signing";
import { createPlatformAdmin, createTenantFixture } from "../helpers/fixtures";
import { startReceiver } from "../events/receiver";

/*
 * The worker is its own process: this file starts `tsx jobs/worker.ts` exactly as `npm run worker`
 * does, sends it a health job through Redis, and checks the answer came from that process.
 */

let worker: ChildProcess;
let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
let output = "";
let readyPid: number;

/** Log lines are pino JSON; the worker's "ready" line carries the pid that processes jobs. */
function logLines(): Array<Record<string, unknown>> {
  return output.split("\n").flatMap((line) => {
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
}

async function waitForLog(msg: string, timeoutMs: number): Promise<Record<string, unknown>> {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    const line = logLines().find((l) => l.msg === msg);
    if (line) return line;
    if (worker.exitCode !== null) throw new Error(`worker exited (${worker.exitCode}) before "${msg}":\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for "${msg}" from the worker:\n${output}`);
}

/** The pid's parent, from /proc (Linux), or null when it is gone. */
function parentOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return null;
  }
}

beforeAll(async () => {
  // Its own process group, so the tsx launcher and the node process it starts can be stopped together.
  worker = spawn(path.join(ROOT, "node_modules", ".bin", "tsx"), ["jobs/worker.ts"], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: "info", TRIBUTARY_WEBHOOKS_ALLOW_LOOPBACK: "1" }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  worker.stdout!.on("data", (chunk: Buffer) => { output += chunk.toString(); });
  worker.stderr!.on("data", (chunk: Buffer) => { output += chunk.toString(); });
  exited = new Promise((resolve) => worker.once("exit", (code, signal) => resolve({ code, signal })));
  readyPid = Number((await waitForLog("worker ready", 30_000)).pid);
});

afterAll(async () => {
  if (worker.exitCode === null && worker.signalCode === null) {
    try { process.kill(-worker.pid!, "SIGKILL"); } catch { /* already gone */ }
    await exited;
  }
  await closeAppPool();
  await closeRedis();
});

describe("the worker process", () => {
  test("reports ready for the system queue, from a process this test started", () => {
    const ready = logLines().find((l) => l.msg === "worker ready")!;
    expect([...(ready.queues as string[])].sort()).toEqual(Object.values(QUEUES).sort());
    // The worker runs in the spawned tsx process or a child of it.
    const ancestry: number[] = [];
    for (let p: number | null = readyPid; p && p > 1 && ancestry.length < 5; p = parentOf(p)) ancestry.push(p);
    expect(ancestry).toContain(worker.pid);
  });

  test("processes a health job and stores the worker's answer on the job", async () => {
    const queue = systemQueue();
    try {
      const requestedAt = new Date().toISOString();
      const job = await queue.add("health", { requestedAt }, { jobId: `health-test-${suffix()}`, removeOnComplete: { age: 3600 }, removeOnFail: { age: 3600 } });
      // Poll the job's stored state: a QueueEvents listener can miss a completion that happens
      // before its first read on a loaded machine; the job record cannot.
      await expect.poll(() => queue.getJobState(job.id!), { timeout: 30_000, interval: 100 }).toBe("completed");
      const done = await queue.getJob(job.id!);
      const result = done!.returnvalue as { ok: boolean; pid: number; processedAt: string; requestedAt: string };
      expect(result).toMatchObject({ ok: true, pid: readyPid, requestedAt });
      expect(Date.parse(result.processedAt)).toBeGreaterThanOrEqual(Date.parse(requestedAt));
      // The worker logged this very job.
      await expect.poll(() => logLines().some((l) => l.msg === "job completed" && l.jobId === job.id)).toBe(true);
    } finally {
      await queue.close();
    }
  });

  test("relays a committed event to a webhook endpoint: outbox -> relay tick -> fair queue -> delivery job", async () => {
    process.env.TRIBUTARY_WEBHOOKS_ALLOW_LOOPBACK = "1";
    const receiver = await startReceiver();
    try {
      const T = await createTenantFixture(await createPlatformAdmin("relay"), "relay");
      const system = { kind: "system" as const, tenantId: T.id };
      const { secret, endpoint } = await withTenant(system, (tx) => createEndpoint(tx, { tenantId: T.id, userId: null }, { url: receiver.url, eventTypes: ["order.shipped"] }));
      await withTenant(system, async (tx) => emitEvent(tx, T.id, "order.shipped", { orderId: "relay-test" }));
      // (The fixture's own earlier order.shipped event, not relayed before, goes too.)
      const ours = () => receiver.received.find((r) => r.body.includes("relay-test"));
      await expect.poll(ours, { timeout: 30_000, interval: 100 }).toBeTruthy();
      const got = ours()!;
      expect(JSON.parse(got.body)).toMatchObject({ type: "order.shipped", tenantId: T.id, data: { orderId: "relay-test" } });
      expect(verifySignature(secret, got.headers["tributary-signature"] as string, got.headers["tributary-timestamp"] as string, got.body)).toBe(true);
      await expect
        .poll(() => withTenant(system, (tx) => tx.execute<{ status: string }>(sql`select status from webhook_deliveries where endpoint_id = ${endpoint.id}`)).then((r) => r.map((x) => x.status)), { timeout: 10_000 })
        .toEqual(["succeeded", "succeeded"]);
    } finally {
      await receiver.close();
    }
  });

  test("stops cleanly on SIGTERM (exit code 0)", async () => {
    // To the worker's own process, as a supervisor would. Signalling the whole group delivers it twice
    // (directly and relayed by tsx); once, on a loaded machine, that run ended with 143 instead of 0.
    process.kill(readyPid, "SIGTERM");
    const { code } = await exited;
    expect(code).toBe(0);
    expect(logLines().some((l) => l.msg === "worker stopping")).toBe(true);
  });
});
