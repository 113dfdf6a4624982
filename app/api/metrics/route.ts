import { metricsAccess, METRICS_CONTENT_TYPE, renderMetrics } from "@/server/metrics/exposition";
import { observeHttp } from "@/server/metrics/registry";

export const dynamic = "force-dynamic";

/** Prometheus scrape endpoint; protected by METRICS_TOKEN (docs/observability.md). */
export async function GET(req: Request) {
  const started = performance.now();
  const access = metricsAccess(req.headers.get("authorization"));
  if (access !== "ok") {
    const status = access === "unauthorized" ? 401 : 403;
    observeHttp("/api/metrics", status, null, (performance.now() - started) / 1000);
    return new Response(access === "unauthorized" ? "A valid metrics token is required\n" : "Metrics are disabled: set METRICS_TOKEN\n", {
      status,
      headers: { "content-type": "text/plain", ...(status === 401 ? { "www-authenticate": 'Bearer realm="metrics"' } : {}) },
    });
  }
  const body = await renderMetrics();
  observeHttp("/api/metrics", 200, null, (performance.now() - started) / 1000);
  return new Response(body, { headers: { "content-type": METRICS_CONTENT_TYPE, "cache-control": "no-store" } });
}
