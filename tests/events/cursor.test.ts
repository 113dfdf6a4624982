import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { closeAppPool } from "../../db/client";
import { withTenant } from "../../db/with-tenant";
import { createCaller } from "../../server/api/root";
import { emitEvents } from "../../server/domain/events/emit";
import { encodeCursor } from "../../server/domain/events/log";
import { closeRedis } from "../../server/redis";
import { failure } from "../helpers/trpc";
import { context, createPlatformAdmin, createTenantFixture, tenantActorOf, tenantHostOf, type TenantFixture } from "../helpers/fixtures";

let A: TenantFixture;
let B: TenantFixture;
const api = async (T: TenantFixture) => createCaller(context(await tenantHostOf(T), await tenantActorOf(T, T.users.admin)));

beforeAll(async () => {
  const admin = await createPlatformAdmin("cursor");
  [A, B] = await Promise.all([createTenantFixture(admin, "cur-a"), createTenantFixture(admin, "cur-b")]);
  await withTenant({ kind: "system", tenantId: A.id }, async (tx) => {
    emitEvents(tx, A.id, Array.from({ length: 10 }, (_, i) => ({ type: i % 2 ? ("order.shipped" as const) : ("order.created" as const), payload: { i } })));
  });
});
afterAll(async () => {
  await closeAppPool();
  await closeRedis();
});

describe("events.list by cursor", () => {
  test("paging by nextCursor walks the whole log once, in order; replay from any cursor returns the same tail", async () => {
    const a = await api(A);
    const all = await a.events.list({ limit: 500 });
    expect(all.hasMore).toBe(false);
    const seqs = all.events.map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1)); // gapless from 1

    const walked: number[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 20; page++) {
      const p = await a.events.list({ after: cursor, limit: 3 });
      walked.push(...p.events.map((e) => e.seq));
      cursor = p.nextCursor ?? undefined;
      if (!p.hasMore) break;
    }
    expect(walked).toEqual(seqs);

    // A consumer that stored the cursor after event 5 replays 6.. exactly.
    const replay = await a.events.list({ after: encodeCursor(A.id, 5), limit: 500 });
    expect(replay.events.map((e) => e.seq)).toEqual(seqs.filter((s) => s > 5));
    expect(replay.events[0]).toEqual(all.events[5]);

    // At the end, the cursor stays put, so polling again later resumes there.
    const end = await a.events.list({ after: cursor, limit: 3 });
    expect(end).toMatchObject({ events: [], hasMore: false, nextCursor: cursor, latestSeq: seqs.at(-1) });
  });

  test("filtering by type keeps the order and the cursor", async () => {
    const a = await api(A);
    const shipped = await a.events.list({ types: ["order.shipped"], limit: 500 });
    expect(shipped.events.length).toBeGreaterThanOrEqual(5);
    expect(new Set(shipped.events.map((e) => e.type))).toEqual(new Set(["order.shipped"]));
  });

  test("a cursor from another workspace, or a malformed one, is a clear BAD_REQUEST", async () => {
    const b = await api(B);
    const fromA = (await (await api(A)).events.list({ limit: 2 })).nextCursor!;
    expect(await failure(b.events.list({ after: fromA }))).toMatchObject({ code: "BAD_REQUEST", message: "This cursor belongs to another workspace" });
    expect(await failure(b.events.list({ after: "not-a-cursor" }))).toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/not valid/) });
    expect(await failure(b.events.list({ limit: 501 }))).toMatchObject({ code: "BAD_REQUEST" });
  });

  test("each tenant sees only its own log", async () => {
    const a = await (await api(A)).events.list({ limit: 500 });
    const b = await (await api(B)).events.list({ limit: 500 });
    const ids = new Set(a.events.map((e) => e.id));
    expect(b.events.some((e) => ids.has(e.id))).toBe(false);
  });
});
