import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { TenantTx } from "../../../db/with-tenant";
import { plainArray, textArray } from "../../../db/pg-arrays";
import { DomainError } from "../errors";
import { CURRENCIES } from "../money/money";
import { rateQuantity, type Band, type PricingTerms } from "./rating";

/**
 * Which book a price comes from, highest precedence first: the customer's own book, then its
 * reseller's book, then a promotion running on the date, then the tenant's list book for the
 * currency. Within a book the row with the latest `effective_from` that is in effect on the date
 * wins (a scheduled change takes over on its date; a window ends on its `effective_to`).
 */
export const PRICE_LEVELS = ["customer", "reseller", "promotion", "list"] as const;
export type PriceLevel = (typeof PRICE_LEVELS)[number];

export const resolvePriceInput = z.object({
  customerId: z.uuid().nullable(),
  /** Defaults to the customer's reseller. */
  resellerId: z.uuid().nullable().optional(),
  productId: z.uuid(),
  quantity: z.union([z.string(), z.number()]).pipe(z.coerce.string()).refine((q) => /^\d+(\.\d{1,6})?$/.test(q), "Quantity must be a non-negative number with at most 6 decimals"),
  date: z.iso.date("Date must be YYYY-MM-DD"),
  currency: z.enum(CURRENCIES, { message: "Unknown currency" }),
});
export type ResolvePriceInput = z.input<typeof resolvePriceInput>;

export interface PriceRule {
  level: PriceLevel;
  priceBookId: string;
  priceBookName: string;
  entryId: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  terms: PricingTerms;
  /** One sentence for the "why this price" explainer. */
  explanation: string;
}

export interface ResolvedPrice {
  currency: string;
  quantity: string;
  /** Effective unit price at this quantity (6 decimals). */
  unitPrice: string;
  /** quantity x price under the rule's model, unrounded, in major units. */
  amount: string;
  bands: Band[];
  rule: PriceRule;
}

// A type alias (not an interface) so it satisfies execute()'s Record<string, unknown> constraint.
type EntryRow = {
  level: PriceLevel;
  price_book_id: string;
  price_book_name: string;
  entry_id: string;
  model: PricingTerms["model"];
  unit_price: string | null;
  package_size: string | null;
  effective_from: string;
  effective_to: string | null;
  tiers: Array<{ from: string; unitPrice: string }> | null;
};

const LEVEL_LABEL: Record<PriceLevel, string> = {
  customer: "the customer's own price book",
  reseller: "the reseller's price book",
  promotion: "a promotion",
  list: "the list price book",
};

/**
 * The price precedence, in one place for `resolvePrice` and `resolvePrices`: of the active price books
 * in the currency with an entry for the product in effect on the date, the customer's own book, then
 * the reseller's, then a promotion, then the list; the latest-starting entry within a level.
 */
function winningEntry(f: { customerId: SQL; resellerId: SQL; productId: SQL; currency: SQL; date: string }): SQL {
  return sql`
    select case b.kind when 'customer' then 0 when 'reseller' then 1 when 'promotion' then 2 else 3 end as rank,
           b.kind as level, b.id as price_book_id, b.name as price_book_name,
           e.id as entry_id, e.model, trim_scale(e.unit_price)::text as unit_price, trim_scale(e.package_size)::text as package_size,
           e.effective_from::text, e.effective_to::text
      from price_books b
      join price_book_entries e on e.price_book_id = b.id and e.tenant_id = b.tenant_id
     where b.status = 'active' and b.currency = ${f.currency} and e.product_id = ${f.productId}
       and e.effective_from <= ${f.date}::date and (e.effective_to is null or ${f.date}::date < e.effective_to)
       and (   (b.kind = 'customer' and b.customer_id = ${f.customerId})
            or (b.kind = 'reseller' and b.reseller_id = ${f.resellerId})
            or b.kind in ('promotion', 'list'))
     order by 1, e.effective_from desc
     limit 1`;
}

/** An entry's tiers as [{ from, unitPrice }], lowest first (null without tiers). */
const tiersOf = (entryId: SQL) => sql`
  (select json_agg(json_build_object('from', trim_scale(t.from_quantity)::text, 'unitPrice', trim_scale(t.unit_price)::text) order by t.from_quantity)
     from price_tiers t where t.entry_id = ${entryId})`;

