import { Queue, type ConnectionOptions } from "bullmq";

/** One queue per kind of work; later issues add renewals, replenishment, commissions, ... */
export const QUEUES = {
  system: "system",
  replenishment: "replenishment",
  commissions: "commissions",
} as const;

export interface SystemJobs {
  /** A no-op that proves a worker is up and consuming. */
  health: { requestedAt: string };
}

/**
 * A replenishment run of one tenant: "run" works the run row an operator requested (`runId`);
 * "scheduled" is the daily job of the tenant's job scheduler, which makes its run row itself.
 */
export interface ReplenishmentJob { tenantId: string; runId?: string }
export interface ReplenishmentResult { runId: string; status: string; done: number; total: number; ordersCreated: number }

/** A settlement run of one tenant: "run" works an operator's run row; "scheduled" (monthly) makes its own for last month. */
export interface CommissionJob { tenantId: string; runId?: string }
export interface CommissionResult { runId: string; status: string; done: number; total: number; statementsCreated: number }

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

const globalForQueues = globalThis as unknown as { tributaryReplenishmentQueue?: Queue<ReplenishmentJob, ReplenishmentResult, string> };

/** The process's replenishment queue (a producer: the API's "run now", the worker's scheduler sync). */
export function replenishmentQueue(): Queue<ReplenishmentJob, ReplenishmentResult, string> {
  globalForQueues.tributaryReplenishmentQueue ??= new Queue(QUEUES.replenishment, { connection: queueConnection() });
  return globalForQueues.tributaryReplenishmentQueue;
}

export async function closeReplenishmentQueue(): Promise<void> {
  const queue = globalForQueues.tributaryReplenishmentQueue;
  globalForQueues.tributaryReplenishmentQueue = undefined;
  await queue?.close();
}

const globalForCommissions = globalThis as unknown as { tributaryCommissionQueue?: Queue<CommissionJob, CommissionResult, string> };

/** The process's commissions queue (the API's "settle month", the worker's scheduler sync). */
export function commissionQueue(): Queue<CommissionJob, CommissionResult, string> {
  globalForCommissions.tributaryCommissionQueue ??= new Queue(QUEUES.commissions, { connection: queueConnection() });
  return globalForCommissions.tributaryCommissionQueue;
}

export async function closeCommissionQueue(): Promise<void> {
  const queue = globalForCommissions.tributaryCommissionQueue;
  globalForCommissions.tributaryCommissionQueue = undefined;
  await queue?.close();
}
