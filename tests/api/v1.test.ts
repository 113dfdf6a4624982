import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { closeAppPool } from "../../db/client";
import { withTenant } from "../../db/with-tenant";
import { createCaller } from "../../server/api/root";
import { revokeApiKey } from "../../server/domain/api/keys";
import { closeRedis } from "../../server/redis";
import { suffix } from "../helpers/db";
import { context, createPlatformAdmin, createTenantFixture, tenantActorOf, tenantHostOf, type TenantFixture } from "../helpers/fixtures";
import { failure } from "../helpers/trpc";
import { createKey, keyCaller, rest, setTier } from "./helpers";

/*
 * The embedding API: REST under /api/v1 and tRPC v1.* answer alike; API keys carry their tenant and
 * scopes; lists page by cursor; every error is { code, message, details }.
 */

let A: TenantFixture;
let B: TenantFixture;
let full: string;

const ALL = ["customers:write", "subscriptions:write", "orders:write", "usage:write", "catalog:read", "events:read"] as const;

beforeAll(async () => {
  const admin = await createPlatformAdmin("v1");
  [A, B] = await Promise.all([createTenantFixture(admin, "v1a"), createTenantFixture(admin, "v1b")]);
  await Promise.all([setTier(A, "enterprise"), setTier(B, "enterprise")]);
  full = (await createKey(A, [...ALL])).secret;
  // A few more customers so paging has pages.
  await withTenant({ kind: "system", tenantId: A.id }, (tx) =>
    tx.execute(sql`insert into customers (tenant_id, name, currency) select ${A.id}, 'Paged ' || g, 'EUR' from generate_series(1, 7) g`),
  );
});

afterAll(async () => {
  await closeAppPool();
  await closeRedis();
});

describe("REST results equal tRPC results", () => {
  test.each([
    ["GET", "/customers?limit=5", "customers.list", { limit: 5 }],
    ["GET", "/subscriptions", "subscriptions.list", {}],
    ["GET", "/orders?limit=3", "orders.list", { limit: 3 }],
    ["GET", "/products?status=active", "catalog.products", { status: "active" }],
    ["GET", "/events?limit=2", "events.list", { limit: 2 }],
  ] as const)("%s %s = v1.%s", async (method, path, procedure, input) => {
    const viaRest = await rest(method, path, { key: full });
    expect(viaRest.status).toBe(200);
    const [group, name] = procedure.split(".");
    const caller = (await keyCaller(full)).v1 as unknown as Record<string, Record<string, (i: unknown) => Promise<unknown>>>;
    const viaTrpc = await caller[group][name](input);
    expect(viaRest.body).toEqual(JSON.parse(JSON.stringify(viaTrpc)));
    expect((viaRest.body as { data: unknown[] }).data.length).toBeGreaterThan(0);
  });

  test("GET by id, for each resource", async () => {
    const caller = await keyCaller(full);
    expect((await rest("GET", `/customers/${A.customers.c1}`, { key: full })).body).toEqual(await caller.v1.customers.get({ id: A.customers.c1 }));
    expect((await rest("GET", `/orders/${A.distribution.orderId}`, { key: full })).body).toEqual(await caller.v1.orders.get({ id: A.distribution.orderId }));
    expect((await rest("GET", `/subscriptions/${A.contract.subscriptionId}`, { key: full })).body).toEqual(await caller.v1.subscriptions.get({ id: A.contract.subscriptionId }));
    expect((await rest("GET", `/products/${A.contract.products.stock}`, { key: full })).body).toEqual(await caller.v1.catalog.product({ id: A.contract.products.stock }));
  });

  test("a REST write is what tRPC then reads, and matches the UI's view of the row", async () => {
    const name = `API customer ${suffix()}`;
    const created = await rest("POST", "/customers", { key: full, body: { name, currency: "EUR", creditLimitMinor: "250000", city: "Lyon", countryCode: "fr" } });
    expect(created.status).toBe(200);
    const body = created.body as { id: string; creditLimitMinor: string; countryCode: string };
    expect(body).toMatchObject({ name, creditLimitMinor: "250000", countryCode: "FR", city: "Lyon" });
    expect(await (await keyCaller(full)).v1.customers.get({ id: body.id })).toEqual(body);
    const staff = createCaller(context(await tenantHostOf(A), await tenantActorOf(A, A.users.owner)));
    const ui = await staff.customers.get({ id: body.id });
    expect(ui.customer.creditLimitMinor).toBe(250000n);
    const patched = await rest("PATCH", `/customers/${body.id}`, { key: full, body: { creditLimitMinor: 1000 } });
    expect(patched.body).toMatchObject({ id: body.id, creditLimitMinor: "1000" });
    // Key requests have no user: the audit log names the key and the procedure.
    const audit = await withTenant({ kind: "system", tenantId: A.id }, (tx) =>
      tx.execute<{ entity_type: string; data: { procedure: string } }>(sql`select entity_type, data from audit_log where action = 'api_key.mutation' order by occurred_at desc, id desc limit 2`),
    );
    expect(audit.map((a) => a.data.procedure)).toEqual(["v1.customers.update", "v1.customers.create"]);
  });
});

