import { closeAppPool } from "../db/client";
import { ensureChromium } from "./lib/chromium";
import { BASE_DOMAIN, E2E_PORT, ROOT } from "./lib/config";
import { seedDemo } from "./lib/demo-data";
import { run } from "./lib/proc";
import { bootstrapStack } from "./lib/stack";

/*
 * `npm test`: the same bootstrap as the demo (on the tributary_test database and Redis db 1),
 * then typecheck, lint, unit + integration tests, a production build and Playwright in Chromium.
 */
const timings: Array<[string, number]> = [];
async function stage(name: string, fn: () => Promise<void>) {
  const t0 = Date.now();
  console.log(`\n=== ${name} ===`);
  await fn();
  timings.push([name, (Date.now() - t0) / 1000]);
}

const stack = await bootstrapStack("test", E2E_PORT);
let failed: unknown;
try {
  const env = { ...stack.env, NODE_ENV: "test" as const, TRIBUTARY_E2E_PORT: String(E2E_PORT), PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: "1" };
  await stage("seed", async () => { await seedDemo(BASE_DOMAIN, E2E_PORT); await closeAppPool(); });
  await stage("typecheck", () => run("npx", ["tsc", "--noEmit"], { cwd: ROOT, env }));
  await stage("lint", () => run("npx", ["eslint", "--max-warnings=0", "."], { cwd: ROOT, env }));
  await stage("unit + integration (vitest)", () => run("npx", ["vitest", "run"], { cwd: ROOT, env }));
  await stage("chromium", ensureChromium);
  await stage("build (next build)", () => run("npx", ["next", "build"], { cwd: ROOT, env: { ...env, NODE_ENV: "production" } }));
  await stage("end-to-end (playwright)", () => run("npx", ["playwright", "test"], { cwd: ROOT, env: { ...env, NODE_ENV: "production" } }));
} catch (error) {
  failed = error;
} finally {
  await stack.stopStartedServices();
}

console.log("\nStage timings:");
for (const [name, s] of timings) console.log(`  ${name.padEnd(30)} ${s.toFixed(1)} s`);
if (failed) {
  console.error(`\nnpm test failed: ${(failed as Error).message}`);
  process.exit(1);
}
console.log("\nAll stages passed.");
