import { createCallerFactory, createTRPCRouter } from "./trpc";
import { catalogRouter } from "./routers/catalog";
import { pricingRouter } from "./routers/pricing";
import { customersRouter } from "./routers/customers";
import { platformRouter } from "./routers/platform";
import { subscriptionsRouter } from "./routers/subscriptions";
import { customerRouter, operatorRouter, resellerRouter, sessionRouter } from "./routers/portal";
import { replenishmentRouter } from "./routers/replenishment";
import { usageRouter } from "./routers/usage";
import { ordersRouter, returnsRouter } from "./routers/orders";
import { inventoryRouter } from "./routers/inventory";
import { creditNotesRouter, dunningRouter, paymentsRouter } from "./routers/payments";
import { billingRouter } from "./routers/billing";
import { eventsRouter, webhooksRouter } from "./routers/events";
import { apiKeysRouter } from "./routers/api-keys";
import { v1Router } from "./routers/v1";
import { invitationsRouter, partnerRouter, resellersRouter } from "./routers/partners";

export const appRouter = createTRPCRouter({
  session: sessionRouter,
  operator: operatorRouter,
  reseller: resellerRouter,
  customer: customerRouter,
  platform: platformRouter,
  usage: usageRouter,
  subscriptions: subscriptionsRouter,
  catalog: catalogRouter,
  pricing: pricingRouter,
  customers: customersRouter,
  orders: ordersRouter,
  returns: returnsRouter,
  inventory: inventoryRouter,
  replenishment: replenishmentRouter,
  payments: paymentsRouter,
  dunning: dunningRouter,
  creditNotes: creditNotesRouter,
  billing: billingRouter,
  events: eventsRouter,
  webhooks: webhooksRouter,
  apiKeys: apiKeysRouter,
  /** The embedding API: also served as REST under /api/v1 (server/api/rest.ts). */
  v1: v1Router,
  resellers: resellersRouter,
  partner: partnerRouter,
  invitations: invitationsRouter,
});

export type AppRouter = typeof appRouter;

/** Server-side caller, for React Server Components, jobs and tests. */
export const createCaller = createCallerFactory(appRouter);
