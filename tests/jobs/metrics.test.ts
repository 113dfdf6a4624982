import { afterAll, describe, expect, test } from "vitest";
import { closeEventQueues } from "../../jobs/queues";
import { renderMetrics, metricsAccess } from "../../server/metrics/exposition";
import { countBillingException, countWebhookFailure, observeHttp, observeJobDuration } from "../../server/metrics/registry";
import { TopTenants } from "../../server/metrics/tenants";
import { closeRedis } from "../../server/redis";
import { GET } from "../../app/api/metrics/route";

afterAll(async () => {
  await closeEventQueues();
  await closeRedis();
});

const settle = () => new Promise((r) => setTimeout(r, 200)); // shared series are written fire-and-forget

describe("the Prometheus exposition", () => {
  test("contains HTTP requests by route and status, job durations and queue depth by queue, webhook failures and billing exceptions", async () => {
    observeHttp("trpc:events.list", 200, "tenant-metrics-a", 0.012);
    observeHttp("trpc:events.list", 400, "tenant-metrics-a", 0.003);
    observeJobDuration("webhooks", "completed", 0.2);
    countWebhookFailure("tenant-metrics-a");
    countBillingException("tenant-metrics-a", "invoice_unpriceable");
    await settle();
    const text = await renderMetrics();
    expect(text).toMatch(/^tributary_http_requests_total\{route="trpc:events.list",status="200",tenant="tenant-metrics-a"\} 1$/m);
    expect(text).toMatch(/^tributary_http_requests_total\{route="trpc:events.list",status="400",tenant="tenant-metrics-a"\} 1$/m);
    expect(text).toMatch(/^tributary_http_request_duration_seconds_bucket\{le="0.025",route="trpc:events.list"\} 2$/m);
    expect(text).toMatch(/^tributary_job_duration_seconds_bucket\{outcome="completed",queue="webhooks",le="0.25"\} \d+$/m);
    expect(text).toMatch(/^tributary_job_duration_seconds_count\{outcome="completed",queue="webhooks"\} \d+$/m);
    expect(text).toMatch(/^tributary_queue_jobs\{queue="webhooks",state="waiting"\} \d+$/m);
    expect(text).toMatch(/^tributary_queue_jobs\{queue="replenishment",state="active"\} \d+$/m);
    expect(text).toMatch(/^tributary_webhook_failures_total\{tenant="[^"]+"\} \d+$/m);
    expect(text).toMatch(/^tributary_billing_exceptions_total\{kind="invoice_unpriceable",tenant="[^"]+"\} \d+$/m);
    expect(text).toMatch(/^# TYPE tributary_job_duration_seconds histogram$/m);
  });

  test("the tenant label names only the busiest tenants; the rest are 'other'", () => {
    const top = new TopTenants(3, () => 0);
    for (let i = 0; i < 100; i++) top.label("big-1");
    for (let i = 0; i < 50; i++) top.label("big-2");
    for (let i = 0; i < 20; i++) top.label("big-3");
    top.recompute();
    const labels = new Set<string>();
    for (let t = 0; t < 500; t++) labels.add(top.label(`small-${t}`));
    labels.add(top.label("big-1"));
    expect(labels).toEqual(new Set(["other", "big-1"]));
    expect(top.label(null)).toBe("none");
  });

  test("the endpoint wants the metrics token", async () => {
    const previous = process.env.METRICS_TOKEN;
    process.env.METRICS_TOKEN = "test-metrics-token";
    try {
      expect(metricsAccess(null)).toBe("unauthorized");
      expect((await GET(new Request("http://localhost/api/metrics"))).status).toBe(401);
      expect((await GET(new Request("http://localhost/api/metrics", { headers: { authorization: "Bearer wrong-token-xxxxx" } }))).status).toBe(401);
      const ok = await GET(new Request("http://localhost/api/metrics", { headers: { authorization: "Bearer test-metrics-token" } }));
      expect(ok.status).toBe(200);
      expect(ok.headers.get("content-type")).toMatch(/^text\/plain; version=0.0.4/);
      expect(await ok.text()).toMatch(/tributary_http_requests_total\{route="\/api\/metrics",status="401",tenant="none"\} 2/);
    } finally {
      if (previous === undefined) delete process.env.METRICS_TOKEN;
      else process.env.METRICS_TOKEN = previous;
    }
  });
});
