import { and, asc, count, desc, eq, ilike, inArray, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { customers, customerSites, products, subscriptionItems, subscriptions, subscriptionVersions, users } from "../../../db/schema";
import { BILLING_INTERVALS, SUBSCRIPTION_STATUSES } from "../../../db/schema/subscriptions";
import type { TenantTx } from "../../../db/with-tenant";
import { containsPattern, DomainError } from "../errors";
import { listInput, offsetOf, orderFor, type Page } from "../lists";
import { CURRENCIES } from "../money/money";
import { emitEvent } from "../events/emit";
import { formatReference, nextNumber } from "../tenancy/counters";
import { itemInput, itemInputOf, itemsFromPlan, priceItems } from "./items";
import { canTransition, transitionRefusal, type SubscriptionStatus } from "./lifecycle";
import { prorate, type Proration } from "./proration";
import { addVersion, recurringFeesOf } from "./versions";
import { upcomingDeliveries, upcomingInvoices } from "./schedule";
import { usageThisPeriod } from "./usage-summary";
import { isoDate } from "./periods";

/** Today's date in UTC (billing dates are calendar dates; the tenant time zone arrives with billing). */
export const todayIso = () => isoDate(new Date());

export const createSubscriptionInput = z
  .object({
    /** Client-chosen id: creating twice with the same id returns the first contract. */
    id: z.uuid().optional(),
    customerId: z.uuid("Choose a customer"),
    currency: z.enum(CURRENCIES, { message: "Unknown currency" }),
    termStart: z.iso.date("Term start must be a date (YYYY-MM-DD)"),
    termEnd: z.iso.date("Term end must be a date (YYYY-MM-DD)"),
    autoRenew: z.boolean().default(true),
    renewalTermMonths: z.number().int().min(1, "Renewal term is 1 to 120 months").max(120, "Renewal term is 1 to 120 months").default(12),
    billingInterval: z.enum(BILLING_INTERVALS, { message: "Billing interval must be month, quarter or year" }).default("month"),
    /** Defaults to the term start's day. */
    anchorDay: z.number().int().min(1, "Anchor day is 1 to 31").max(31, "Anchor day is 1 to 31").optional(),
    priority: z.number().int().min(0, "Priority is 0 to 100").max(100, "Priority is 0 to 100").default(0),
    planId: z.uuid().optional(),
    items: z.array(itemInput).max(100, "At most 100 items").default([]),
  })
  .refine((v) => v.termEnd > v.termStart, { path: ["termEnd"], message: "Term end must be after the term start" })
  .refine((v) => v.items.length > 0 || v.planId, { path: ["items"], message: "Add at least one item, or start from a plan" });
export type CreateSubscriptionInput = z.input<typeof createSubscriptionInput>;

export interface Requester { tenantId: string; userId: string | null }

/** A new contract in draft, numbered SUB-nnnnnn, with version 1 holding its priced items. */
export async function createSubscription(tx: TenantTx, who: Requester, raw: CreateSubscriptionInput) {
  const input = parseOrBadRequest(createSubscriptionInput, raw);
  if (input.id) {
    // Two concurrent creates with the same id queue here; the second then finds the first's contract.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`subscription:${input.id}`}, 0))`);
    const [existing] = await tx.select().from(subscriptions).where(eq(subscriptions.id, input.id));
    if (existing) return { subscription: existing, created: false };
  }

  const [customer] = await tx.select({ id: customers.id, currency: customers.currency, name: customers.name }).from(customers).where(eq(customers.id, input.customerId));
  if (!customer) throw new DomainError("BAD_REQUEST", "Unknown customer", { customerId: ["Unknown customer"] });
  if (customer.currency !== input.currency) {
    throw new DomainError("BAD_REQUEST", `${customer.name} is billed in ${customer.currency}; a ${input.currency} contract does not match the customer's currency`, {
      currency: [`Must be the customer's currency (${customer.currency})`],
    });
  }

  const items = [...(input.planId ? await itemsFromPlan(tx, input.planId, customer.id, input.termStart) : []), ...input.items];
  // Price before numbering, so a contract that cannot be priced does not take a number.
  const priced = await priceItems(tx, { customerId: customer.id, currency: input.currency, date: input.termStart }, items);

  const number = formatReference("SUB", await nextNumber(tx, who.tenantId, "subscription"));
  const [subscription] = await tx
    .insert(subscriptions)
    .values({
      tenantId: who.tenantId,
      ...(input.id ? { id: input.id } : {}),
      number,
      customerId: customer.id,
      currency: input.currency,
      status: "draft",
      termStart: input.termStart,
      termEnd: input.termEnd,
      autoRenew: input.autoRenew,
      renewalTermMonths: input.renewalTermMonths,
      billingInterval: input.billingInterval,
      anchorDay: input.anchorDay ?? Number(input.termStart.slice(8, 10)),
      priority: input.priority,
      planId: input.planId ?? null,
      createdBy: who.userId,
    })
    .returning();
  const version = await addVersion(tx, who, subscription, { effectiveFrom: input.termStart, note: "Initial terms", items: priced, previous: null });
  emitEvent(tx, who.tenantId, "subscription.created", {
    subscriptionId: subscription.id,
    number: subscription.number,
    customerId: subscription.customerId,
    currency: subscription.currency,
    status: subscription.status,
    termStart: subscription.termStart,
    termEnd: subscription.termEnd,
    billingInterval: subscription.billingInterval,
    versionId: version.id,
  });
  return { subscription, version, created: true };
}

export function parseOrBadRequest<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const details: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (details[issue.path.map(String).join(".") || "_"] ??= []).push(issue.message);
    throw new DomainError("BAD_REQUEST", parsed.error.issues[0].message, details);
  }
  return parsed.data;
}

