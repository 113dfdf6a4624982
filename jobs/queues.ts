import { Queue, type ConnectionOptions } from "bullmq";

/** One queue per kind of work; later issues add renewals, replenishment, commissions, ... */
export const QUEUES = {
  system: "system",
  replenishment: "replenishment",
  dunning: "dunning",
  renewals: "renewals",
  /** The outbox relay's tick (a job scheduler, every second). */
  eventsRelay: "events-relay",
  /** Webhook delivery attempts, fed by the fair dispatcher (jobs/fair-queue.ts), never added to directly. */
  webhooks: "webhooks",
  commissions: "commissions",
} as const;

/** One attempt of one webhook delivery. */
export interface WebhookJob { tenantId: string; deliveryId: string; attempt: number }

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

/**
 * A dunning run of one tenant: every open case due by `today` (the tenant's local date when the
 * scheduler fires; tests and "run now" may fix it).
 */
export interface DunningJob { tenantId: string; today?: string }
export interface DunningResult { today: string; due: number; paid: number; retryFailed: number; exhausted: number; errors: number }

/**
 * Billing of one tenant: "run" works a renewal run an operator requested (`runId`); "scheduled" is the
 * daily job of the tenant's renewal scheduler (it makes its run row, through today); "recognize" is the
 * monthly revenue recognition (through the previous month, or `throughDate`).
 */
export interface RenewalJob { tenantId: string; runId?: string; throughDate?: string }
export interface RenewalResult { runId?: string; status: string; done: number; total: number; invoicesCreated: number; recognized?: number }
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

const globalForQueues = globalThis as unknown as {
  tributaryReplenishmentQueue?: Queue<ReplenishmentJob, ReplenishmentResult, string>;
  tributaryDunningQueue?: Queue<DunningJob, DunningResult, string>;
};

/** The process's replenishment queue (a producer: the API's "run now", the worker's scheduler sync). */
export function replenishmentQueue(): Queue<ReplenishmentJob, ReplenishmentResult, string> {
  globalForQueues.tributaryReplenishmentQueue ??= new Queue(QUEUES.replenishment, { connection: queueConnection() });
  return globalForQueues.tributaryReplenishmentQueue;
}

const globalForRenewals = globalThis as unknown as { tributaryRenewalsQueue?: Queue<RenewalJob, RenewalResult, string> };

/** The process's renewals queue (the API's "run now", the worker's scheduler sync). */
export function renewalsQueue(): Queue<RenewalJob, RenewalResult, string> {
  globalForRenewals.tributaryRenewalsQueue ??= new Queue(QUEUES.renewals, { connection: queueConnection() });
  return globalForRenewals.tributaryRenewalsQueue;
}

export async function closeRenewalsQueue(): Promise<void> {
  const queue = globalForRenewals.tributaryRenewalsQueue;
  globalForRenewals.tributaryRenewalsQueue = undefined;
  await queue?.close();
}

export async function closeReplenishmentQueue(): Promise<void> {
  const queue = globalForQueues.tributaryReplenishmentQueue;
  globalForQueues.tributaryReplenishmentQueue = undefined;
  await queue?.close();
}

/** The process's dunning queue (the worker's scheduler sync, "run now", tests). */
export function dunningQueue(): Queue<DunningJob, DunningResult, string> {
  globalForQueues.tributaryDunningQueue ??= new Queue(QUEUES.dunning, { connection: queueConnection() });
  return globalForQueues.tributaryDunningQueue;
}

export async function closeDunningQueue(): Promise<void> {
  const queue = globalForQueues.tributaryDunningQueue;
  globalForQueues.tributaryDunningQueue = undefined;
  await queue?.close();
}

const globalForWebhooks = globalThis as unknown as { tributaryWebhooksQueue?: Queue<WebhookJob>; tributaryEventsRelayQueue?: Queue };

export function webhooksQueue(): Queue<WebhookJob> {
  globalForWebhooks.tributaryWebhooksQueue ??= new Queue(QUEUES.webhooks, { connection: queueConnection() });
  return globalForWebhooks.tributaryWebhooksQueue;
}

export function eventsRelayQueue(): Queue {
  globalForWebhooks.tributaryEventsRelayQueue ??= new Queue(QUEUES.eventsRelay, { connection: queueConnection() });
  return globalForWebhooks.tributaryEventsRelayQueue;
}

export async function closeEventQueues(): Promise<void> {
  const { tributaryWebhooksQueue: w, tributaryEventsRelayQueue: r } = globalForWebhooks;
  globalForWebhooks.tributaryWebhooksQueue = undefined;
  globalForWebhooks.tributaryEventsRelayQueue = undefined;
  await Promise.all([w?.close(), r?.close()]);
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
