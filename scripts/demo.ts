import { closeAppPool } from "../db/client";
import { startWeb, startWorker, stopPrevious } from "./lib/apps";
import { BASE_DOMAIN, ROOT, WEB_PORT } from "./lib/config";
import { DEMO_PASSWORD, seedDemo } from "./lib/demo-data";
import { assertPortFree, run } from "./lib/proc";
import { bootstrapStack } from "./lib/stack";

// `npm run demo`: services, migrations, demo data, production build, then web + worker until Ctrl-C.
await stopPrevious("web");
await stopPrevious("worker");
await assertPortFree(WEB_PORT, "PORT"); // before the long build, not after it
const stack = await bootstrapStack("demo", WEB_PORT);
const logins = await seedDemo(BASE_DOMAIN, WEB_PORT);
await closeAppPool();

if (process.env.TRIBUTARY_SKIP_BUILD !== "1") {
  console.log("[demo] building the web app (next build)...");
  await run("npx", ["next", "build"], { cwd: ROOT, env: { ...stack.env, NODE_ENV: "production" } });
}
const web = await startWeb(stack.env, WEB_PORT);
const worker = startWorker(stack.env);

const pad = (s: string, n: number) => s.padEnd(n);
console.log(`
Tributary is running.

  Platform console   http://${BASE_DOMAIN}:${WEB_PORT}
  Acme (tenant)      http://acme.${BASE_DOMAIN}:${WEB_PORT}   (custom domain: portal.acme-supplies.test)
  Globex (tenant)    http://globex.${BASE_DOMAIN}:${WEB_PORT}
  Health             http://${BASE_DOMAIN}:${WEB_PORT}/api/health
  Metrics            http://${BASE_DOMAIN}:${WEB_PORT}/api/metrics   (Authorization: Bearer $(cat .data/metrics-token))
  Webhooks           operator portal > Webhooks (an owner or admin); http://127.0.0.1 receivers allowed in the demo

Demo logins (password for all: ${DEMO_PASSWORD})
${logins.map((l) => `  ${pad(l.role, 16)} ${pad(l.email, 28)} http://${l.host}/sign-in`).join("\n")}

Ctrl-C stops the web app and worker; \`npm run stop\` also stops Postgres and Redis.
`);

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  for (const child of [web, worker]) {
    try { process.kill(-child.pid!, "SIGTERM"); } catch { /* already gone */ }
  }
  await stack.stopStartedServices();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown());
process.on("SIGTERM", () => void shutdown());
web.on("exit", (code) => { if (!stopping) { console.error(`[demo] web app exited (${code})`); void shutdown(); } });
worker.on("exit", (code) => { if (!stopping) { console.error(`[demo] worker exited (${code})`); void shutdown(); } });
