import type { SUBSCRIPTION_STATUSES } from "../../../db/schema/subscriptions";

export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

/**
 * The contract lifecycle: every allowed move, and nothing else. A draft is activated (or abandoned);
 * an active contract can be paused and resumed, cancelled (at term end, or immediately with a
 * proration credit) or expire at its term end; a cancelled contract expires when its cancel date
 * passes. Expired is final.
 */
export const TRANSITIONS: Readonly<Record<SubscriptionStatus, readonly SubscriptionStatus[]>> = {
  draft: ["active", "cancelled"],
  active: ["paused", "cancelled", "expired"],
  paused: ["active", "cancelled"],
  // Only dunning suspends (after the last failed retry, not a manual move); staff may reactivate or cancel.
  suspended: ["active", "cancelled"],
  cancelled: ["expired"],
  expired: [],
};

export function canTransition(from: SubscriptionStatus, to: SubscriptionStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Why a move is refused, naming both states and what is possible instead. */
export function transitionRefusal(from: SubscriptionStatus, to: SubscriptionStatus): string {
  const allowed = TRANSITIONS[from];
  return `A ${from} subscription cannot become ${to} (${from} -> ${to} is not allowed; ${allowed.length ? `from ${from} it can become ${allowed.join(" or ")}` : `${from} is final`})`;
}
