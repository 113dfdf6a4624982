import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { redis } from "../redis";
import { TopTenants } from "./tenants";

/*
 * Prometheus metrics. Two kinds of series:
 * - per process (prom-client): HTTP requests of the web process, and the process's own defaults;
 * - shared through Redis: what workers and web both record (job durations, webhook failures, billing
 *   exceptions). Any process increments them; /api/metrics renders them, with queue depths read at
 *   scrape time. A scrape of any web replica therefore sees the whole fleet's job figures.
 * Tenant labels are bounded (TopTenants): the busiest N tenants by name, the rest as "other".
 */

const globalForMetrics = globalThis as unknown as {
  tributaryMetrics?: { registry: Registry; httpRequests: Counter<string>; httpDuration: Histogram<string>; tenants: TopTenants };
};

export function processMetrics() {
  if (!globalForMetrics.tributaryMetrics) {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry, prefix: "tributary_process_" });
    globalForMetrics.tributaryMetrics = {
      registry,
      tenants: new TopTenants(),
      httpRequests: new Counter({
        name: "tributary_http_requests_total",
        help: "HTTP requests handled, by route, status and tenant (busiest tenants only, the rest as other)",
        labelNames: ["route", "status", "tenant"],
        registers: [registry],
      }),
      httpDuration: new Histogram({
        name: "tributary_http_request_duration_seconds",
        help: "HTTP request latency by route",
        labelNames: ["route"],
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        registers: [registry],
      }),
    };
  }
  return globalForMetrics.tributaryMetrics;
}

/** Records one HTTP request. `route` is a pattern (tRPC: the procedure path), never a raw URL. */
export function observeHttp(route: string, status: number, tenantId: string | null | undefined, seconds: number): void {
  const m = processMetrics();
  m.httpRequests.inc({ route, status: String(status), tenant: m.tenants.label(tenantId) });
  m.httpDuration.observe({ route }, seconds);
}

// Shared series (Redis) --------------------------------------------------------------------------

const PREFIX = "metrics:v1";
export const JOB_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

interface SharedSeries { name: string; help: string; type: "counter" | "histogram" }
export const SHARED: Record<string, SharedSeries> = {
  jobDuration: { name: "tributary_job_duration_seconds", help: "Background job run time by queue and outcome", type: "histogram" },
  webhookFailures: { name: "tributary_webhook_failures_total", help: "Failed webhook delivery attempts by tenant (busiest tenants only)", type: "counter" },
  billingExceptions: { name: "tributary_billing_exceptions_total", help: "Billing exceptions (failed runs, unpriceable lines, ...) by kind and tenant (busiest tenants only)", type: "counter" },
};

const labelKey = (labels: Record<string, string>) => JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));

/** Fire-and-forget: a metrics write never fails or slows the work it measures. */
function shared(run: (r: ReturnType<typeof redis>) => Promise<unknown>): void {
  try {
    void run(redis()).catch(() => undefined);
  } catch {
    // No Redis configured (a unit test without the stack): metrics are off.
  }
}

export function incrementShared(series: SharedSeries, labels: Record<string, string>, by = 1): void {
  shared((r) => r.hincrby(`${PREFIX}:${series.name}`, labelKey(labels), by));
}

export function observeShared(series: SharedSeries, labels: Record<string, string>, value: number, buckets = JOB_BUCKETS): void {
  const key = labelKey(labels);
  shared((r) => {
    const multi = r.multi();
    for (const le of buckets) if (value <= le) multi.hincrby(`${PREFIX}:${series.name}`, `${key}\t${le}`, 1);
    multi.hincrby(`${PREFIX}:${series.name}`, `${key}\t+Inf`, 1);
    multi.hincrbyfloat(`${PREFIX}:${series.name}`, `${key}\tsum`, value);
    return multi.exec();
  });
}

export function countWebhookFailure(tenantId: string): void {
  incrementShared(SHARED.webhookFailures, { tenant: processMetrics().tenants.label(tenantId) });
}

/** For billing: one exception (a run that failed, an invoice that could not be priced, ...). */
export function countBillingException(tenantId: string | null, kind: string, by = 1): void {
  incrementShared(SHARED.billingExceptions, { kind, tenant: processMetrics().tenants.label(tenantId) }, by);
}

export function observeJobDuration(queue: string, outcome: "completed" | "failed", seconds: number): void {
  observeShared(SHARED.jobDuration, { queue, outcome }, seconds);
}

const escapeLabel = (v: string) => v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
export const formatLabels = (labels: Array<[string, string]>) => (labels.length ? `{${labels.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(",")}}` : "");

/** The shared series in the text exposition format. */
export async function renderShared(): Promise<string> {
  const out: string[] = [];
  for (const series of Object.values(SHARED)) {
    const fields = await redis().hgetall(`${PREFIX}:${series.name}`);
    out.push(`# HELP ${series.name} ${series.help}`, `# TYPE ${series.name} ${series.type}`);
    if (series.type === "counter") {
      for (const [key, value] of Object.entries(fields).sort()) out.push(`${series.name}${formatLabels(JSON.parse(key))} ${value}`);
      continue;
    }
    const byLabels = new Map<string, Map<string, string>>();
    for (const [field, value] of Object.entries(fields)) {
      const [key, part] = field.split("\t");
      if (!byLabels.has(key)) byLabels.set(key, new Map());
      byLabels.get(key)!.set(part, value);
    }
    for (const [key, parts] of [...byLabels].sort(([a], [b]) => a.localeCompare(b))) {
      const labels = JSON.parse(key) as Array<[string, string]>;
      for (const le of [...JOB_BUCKETS.map(String), "+Inf"]) out.push(`${series.name}_bucket${formatLabels([...labels, ["le", le]])} ${parts.get(le) ?? 0}`);
      out.push(`${series.name}_sum${formatLabels(labels)} ${Number(parts.get("sum") ?? 0)}`, `${series.name}_count${formatLabels(labels)} ${parts.get("+Inf") ?? 0}`);
    }
  }
  return out.join("\n") + "\n";
}
