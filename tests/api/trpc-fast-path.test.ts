import http from "node:http";
import type { AddressInfo } from "node:net";
import { nodeHTTPRequestHandler } from "@trpc/server/adapters/node-http";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { closeAppPool } from "../../db/client";
import { createRequestContext } from "../../server/api/context";
import { appRouter } from "../../server/api/root";
import { trpcResponseMeta } from "../../server/api/trpc-http";
import { TRPC_MAX_BODY_BYTES } from "../../server/http/trpc-direct";
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
/** tRPC's own Node adapter with the same context and response meta: what the fast path must answer like. */
let reference: http.Server;
let referenceBase: string;

beforeAll(async () => {
  T = await createTenantFixture(await createPlatformAdmin("fastpath"), "fastpath");
  server = http.createServer((req, res) => {
    void serveTrpcCall(req, res).then((served) => {
      if (!served) res.writeHead(299, { "content-type": "text/plain" }).end("next");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  reference = http.createServer((req, res) => {
    const headers = new Headers(Object.entries(req.headers).map(([k, v]): [string, string] => [k, String(v)]));
    const requestId = headers.get("x-request-id")!;
    const [pathname] = (req.url ?? "").split("?", 1);
    void nodeHTTPRequestHandler({
      req,
      res,
      router: appRouter,
      path: pathname.slice("/api/trpc/".length),
      createContext: () => createRequestContext(headers, requestId),
      responseMeta: trpcResponseMeta(requestId),
    });
  });
  await new Promise<void>((resolve) => reference.listen(0, "127.0.0.1", resolve));
  referenceBase = `http://127.0.0.1:${(reference.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await new Promise((r) => reference.close(r));
  await closeAppPool();
  await closeRedis();
});

const token = (claims: Record<string, unknown>) => encode({ token: claims, secret: process.env.AUTH_SECRET!, salt: COOKIE, maxAge: 3600 });

/** node:http, not fetch: fetch does not send a Host header of our choosing (the tenant's host). */
function call(path: string, init: { cookie?: string; method?: string; body?: unknown; rawBody?: string; headers?: Record<string, string>; to?: string } = {}) {
  const payload = init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request(
      `${init.to ?? base}${path}`,
      {
        method: init.method ?? "GET",
        headers: { host: T.host, ...(init.cookie ? { cookie: init.cookie } : {}), ...(payload !== undefined ? { "content-type": "application/json" } : {}), ...init.headers },
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

  /*
   * Plain JSON calls are answered without tRPC's adapter (server/http/trpc-direct.ts); each answer
   * must be the one the adapter gives. The direct answers carry a content-length (the adapter streams
   * its body, chunked), which tells the two paths apart.
   */
  describe("answers plain calls itself, exactly as tRPC's adapter does", () => {
    const buyerCookie = async () => `${COOKIE}=${await token({ sub: T.users.customer_buyer.id, email: T.users.customer_buyer.email, tenantId: T.id })}`;
    const place = (lines: unknown[]) => ({ json: { source: "emergency", lines } });
    const cases: Array<{ name: string; path: string; method?: string; body?: unknown; rawBody?: string; signedIn?: boolean; direct: boolean; status: number }> = [
      { name: "a query", path: "/api/trpc/session.whoami", signedIn: true, direct: true, status: 200 },
      { name: "a batch of queries", path: `/api/trpc/session.whoami,session.whoami?batch=1&input=${encodeURIComponent("{}")}`, signedIn: true, direct: true, status: 200 },
      { name: "a query without a session", path: "/api/trpc/session.whoami", direct: true, status: 401 },
      { name: "a mutation with bad input (zod)", path: "/api/trpc/orders.place", method: "POST", body: place([]), signedIn: true, direct: true, status: 400 },
      { name: "a mutation without a session", path: "/api/trpc/orders.place", method: "POST", body: place([]), direct: true, status: 401 },
      { name: "a batch of mutations with mixed errors", path: "/api/trpc/orders.place,orders.place?batch=1", method: "POST", body: { 0: place([]), 1: { json: { source: "nope" } } }, signedIn: true, direct: true, status: 400 },
      { name: "a body that is not JSON", path: "/api/trpc/orders.place", method: "POST", rawBody: "{not json", signedIn: true, direct: false, status: 400 },
      { name: "an empty body", path: "/api/trpc/orders.place", method: "POST", rawBody: "", signedIn: true, direct: false, status: 400 },
      { name: "a batch whose input is not an object", path: "/api/trpc/orders.place?batch=1", method: "POST", rawBody: "[1]", signedIn: true, direct: false, status: 400 },
      { name: "a query by POST", path: "/api/trpc/session.whoami", method: "POST", body: {}, signedIn: true, direct: false, status: 405 },
      { name: "a mutation by GET", path: "/api/trpc/orders.place", signedIn: true, direct: false, status: 405 },
      { name: "an unknown procedure", path: "/api/trpc/orders.nope", method: "POST", body: {}, signedIn: true, direct: false, status: 404 },
    ];
    for (const c of cases) {
      test(c.name, async () => {
        const cookie = c.signedIn ? await buyerCookie() : undefined;
        const init = { method: c.method, body: c.body, rawBody: c.rawBody, cookie, headers: { "x-request-id": `parity-${c.status}-test` } };
        const [fast, ref] = [await call(c.path, init), await call(c.path, { ...init, to: referenceBase })];
        expect(fast.status).toBe(c.status);
        expect(fast.status).toBe(ref.status);
        expect(JSON.parse(fast.body)).toEqual(JSON.parse(ref.body));
        for (const name of ["content-type", "vary", "x-request-id", "retry-after"]) expect(fast.headers[name]).toBe(ref.headers[name]);
        expect(fast.headers["content-length"] !== undefined).toBe(c.direct);
      });
    }

    test("a body over the limit is a 413, and the procedure never runs", async () => {
      const res = await call("/api/trpc/orders.place", { method: "POST", rawBody: JSON.stringify({ json: { note: "x".repeat(TRPC_MAX_BODY_BYTES) } }), cookie: await buyerCookie() });
      expect(res.status).toBe(413);
      expect(JSON.parse(res.body).error.json.data).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
    });
  });
});
