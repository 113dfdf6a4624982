import { z } from "zod";
import { ORDER_HOLDS, ORDER_SOURCES, ORDER_STATUSES, RETURN_DISPOSITIONS, RETURN_STATUSES } from "../../../db/schema/orders";
import { listInput } from "../lists";

/*
 * Inputs of the fulfilment side of orders (lists, shipping, cancelling, returns). The router validates
 * with these and client forms import them, so a field error reads the same in the browser and the API.
 */

export { ORDER_HOLDS, ORDER_SOURCES, ORDER_STATUSES, RETURN_DISPOSITIONS, RETURN_STATUSES };

const requestKey = z.string().trim().min(1).max(200).optional();
const quantity = z.number({ message: "Quantity must be a number" }).int("Quantity must be a whole number").positive("Quantity must be at least 1").max(1_000_000, "Quantity is too large");

export const ORDER_SORTS = ["number", "created", "customer", "status", "total"] as const;
/** The orders board's exceptions view: what needs a person. */
export const ORDER_EXCEPTIONS = ["any", "backorders", "credit", "approval", "substitutions"] as const;

export const orderListInput = listInput.extend({
  sort: z.string().max(40).optional().transform((v) => ORDER_SORTS.find((s) => s === v)),
  /** Newest first unless asked otherwise. */
  dir: z.enum(["asc", "desc"]).default("desc"),
  status: z.enum(ORDER_STATUSES).optional(),
  /** A hold reason, "held" (any hold) or "released" (no hold). */
  hold: z.enum([...ORDER_HOLDS, "held", "released"]).optional(),
  source: z.enum(ORDER_SOURCES).optional(),
  customerId: z.uuid().optional(),
  exception: z.enum(ORDER_EXCEPTIONS).optional(),
});
export type OrderListInput = z.infer<typeof orderListInput>;

/** The list's filters from URL query parameters (the page and the CSV export read the same names); bad values are dropped. */
export function orderListFilters(params: Record<string, string | undefined>): Pick<OrderListInput, "status" | "hold" | "source" | "customerId" | "exception"> {
  const { status, hold, source, customerId, exception } = orderListInput.shape;
  const ok = <T>(r: { success: true; data: T } | { success: false }) => (r.success ? r.data : undefined);
  return {
    status: ok(status.safeParse(params.status || undefined)),
    hold: ok(hold.safeParse(params.hold || undefined)),
    source: ok(source.safeParse(params.source || undefined)),
    customerId: ok(customerId.safeParse(params.customerId || undefined)),
    exception: ok(exception.safeParse(params.exception || undefined)),
  };
}

export const orderIdInput = z.object({ id: z.uuid("Choose an order") });

export const pickListInput = z.object({
  /** One warehouse's list; all warehouses with open reservations when omitted. */
  warehouseId: z.uuid().optional(),
});

export const shipInput = z.object({
  orderId: z.uuid("Choose an order"),
  warehouseId: z.uuid("Choose the warehouse the goods leave from"),
  carrier: z.string().trim().min(1, "Enter the carrier").max(100, "At most 100 characters"),
  trackingNumber: z.string().trim().max(100, "At most 100 characters").default(""),
  lines: z
    .array(
      z
        .object({
          /** The reservation shipped from; or give the order line and the reservation at this warehouse is used. */
          allocationId: z.uuid().optional(),
          orderLineId: z.uuid().optional(),
          quantity,
        })
        .refine((l) => l.allocationId || l.orderLineId, { message: "Give the reservation or the order line", path: ["allocationId"] }),
    )
    .min(1, "A shipment needs at least one line")
    .max(500, "At most 500 lines"),
  requestKey,
});
export type ShipInput = z.input<typeof shipInput>;

export const cancelOrderInput = z.object({
  id: z.uuid("Choose an order"),
  reason: z.string().trim().max(500, "At most 500 characters").default(""),
});
export type CancelOrderInput = z.input<typeof cancelOrderInput>;

export const availabilityInput = listInput.extend({
  sort: z.string().max(40).optional().transform((v) => (["sku", "name", "available"] as const).find((s) => s === v)),
});
export type AvailabilityInput = z.infer<typeof availabilityInput>;

// Returns ----------------------------------------------------------------------------------------

export const requestReturnInput = z.object({
  orderId: z.uuid("Choose an order"),
  reason: z.string().trim().min(3, "Say why the goods come back").max(2000, "At most 2000 characters"),
  lines: z
    .array(
      z.object({
        orderLineId: z.uuid("Choose an order line"),
        /** The product shipped for the line: the line's own product unless a substitute was shipped. */
        productId: z.uuid().optional(),
        quantity,
      }),
    )
    .min(1, "A return needs at least one line")
    .max(200, "At most 200 lines"),
  requestKey,
});
export type RequestReturnInput = z.input<typeof requestReturnInput>;

export const RETURN_SORTS = ["number", "created", "status"] as const;
export const returnListInput = listInput.extend({
  sort: z.string().max(40).optional().transform((v) => RETURN_SORTS.find((s) => s === v)),
  dir: z.enum(["asc", "desc"]).default("desc"),
  status: z.enum(RETURN_STATUSES).optional(),
  orderId: z.uuid().optional(),
  customerId: z.uuid().optional(),
});
export type ReturnListInput = z.infer<typeof returnListInput>;

export const returnIdInput = z.object({ id: z.uuid("Choose a return") });

export const decideReturnInput = z.object({
  id: z.uuid("Choose a return"),
  note: z.string().trim().max(2000, "At most 2000 characters").default(""),
});
export const rejectReturnInput = decideReturnInput.extend({
  note: z.string().trim().min(3, "Say why the return is rejected").max(2000, "At most 2000 characters"),
});
export type DecideReturnInput = z.input<typeof decideReturnInput>;

export const receiveReturnInput = z.object({
  id: z.uuid("Choose a return"),
  /** Where the goods arrive; a line may name another warehouse. */
  warehouseId: z.uuid("Choose the receiving warehouse"),
  lines: z
    .array(
      z.object({
        returnLineId: z.uuid(),
        disposition: z.enum(RETURN_DISPOSITIONS, { message: "Choose restock or scrap" }),
        /** What actually arrived (0 to the requested quantity); the requested quantity when omitted. */
        receivedQuantity: z.number().int("Whole units").min(0, "Cannot be negative").optional(),
        warehouseId: z.uuid().optional(),
      }),
    )
    .min(1, "Say what happens to each line"),
});
export type ReceiveReturnInput = z.input<typeof receiveReturnInput>;
