import { mkdirSync } from "node:fs";
import path from "node:path";
import { Redis } from "ioredis";
import { DATA_DIR, REDIS_PORT, RUN_DIR } from "./config";
import { aptInstall, assertPortFree, commandExists, livePid, run, waitFor } from "./proc";

const REDIS_DIR = path.join(DATA_DIR, "redis");
const PID_FILE = path.join(RUN_DIR, "redis.pid");

async function ping(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 2000, retryStrategy: () => null });
  client.on("error", () => {});
  try {
    await client.connect();
    return (await client.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/** Starts a project-local redis-server (installing Debian's package when missing); a no-op when ours runs. */
export async function startLocalRedis(): Promise<void> {
  const url = `redis://127.0.0.1:${REDIS_PORT}`;
  if (livePid(PID_FILE) && (await ping(url))) return;
  await assertPortFree(REDIS_PORT, "TRIBUTARY_REDIS_PORT");
  if (!commandExists("redis-server")) await aptInstall(["redis-server"], "Redis is needed for the job queues");
  mkdirSync(REDIS_DIR, { recursive: true });
  mkdirSync(RUN_DIR, { recursive: true });
  await run("redis-server", [
    "--port", String(REDIS_PORT), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
    "--daemonize", "yes", "--dir", REDIS_DIR, "--pidfile", PID_FILE,
    "--logfile", path.join(REDIS_DIR, "redis.log"),
  ]);
  await waitFor(() => ping(url), `redis-server on port ${REDIS_PORT}`);
  console.log(`[redis] started on 127.0.0.1:${REDIS_PORT}`);
}

export async function stopLocalRedis(): Promise<boolean> {
  const pid = livePid(PID_FILE);
  if (!pid) return false;
  process.kill(pid, "SIGTERM");
  await waitFor(async () => livePid(PID_FILE) === null, "redis-server to stop", 10_000).catch(() => {});
  return true;
}

export async function checkRedis(url: string): Promise<void> {
  if (!(await ping(url))) throw new Error(`Cannot reach Redis at REDIS_URL (${url.replace(/\/\/.*@/, "//***@")}).`);
}
