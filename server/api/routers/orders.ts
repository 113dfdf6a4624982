/**
 * Orders, fulfilment and returns.
 *
 * Who may do what (RLS narrows every row further: a reseller session sees its customers' orders, a
 * customer session only its own account's; stock, shipments and reservations are written only by staff
 * or, for a customer's own order, by the domain acting for the tenant after its checks):
 *
 * | procedure                                        | roles                                                        |
 * | ------------------------------------------------ | ------------------------------------------------------------ |
 * | orders.list, orders.detail, orders.returnable    | every tenant role (RLS: own / customers' / all)              |
 * | orders.availability                              | every tenant role (the portal's emergency-order form)        |
 * | orders.formOptions                               | owner, admin, ops, sales (the staff order form's warehouses)  |
 * | orders.place                                     | owner, admin, ops, sales (source operator); reseller roles (source reseller, own customers); customer roles (emergency / ad hoc, own account) |
 * | orders.approve                                   | owner, admin, finance (never the user who placed it)         |
 * | orders.recheck                                   | owner, admin, finance, ops, sales                            |
 * | orders.cancel                                    | owner, admin, ops, sales; customer roles (own order, nothing shipped) |
 * | orders.close, orders.pickList, orders.ship       | owner, admin, ops                                            |
 * | returns.list, returns.detail                     | every tenant role (RLS)                                      |
 * | returns.request                                  | customer roles (own orders); owner, admin, ops, sales on their behalf |
 * | returns.approve, returns.reject, returns.receive | owner, admin, ops                                            |
 */
import { z } from "zod";
import { TRPCError } from "@trpc/server";
import { createTRPCRouter, roleIntakeProcedure, roleProcedure } from "../trpc";
import { withTenant } from "../../../db/with-tenant";
import { scopeOf, type TenantActor } from "../../domain/access/actor";
import { CUSTOMER_ROLES, OPERATOR_ROLES, RESELLER_ROLES, TENANT_ROLES } from "../../domain/access/roles";
import { DomainError } from "../../domain/errors";
import { cancelOrder, closeOrder, shipOrder } from "../../domain/orders/fulfil";
import { orderIntake } from "../../domain/orders/intake";
import { placeOrder, placeOrderInput, type Acting, type PlaceRequest } from "../../domain/orders/place";
import { orderFormOptions } from "../../domain/orders/form-options";
import { availability, listOrders, orderDetail, pickList } from "../../domain/orders/queries";
import { approveOrder, recheckOrder } from "../../domain/orders/release";
import { decideReturn, listReturns, receiveReturn, requestReturn, returnableLines, returnDetail } from "../../domain/orders/returns";
import {
  availabilityInput, cancelOrderInput, decideReturnInput, orderIdInput, orderListInput, pickListInput, receiveReturnInput, rejectReturnInput,
  requestReturnInput, returnIdInput, returnListInput, shipInput,
} from "../../domain/orders/schemas";

const acting = (actor: TenantActor): Acting => ({ tenantId: actor.tenantId, userId: actor.userId });
const WAREHOUSE = ["owner", "admin", "ops"] as const;
const ORDER_TAKERS = ["owner", "admin", "ops", "sales"] as const;

/**
 * The same shape for staff and customers: staff name the customer (source "operator"); a customer's
 * account comes from its session and its source is "emergency" (default) or "ad_hoc".
 */
export const placeInput = placeOrderInput.extend({
  customerId: z.uuid("Choose a customer").optional(),
  source: z.enum(["operator", "emergency", "ad_hoc"]).optional(),
});

/** Who orders for which account: a customer for its own (source emergency or ad hoc), staff for the customer they name. */
function placeRequestOf(actor: TenantActor, input: z.output<typeof placeInput>): PlaceRequest {
  if (actor.portal === "customer") {
    if (input.customerId && input.customerId !== actor.customerId) throw new TRPCError({ code: "FORBIDDEN", message: "You can only order for your own account" });
    if (input.source === "operator") throw new DomainError("BAD_REQUEST", "Choose an emergency or ad hoc order", { source: ["Emergency or ad hoc"] });
    return { acting: { ...acting(actor), customerId: actor.customerId }, input: { ...input, customerId: actor.customerId!, source: input.source ?? "emergency" } };
  }
  if (!input.customerId) throw new DomainError("BAD_REQUEST", "Choose a customer", { customerId: ["Choose a customer"] });
  // A reseller orders for its own customers (RLS: another's is not visible, so not found); source 'reseller'.
  if (actor.portal === "reseller") return { acting: acting(actor), input: { ...input, customerId: input.customerId, source: "reseller" } };
  if (input.source && input.source !== "operator") throw new DomainError("BAD_REQUEST", "Orders entered by staff have the source 'operator'", { source: ["Operator"] });
  return { acting: acting(actor), input: { ...input, customerId: input.customerId, source: "operator" } };
}

