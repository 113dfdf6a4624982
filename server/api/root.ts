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
  resellers: resellersRouter,
  partner: partnerRouter,
  invitations: invitationsRouter,
});

export type AppRouter = typeof appRouter;

/** Server-side caller, for React Server Components, jobs and tests. */
export const createCaller = createCallerFactory(appRouter);
