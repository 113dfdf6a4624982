import { sql } from "drizzle-orm";
import { z } from "zod";
import { appPool, type AppDb } from "./client";
import { trackSavepoints, type TxHook } from "./tx-hooks";

export type TenantTx = Parameters<Parameters<AppDb["transaction"]>[0]>[0];

const uuid = z.uuid();

/**
 * Who a transaction acts for. RLS reads these settings, so what a scope may see is decided by
 * Postgres policies, not by the WHERE clauses of the code running inside it.
 */
export type Scope =
  | { kind: "operator"; tenantId: string; userId: string }
  | { kind: "reseller"; tenantId: string; userId: string; resellerId: string }
  | { kind: "customer"; tenantId: string; userId: string; customerId: string }
  /** A tenant API key: the whole tenant like staff (RLS), no user; what it may call is its scopes' business. */
  | { kind: "api_key"; tenantId: string; keyId: string }
  /** Background jobs and seeds: the whole tenant, no user. */
  | { kind: "system"; tenantId: string }
  /** Only the user's own rows (their membership): how a session learns its role. */
  | { kind: "session"; tenantId: string | null; userId: string }
  /** The platform console: all tenant rows (tenants table), and one tenant's data when tenantId is set. */
  | { kind: "platform"; tenantId: string | null; userId: string };

function settingsOf(scope: Scope) {
  const read = (key: string) => (key in scope ? (scope as Record<string, string | null>)[key] : null);
  const settings = {
    tenantId: scope.tenantId,
    userId: read("userId"),
    resellerId: read("resellerId"),
    customerId: read("customerId"),
  };
  for (const [key, value] of Object.entries(settings)) {
    if (value !== null && !uuid.safeParse(value).success) throw new Error(`withTenant: ${key} is not a uuid`);
  }
  if (scope.kind !== "platform" && scope.kind !== "session" && !settings.tenantId) throw new Error(`withTenant: a ${scope.kind} scope needs a tenant`);
  return settings;
}

/**
 * Runs `fn` in one transaction whose settings (`app.tenant_id`, `app.user_id`, `app.scope`,
 * `app.reseller_id`, `app.customer_id`) are local to it. Every database access of a request or
 * job goes through here; the settings vanish at commit, so a pooled connection never leaks them.
 */
export async function withTenant<T>(scope: Scope, fn: (tx: TenantTx) => Promise<T>): Promise<T> {
  const s = settingsOf(scope);
  const atCommit: Array<Promise<unknown>> = [];
  let result: T;
  try {
    result = await appPool().db.transaction(async (tx) => {
      repliesAtCommit.set(tx, atCommit);
      return body(tx);
    });
  } catch (error) {
    // A statement that failed first aborted the transaction; what failed after it only followed.
    throw (await firstFailure(atCommit)) ?? error;
  }
  // Postgres answers COMMIT in a transaction a failed statement aborted by rolling it back, without an
  // error: the failure is the statement's, reported here.
  const failure = await firstFailure(atCommit);
  if (failure !== undefined) throw failure;
  return result;

  async function body(tx: TenantTx): Promise<T> {
    // Issued first and not awaited on its own: the connection runs statements in the order they are
    // issued, so fn's statements see the settings without waiting a round trip for them; should it
    // fail, fn's statements fail with it (an aborted transaction), never run without them.
    const settings = tx
      .execute(sql`select
        set_config('app.tenant_id', ${s.tenantId ?? ""}, true),
        set_config('app.user_id', ${s.userId ?? ""}, true),
        set_config('app.scope', ${scope.kind}, true),
        set_config('app.reseller_id', ${s.resellerId ?? ""}, true),
        set_config('app.customer_id', ${s.customerId ?? ""}, true)`)
      .then(() => undefined);
    scopeOfTx.set(tx, scope.kind);
    trackSavepoints(tx);
    const [, value] = await Promise.all([settings, fn(tx)]);
    // Work deferred to the end of the transaction (the outbox's events), so it holds its locks only
    // until commit; its statements go out with the COMMIT and are answered with it.
    atCommit.push(runBeforeCommit(tx));
    let failedEarly: { error: unknown } | undefined;
    for (const p of atCommit) p.catch((error: unknown) => (failedEarly ??= { error }));
    // The COMMIT must be queued on the connection after them. Handing a statement to the connection
    // takes a few promise jobs (drizzle's and postgres.js's); a next-tick callback runs only once the
    // promise jobs queued so far have all run, so by then they are queued, and the COMMIT goes after.
    await new Promise<void>((resolve) => process.nextTick(resolve));
    // One that failed before reaching Postgres (a hook's own check) must not let the COMMIT go: roll back.
    if (failedEarly) throw failedEarly.error;
    return value;
  }
}

