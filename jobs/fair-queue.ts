import type { Job, Queue } from "bullmq";
import type { Redis } from "ioredis";

/*
 * Fair background work on BullMQ (OSS BullMQ has no groups). Producers do not add jobs to the BullMQ
 * queue directly: they append them to their tenant's pending list in Redis. A dispatcher moves jobs
 * into the BullMQ queue round-robin over tenants, and only while
 *   - the tenant has fewer than `perTenantCap` jobs dispatched and unfinished (its share of the
 *     workers is capped), and
 *   - fewer than `globalCap` jobs are dispatched in all (so the BullMQ queue stays short: a tenant
 *     that arrives behind a 10,000-job backlog is next in line, not 10,000th).
 * Each step is one Lua script, so concurrent producers, dispatchers and finishing jobs never race.
 *
 * Keys share the hash tag {fq:<name>} (one cluster slot). Per-tenant list keys are built inside the
 * scripts, which a Redis Cluster tolerates only within one slot: that is what the hash tag is for.
 */

const ENQUEUE = `
local p, t, cap = KEYS[1], ARGV[1], tonumber(ARGV[2])
for i = 3, #ARGV do redis.call('RPUSH', p .. ':p:' .. t, ARGV[i]) end
local inflight = tonumber(redis.call('HGET', p .. ':inflight', t) or '0')
if inflight < cap and redis.call('SADD', p .. ':inready', t) == 1 then redis.call('RPUSH', p .. ':ready', t) end
return redis.call('LLEN', p .. ':p:' .. t)`;

const TAKE = `
local p, cap, globalCap = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2])
local total = tonumber(redis.call('GET', p .. ':total') or '0')
local room = globalCap - total
local out = {}
while room > 0 do
  local t = redis.call('LPOP', p .. ':ready')
  if not t then break end
  local item = redis.call('LPOP', p .. ':p:' .. t)
  if not item then
    redis.call('SREM', p .. ':inready', t)
  else
    local inflight = redis.call('HINCRBY', p .. ':inflight', t, 1)
    redis.call('INCR', p .. ':total')
    room = room - 1
    out[#out + 1] = t
    out[#out + 1] = item
    if inflight < cap and redis.call('LLEN', p .. ':p:' .. t) > 0 then
      redis.call('RPUSH', p .. ':ready', t)
    else
      redis.call('SREM', p .. ':inready', t)
    end
  end
end
return out`;

const RELEASE = `
local p, t, cap = KEYS[1], ARGV[1], tonumber(ARGV[2])
local v = redis.call('HINCRBY', p .. ':inflight', t, -1)
if v <= 0 then redis.call('HDEL', p .. ':inflight', t); v = 0 end
if redis.call('DECR', p .. ':total') < 0 then redis.call('SET', p .. ':total', 0) end
if v < cap and redis.call('LLEN', p .. ':p:' .. t) > 0 and redis.call('SADD', p .. ':inready', t) == 1 then redis.call('RPUSH', p .. ':ready', t) end
return v`;

export interface FairItem<T> { jobId: string; data: T }
export interface FairOptions { perTenantCap: number; globalCap: number; jobName?: string; jobOptions?: Parameters<Queue["add"]>[2] }

export class FairQueue<T extends { tenantId: string }> {
  readonly prefix: string;

  constructor(
    readonly name: string,
    private readonly redis: Redis,
    private readonly queue: Queue,
    readonly options: FairOptions,
  ) {
    this.prefix = `{fq:${name}}`;
  }

  /** Appends jobs to the tenant's pending list (in chunks: a 10,000-job backlog is ten round trips). */
  async enqueue(tenantId: string, items: ReadonlyArray<FairItem<Omit<T, "tenantId">>>): Promise<void> {
    for (let i = 0; i < items.length; i += 1000) {
      const chunk = items.slice(i, i + 1000).map((it) => JSON.stringify(it));
      await this.redis.eval(ENQUEUE, 1, this.prefix, tenantId, this.options.perTenantCap, ...chunk);
    }
  }

  /** Moves what the caps allow into the BullMQ queue; returns how many jobs it dispatched. */
  async pump(): Promise<number> {
    const taken = (await this.redis.eval(TAKE, 1, this.prefix, this.options.perTenantCap, this.options.globalCap)) as string[];
    if (taken.length === 0) return 0;
    const jobs = [];
    for (let i = 0; i < taken.length; i += 2) {
      const tenantId = taken[i];
      const item = JSON.parse(taken[i + 1]) as FairItem<Omit<T, "tenantId">>;
      jobs.push({
        name: this.options.jobName ?? this.name,
        data: { ...item.data, tenantId } as T,
        opts: { removeOnComplete: true, removeOnFail: { age: 7 * 86_400 }, ...this.options.jobOptions, jobId: item.jobId },
      });
    }
    await this.queue.addBulk(jobs);
    return jobs.length;
  }

  /** A dispatched job finished (done or failed for good): frees its tenant's slot. */
  async release(tenantId: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.prefix, tenantId, this.options.perTenantCap);
  }

  /** Wraps a processor so every job releases its slot and lets the next one in, however it ends. */
  processor<R>(fn: (job: Job<T>) => Promise<R>): (job: Job<T>) => Promise<R> {
    return async (job) => {
      try {
        return await fn(job);
      } finally {
        await this.release(job.data.tenantId);
        await this.pump();
      }
    };
  }

  /** Jobs waiting per tenant (not yet dispatched), for metrics and the bench. */
  async pendingByTenant(): Promise<Map<string, number>> {
    const keys: string[] = [];
    let cursor = "0";
    do {
      const [next, found] = await this.redis.scan(cursor, "MATCH", `${this.prefix}:p:*`, "COUNT", 1000);
      cursor = next;
      keys.push(...found);
    } while (cursor !== "0");
    const out = new Map<string, number>();
    for (const key of keys) {
      const n = await this.redis.llen(key);
      if (n > 0) out.set(key.slice(`${this.prefix}:p:`.length), n);
    }
    return out;
  }

  async inflightByTenant(): Promise<Map<string, number>> {
    const all = await this.redis.hgetall(`${this.prefix}:inflight`);
    return new Map(Object.entries(all).map(([t, n]) => [t, Number(n)]));
  }

  /**
   * At worker start (one dispatcher): forgets in-flight counts a crashed worker left behind and puts
   * every tenant with pending jobs back in the round. Jobs still in BullMQ release into a floor of 0.
   */
  async reset(): Promise<void> {
    await this.redis.del(`${this.prefix}:inflight`, `${this.prefix}:total`, `${this.prefix}:ready`, `${this.prefix}:inready`);
    for (const tenantId of (await this.pendingByTenant()).keys()) {
      await this.redis.eval(ENQUEUE, 1, this.prefix, tenantId, this.options.perTenantCap);
    }
  }

  /** Drops everything (tests and the bench). */
  async obliterate(): Promise<void> {
    const pending = await this.pendingByTenant();
    await this.redis.del(`${this.prefix}:inflight`, `${this.prefix}:total`, `${this.prefix}:ready`, `${this.prefix}:inready`, ...[...pending.keys()].map((t) => `${this.prefix}:p:${t}`));
  }
}
