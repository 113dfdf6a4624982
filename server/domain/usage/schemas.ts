import { z } from "zod";
import { MAX_USAGE_BATCH } from "./ingest";

/*
 * The API checks only the types; the per-event rules (quantity, timestamp, meter on the contract)
 * are ingestUsageEvents', which reports them per event with its index instead of failing the call.
 */
export const usageEventInput = z.object({
  eventId: z.string(),
  meter: z.string(),
  subscriptionId: z.string(),
  quantity: z.union([z.string(), z.number()]),
  timestamp: z.string(),
});

export const ingestUsageInput = z.object({
  events: z.array(usageEventInput).max(MAX_USAGE_BATCH, `A batch takes at most ${MAX_USAGE_BATCH} events: split it and resend`),
});

export const usageSummaryInput = z.object({
  subscriptionId: z.uuid(),
  /** Any date in the period wanted; today by default. */
  date: z.iso.date().optional(),
});