test("a subscription created and cancelled over REST reads the same over tRPC", async () => {
  const body = {
    customerId: A.customers.c1, currency: "EUR", termStart: "2027-01-01", termEnd: "2027-12-31",
    items: [{ kind: "recurring_fee", productId: A.contract.products.stock, quantity: "2" }],
  };
  const created = await rest("POST", "/subscriptions", { key: full, body, idempotencyKey: `sub-${suffix()}` });
  expect(created.status).toBe(200);
  const sub = created.body as { id: string; status: string; number: string };
  expect(sub).toMatchObject({ status: "draft", customerId: A.customers.c1, termStart: "2027-01-01" });
  expect(await (await keyCaller(full)).v1.subscriptions.get({ id: sub.id })).toEqual(sub);
  const cancelled = await rest("POST", `/subscriptions/${sub.id}/transition`, { key: full, body: { to: "cancelled" } });
  expect(cancelled.body).toMatchObject({ id: sub.id, status: "cancelled", cancelAt: "2027-12-31" });
  const illegal = await rest("POST", `/subscriptions/${sub.id}/transition`, { key: full, body: { to: "active" } });
  expect(illegal).toMatchObject({ status: 400, body: { code: "BAD_REQUEST", details: null } });
  const readOnly = await createKey(A, ["subscriptions:read"]);
  expect((await rest("POST", "/subscriptions", { key: readOnly.secret, body })).status).toBe(403);
});

describe("cursor pagination", () => {
  test("pages by cursor cover every row once, in id order", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r: { body: unknown; status: number } = await rest("GET", `/customers?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, { key: full });
      expect(r.status).toBe(200);
      const page = r.body as { data: Array<{ id: string }>; nextCursor: string | null };
      seen.push(...page.data.map((c) => c.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 50);
    const all = await withTenant({ kind: "system", tenantId: A.id }, (tx) => tx.execute<{ id: string }>(sql`select id from customers order by id`));
    expect(seen).toEqual(all.map((r) => r.id));
    expect(pages).toBeGreaterThan(2);
  });

  test("a cursor from another tenant is a clear 400, also over tRPC", async () => {
    const fromB = (await rest("GET", "/customers?limit=1", { key: (await createKey(B, ["customers:read"])).secret })).body as { nextCursor: string };
    expect(fromB.nextCursor).toBeTruthy();
    const r = await rest("GET", `/customers?cursor=${fromB.nextCursor}`, { key: full });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ code: "BAD_REQUEST", message: "This cursor belongs to another tenant's list", details: { cursor: ["Cursor from another tenant"] } });
    const err = await failure((await keyCaller(full)).v1.customers.list({ cursor: fromB.nextCursor }));
    expect(err.code).toBe("BAD_REQUEST");
    const junk = await rest("GET", "/customers?cursor=not-a-cursor", { key: full });
    expect(junk.body).toMatchObject({ code: "BAD_REQUEST", message: "Invalid cursor: pass the nextCursor of a previous page" });
  });
});

describe("the event log over the API", () => {
  test("pages by cursor replay every event once, in seq order, from any point; types filter; bad input is a 400", async () => {
    // The fixture's order flows wrote events; a few more so there are several pages.
    await withTenant({ kind: "system", tenantId: A.id }, async (tx) => {
      const { emitEvents } = await import("../../server/domain/events/emit");
      emitEvents(tx, A.id, Array.from({ length: 5 }, (_, i) => ({ type: "invoice.paid" as const, payload: { n: i } })));
    });
    const all = await withTenant({ kind: "system", tenantId: A.id }, (tx) => tx.execute<{ seq: string }>(sql`select seq from events order by seq`));
    const pageThrough = async (start: string | null, query = "") => {
      const seqs: number[] = [];
      let cursor = start;
      for (let pages = 0; pages < 50; pages++) {
        const r = await rest("GET", `/events?limit=2${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, { key: full });
        expect(r.status).toBe(200);
        const page = r.body as { data: Array<{ seq: number; type: string; occurredAt: string }>; nextCursor: string | null; hasMore: boolean; latestSeq: number };
        seqs.push(...page.data.map((e) => e.seq));
        expect(page.latestSeq).toBe(Number(all.at(-1)!.seq));
        cursor = page.nextCursor;
        if (!page.hasMore) return { seqs, cursor };
      }
      throw new Error("too many pages");
    };
    const everything = await pageThrough(null);
    expect(everything.seqs).toEqual(all.map((r) => Number(r.seq)));
    // Resuming from the cursor after the third event replays the rest.
    const third = (await rest("GET", "/events?limit=3", { key: full })).body as { nextCursor: string };
    expect((await pageThrough(third.nextCursor)).seqs).toEqual(all.slice(3).map((r) => Number(r.seq)));
    // A consumer that has everything gets an empty page and keeps its place.
    const caughtUp = (await rest("GET", `/events?cursor=${encodeURIComponent(everything.cursor!)}`, { key: full })).body as { data: unknown[]; nextCursor: string };
    expect(caughtUp).toMatchObject({ data: [], nextCursor: everything.cursor });
    // Only some types.
    const paid = await pageThrough(null, "&types=invoice.paid");
    expect(paid.seqs).toHaveLength(5);

    const unknownType = await rest("GET", "/events?types=invoice.paid,invoice.eaten", { key: full });
    expect(unknownType.status).toBe(400);
    expect(JSON.stringify(unknownType.body)).toMatch(/Unknown event type: invoice\.eaten/);
    const fromB = (await rest("GET", "/events?limit=1", { key: (await createKey(B, ["events:read"])).secret })).body as { nextCursor: string | null };
    const foreign = await rest("GET", `/events?cursor=${fromB.nextCursor ?? Buffer.from(`ev1.${B.id}.1`).toString("base64url")}`, { key: full });
    expect(foreign.body).toEqual({ code: "BAD_REQUEST", message: "This cursor belongs to another tenant's list", details: { cursor: ["Cursor from another tenant"] } });
    expect((await rest("GET", "/events?cursor=junk", { key: full })).body).toMatchObject({ code: "BAD_REQUEST", message: "Invalid cursor: pass the nextCursor of a previous page" });
    // A key without events:read is refused.
    const noEvents = (await createKey(A, ["customers:read"])).secret;
    expect((await rest("GET", "/events", { key: noEvents })).status).toBe(403);
  });
});

