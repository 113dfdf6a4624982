import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { closeAppPool } from "../../db/client";
import { awaitWithCommit, withTenant, type TenantTx } from "../../db/with-tenant";
import { emitEvents } from "../../server/domain/events/emit";
import { closeRedis } from "../../server/redis";
import { createPlatformAdmin, createTenantFixture, type TenantFixture } from "../helpers/fixtures";

/*
 * A transaction's last writes (`awaitWithCommit`) and its outbox flush go out with the COMMIT and are
 * answered with it (db/with-tenant.ts). Whatever fails among them must still roll the whole
 * transaction back and surface as withTenant's error.
 */

let A: TenantFixture;
let B: TenantFixture;
const system = () => ({ kind: "system" as const, tenantId: A.id });
let n = 0;
const counterName = () => `commit-pipelining-${Date.now()}-${n++}`;

beforeAll(async () => {
  const admin = await createPlatformAdmin("commitpipe");
  A = await createTenantFixture(admin, "commitpipe-a");
  B = await createTenantFixture(admin, "commitpipe-b");
});
afterAll(async () => {
  await closeAppPool();
  await closeRedis();
});

const bump = (tx: TenantTx, name: string) =>
  tx.execute(sql`insert into tenant_counters (tenant_id, name, period, last_value) values (${A.id}, ${name}, '', 1)`);
const counterExists = (name: string) =>
  withTenant(system(), (tx) => tx.execute<{ n: number }>(sql`select count(*)::int as n from tenant_counters where name = ${name}`)).then(([r]) => r.n === 1);
/** drizzle wraps a query's error ("Failed query: ..."); Postgres's message is its cause's. */
const postgresMessage = async (work: Promise<unknown>) => {
  const error = await work.then(() => null, (e: unknown) => e as Error & { cause?: Error });
  return error ? (error.cause?.message ?? error.message) : "no error";
};
const eventCount = () => withTenant(system(), (tx) => tx.execute<{ n: number }>(sql`select count(*)::int as n from events`)).then(([r]) => r.n);

describe("writes answered with the commit", () => {
  test("a write awaited with the commit is committed, and its transaction's events with it", async () => {
    const name = counterName();
    const events = await eventCount();
    const result = await withTenant(system(), async (tx) => {
      await awaitWithCommit(tx, bump(tx, name));
      emitEvents(tx, A.id, [{ type: "order.created", payload: { test: name } }]);
      return "done";
    });
    expect(result).toBe("done");
    expect(await counterExists(name)).toBe(true);
    expect(await eventCount()).toBe(events + 1);
  });

  test("a write that fails after the body returned rolls everything back, with its own error", async () => {
    const name = counterName();
    const events = await eventCount();
    const failed = withTenant(system(), async (tx) => {
      await bump(tx, name);
      await awaitWithCommit(tx, tx.execute(sql`select 1 / (select count(*) from tenant_counters where name = 'no such counter')`));
      emitEvents(tx, A.id, [{ type: "order.created", payload: { test: name } }]);
    });
    expect(await postgresMessage(failed)).toMatch(/division by zero/);
    expect(await counterExists(name)).toBe(false);
    expect(await eventCount()).toBe(events);
  });

  test("its error is reported even when the body went on and failed on the aborted transaction", async () => {
    const name = counterName();
    const failed = withTenant(system(), async (tx) => {
      await awaitWithCommit(tx, tx.execute(sql`select 1 / 0`));
      await bump(tx, name);
    });
    expect(await postgresMessage(failed)).toMatch(/division by zero/);
    expect(await counterExists(name)).toBe(false);
  });

  test("a failing outbox insert, sent with the commit, rolls the change back", async () => {
    const name = counterName();
    const events = await eventCount();
    const failed = withTenant(system(), async (tx) => {
      await bump(tx, name);
      emitEvents(tx, A.id, [{ type: "order.created", version: 70_000, payload: {} }]); // version is a smallint
    });
    expect(await postgresMessage(failed)).toMatch(/smallint/);
    expect(await counterExists(name)).toBe(false);
    expect(await eventCount()).toBe(events);
  });

  test("a flush that fails before reaching Postgres (events of two tenants) never lets the COMMIT go", async () => {
    const name = counterName();
    await expect(
      withTenant(system(), async (tx) => {
        await bump(tx, name);
        emitEvents(tx, A.id, [{ type: "order.created", payload: {} }]);
        emitEvents(tx, B.id, [{ type: "order.created", payload: {} }]);
      }),
    ).rejects.toThrow(/one transaction, one tenant/);
    expect(await counterExists(name)).toBe(false);
  });

  test("in a savepoint the write is awaited at once", async () => {
    const name = counterName();
    await withTenant(system(), async (tx) => {
      expect(await postgresMessage(tx.transaction((sp) => awaitWithCommit(sp as TenantTx, sp.execute(sql`select 1 / 0`))))).toMatch(/division by zero/);
      await bump(tx, name);
    });
    expect(await counterExists(name)).toBe(true);
  });
});
