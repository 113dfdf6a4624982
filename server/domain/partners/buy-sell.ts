import { sql } from "drizzle-orm";
import type { z } from "zod";
import { plainArray } from "../../../db/pg-arrays";
import { asSystem, type TenantTx } from "../../../db/with-tenant";
import { recordAudit } from "../access/audit";
import { DomainError } from "../errors";
import { Dec, toMinor } from "../money/money";
import { addPriceEntry } from "../pricing/price-books";
import { rateQuantity, type PricingTerms } from "../pricing/rating";
import type { IsoDate } from "../subscriptions/periods";
import { loadReseller, type Acting } from "./resellers";
import type { priceLimitInput, resellerPriceInput, sellablePlanInput } from "./schemas";

/**
 * Buy-sell resellers: they buy at the wholesale book the tenant assigns and sell at their own
 * (reseller-kind) book, whose prices must stay within the tenant's floor and ceiling per product and
 * currency. The margin of a sold line is its net less the wholesale cost of its quantity.
 */

/** Sets (or replaces) the floor and ceiling for a product in a currency. */
export async function setPriceLimit(tx: TenantTx, acting: Acting, input: z.infer<typeof priceLimitInput>) {
  const [row] = await tx.execute<{ id: string }>(sql`
    insert into reseller_price_limits (tenant_id, product_id, currency, floor_price, ceiling_price, changed_by)
    values (${acting.tenantId}, ${input.productId}, ${input.currency}, ${input.floorPrice}::numeric, ${input.ceilingPrice}::numeric, ${acting.userId})
    on conflict (tenant_id, product_id, currency) do update set floor_price = excluded.floor_price, ceiling_price = excluded.ceiling_price, changed_by = excluded.changed_by, updated_at = now()
    returning id`);
  await recordAudit(tx, { tenantId: acting.tenantId, actorUserId: acting.userId, action: "reseller.price_limit_set", entityType: "product", entityId: input.productId, data: { ...input } });
  return row;
}

export async function listPriceLimits(tx: TenantTx) {
  return tx.execute<{ id: string; product_id: string; sku: string; product_name: string; currency: string; floor_price: string; ceiling_price: string }>(sql`
    select l.id, l.product_id, p.sku, p.name as product_name, l.currency, trim_scale(l.floor_price)::text as floor_price, trim_scale(l.ceiling_price)::text as ceiling_price
      from reseller_price_limits l join products p on p.tenant_id = l.tenant_id and p.id = l.product_id
     order by p.sku, l.currency`);
}

/**
 * A buy-sell reseller prices a product in its own book (made on first use in the wholesale book's
 * currency). The floor and ceiling are checked by addPriceEntry; the write itself runs in system
 * scope because price books are otherwise staff-written.
 */
export async function setOwnPrice(tx: TenantTx, acting: Acting & { resellerId: string }, input: z.infer<typeof resellerPriceInput>) {
  const reseller = await loadReseller(tx, acting.resellerId);
  if (reseller.commercialModel !== "buy_sell" || !reseller.wholesalePriceBookId) throw new DomainError("FORBIDDEN", "Only buy-sell resellers set their own prices");
  return asSystem(tx, async () => {
    const [wholesale] = await tx.execute<{ currency: string }>(sql`select currency from price_books where id = ${reseller.wholesalePriceBookId}`);
    await tx.execute(sql`
      insert into price_books (tenant_id, name, kind, currency, reseller_id) values (${acting.tenantId}, ${`${reseller.name} prices`}, 'reseller', ${wholesale.currency}, ${reseller.id})
      on conflict do nothing`);
    const [book] = await tx.execute<{ id: string }>(sql`select id from price_books where kind = 'reseller' and reseller_id = ${reseller.id} and currency = ${wholesale.currency} and status = 'active'`);
    const result = await addPriceEntry(tx, { priceBookId: book.id, productId: input.productId, model: "flat", unitPrice: input.unitPrice, effectiveFrom: input.effectiveFrom, tiers: [] });
    await recordAudit(tx, { tenantId: acting.tenantId, actorUserId: acting.userId, action: "reseller.price_set", entityType: "product", entityId: input.productId, data: { ...input } });
    return result;
  });
}

/** Adds or removes a plan from the allow-list of what resellers may sell. */
export async function setSellablePlan(tx: TenantTx, acting: Acting, input: z.infer<typeof sellablePlanInput>) {
  if (input.allowed) {
    const [product] = await tx.execute<{ kind: string }>(sql`select kind from products where id = ${input.productId}`);
    if (!product) throw new DomainError("BAD_REQUEST", "No such product", { productId: ["No such product"] });
    if (product.kind !== "plan") throw new DomainError("BAD_REQUEST", "Only plans can be offered to resellers", { productId: ["Choose a plan"] });
    await tx.execute(sql`insert into reseller_sellable_plans (tenant_id, product_id, added_by) values (${acting.tenantId}, ${input.productId}, ${acting.userId}) on conflict do nothing`);
  } else {
    await tx.execute(sql`delete from reseller_sellable_plans where product_id = ${input.productId}`);
  }
  await recordAudit(tx, { tenantId: acting.tenantId, actorUserId: acting.userId, action: input.allowed ? "reseller.plan_allowed" : "reseller.plan_disallowed", entityType: "product", entityId: input.productId });
}

