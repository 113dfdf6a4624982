import http from "node:http";
import type { AddressInfo } from "node:net";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { closeAppPool } from "../../db/client";
import { processMetrics } from "../../server/metrics/registry";
import { closeRedis } from "../../server/redis";
import { serveTrpcCall } from "../../server/http/trpc-fast-path";
import { createPlatformAdmin, createTenantFixture, type TenantFixture } from "../helpers/fixtures";

/*
 * The production server's tRPC fast path (server/http): a real HTTP server whose requests go to
 * `serveTrpcCall` first and to a stand-in for Next (answering 299) when it declines.
 */

const COOKIE = "authjs.session-token";
let T: TenantFixture;
let server: http.Server;
let base: string;

beforeAll(async () => {
  T = await createTenantFixture(await createPlatformAdmin("fastpath"), "fastpath");
  server = http.createServer((req, res) => {
    void serveTrpcCall(req, res).then((served) => {
      if (!served) res.writeHead(299, { "content-type": "text/plain" }).end("next");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await closeAppPool();
  await closeRedis();
});

const token = (claims: Record<string, unknown>) => encode({ token: claims, secret: process.env.AUTH_SECRET!, salt: COOKIE, maxAge: 3600 });

/** node:http, not fetch: fetch does not send a Host header of our choosing (the tenant's host). */
function call(path: string, init: { cookie?: string; method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const payload = init.body === undefined ? undefined : JSON.stringify(init.body);
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request(
      `${base}${path}`,
      {
        method: init.method ?? "GET",
        headers: { host: T.host, ...(init.cookie ? { cookie: init.cookie } : {}), ...(payload ? { "content-type": "application/json" } : {}), ...init.headers },
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

describe("the tRPC fast path", () => {
  test("serves a call with the session's actor on the tenant's host, with a request id and its metrics series", async () => {
    const buyer = T.users.customer_buyer;
    const cookie = `${COOKIE}=${await token({ sub: buyer.id, email: buyer.email, tenantId: T.id })}`;
    const before = (await processMetrics().httpRequests.get()).values.filter((v) => v.labels.route === "trpc:session.whoami").reduce((n, v) => n + v.value, 0);
    const res = await call("/api/trpc/session.whoami", { cookie, headers: { "x-request-id": "fast-path-test-1" } });
    expect(res.status).toBe(200);
    expect(res.headers["x-request-id"]).toBe("fast-path-test-1");
    const data = JSON.parse(res.body).result.data.json;
    expect(data.actor).toMatchObject({ kind: "tenant", tenantId: T.id, userId: buyer.id, role: "customer_buyer", customerId: T.customers.c1 });
    expect(data.workspace).toMatchObject({ slug: T.slug });
    const after = (await processMetrics().httpRequests.get()).values.filter((v) => v.labels.route === "trpc:session.whoami").reduce((n, v) => n + v.value, 0);
    expect(after - before).toBe(1);
  });

  test("refuses what the route handler refuses: no session, a typed error with its status", async () => {
    const res = await call("/api/trpc/session.whoami");
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body).error.json.data).toMatchObject({ code: "UNAUTHORIZED", path: "session.whoami" });
    const bad = await call("/api/trpc/orders.place", {
      method: "POST",
      cookie: `${COOKIE}=${await token({ sub: T.users.customer_buyer.id, tenantId: T.id })}`,
      body: { json: { source: "emergency", lines: [] } },
    });
    expect(bad.status).toBe(400);
  });

  test("leaves to Next what is not a tRPC call, and a session old enough for Auth.js to renew", async () => {
    expect((await call("/api/health")).status).toBe(299);
    expect((await call("/api/trpcx")).status).toBe(299);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() - 10 * 60_000);
    const old = await token({ sub: T.users.owner.id, tenantId: T.id });
    vi.useRealTimers();
    const res = await call("/api/trpc/session.whoami", { cookie: `${COOKIE}=${old}` });
    expect(res).toMatchObject({ status: 299, body: "next" });
  });
});