export const ordersRouter = createTRPCRouter({
  list: roleProcedure(...TENANT_ROLES).input(orderListInput).query(({ ctx, input }) => listOrders(ctx.tx, input)),
  detail: roleProcedure(...TENANT_ROLES).input(orderIdInput).query(({ ctx, input }) => orderDetail(ctx.tx, input.id)),
  /** What of a shipped order may still be returned (the return request form). */
  returnable: roleProcedure(...TENANT_ROLES).input(orderIdInput).query(({ ctx, input }) => returnableLines(ctx.tx, input.id)),
  availability: roleProcedure(...TENANT_ROLES).input(availabilityInput).query(({ ctx, input }) => availability(ctx.tx, input)),
  formOptions: roleProcedure(...ORDER_TAKERS).query(({ ctx }) => orderFormOptions(ctx.tx)),

  /**
   * Placed through the tenant's order intake (group commit, server/domain/orders/intake.ts); with an
   * Idempotency-Key header, in the call's own transaction instead. A reseller's order always runs in
   * its own transaction under the reseller's RLS scope, which is what keeps it to its own customers.
   */
  place: roleIntakeProcedure(...ORDER_TAKERS, ...RESELLER_ROLES, ...CUSTOMER_ROLES)
    .input(placeInput)
    .mutation(async ({ ctx, input }) => {
      const request = placeRequestOf(ctx.actor, input);
      if (ctx.tx) return placeOrder(ctx.tx, request.acting, request.input);
      if (ctx.actor.portal === "reseller") return withTenant(scopeOf(ctx.actor), (tx) => placeOrder(tx, request.acting, request.input));
      const result = await orderIntake().place(request);
      if (!result.ok) throw result.error;
      return { orderId: result.orderId, created: result.created };
    }),
  approve: roleProcedure("owner", "admin", "finance").input(orderIdInput).mutation(({ ctx, input }) => approveOrder(ctx.tx, { tenantId: ctx.actor.tenantId, userId: ctx.actor.userId }, input.id)),
  recheck: roleProcedure(...OPERATOR_ROLES).input(orderIdInput).mutation(({ ctx, input }) => recheckOrder(ctx.tx, acting(ctx.actor), input.id)),
  cancel: roleProcedure(...ORDER_TAKERS, ...CUSTOMER_ROLES)
    .input(cancelOrderInput)
    .mutation(({ ctx, input }) => cancelOrder(ctx.tx, { ...acting(ctx.actor), portal: ctx.actor.portal }, input)),
  close: roleProcedure(...WAREHOUSE).input(orderIdInput).mutation(({ ctx, input }) => closeOrder(ctx.tx, acting(ctx.actor), input.id)),
  pickList: roleProcedure(...WAREHOUSE).input(pickListInput).query(({ ctx, input }) => pickList(ctx.tx, input.warehouseId)),
  ship: roleProcedure(...WAREHOUSE).input(shipInput).mutation(({ ctx, input }) => shipOrder(ctx.tx, acting(ctx.actor), input)),
});

export const returnsRouter = createTRPCRouter({
  list: roleProcedure(...TENANT_ROLES).input(returnListInput).query(({ ctx, input }) => listReturns(ctx.tx, input)),
  detail: roleProcedure(...TENANT_ROLES).input(returnIdInput).query(({ ctx, input }) => returnDetail(ctx.tx, input.id)),
  request: roleProcedure(...ORDER_TAKERS, ...CUSTOMER_ROLES).input(requestReturnInput).mutation(({ ctx, input }) => requestReturn(ctx.tx, acting(ctx.actor), input)),
  approve: roleProcedure(...WAREHOUSE).input(decideReturnInput).mutation(({ ctx, input }) => decideReturn(ctx.tx, acting(ctx.actor), "approved", input)),
  reject: roleProcedure(...WAREHOUSE).input(rejectReturnInput).mutation(({ ctx, input }) => decideReturn(ctx.tx, acting(ctx.actor), "rejected", input)),
  receive: roleProcedure(...WAREHOUSE).input(receiveReturnInput).mutation(({ ctx, input }) => receiveReturn(ctx.tx, acting(ctx.actor), input)),
});