/** Each withTenant transaction's statements whose replies it awaits after its COMMIT (see `awaitWithCommit`). */
const repliesAtCommit = new WeakMap<TenantTx, Array<Promise<unknown>>>();

async function firstFailure(pending: ReadonlyArray<Promise<unknown>>): Promise<unknown> {
  for (const outcome of await Promise.allSettled(pending)) if (outcome.status === "rejected") return outcome.reason;
  return undefined;
}

/**
 * For a transaction's last writes: instead of a round trip of their own, their replies come back with
 * the COMMIT's, which the connection sends right behind them. Should one fail, the transaction is
 * rolled back and withTenant throws its error (a failure reported after the body returned, so the
 * body must not act on the writes having succeeded). In a savepoint, or outside withTenant, the
 * statement is awaited now.
 */
export async function awaitWithCommit(tx: TenantTx, statement: PromiseLike<unknown>): Promise<void> {
  // One `then`, once: a drizzle query runs again on each call of it.
  const reply = Promise.resolve(statement);
  const pending = repliesAtCommit.get(tx);
  if (!pending) return void (await reply);
  reply.catch(() => undefined); // reported by withTenant
  pending.push(reply);
}

/** The scope each open transaction runs under, so asSystem needs no round trip to learn it. */
const scopeOfTx = new WeakMap<TenantTx, string>();

/**
 * Runs `fn` in the caller's transaction with the `system` scope, then restores the caller's scope.
 * For the few steps that act for the tenant rather than the signed-in user, after the domain code has
 * checked what the user may do: a customer's order reserves the tenant's stock, which the customer
 * itself may not write.
 */
export async function asSystem<T>(tx: TenantTx, fn: () => Promise<T>): Promise<T> {
  // A savepoint's tx object is not in the map: ask Postgres then.
  const scope = scopeOfTx.get(tx) ?? (await tx.execute<{ scope: string }>(sql`select current_setting('app.scope', true) as scope`))[0].scope;
  if (scope === "system") return fn();
  // Not awaited on their own: statements on a transaction's connection run in the order they are
  // issued, so fn's statements follow the switch (and the caller's the restore) without a round trip
  // of their own; a failed switch fails fn's statements, and is reported here.
  const switched = tx.execute(sql`select set_config('app.scope', 'system', true)`).then(() => undefined);
  scopeOfTx.set(tx, "system");
  try {
    const [, result] = await Promise.all([switched, fn()]);
    return result;
  } finally {
    scopeOfTx.set(tx, scope);
    // Restored even when fn throws and the caller carries on; an aborted transaction is unusable anyway.
    void tx.execute(sql`select set_config('app.scope', ${scope}, true)`).then(undefined, () => undefined);
  }
}

const beforeCommit: TxHook[] = [];

/**
 * Registers work every withTenant transaction runs after its body, before commit (the outbox flush).
 * A hook must issue its statements before its first await: the COMMIT is sent right behind them.
 */
export function onBeforeCommit(hook: TxHook): void {
  if (!beforeCommit.includes(hook)) beforeCommit.push(hook);
}

/** Every hook issues its statements before its first await, so they all precede the COMMIT. */
async function runBeforeCommit(tx: TenantTx): Promise<void> {
  await Promise.all(beforeCommit.map((hook) => hook(tx)));
}
