import { existsSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { RUN_DIR } from "./lib/config";
import { stopEmbeddedPostgres } from "./lib/postgres";
import { livePid } from "./lib/proc";
import { stopLocalRedis } from "./lib/redis";

// `npm run stop`: stops the web app and worker started by `npm run demo`, then Redis and Postgres.
for (const file of existsSync(RUN_DIR) ? readdirSync(RUN_DIR).filter((f) => f.endsWith(".pid") && f !== "redis.pid") : []) {
  const pidFile = path.join(RUN_DIR, file);
  const pid = livePid(pidFile);
  if (pid) {
    try { process.kill(-pid, "SIGTERM"); } catch { try { process.kill(pid, "SIGTERM"); } catch { /* already gone */ } }
    console.log(`[stop] stopped ${file.replace(/\.pid$/, "")} (pid ${pid})`);
  }
  rmSync(pidFile, { force: true });
}
if (await stopLocalRedis()) console.log("[stop] stopped redis-server");
if (await stopEmbeddedPostgres()) console.log("[stop] stopped Postgres");
console.log("[stop] done");
