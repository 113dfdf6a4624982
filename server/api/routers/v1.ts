/**
 * The embedding API, served as REST under `/api/v1` (trpc-to-openapi reads `meta.openapi`) and as
 * tRPC under `v1.*`: the same procedures, so both answer alike. Callers are tenant API keys; each
 * procedure names the scope it needs (`apiProcedure(domain, access)`, a write scope implies read).
 * Lists page by cursor (`limit`, `cursor` -> `{ data, nextCursor }`); errors are `{ code, message, details }`.
 *
 * | path                                   | scope                 |
 * | -------------------------------------- | --------------------- |
 * | GET /customers, GET /customers/{id}    | customers:read        |
 * | POST /customers, PATCH /customers/{id} | customers:write       |
 * | GET /subscriptions, /subscriptions/{id}| subscriptions:read    |
 * | POST /subscriptions, POST /subscriptions/{id}/transition | subscriptions:write |
 * | GET /orders, GET /orders/{id}          | orders:read           |
 * | POST /orders                           | orders:write          |
 * | POST /usage-events                     | usage:write           |
 * | GET /products, GET /products/{id}      | catalog:read          |
 * | GET /events                            | events:read           |
 */
import { z } from "zod";
import { CUSTOMER_STATUSES, createCustomerInput, updateCustomerInput } from "../../domain/customers/schemas";
import { createCustomerAccount, updateCustomer } from "../../domain/customers/customers";
import { placeOrder, placeOrderInput } from "../../domain/orders/place";
import { ingestUsageEvents } from "../../domain/usage/ingest";
import { ingestUsageInput } from "../../domain/usage/schemas";
import { SUBSCRIPTION_STATUSES } from "../../../db/schema/subscriptions";
import { createSubscription, createSubscriptionInput, transitionInput, transitionSubscription } from "../../domain/subscriptions/contracts";
import { ORDER_STATUSES } from "../../../db/schema/orders";
import {
  customerById, customerPage, customerResource, orderById, orderPage, orderResource, pageOutput, pageQuery, productById, productPage, productResource,
  subscriptionById, subscriptionPage, subscriptionResource,
} from "../../domain/api/resources";
import { EVENT_TYPES } from "../../domain/events/types";
import { decodeCursor, listEvents } from "../../domain/events/log";
import { DomainError } from "../../domain/errors";
import { apiProcedure, createTRPCRouter } from "../trpc";

const ERRORS = { 400: "Invalid input ({ code, message, details })", 401: "Missing, malformed, unknown, revoked or expired API key", 403: "The key lacks the scope", 409: "Idempotency-Key reused with another request", 429: "Rate limit: see Retry-After" };
const idempotencyHeader = z.object({ "idempotency-key": z.string().max(255).optional().describe("Makes the request safe to retry: the first response is replayed for 24 hours") });
const read = (path: `/${string}`, tag: string, summary: string) => ({ openapi: { method: "GET" as const, path, tags: [tag], summary, protect: true, errorResponses: ERRORS } });
const write = (method: "POST" | "PATCH", path: `/${string}`, tag: string, summary: string) => ({
  openapi: { method, path, tags: [tag], summary, protect: true, errorResponses: ERRORS, requestHeaders: idempotencyHeader },
});
const byId = z.object({ id: z.uuid() });

/** Minor units as JSON can carry them: an integer or a digit string (bigint has no JSON form). */
const minorInput = z.union([z.number().int(), z.string().trim().regex(/^\d{1,17}$/, "Enter a whole number of minor units")]).describe("Minor units (cents): an integer or a digit string");

/** An event of the log as the API shows it (the webhook body carries the same fields). */
const eventResource = z.object({
  id: z.uuid(),
  seq: z.number().int().describe("Per-tenant sequence number: events are listed and committed in this order"),
  type: z.string(),
  version: z.number().int().describe("Version of this type's payload shape"),
  occurredAt: z.string().describe("ISO 8601 timestamp"),
  payload: z.record(z.string(), z.unknown()),
});