/** The one price resolution: (customer, reseller, product, quantity, date, currency) -> unit price and the rule behind it. */
export async function resolvePrice(tx: TenantTx, rawInput: ResolvePriceInput): Promise<ResolvedPrice> {
  const parsed = resolvePriceInput.safeParse(rawInput);
  if (!parsed.success) throw new DomainError("BAD_REQUEST", parsed.error.issues[0].message);
  const input = parsed.data;

  // One statement: the winning entry for the customer (and its reseller, unless one is given).
  const rows = await tx.execute<EntryRow>(sql`
    select w.*, ${tiersOf(sql`w.entry_id`)} as tiers
      from (select (select c.id from customers c where c.id = ${input.customerId}) as customer_id,
                   coalesce(${input.resellerId ?? null}::uuid, (select c.reseller_id from customers c where c.id = ${input.customerId})) as reseller_id) r
      join lateral (${winningEntry({ customerId: sql`r.customer_id`, resellerId: sql`r.reseller_id`, productId: sql`${input.productId}::uuid`, currency: sql`${input.currency}::text`, date: input.date })}) w on true`);

  return priceFrom(rows[0], input);
}

/** The resolved price from the winning entry (or the NOT_FOUND when none applies). */
function priceFrom(row: EntryRow | undefined, input: { currency: string; date: string; quantity: string }): ResolvedPrice {
  if (!row) {
    throw new DomainError("NOT_FOUND", `No ${input.currency} price for this product on ${input.date} (no list, promotion, reseller or customer price applies)`);
  }
  const terms: PricingTerms = { model: row.model, unitPrice: row.unit_price, packageSize: row.package_size, tiers: row.tiers ?? [] };
  const rated = rateQuantity(terms, input.quantity);
  const window = row.effective_to ? `from ${row.effective_from} until ${row.effective_to}` : `from ${row.effective_from}`;
  return {
    currency: input.currency,
    quantity: input.quantity,
    unitPrice: rated.unitPrice.toFixed(6),
    amount: rated.amount.toString(),
    bands: rated.bands,
    rule: {
      level: row.level,
      priceBookId: row.price_book_id,
      priceBookName: row.price_book_name,
      entryId: row.entry_id,
      effectiveFrom: row.effective_from,
      effectiveTo: row.effective_to,
      terms,
      explanation: `${row.model[0].toUpperCase()}${row.model.slice(1)} price from ${LEVEL_LABEL[row.level]} "${row.price_book_name}", in effect ${window}; it takes precedence over ${PRICE_LEVELS.slice(PRICE_LEVELS.indexOf(row.level) + 1).join(", ") || "nothing"}.`,
    },
  };
}

/**
 * `resolvePrice` for many (customer, product, quantity) at once, in one statement: the same candidate
 * entries and precedence per distinct (customer, product, currency), rated per quantity. Each item
 * gets its price or its own NOT_FOUND. For order placement, where every line needs one.
 */
export async function resolvePrices(
  tx: TenantTx,
  date: string,
  /** `currency: null` prices in the customer's own currency (read with the price, for a caller that has not read the customer yet). */
  items: ReadonlyArray<{ customerId: string; productId: string; quantity: number; currency: string | null }>,
): Promise<Array<ResolvedPrice | DomainError>> {
  if (items.length === 0) return [];
  const key = (i: { customerId: string; productId: string; currency: string | null }) => `${i.customerId}:${i.productId}:${i.currency ?? ""}`;
  const pairs = [...new Map(items.map((i) => [key(i), i])).values()];
  const rows = await tx.execute<Partial<EntryRow> & { n: string; currency: string | null }>(sql`
    with req as (
      select r.n, r.customer_id, r.product_id, coalesce(r.currency, c.currency) as currency, c.reseller_id
        from unnest(${plainArray(pairs.map((p) => p.customerId))}::uuid[], ${plainArray(pairs.map((p) => p.productId))}::uuid[],
                    ${textArray(pairs.map((p) => p.currency))}::text[]) with ordinality as r(customer_id, product_id, currency, n)
        left join customers c on c.id = r.customer_id
    )
    select r.n::text as n, r.currency, w.*, ${tiersOf(sql`w.entry_id`)} as tiers
      from req r
      left join lateral (
        ${winningEntry({ customerId: sql`r.customer_id`, resellerId: sql`r.reseller_id`, productId: sql`r.product_id`, currency: sql`r.currency`, date })}
      ) w on true`);
  const found = new Map(rows.map((r) => [key(pairs[Number(r.n) - 1]), r]));
  return items.map((item) => {
    const row = found.get(key(item));
    try {
      return priceFrom(row?.entry_id ? (row as EntryRow) : undefined, { currency: item.currency ?? row?.currency ?? "", date, quantity: String(item.quantity) });
    } catch (error) {
      if (error instanceof DomainError) return error;
      throw error;
    }
  });
}