describe("API keys and scopes", () => {
  test("a read key cannot write (403), and nothing is created", async () => {
    const { secret } = await createKey(A, ["customers:read"]);
    const name = `Denied ${suffix()}`;
    const r = await rest("POST", "/customers", { key: secret, body: { name, currency: "EUR" } });
    expect(r.status).toBe(403);
    expect(r.body).toEqual({ code: "FORBIDDEN", message: "This API key lacks the customers:write scope", details: null });
    expect((await rest("GET", "/customers", { key: secret })).status).toBe(200);
    expect((await rest("GET", "/orders", { key: secret })).body).toMatchObject({ code: "FORBIDDEN", message: "This API key lacks the orders:read scope" });
    const count = await withTenant({ kind: "system", tenantId: A.id }, (tx) => tx.execute<{ n: string }>(sql`select count(*) as n from customers where name = ${name}`));
    expect(Number(count[0].n)).toBe(0);
  });

  test("a revoked key is a 401 at once; malformed, unknown and expired keys are 401s with their reason", async () => {
    const { id, secret } = await createKey(A, ["customers:read"]);
    expect((await rest("GET", "/customers", { key: secret })).status).toBe(200);
    await withTenant({ kind: "operator", tenantId: A.id, userId: A.users.admin.id }, (tx) => revokeApiKey(tx, { tenantId: A.id, userId: A.users.admin.id }, id));
    expect(await rest("GET", "/customers", { key: secret })).toMatchObject({ status: 401, body: { code: "UNAUTHORIZED", message: "This API key has been revoked", details: null } });

    expect(await rest("GET", "/customers", { key: "trb_short" })).toMatchObject({ status: 401, body: { message: expect.stringMatching(/^Malformed API key/) } });
    expect(await rest("GET", "/customers", { key: `trb_${"A".repeat(43)}` })).toMatchObject({ status: 401, body: { message: "Unknown API key" } });
    expect(await rest("GET", "/customers", { authorization: "Basic abc" })).toMatchObject({ status: 401, body: { message: expect.stringMatching(/^Malformed Authorization header/) } });
    expect(await rest("GET", "/customers")).toMatchObject({ status: 401, body: { code: "UNAUTHORIZED", message: expect.stringMatching(/^Missing API key/) } });

    const expiring = await createKey(A, ["customers:read"]);
    await withTenant({ kind: "system", tenantId: A.id }, (tx) => tx.execute(sql`update api_keys set expires_at = now() - interval '1 minute' where id = ${expiring.id}`));
    expect(await rest("GET", "/customers", { key: expiring.secret })).toMatchObject({ status: 401, body: { message: "This API key has expired" } });
  });

  test("a key of tenant A sees only A, whatever the Host", async () => {
    const page = (await rest("GET", "/customers?limit=100", { key: full })).body as { data: Array<{ id: string }> };
    const ids = new Set(page.data.map((c) => c.id));
    expect(ids.has(A.customers.c1)).toBe(true);
    expect(ids.has(B.customers.c1)).toBe(false);
    expect(await rest("GET", `/customers/${B.customers.c1}`, { key: full })).toMatchObject({ status: 404, body: { code: "NOT_FOUND", message: "No such customer", details: null } });
    // B's order cannot be read, nor ordered against B's customer.
    expect((await rest("GET", `/orders/${B.distribution.orderId}`, { key: full })).status).toBe(404);
    const cross = await rest("POST", "/orders", { key: full, body: { customerId: B.customers.c1, lines: [{ productId: B.contract.products.stock, quantity: 1 }] } });
    expect(cross.status).toBe(404);
  });

  test("API keys cannot call the portal's procedures, and sessions cannot call v1", async () => {
    const err = await failure((await keyCaller(full)).customers.list({}));
    expect(err).toMatchObject({ code: "FORBIDDEN", message: "API keys can call the /api/v1 procedures only" });
    const staff = createCaller(context(await tenantHostOf(A), await tenantActorOf(A, A.users.owner)));
    expect((await failure(staff.v1.customers.list({}))).code).toBe("FORBIDDEN");
    expect((await staff.apiKeys.list({})).keys.total).toBeGreaterThan(0); // owners manage keys in the portal
  });

  test("the key table stores only a hash, and a key cannot read it", async () => {
    const { id, secret } = await createKey(A, ["catalog:read"]);
    const [row] = await withTenant({ kind: "operator", tenantId: A.id, userId: A.users.owner.id }, (tx) =>
      tx.execute<{ secret_hash: string; prefix: string }>(sql`select secret_hash, prefix from api_keys where id = ${id}`),
    );
    expect(row.secret_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.secret_hash).not.toContain(secret);
    expect(secret.startsWith(row.prefix)).toBe(true);
    const asKey = await withTenant({ kind: "api_key", tenantId: A.id, keyId: id }, (tx) => tx.execute(sql`select id from api_keys`));
    expect(asKey).toHaveLength(0);
  });
});

