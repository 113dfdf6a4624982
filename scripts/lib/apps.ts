import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ROOT, RUN_DIR } from "./config";
import { assertPortFree, livePid, portOpen, waitFor } from "./proc";

const bin = (name: string) => path.join(ROOT, "node_modules", ".bin", name);

/** Stops a web app or worker left running by an earlier demo (its pid file names it). */
export async function stopPrevious(name: string): Promise<void> {
  const pidFile = path.join(RUN_DIR, `${name}.pid`);
  const pid = livePid(pidFile);
  if (!pid) return;
  console.log(`[demo] stopping the ${name} left by an earlier run (pid ${pid})`);
  try { process.kill(-pid, "SIGTERM"); } catch { /* gone */ }
  await waitFor(async () => livePid(pidFile) === null, `${name} to stop`, 15_000).catch(() => {});
  rmSync(pidFile, { force: true });
}

/** Starts a long-running child in its own process group, recording its pid for `npm run stop`. */
export function startApp(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  mkdirSync(RUN_DIR, { recursive: true });
  const child = spawn(bin(command), args, { cwd: ROOT, env, stdio: ["ignore", "inherit", "inherit"], detached: true });
  writeFileSync(path.join(RUN_DIR, `${name}.pid`), String(child.pid));
  child.on("exit", () => rmSync(path.join(RUN_DIR, `${name}.pid`), { force: true }));
  return child;
}

export async function startWeb(env: NodeJS.ProcessEnv, port: number): Promise<ChildProcess> {
  await assertPortFree(port, "PORT");
  const child = startApp("web", "tsx", ["server/http/main.ts"], { ...env, PORT: String(port) });
  await waitFor(() => portOpen(port), `the web app on port ${port}`, 60_000);
  return child;
}

export function startWorker(env: NodeJS.ProcessEnv): ChildProcess {
  return startApp("worker", "tsx", ["jobs/worker.ts"], env);
}
