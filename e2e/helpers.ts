import { spawn } from "node:child_process";
import path from "node:path";
import { expect, type Page } from "@playwright/test";

export const PORT = Number(process.env.TRIBUTARY_E2E_PORT ?? 3100);
export const DEMO_PASSWORD = "tributary-demo";
export const url = (host: string, path = "/") => `http://${host}:${PORT}${path}`;

export async function signIn(page: Page, host: string, email: string, password = DEMO_PASSWORD) {
  await page.goto(url(host, "/sign-in"));
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByTestId("sign-in-submit").click();
}

export async function expectSignedInto(page: Page, portal: "operator" | "reseller" | "customer", workspace: string) {
  await expect(page).toHaveURL(new RegExp(`/${portal}$`));
  await expect(page.getByTestId("session-workspace")).toHaveText(workspace);
}

export async function backgroundColor(page: Page, testId: string): Promise<string> {
  return page.getByTestId(testId).evaluate((el) => getComputedStyle(el).backgroundColor);
}

/** "#c2410c" -> "rgb(194, 65, 12)", the form getComputedStyle reports. */
export function rgb(hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
}

export const screenshot = (page: Page, name: string) => page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });

export interface JobWorker { pid: number; output(): string; stop(): Promise<void> }

/**
 * Starts the BullMQ worker (`tsx jobs/worker.ts`, as `npm run worker` does) with this process's env
 * (the stack's database and Redis) and waits for its "worker ready" log line. The Playwright stack
 * only runs the web server, so a spec that needs queued runs processed starts a worker itself.
 * It runs in its own process group, so `stop()` ends the tsx launcher and its node child together.
 */
export async function startJobWorker(timeoutMs = 60_000): Promise<JobWorker> {
  const root = path.resolve(import.meta.dirname, "..");
  const child = spawn(path.join(root, "node_modules", ".bin", "tsx"), ["jobs/worker.ts"], {
    cwd: root, env: { ...process.env, LOG_LEVEL: "info" }, stdio: ["ignore", "pipe", "pipe"], detached: true,
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr!.on("data", (chunk: Buffer) => { output += chunk.toString(); });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const kill = (signal: NodeJS.Signals) => { try { process.kill(-child.pid!, signal); } catch { /* already gone */ } };
  const killOnExit = () => kill("SIGKILL");
  process.once("exit", killOnExit);
  const stop = async () => {
    process.off("exit", killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    kill("SIGTERM"); // the worker closes its queues and exits
    const timer = setTimeout(() => kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  };
  const start = Date.now();
  // Log lines are pino JSON: wait for the one saying the worker is ready.
  while (!output.split("\n").some((line) => line.includes('"msg":"worker ready"'))) {
    if (child.exitCode !== null) throw new Error(`the job worker exited (${child.exitCode}) before it was ready:\n${output}`);
    if (Date.now() - start > timeoutMs) {
      await stop();
      throw new Error(`the job worker was not ready within ${timeoutMs / 1000} s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { pid: child.pid!, output: () => output, stop };
}
