import { addDaysIso, addMonthsIso, periodsBetween, type BillingInterval, type IsoDate, type Period } from "./periods";

/*
 * What a contract will do next, as pure functions of its terms: invoice dates (period starts, fees
 * billed in advance) and deliveries (every N weeks or months from the first delivery date). The two
 * are independent: weekly deliveries under a monthly invoice are the normal case.
 */

export const SCHEDULE_DAYS = 90;

export interface ScheduledContract {
  status: "draft" | "active" | "paused" | "suspended" | "cancelled" | "expired";
  termStart: IsoDate;
  termEnd: IsoDate;
  autoRenew: boolean;
  cancelAt: IsoDate | null;
  anchorDay: number;
  billingInterval: BillingInterval;
}

export interface ScheduledDeliveryItem {
  id: string;
  productId: string;
  quantity: string;
  deliveryEvery: number;
  deliveryUnit: "week" | "month";
  firstDeliveryDate: IsoDate;
  shipToSiteId: string | null;
  preferredWarehouseId: string | null;
}

export interface UpcomingDelivery { date: IsoDate; itemId: string; productId: string; quantity: string; shipToSiteId: string | null; preferredWarehouseId: string | null }

/** The day service stops (exclusive): the cancel date, the term end when it will not renew, or never. */
export function serviceEnd(c: ScheduledContract): IsoDate | null {
  if (c.cancelAt) return c.cancelAt;
  return c.autoRenew ? null : c.termEnd;
}

const minDate = (a: IsoDate, b: IsoDate | null) => (b !== null && b < a ? b : a);

/** Periods starting in [from, from + days), from the term start on, until service ends. Paused and expired contracts bill nothing. */
export function upcomingInvoices(c: ScheduledContract, from: IsoDate, days = SCHEDULE_DAYS): Period[] {
  if (c.status === "paused" || c.status === "suspended" || c.status === "expired") return [];
  const start = from < c.termStart ? c.termStart : from;
  const until = minDate(addDaysIso(from, days), serviceEnd(c));
  if (start >= until) return [];
  return periodsBetween(start, until, c.termStart, c.anchorDay, c.billingInterval).filter((p) => p.start >= start);
}

/** The k-th delivery date of an item (k from 0); months are counted from the first date so day 31 clamps without drifting. */
export function deliveryDate(item: Pick<ScheduledDeliveryItem, "firstDeliveryDate" | "deliveryEvery" | "deliveryUnit">, k: number): IsoDate {
  return item.deliveryUnit === "week" ? addDaysIso(item.firstDeliveryDate, 7 * item.deliveryEvery * k) : addMonthsIso(item.firstDeliveryDate, item.deliveryEvery * k);
}

/** Deliveries dated in [from, from + days), before service ends, in date order. Paused and expired contracts ship nothing. */
export function upcomingDeliveries(c: ScheduledContract, items: ScheduledDeliveryItem[], from: IsoDate, days = SCHEDULE_DAYS): UpcomingDelivery[] {
  if (c.status === "paused" || c.status === "suspended" || c.status === "expired") return [];
  const until = minDate(addDaysIso(from, days), serviceEnd(c));
  const out: UpcomingDelivery[] = [];
  for (const item of items) {
    // Skip ahead close to `from` instead of walking every past delivery of a long contract (a month
    // counts as 31 days here, so the skip never passes a delivery that is due).
    const stepDays = item.deliveryUnit === "week" ? 7 * item.deliveryEvery : 31 * item.deliveryEvery;
    const daysSinceFirst = (Date.parse(from) - Date.parse(item.firstDeliveryDate)) / 86_400_000;
    let k = Math.max(0, Math.floor(daysSinceFirst / stepDays) - 2);
    for (let date = deliveryDate(item, k); date < until; date = deliveryDate(item, ++k)) {
      if (date >= from && date >= c.termStart) {
        out.push({ date, itemId: item.id, productId: item.productId, quantity: item.quantity, shipToSiteId: item.shipToSiteId, preferredWarehouseId: item.preferredWarehouseId });
      }
    }
  }
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.itemId.localeCompare(b.itemId)));
}
