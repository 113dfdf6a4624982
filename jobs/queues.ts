import { Queue, type ConnectionOptions } from "bullmq";

/** One queue per kind of work; later issues add renewals, replenishment, commissions, ... */
export const QUEUES = {
  system: "system",
} as const;

export interface SystemJobs {
  /** A no-op that proves a worker is up and consuming. */
  health: { requestedAt: string };
}

/** BullMQ's own connection settings from REDIS_URL (each Queue/Worker opens its own connections). */
export function queueConnection(): ConnectionOptions {
  const url = process.env.REDIS_URL;
  if (!url) throw new Error("REDIS_URL is not set (see docs/configuration.md)");
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    username: parsed.username || undefined,
    password: parsed.password || undefined,
    db: Number(parsed.pathname.slice(1) || 0),
    maxRetriesPerRequest: null,
  };
}

export function systemQueue(): Queue<SystemJobs["health"], { ok: true; processedAt: string; pid: number }, "health"> {
  return new Queue(QUEUES.system, { connection: queueConnection() });
}