/** "order.shipped,invoice.paid" -> the types, each checked (a query string has no arrays that both REST and tRPC read alike). */
const eventTypesQuery = z
  .string()
  .trim()
  .max(1000)
  .optional()
  .describe(`Comma-separated event types to return (the cursor still advances over the others): ${EVENT_TYPES.join(", ")}`)
  .transform((v, ctx) => {
    if (!v) return undefined;
    const types = v.split(",").map((t) => t.trim()).filter(Boolean);
    const unknown = types.filter((t) => !(EVENT_TYPES as readonly string[]).includes(t));
    if (unknown.length > 0) ctx.addIssue({ code: "custom", message: `Unknown event type: ${unknown.join(", ")}` });
    return types as Array<(typeof EVENT_TYPES)[number]>;
  });

export const v1Router = createTRPCRouter({
  customers: createTRPCRouter({
    list: apiProcedure("customers", "read")
      .meta(read("/customers", "Customers", "List customers"))
      .input(z.object({ ...pageQuery, status: z.enum(CUSTOMER_STATUSES).optional() }))
      .output(pageOutput(customerResource))
      .query(({ ctx, input }) => customerPage(ctx.tx, { tenantId: ctx.actor.tenantId, ...input })),
    get: apiProcedure("customers", "read")
      .meta(read("/customers/{id}", "Customers", "Get a customer"))
      .input(byId)
      .output(customerResource)
      .query(({ ctx, input }) => customerById(ctx.tx, input.id)),
    create: apiProcedure("customers", "write")
      .meta(write("POST", "/customers", "Customers", "Create a customer"))
      .input(createCustomerInput.extend({ creditLimitMinor: minorInput.optional() }))
      .output(customerResource)
      .mutation(async ({ ctx, input }) => {
        const { customer } = await createCustomerAccount(ctx.tx, { tenantId: ctx.actor.tenantId, userId: null }, { ...input, creditLimitMinor: BigInt(input.creditLimitMinor ?? 0) });
        return customerById(ctx.tx, customer.id);
      }),
    update: apiProcedure("customers", "write")
      .meta(write("PATCH", "/customers/{id}", "Customers", "Update a customer"))
      .input(updateCustomerInput.extend({ creditLimitMinor: minorInput.optional() }))
      .output(customerResource)
      .mutation(async ({ ctx, input }) => {
        const { creditLimitMinor, ...rest } = input;
        await updateCustomer(ctx.tx, { tenantId: ctx.actor.tenantId, userId: null }, { ...rest, ...(creditLimitMinor === undefined ? {} : { creditLimitMinor: BigInt(creditLimitMinor) }) });
        return customerById(ctx.tx, input.id);
      }),
  }),

  subscriptions: createTRPCRouter({
    list: apiProcedure("subscriptions", "read")
      .meta(read("/subscriptions", "Subscriptions", "List subscriptions"))
      .input(z.object({ ...pageQuery, customerId: z.uuid().optional(), status: z.enum(SUBSCRIPTION_STATUSES).optional() }))
      .output(pageOutput(subscriptionResource))
      .query(({ ctx, input }) => subscriptionPage(ctx.tx, { tenantId: ctx.actor.tenantId, ...input })),
    get: apiProcedure("subscriptions", "read")
      .meta(read("/subscriptions/{id}", "Subscriptions", "Get a subscription"))
      .input(byId)
      .output(subscriptionResource)
      .query(({ ctx, input }) => subscriptionById(ctx.tx, input.id)),
    create: apiProcedure("subscriptions", "write")
      .meta(write("POST", "/subscriptions", "Subscriptions", "Create a subscription (a draft with its first priced version)"))
      .input(createSubscriptionInput)
      .output(subscriptionResource)
      .mutation(async ({ ctx, input }) => {
        const { subscription } = await createSubscription(ctx.tx, { tenantId: ctx.actor.tenantId, userId: null }, input);
        return subscriptionById(ctx.tx, subscription.id);
      }),
    transition: apiProcedure("subscriptions", "write")
      .meta(write("POST", "/subscriptions/{id}/transition", "Subscriptions", "Activate, pause, resume or cancel a subscription"))
      .input(transitionInput)
      .output(subscriptionResource)
      .mutation(async ({ ctx, input }) => {
        await transitionSubscription(ctx.tx, { tenantId: ctx.actor.tenantId, userId: null }, input);
        return subscriptionById(ctx.tx, input.id);
      }),
  }),

  orders: createTRPCRouter({
    list: apiProcedure("orders", "read")
      .meta(read("/orders", "Orders", "List orders"))
      .input(z.object({ ...pageQuery, customerId: z.uuid().optional(), status: z.enum(ORDER_STATUSES).optional() }))
      .output(pageOutput(orderResource))
      .query(({ ctx, input }) => orderPage(ctx.tx, { tenantId: ctx.actor.tenantId, ...input })),
    get: apiProcedure("orders", "read")
      .meta(read("/orders/{id}", "Orders", "Get an order"))
      .input(byId)
      .output(orderResource)
      .query(({ ctx, input }) => orderById(ctx.tx, input.id)),
    create: apiProcedure("orders", "write")
      .meta(write("POST", "/orders", "Orders", "Place an order (allocates stock at once)"))
      .input(placeOrderInput.extend({ source: placeOrderInput.shape.source.default("ad_hoc") }))
      .output(orderResource)
      .mutation(async ({ ctx, input }) => {
        const { orderId } = await placeOrder(ctx.tx, { tenantId: ctx.actor.tenantId, userId: null }, input);
        return orderById(ctx.tx, orderId);
      }),
  }),

  usage: createTRPCRouter({
    ingest: apiProcedure("usage", "write")
      .meta(write("POST", "/usage-events", "Usage", "Ingest a batch of usage events (deduplicated by eventId)"))
      .input(ingestUsageInput)
      .output(z.object({
        accepted: z.number().int(),
        duplicates: z.array(z.string()),
        movedToOpenPeriod: z.number().int(),
        rejected: z.array(z.object({ index: z.number().int(), eventId: z.string(), reason: z.string() })),
      }))
      .mutation(({ ctx, input }) => ingestUsageEvents(ctx.tx, ctx.actor.tenantId, input.events)),
  }),

  catalog: createTRPCRouter({
    products: apiProcedure("catalog", "read")
      .meta(read("/products", "Catalog", "List products"))
      .input(z.object({ ...pageQuery, status: z.enum(["active", "archived"]).optional() }))
      .output(pageOutput(productResource))
      .query(({ ctx, input }) => productPage(ctx.tx, { tenantId: ctx.actor.tenantId, ...input })),
    product: apiProcedure("catalog", "read")
      .meta(read("/products/{id}", "Catalog", "Get a product"))
      .input(byId)
      .output(productResource)
      .query(({ ctx, input }) => productById(ctx.tx, input.id)),
  }),
  events: createTRPCRouter({
    list: apiProcedure("events", "read")
      .meta(read("/events", "Events", "List events after a cursor: replay the log from any point"))
      .input(z.object({ ...pageQuery, types: eventTypesQuery }))
      .output(pageOutput(eventResource).extend({ hasMore: z.boolean(), latestSeq: z.number().int().describe("The newest seq in the log now: how far behind the consumer is") }))
      .query(async ({ ctx, input }) => {
        // The log's own cursors, checked here so that a bad one answers like every other v1 list's.
        if (input.cursor) {
          try {
            decodeCursor(ctx.actor.tenantId, input.cursor);
          } catch {
            const foreign = /^ev1\.[0-9a-f-]{36}\.\d+$/.test(Buffer.from(input.cursor, "base64url").toString("utf8"));
            throw foreign
              ? new DomainError("BAD_REQUEST", "This cursor belongs to another tenant's list", { cursor: ["Cursor from another tenant"] })
              : new DomainError("BAD_REQUEST", "Invalid cursor: pass the nextCursor of a previous page", { cursor: ["Invalid cursor"] });
          }
        }
        const page = await listEvents(ctx.tx, ctx.actor.tenantId, { after: input.cursor, limit: input.limit, types: input.types });
        return { data: page.events.map((e) => ({ ...e, occurredAt: e.occurredAt.toISOString() })), nextCursor: page.nextCursor, hasMore: page.hasMore, latestSeq: page.latestSeq };
      }),
  }),
});
