import { Redis } from "ioredis";

const globalForRedis = globalThis as unknown as { tributaryRedis?: Redis };

/** The process's shared Redis connection (rate limits, queues' producers). Created on first use. */
export function redis(): Redis {
  if (!globalForRedis.tributaryRedis) {
    const url = process.env.REDIS_URL;
    if (!url) throw new Error("REDIS_URL is not set (see docs/configuration.md)");
    // BullMQ requires maxRetriesPerRequest: null on connections it blocks on.
    globalForRedis.tributaryRedis = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false });
  }
  return globalForRedis.tributaryRedis;
}

export async function closeRedis(): Promise<void> {
  const client = globalForRedis.tributaryRedis;
  globalForRedis.tributaryRedis = undefined;
  await client?.quit().catch(() => client.disconnect());
}
