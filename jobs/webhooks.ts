import type { Job } from "bullmq";
import { attemptDelivery, type AttemptResult } from "../server/domain/events/deliveries";
import { countWebhookFailure } from "../server/metrics/registry";
import { logger } from "../server/logger";
import { redis } from "../server/redis";
import { FairQueue } from "./fair-queue";
import { QUEUES, webhooksQueue, type WebhookJob } from "./queues";

/*
 * Webhook delivery jobs. Each job is one attempt; the outcome (and the next attempt's time) is
 * written to the delivery row, so the job itself never retries: the relay's sweep hands the
 * delivery out again when it is due. Deliveries reach BullMQ only through the fair dispatcher.
 */

/** Worker concurrency for deliveries: mostly waiting on receivers, so more than the cores. */
export const WEBHOOK_CONCURRENCY = Number(process.env.WEBHOOK_CONCURRENCY ?? 8);
/** At most this many of one tenant's deliveries run at once: half the workers, so a slow receiver cannot hold them all. */
export const WEBHOOK_TENANT_CAP = Number(process.env.WEBHOOK_TENANT_CAP ?? Math.max(1, Math.ceil(WEBHOOK_CONCURRENCY / 2)));

const globalForFair = globalThis as unknown as { tributaryWebhookFair?: FairQueue<WebhookJob> };

export function webhookFairQueue(): FairQueue<WebhookJob> {
  globalForFair.tributaryWebhookFair ??= new FairQueue<WebhookJob>(QUEUES.webhooks, redis(), webhooksQueue(), {
    perTenantCap: WEBHOOK_TENANT_CAP,
    // A couple more than the workers, so a finishing worker finds the next job already queued.
    globalCap: WEBHOOK_CONCURRENCY + 2,
    jobName: "deliver",
  });
  return globalForFair.tributaryWebhookFair;
}

const log = logger.child({ component: "webhooks" });

export async function processWebhookJob(job: Job<WebhookJob>): Promise<AttemptResult> {
  const { tenantId, deliveryId, attempt } = job.data;
  const result = await attemptDelivery(tenantId, deliveryId, attempt);
  if (!result.skipped && !result.succeeded) {
    countWebhookFailure(tenantId);
    log.warn({ tenantId, deliveryId, attempt, responseCode: result.responseCode, status: result.status }, "webhook delivery attempt failed");
  }
  if (result.disabledEndpoint) log.warn({ tenantId, deliveryId }, "webhook endpoint disabled after failing for 24 hours");
  return result;
}
