import { timingSafeEqual } from "node:crypto";
import { Queue } from "bullmq";
import { QUEUES, queueConnection } from "../../jobs/queues";
import { webhookFairQueue } from "../../jobs/webhooks";
import { formatLabels, processMetrics, renderShared } from "./registry";

const globalForDepth = globalThis as unknown as { tributaryDepthQueues?: Map<string, Queue> };

function queueFor(name: string): Queue {
  globalForDepth.tributaryDepthQueues ??= new Map();
  let q = globalForDepth.tributaryDepthQueues.get(name);
  if (!q) globalForDepth.tributaryDepthQueues.set(name, (q = new Queue(name, { connection: queueConnection() })));
  return q;
}

const STATES = ["waiting", "active", "delayed", "prioritized", "failed"] as const;

/** Queue depth by queue and state, read from Redis now; plus jobs still waiting in the fairness layer. */
async function renderQueueDepth(): Promise<string> {
  const out = ["# HELP tributary_queue_jobs Jobs in each BullMQ queue by state", "# TYPE tributary_queue_jobs gauge"];
  for (const name of Object.values(QUEUES)) {
    const counts = await queueFor(name).getJobCounts(...STATES);
    for (const state of STATES) out.push(`tributary_queue_jobs${formatLabels([["queue", name], ["state", state]])} ${counts[state] ?? 0}`);
  }
  const fair = webhookFairQueue();
  const pending = await fair.pendingByTenant();
  const tenants = processMetrics().tenants;
  const byLabel = new Map<string, number>();
  for (const [tenant, n] of pending) {
    const label = tenants.label(tenant, 0);
    byLabel.set(label, (byLabel.get(label) ?? 0) + n);
  }
  out.push("# HELP tributary_fair_pending_jobs Jobs waiting in the fairness layer before their queue, by tenant (busiest only)", "# TYPE tributary_fair_pending_jobs gauge");
  for (const [label, n] of [...byLabel].sort()) out.push(`tributary_fair_pending_jobs${formatLabels([["queue", fair.name], ["tenant", label]])} ${n}`);
  return out.join("\n") + "\n";
}

/** The whole exposition: this process's series, the shared ones and the queue depths. */
export async function renderMetrics(): Promise<string> {
  const own = await processMetrics().registry.metrics();
  return `${own.trimEnd()}\n${await renderShared()}${await renderQueueDepth()}`;
}

export const METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

/**
 * Who may scrape: a bearer token equal to METRICS_TOKEN. Without METRICS_TOKEN the endpoint answers
 * only outside production (a development convenience); in production it is closed until configured.
 */
export function metricsAccess(authorization: string | null): "ok" | "unauthorized" | "not_configured" {
  const token = process.env.METRICS_TOKEN;
  if (!token) return process.env.NODE_ENV === "production" ? "not_configured" : "ok";
  const given = Buffer.from((authorization ?? "").replace(/^Bearer\s+/i, ""));
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected) ? "ok" : "unauthorized";
}