export async function lockSubscription(tx: TenantTx, id: string) {
  const [row] = await tx.select().from(subscriptions).where(eq(subscriptions.id, id)).for("update");
  if (!row) throw new DomainError("NOT_FOUND", "No such subscription");
  return row;
}

export const transitionInput = z.object({
  id: z.uuid(),
  to: z.enum(SUBSCRIPTION_STATUSES, { message: "Unknown status" }),
  /** For `cancelled`: at the term end (default), or immediately with a proration credit. */
  cancelMode: z.enum(["term_end", "immediate"]).default("term_end"),
  /** For an immediate cancellation: the first day without service (default today). */
  effectiveDate: z.iso.date().optional(),
});
export type TransitionInput = z.input<typeof transitionInput>;

/** Moves a contract along its lifecycle; an illegal move is a BAD_REQUEST naming both states and changes nothing. */
export async function transitionSubscription(tx: TenantTx, who: Requester, raw: TransitionInput, today = todayIso()) {
  const input = parseOrBadRequest(transitionInput, raw);
  const sub = await lockSubscription(tx, input.id);
  const from = sub.status as SubscriptionStatus;
  if (!canTransition(from, input.to)) throw new DomainError("BAD_REQUEST", transitionRefusal(from, input.to));

  let cancelAt: string | null = sub.cancelAt;
  let proration: Proration | null = null;
  if (input.to === "active" && from === "draft") {
    const [active] = await tx.select({ id: subscriptionVersions.id }).from(subscriptionVersions).where(and(eq(subscriptionVersions.subscriptionId, sub.id), eq(subscriptionVersions.status, "active")));
    if (!active) throw new DomainError("BAD_REQUEST", `${sub.number} has no approved terms yet: its first version awaits approval`);
  }
  if (input.to === "cancelled") {
    if (input.cancelMode === "term_end") {
      cancelAt = sub.termEnd;
    } else {
      const date = input.effectiveDate ?? today;
      if (date < sub.termStart || date >= sub.termEnd) throw new DomainError("BAD_REQUEST", `The cancellation date ${date} is outside the term (${sub.termStart} to ${sub.termEnd})`);
      cancelAt = date;
      // Service stops on `date`: the unused days of the period already billed in advance are credited.
      if (from !== "draft" && date > sub.termStart) proration = prorate(sub, date, await recurringFeesOf(tx, sub.id), []);
    }
  }
  const [updated] = await tx.update(subscriptions).set({ status: input.to, cancelAt, updatedAt: new Date() }).where(eq(subscriptions.id, sub.id)).returning();
  if (input.to === "cancelled") {
    emitEvent(tx, who.tenantId, "subscription.cancelled", {
      subscriptionId: sub.id,
      number: sub.number,
      customerId: sub.customerId,
      from,
      cancelMode: input.cancelMode,
      cancelAt,
      prorationNetMinor: proration ? String(proration.netMinor) : null,
    });
  }
  return { subscription: updated, from, proration };
}

export const listSubscriptionsInput = listInput.extend({
  status: z.enum(SUBSCRIPTION_STATUSES).optional(),
  customerId: z.uuid().optional(),
});
export type ListSubscriptionsInput = z.input<typeof listSubscriptionsInput>;

export interface SubscriptionRow {
  id: string;
  number: string;
  customerId: string;
  customer: string;
  currency: string;
  status: SubscriptionStatus;
  termStart: string;
  termEnd: string;
  billingInterval: string;
  anchorDay: number;
  autoRenew: boolean;
  cancelAt: string | null;
  version: number | null;
  createdAt: Date;
}

const currentVersion = sql<number | null>`(select max(v.version) from subscription_versions v where v.subscription_id = ${subscriptions.id} and v.status = 'active')`;

