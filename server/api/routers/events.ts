import { z } from "zod";
import {
  attemptsOutput, deliveriesPageOutput, deliveryAttempts, deliveryIdInput, listDeliveries, listDeliveriesInput, replayDelivery, replayOutput, replayRange, replayRangeInput,
} from "../../domain/events/deliveries";
import {
  createEndpoint, createEndpointInput, endpointIdInput, endpointOutput, endpointWithSecretOutput, getEndpoint, listEndpoints, rotateSecret, updateEndpoint, updateEndpointInput,
} from "../../domain/events/endpoints";
import { listEvents, listEventsInput, listEventsOutput } from "../../domain/events/log";
import { createTRPCRouter, roleProcedure } from "../trpc";

/*
 * The event log and webhooks. Who may do what:
 * - events.list: owner and admin (an integration's view of everything that happened in the tenant);
 * - webhooks.*: owner and admin. The signing secret appears only in the answers of create and
 *   rotateSecret.
 * Input and output schemas are plain zod objects so the REST layer can map them (/api/v1).
 */

const ADMINS = ["owner", "admin"] as const;

export const eventsRouter = createTRPCRouter({
  list: roleProcedure(...ADMINS)
    .input(listEventsInput)
    .output(listEventsOutput)
    .query(({ ctx, input }) => listEvents(ctx.tx, ctx.actor.tenantId, input)),
});

export const webhooksRouter = createTRPCRouter({
  list: roleProcedure(...ADMINS).output(z.array(endpointOutput)).query(({ ctx }) => listEndpoints(ctx.tx)),
  get: roleProcedure(...ADMINS).input(endpointIdInput).output(endpointOutput).query(({ ctx, input }) => getEndpoint(ctx.tx, input.id)),
  create: roleProcedure(...ADMINS)
    .input(createEndpointInput)
    .output(endpointWithSecretOutput)
    .mutation(({ ctx, input }) => createEndpoint(ctx.tx, { tenantId: ctx.actor.tenantId, userId: ctx.actor.userId }, input)),
  update: roleProcedure(...ADMINS).input(updateEndpointInput).output(endpointOutput).mutation(({ ctx, input }) => updateEndpoint(ctx.tx, input)),
  rotateSecret: roleProcedure(...ADMINS).input(endpointIdInput).output(endpointWithSecretOutput).mutation(({ ctx, input }) => rotateSecret(ctx.tx, input)),
  deliveries: roleProcedure(...ADMINS).input(listDeliveriesInput).output(deliveriesPageOutput).query(({ ctx, input }) => listDeliveries(ctx.tx, input)),
  attempts: roleProcedure(...ADMINS).input(deliveryIdInput).output(attemptsOutput).query(({ ctx, input }) => deliveryAttempts(ctx.tx, input)),
  replay: roleProcedure(...ADMINS).input(deliveryIdInput).output(replayOutput).mutation(({ ctx, input }) => replayDelivery(ctx.tx, input)),
  replayRange: roleProcedure(...ADMINS)
    .input(replayRangeInput)
    .output(replayOutput)
    .mutation(({ ctx, input }) => replayRange(ctx.tx, ctx.actor.tenantId, input)),
});
