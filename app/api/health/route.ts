import { checkHealth } from "@/server/health";
import { withHttpMetrics } from "@/server/metrics/http";

export const dynamic = "force-dynamic";

async function health() {
  const health = await checkHealth();
  return Response.json(health, { status: health.status === "ok" ? 200 : 503, headers: { "cache-control": "no-store" } });
}

export const GET = withHttpMetrics("/api/health", health);