describe("errors and the document", () => {
  test("validation errors: 400 with field details", async () => {
    const r = await rest("POST", "/customers", { key: full, body: { name: "X", currency: "EURO" } });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/^Invalid input: /), details: { name: ["Name must be at least 2 characters"], currency: ["Use a three-letter ISO currency code"] } });
    const q = await rest("GET", "/customers?limit=1000", { key: full });
    expect(q).toMatchObject({ status: 400, body: { code: "BAD_REQUEST", details: { limit: [expect.any(String)] } } });
    expect(await rest("GET", "/nowhere", { key: full })).toMatchObject({ status: 404, body: { code: "NOT_FOUND", message: "Not found", details: null } });
  });

  test("usage ingestion over REST reports per-event rejections and dedupes", async () => {
    const event = { eventId: `ev-${suffix()}`, meter: "nope", subscriptionId: A.contract.subscriptionId, quantity: 1, timestamp: new Date().toISOString() };
    const r = await rest("POST", "/usage-events", { key: full, body: { events: [event] } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ accepted: 0, rejected: [{ index: 0, eventId: event.eventId }] });
  });

  test("/api/v1/openapi.json documents every v1 procedure, its parameters and the error body", async () => {
    const r = await rest("GET", "/openapi.json");
    expect(r.status).toBe(200);
    const doc = r.body as { paths: Record<string, Record<string, { parameters?: Array<{ name: string }> }>>; components: { schemas: Record<string, unknown> } };
    expect(Object.keys(doc.paths).sort()).toEqual(["/customers", "/customers/{id}", "/events", "/orders", "/orders/{id}", "/products", "/products/{id}", "/subscriptions", "/subscriptions/{id}", "/subscriptions/{id}/transition", "/usage-events"]);
    expect(doc.paths["/customers"].get.parameters?.map((p) => p.name)).toEqual(["limit", "cursor", "status"]);
    expect(doc.paths["/customers"].post.parameters?.map((p) => p.name)).toEqual(["idempotency-key"]);
    expect(doc.paths["/events"].get.parameters?.map((p) => p.name)).toEqual(["limit", "cursor", "types"]);
    expect(doc.components.schemas["error.BAD_REQUEST"]).toMatchObject({ required: ["code", "message", "details"] });
    expect(doc.components.schemas.Customer).toBeTruthy();
  });
});