export async function listSellablePlans(tx: TenantTx) {
  return tx.execute<{ product_id: string; sku: string; name: string; allowed: boolean }>(sql`
    select p.id as product_id, p.sku, p.name, exists (select 1 from reseller_sellable_plans s where s.product_id = p.id) as allowed
      from products p where p.kind = 'plan' and p.status = 'active' order by p.name`);
}

export async function isSellablePlan(tx: TenantTx, productId: string): Promise<boolean> {
  const [row] = await tx.execute(sql`select 1 from reseller_sellable_plans where product_id = ${productId}`);
  return Boolean(row);
}

/** An invoice line sold to a buy-sell reseller's customer (from billing, or handed in). */
export interface SoldLine {
  invoiceLineId: string;
  customerId: string;
  productId: string;
  description: string;
  quantity: string;
  netMinor: bigint;
  currency: string;
  date: IsoDate;
}

export interface LineMargin extends SoldLine { wholesaleUnitPrice: string | null; costMinor: bigint | null; marginMinor: bigint | null; marginPercent: string | null }

/**
 * Margin per line: net - wholesale cost, the cost being the quantity rated at the wholesale book's
 * entry in effect on the line's date (flat, package, graduated or volume, rounded half-up once).
 * A line whose product has no wholesale price that day gets no margin (null), not a guess.
 */
export async function marginsFor(tx: TenantTx, resellerId: string, lines: readonly SoldLine[]): Promise<{ lines: LineMargin[]; totals: { netMinor: bigint; costMinor: bigint; marginMinor: bigint } }> {
  const reseller = await loadReseller(tx, resellerId);
  const bookId = reseller.wholesalePriceBookId;
  const productIds = [...new Set(lines.map((l) => l.productId))];
  const entries = bookId && productIds.length
    ? await asSystem(tx, () =>
        tx.execute<{ product_id: string; model: PricingTerms["model"]; unit_price: string | null; package_size: string | null; effective_from: string; effective_to: string | null; currency: string; tiers: Array<{ from: string; unitPrice: string }> | null }>(sql`
          select e.product_id, e.model, trim_scale(e.unit_price)::text as unit_price, trim_scale(e.package_size)::text as package_size, e.effective_from::text, e.effective_to::text, b.currency,
                 (select json_agg(json_build_object('from', trim_scale(t.from_quantity)::text, 'unitPrice', trim_scale(t.unit_price)::text) order by t.from_quantity) from price_tiers t where t.entry_id = e.id) as tiers
            from price_book_entries e join price_books b on b.tenant_id = e.tenant_id and b.id = e.price_book_id
           where e.price_book_id = ${bookId} and e.product_id = any(${plainArray(productIds)}::uuid[])
           order by e.effective_from desc`),
      )
    : [];
  const totals = { netMinor: 0n, costMinor: 0n, marginMinor: 0n };
  const out = lines.map((line): LineMargin => {
    const entry = entries.find((e) => e.product_id === line.productId && e.currency === line.currency && e.effective_from <= line.date && (e.effective_to === null || line.date < e.effective_to));
    if (!entry) return { ...line, wholesaleUnitPrice: null, costMinor: null, marginMinor: null, marginPercent: null };
    const rated = rateQuantity({ model: entry.model, unitPrice: entry.unit_price, packageSize: entry.package_size, tiers: entry.tiers ?? [] }, line.quantity);
    const costMinor = toMinor(rated.amount, line.currency);
    const marginMinor = line.netMinor - costMinor;
    totals.netMinor += line.netMinor;
    totals.costMinor += costMinor;
    totals.marginMinor += marginMinor;
    const marginPercent = line.netMinor === 0n ? null : new Dec(marginMinor.toString()).times(100).dividedBy(line.netMinor.toString()).toDecimalPlaces(2).toString();
    return { ...line, wholesaleUnitPrice: rated.unitPrice.toString(), costMinor, marginMinor, marginPercent };
  });
  return { lines: out, totals };
}

/** Billing's invoice lines of a reseller's customers issued in [from, to]; empty until billing's tables exist. */
export async function soldLinesFromBilling(tx: TenantTx, resellerId: string, from: IsoDate, to: IsoDate): Promise<SoldLine[]> {
  const [exists] = await tx.execute<{ ok: boolean }>(sql`select to_regclass('public.invoice_lines') is not null as ok`);
  if (!exists.ok) return [];
  const rows = await tx.execute<{ id: string; customer_id: string; product_id: string; description: string; quantity: string; net_minor: string; currency: string; issue_date: string }>(sql`
    select l.id, i.customer_id, l.product_id, l.description, trim_scale(l.quantity)::text as quantity, l.net_minor::text, i.currency, i.issue_date::text
      from invoice_lines l join invoices i on i.tenant_id = l.tenant_id and i.id = l.invoice_id
      join customers c on c.tenant_id = i.tenant_id and c.id = i.customer_id
     where c.reseller_id = ${resellerId} and l.product_id is not null and i.issue_date between ${from}::date and ${to}::date and i.status <> 'void' and i.number is not null
     order by i.issue_date, l.id limit 5000`);
  return rows.map((r) => ({ invoiceLineId: r.id, customerId: r.customer_id, productId: r.product_id, description: r.description, quantity: r.quantity, netMinor: BigInt(r.net_minor), currency: r.currency, date: r.issue_date }));
}