/** Contracts the session may see (RLS: staff all, a reseller its customers', a customer its own), sorted and paged by the database. */
export async function listSubscriptions(tx: TenantTx, raw: ListSubscriptionsInput): Promise<Page<SubscriptionRow>> {
  const input = parseOrBadRequest(listSubscriptionsInput, raw);
  const filters: SQL[] = [];
  if (input.status) filters.push(eq(subscriptions.status, input.status));
  if (input.customerId) filters.push(eq(subscriptions.customerId, input.customerId));
  if (input.search) {
    const pattern = containsPattern(input.search);
    filters.push(or(ilike(subscriptions.number, pattern), ilike(customers.name, pattern))!);
  }
  const where = filters.length ? and(...filters) : undefined;
  const sortable = {
    number: subscriptions.number,
    customer: customers.name,
    status: subscriptions.status,
    termStart: subscriptions.termStart,
    termEnd: subscriptions.termEnd,
    createdAt: subscriptions.createdAt,
  };
  const [rows, [{ total }]] = await Promise.all([
    tx
      .select({
        id: subscriptions.id,
        number: subscriptions.number,
        customerId: subscriptions.customerId,
        customer: customers.name,
        currency: subscriptions.currency,
        status: subscriptions.status,
        termStart: subscriptions.termStart,
        termEnd: subscriptions.termEnd,
        billingInterval: subscriptions.billingInterval,
        anchorDay: subscriptions.anchorDay,
        autoRenew: subscriptions.autoRenew,
        cancelAt: subscriptions.cancelAt,
        version: currentVersion,
        createdAt: subscriptions.createdAt,
      })
      .from(subscriptions)
      .innerJoin(customers, eq(customers.id, subscriptions.customerId))
      .where(where)
      .orderBy(...orderFor(input, sortable, "number", subscriptions.id))
      .limit(input.pageSize)
      .offset(offsetOf(input)),
    tx.select({ total: count() }).from(subscriptions).innerJoin(customers, eq(customers.id, subscriptions.customerId)).where(where),
  ]);
  return { rows: rows as SubscriptionRow[], total, page: input.page, pageSize: input.pageSize };
}

/** One contract with its version timeline, items, schedule and usage this period. */
export async function getSubscription(tx: TenantTx, id: string, today = todayIso()) {
  const [row] = await tx
    .select({ subscription: subscriptions, customer: customers.name })
    .from(subscriptions)
    .innerJoin(customers, eq(customers.id, subscriptions.customerId))
    .where(eq(subscriptions.id, id));
  if (!row) throw new DomainError("NOT_FOUND", "No such subscription");
  const sub = row.subscription;

  const versions = await tx
    .select({
      id: subscriptionVersions.id,
      version: subscriptionVersions.version,
      effectiveFrom: subscriptionVersions.effectiveFrom,
      status: subscriptionVersions.status,
      note: subscriptionVersions.note,
      maxDiscountPercent: subscriptionVersions.maxDiscountPercent,
      createdBy: users.name,
      createdAt: subscriptionVersions.createdAt,
      decidedAt: subscriptionVersions.decidedAt,
    })
    .from(subscriptionVersions)
    .leftJoin(users, eq(users.id, subscriptionVersions.createdBy))
    .where(eq(subscriptionVersions.subscriptionId, id))
    .orderBy(desc(subscriptionVersions.version));

  const items = await itemsOfVersions(tx, versions.map((v) => v.id));
  const active = versions.find((v) => v.status === "active") ?? null;
  const activeItems = active ? items.filter((i) => i.versionId === active.id) : [];
  const deliveries = upcomingDeliveries(sub, activeItems.filter((i) => i.kind === "delivery").map(deliveryItemOf), today);
  return {
    subscription: { ...sub, customer: row.customer },
    versions: versions.map((v) => ({ ...v, items: items.filter((i) => i.versionId === v.id) })),
    activeVersionId: active?.id ?? null,
    /** The active terms as item inputs: where an amendment starts from. */
    currentItems: activeItems.map(itemInputOf),
    schedule: { invoices: upcomingInvoices(sub, today), deliveries: deliveries.map((d) => ({ ...d, product: activeItems.find((i) => i.id === d.itemId)?.product ?? "" })) },
    usage: await usageThisPeriod(tx, sub, activeItems, today),
  };
}

export async function itemsOfVersions(tx: TenantTx, versionIds: string[]) {
  if (versionIds.length === 0) return [];
  return tx
    .select({ item: subscriptionItems, product: products.name, sku: products.sku, site: customerSites.name })
    .from(subscriptionItems)
    .innerJoin(products, eq(products.id, subscriptionItems.productId))
    .leftJoin(customerSites, eq(customerSites.id, subscriptionItems.shipToSiteId))
    .where(inArray(subscriptionItems.versionId, versionIds))
    .orderBy(asc(subscriptionItems.position))
    .then((rows) => rows.map((r) => ({ ...r.item, product: r.product, sku: r.sku, site: r.site })));
}

export function deliveryItemOf(i: typeof subscriptionItems.$inferSelect) {
  return {
    id: i.id,
    productId: i.productId,
    quantity: i.quantity,
    deliveryEvery: i.deliveryEvery!,
    deliveryUnit: i.deliveryUnit!,
    firstDeliveryDate: i.firstDeliveryDate!,
    shipToSiteId: i.shipToSiteId,
    preferredWarehouseId: i.preferredWarehouseId,
  };
}

/** The list's filters from URL parameters (unknown keys and values dropped), for screens and CSV. */
export function subscriptionListFilters(params: Record<string, string | undefined>): Pick<ListSubscriptionsInput, "status" | "customerId"> {
  const status = SUBSCRIPTION_STATUSES.find((s) => s === params.status);
  const customerId = z.uuid().safeParse(params.customerId).success ? params.customerId : undefined;
  return { ...(status ? { status } : {}), ...(customerId ? { customerId } : {}) };
}
