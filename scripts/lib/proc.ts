import { spawn, spawnSync, type SpawnOptions } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";

/** Runs a command to completion, streaming its output; throws with the command line on failure. */
export function run(cmd: string, args: string[], opts: SpawnOptions = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: "inherit", ...opts });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${cmd} ${args.join(" ")} failed (${signal ?? `exit ${code}`})`));
    });
  });
}

export function commandExists(cmd: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;
}

export function isRoot(): boolean {
  return process.getuid?.() === 0;
}

/** Installs Debian packages when apt is usable; otherwise explains what to install. */
export async function aptInstall(packages: string[], why: string): Promise<void> {
  if (!commandExists("apt-get") || !isRoot()) {
    throw new Error(`${why}: install the Debian package(s) ${packages.join(", ")} (apt-get install ${packages.join(" ")}) and run again.`);
  }
  console.log(`[setup] installing ${packages.join(", ")} with apt-get (${why})...`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  await run("apt-get", ["update", "-qq"], { env });
  await run("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...packages], { env });
}

export function portOpen(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.once("connect", () => { socket.destroy(); resolve(true); });
    socket.once("error", () => resolve(false));
    socket.setTimeout(1000, () => { socket.destroy(); resolve(false); });
  });
}

export async function assertPortFree(port: number, envVar: string): Promise<void> {
  if (await portOpen(port)) throw new Error(`Port ${port} is already in use by another program; free it or set ${envVar}.`);
}

export async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** The pid in a pid file if that process is still alive; a stale file is removed. */
export function livePid(pidFile: string): number | null {
  if (!existsSync(pidFile)) return null;
  const pid = Number(readFileSync(pidFile, "utf8").trim().split("\n")[0]);
  if (Number.isInteger(pid) && pid > 0) {
    try {
      process.kill(pid, 0);
      return pid;
    } catch {
      /* not running: fall through and clear the stale file */
    }
  }
  rmSync(pidFile, { force: true });
  return null;
}
