import { CUSTOMER_ROLES, OPERATOR_ROLES, RESELLER_ROLES } from "../../domain/access/roles";
import { DomainError } from "../../domain/errors";
import { ingestUsageEvents } from "../../domain/usage/ingest";
import { ingestUsageInput, usageEventInput, usageSummaryInput } from "../../domain/usage/schemas";
import { usageSummary } from "../../domain/usage/summary";
import { createTRPCRouter, roleProcedure } from "../trpc";

/** Staff who may record usage by hand or from an integration; tenant API keys come later. */
const USAGE_WRITERS = ["owner", "admin", "ops"] as const;

export const usageRouter = createTRPCRouter({
  /** Up to 10,000 events; invalid events are listed per index and nothing is stored until all are valid. */
  ingest: roleProcedure(...USAGE_WRITERS)
    .input(ingestUsageInput)
    .mutation(({ ctx, input }) => ingestUsageEvents(ctx.tx, ctx.actor.tenantId, input.events)),

  /** One event; an invalid one is a BAD_REQUEST with its reason, a resent one a duplicate. */
  record: roleProcedure(...USAGE_WRITERS)
    .input(usageEventInput)
    .mutation(async ({ ctx, input }) => {
      const result = await ingestUsageEvents(ctx.tx, ctx.actor.tenantId, [input]);
      const [rejected] = result.rejected;
      if (rejected) throw new DomainError("BAD_REQUEST", `Usage event rejected: ${rejected.reason}`, { [fieldOf(rejected.reason)]: [rejected.reason] });
      return { eventId: input.eventId, duplicate: result.duplicates.length > 0, movedToOpenPeriod: result.movedToOpenPeriod > 0 };
    }),

  /** Usage per meter in a period; narrow scopes see only the contracts RLS lets them see. */
  summary: roleProcedure(...OPERATOR_ROLES, ...RESELLER_ROLES, ...CUSTOMER_ROLES)
    .input(usageSummaryInput)
    .query(({ ctx, input }) => usageSummary(ctx.tx, input)),
});

/** The form field a rejection reason is about, for field errors. */
function fieldOf(reason: string): string {
  for (const field of ["eventId", "meter", "quantity", "timestamp"]) if (reason.toLowerCase().startsWith(field.toLowerCase())) return field;
  return reason.includes("subscription") ? "subscriptionId" : reason.includes("meter") ? "meter" : "timestamp";
}
