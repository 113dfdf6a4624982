import { sql } from "drizzle-orm";
import { z } from "zod";
import { asSystem, type TenantTx } from "../../../db/with-tenant";
import { inviteContact } from "../customers/contacts";
import { loadCustomer } from "../customers/customers";
import type { InviteContactInput } from "../customers/schemas";
import { DomainError } from "../errors";
import { createSubscription, transitionSubscription } from "../subscriptions/contracts";
import { addMonthsIso, type IsoDate } from "../subscriptions/periods";
import { isSellablePlan } from "./buy-sell";
import { currentMonthStart } from "./runs";

/**
 * The reseller portal's read models. Every query runs in the reseller's scope, so RLS limits it to
 * its own customers, their contracts and orders, and its own statements: no reseller filter here.
 */

export interface ResellerDashboard {
  customers: number;
  activeSubscriptions: number;
  /** Monthly recurring revenue of its customers' active contracts, per currency (minor units). */
  mrr: Array<{ currency: string; minor: string }>;
  openOrders: number;
  /** Commission on statements of the current month (none until it is settled) and of the last 12 months, by month. */
  commissionThisPeriod: Array<{ currency: string; minor: string }>;
  commissionByMonth: Array<{ month: string; currency: string; commissionMinor: string; clawbackMinor: string }>;
  periodMonth: IsoDate;
}

export async function resellerDashboard(tx: TenantTx, now = new Date()): Promise<ResellerDashboard> {
  const month = await currentMonthStart(tx, now);
  const since = addMonthsIso(month, -11);
  const [[counts], mrr, byMonth] = await Promise.all([
    tx.execute<{ customers: number; active: number; open_orders: number }>(sql`
      select (select count(*)::int from customers) as customers,
             (select count(*)::int from subscriptions where status = 'active') as active,
             (select count(*)::int from orders where status in ('open', 'partially_shipped')) as open_orders`),
    // Recurring fees of the version in force today, normalised to a month (quarterly / 3, yearly / 12), rounded half-up per currency.
    tx.execute<{ currency: string; minor: string }>(sql`
      select s.currency, round(sum(i.quantity * i.unit_price * (100 - i.discount_percent) / 100
                                   / case s.billing_interval when 'quarter' then 3 when 'year' then 12 else 1 end)
                               * case s.currency when 'JPY' then 1 when 'KWD' then 1000 else 100 end)::bigint::text as minor
        from subscriptions s
        join lateral (select v.id from subscription_versions v where v.subscription_id = s.id and v.status in ('active', 'superseded') and v.effective_from <= current_date
                       order by v.effective_from desc, v.version desc limit 1) v on true
        join subscription_items i on i.version_id = v.id and i.kind = 'recurring_fee' and i.unit_price is not null
       where s.status = 'active'
       group by s.currency order by s.currency`),
    tx.execute<{ month: string; currency: string; commission_minor: string; clawback_minor: string }>(sql`
      select period_month::text as month, currency, sum(commission_minor)::text as commission_minor, sum(clawback_minor)::text as clawback_minor
        from commission_statements where period_month >= ${since}::date group by period_month, currency order by period_month`),
  ]);
  const thisPeriod = byMonth.filter((m) => m.month === month).map((m) => ({ currency: m.currency, minor: (BigInt(m.commission_minor) + BigInt(m.clawback_minor)).toString() }));
  return {
    customers: counts.customers,
    activeSubscriptions: counts.active,
    mrr,
    openOrders: counts.open_orders,
    commissionThisPeriod: thisPeriod,
    commissionByMonth: byMonth.map((m) => ({ month: m.month, currency: m.currency, commissionMinor: m.commission_minor, clawbackMinor: m.clawback_minor })),
    periodMonth: month,
  };
}

export const startSubscriptionInput = z
  .object({
    /** Client-chosen id: submitting twice starts one contract. */
    id: z.uuid(),
    customerId: z.uuid("Choose a customer"),
    planId: z.uuid("Choose a plan"),
    termStart: z.iso.date("Start must be a date (YYYY-MM-DD)"),
    termMonths: z.number().int().min(1, "Term is 1 to 60 months").max(60, "Term is 1 to 60 months").default(12),
  });

/**
 * A reseller starts a contract for one of its customers from a plan the tenant lets resellers sell,
 * priced by the one price resolution (its customer's book, its own book, promotions, list) and
 * activated at once. The customer must be visible in its scope (RLS): another reseller's is unknown.
 */
export async function startResellerSubscription(tx: TenantTx, who: { tenantId: string; userId: string }, input: z.infer<typeof startSubscriptionInput>) {
  if (!(await isSellablePlan(tx, input.planId))) throw new DomainError("BAD_REQUEST", "This plan is not offered to resellers", { planId: ["Not offered to resellers"] });
  const [customer] = await tx.execute<{ currency: string }>(sql`select currency from customers where id = ${input.customerId}`);
  if (!customer) throw new DomainError("BAD_REQUEST", "Unknown customer", { customerId: ["Unknown customer"] });
  const { subscription, created } = await createSubscription(tx, who, {
    id: input.id, customerId: input.customerId, currency: customer.currency, planId: input.planId, termStart: input.termStart,
    termEnd: addMonthsIso(input.termStart, input.termMonths), items: [],
  });
  if (created || subscription.status === "draft") {
    await transitionSubscription(tx, who, { id: subscription.id, to: "active" });
  }
  return { subscriptionId: subscription.id, number: subscription.number, created };
}

/** The plans offered to resellers (what the start-subscription form lists). */
export async function sellablePlanOptions(tx: TenantTx) {
  return tx.execute<{ id: string; sku: string; name: string }>(sql`
    select p.id, p.sku, p.name from reseller_sellable_plans s join products p on p.tenant_id = s.tenant_id and p.id = s.product_id
     where p.status = 'active' order by p.name`);
}

/**
 * A reseller gives a person at one of its customers a portal login. The customer is looked up in the
 * reseller's own scope first (another reseller's is NOT_FOUND); creating the login then runs for the
 * tenant (system scope), since only staff scopes may insert users.
 */
export async function inviteCustomerUser(tx: TenantTx, acting: { tenantId: string; userId: string }, input: InviteContactInput) {
  await loadCustomer(tx, input.customerId);
  return asSystem(tx, () => inviteContact(tx, acting, input));
}
