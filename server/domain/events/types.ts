/**
 * Every event type the log carries (docs/webhooks.md lists their payloads). Names are
 * `<domain>.<past-tense verb>`; a payload change that breaks consumers bumps the event's version.
 */
export const EVENT_TYPES = [
  "subscription.created",
  "subscription.amended",
  "subscription.renewed",
  "subscription.cancelled",
  "order.created",
  "order.allocated",
  "order.backordered",
  "order.shipped",
  "return.received",
  "inventory.below_reorder_point",
  "invoice.issued",
  "invoice.paid",
  "payment.failed",
  "commission_statement.approved",
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

export function isEventType(value: string): value is EventType {
  return (EVENT_TYPES as readonly string[]).includes(value);
}
