import { sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { withTenant, type TenantTx } from "../../db/with-tenant";
import type { TenantFixture } from "../helpers/fixtures";

export const system = (T: { id: string }) => ({ kind: "system" as const, tenantId: T.id });
export const inTenant = <R>(T: { id: string }, fn: (tx: TenantTx) => Promise<R>) => withTenant(system(T), fn);

export interface ItemSpec {
  kind: "recurring_fee" | "usage" | "commit" | "delivery";
  productId: string;
  quantity?: string;
  unitPrice?: string | null;
  discountPercent?: string;
  meterId?: string;
  tiers?: Array<{ from: string; unitPrice: string }>;
  commitMinor?: bigint;
  every?: number;
  unit?: "week" | "month";
  firstDelivery?: string;
}

export interface ContractSpec {
  customerId: string;
  termStart: string;
  termEnd: string;
  anchorDay?: number;
  interval?: "month" | "quarter" | "year";
  autoRenew?: boolean;
  status?: string;
  cancelAt?: string | null;
  currency?: string;
  items: ItemSpec[];
}

/** A contract written directly (system scope), with one active version of the given items. */
export async function addContract(T: TenantFixture, spec: ContractSpec): Promise<{ id: string; versionId: string }> {
  const id = uuidv7();
  const versionId = uuidv7();
  await inTenant(T, async (tx) => {
    await tx.execute(sql`
      insert into subscriptions (tenant_id, id, number, customer_id, currency, status, term_start, term_end, auto_renew, anchor_day, billing_interval, cancel_at)
      values (${T.id}, ${id}, ${`SUB-T${id.slice(-8)}`}, ${spec.customerId}, ${spec.currency ?? "EUR"}, ${spec.status ?? "active"}, ${spec.termStart}, ${spec.termEnd},
              ${spec.autoRenew ?? true}, ${spec.anchorDay ?? Number(spec.termStart.slice(8, 10))}, ${spec.interval ?? "month"}, ${spec.cancelAt ?? null})`);
    await addVersion(tx, T, id, versionId, 1, spec.termStart, spec.items);
  });
  return { id, versionId };
}

export async function addVersion(tx: TenantTx, T: TenantFixture, subscriptionId: string, versionId: string, version: number, effectiveFrom: string, items: ItemSpec[]) {
  await tx.execute(sql`
    insert into subscription_versions (tenant_id, id, subscription_id, version, effective_from, status)
    values (${T.id}, ${versionId}, ${subscriptionId}, ${version}, ${effectiveFrom}, 'active')`);
  for (const [position, i] of items.entries()) {
    const pricing =
      i.kind === "usage"
        ? { resolvedOn: effectiveFrom, rule: null, terms: { model: "graduated", tiers: i.tiers ?? [{ from: "0", unitPrice: "0.01" }] } }
        : i.kind === "commit"
          ? { resolvedOn: effectiveFrom, rule: null, terms: null, commitAmountMinor: String(i.commitMinor) }
          : { resolvedOn: effectiveFrom, rule: null, terms: { model: "flat", unitPrice: i.unitPrice ?? "0" } };
    await tx.execute(sql`
      insert into subscription_items (tenant_id, subscription_id, version_id, kind, product_id, meter_id, quantity, rating, unit_price, discount_percent, pricing,
                                      commit_amount_minor, delivery_every, delivery_unit, first_delivery_date, ship_to_site_id, position)
      values (${T.id}, ${subscriptionId}, ${versionId}, ${i.kind}, ${i.productId}, ${i.kind === "usage" ? (i.meterId ?? T.contract.meterId) : null}, ${i.quantity ?? "1"},
              ${i.kind === "usage" ? "tiered" : null}, ${i.kind === "usage" || i.kind === "commit" ? null : (i.unitPrice ?? "0")}, ${i.discountPercent ?? "0"},
              ${JSON.stringify(pricing)}::jsonb, ${i.kind === "commit" ? i.commitMinor! : null}, ${i.kind === "delivery" ? (i.every ?? 1) : null},
              ${i.kind === "delivery" ? (i.unit ?? "week") : null}, ${i.kind === "delivery" ? i.firstDelivery! : null}, ${i.kind === "delivery" ? T.contract.siteId : null}, ${position})`);
  }
}

/** Usage of one contract in one period (through usage_events, so the period totals follow). */
export async function addUsage(T: TenantFixture, subscriptionId: string, periodStart: string, quantity: number, meterId = T.contract.meterId) {
  await inTenant(T, (tx) =>
    tx.execute(sql`
      insert into usage_events (tenant_id, event_id, subscription_id, meter_id, quantity, occurred_at, period_start)
      values (${T.id}, ${`t-${uuidv7()}`}, ${subscriptionId}, ${meterId}, ${quantity}, ${`${periodStart}T12:00:00Z`}, ${periodStart})`),
  );
}

export interface InvoiceOf { id: string; number: string; period_start: string; period_end: string; net_minor: string; tax_minor: string; total_minor: string; status: string; [key: string]: unknown }
export interface LineOf { invoice_id: string; kind: string; net_minor: string; tax_minor: string; tax_rate: string; quantity: string; service_start: string | null; service_end: string | null; description: string; [key: string]: unknown }

export async function invoicesOf(T: TenantFixture, subscriptionId: string) {
  return inTenant(T, async (tx) => {
    const invoices = await tx.execute<InvoiceOf>(sql`
      select id, number, period_start::text, period_end::text, net_minor::text, tax_minor::text, total_minor::text, status
        from invoices where subscription_id = ${subscriptionId} order by period_start`);
    const lines = await tx.execute<LineOf>(sql`
      select l.invoice_id, l.kind, l.net_minor::text, l.tax_minor::text, l.tax_rate::text, l.quantity::text, l.service_start::text, l.service_end::text, l.description
        from invoice_lines l join invoices i on i.tenant_id = l.tenant_id and i.id = l.invoice_id where i.subscription_id = ${subscriptionId} order by i.period_start, l.line_no`);
    return invoices.map((i) => ({ ...i, lines: lines.filter((l) => l.invoice_id === i.id) }));
  });
}
