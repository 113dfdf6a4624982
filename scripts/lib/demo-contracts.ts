import { sql } from "drizzle-orm";
import { withTenant, type TenantTx } from "../../db/with-tenant";
import { createCategory, createMeter } from "../../server/domain/catalog/categories-meters";
import { createProduct } from "../../server/domain/catalog/products";
import { createCustomerAccount } from "../../server/domain/customers/customers";
import { addSite } from "../../server/domain/customers/sites";
import { Dec } from "../../server/domain/money/money";
import { addPriceEntry, createPriceBook } from "../../server/domain/pricing/price-books";
import { createSubscription, transitionSubscription } from "../../server/domain/subscriptions/contracts";
import type { ItemInputRaw } from "../../server/domain/subscriptions/items";
import { addDaysIso, addMonthsIso, isoDate } from "../../server/domain/subscriptions/periods";
import { ingestUsageEvents } from "../../server/domain/usage/ingest";
import { DEMO_CATALOGS, type DemoCatalog } from "./demo-catalog";
import { seedId } from "./demo-data";

/**
 * Catalog, prices, 50+ customers with ship-to sites and 100+ contracts of every item kind for one
 * demo tenant, through the domain functions the app uses. Every step is idempotent (natural keys
 * or deterministic ids), so seeding again changes nothing.
 */
export async function seedDemoContracts(slug: string, tenantId: string, resellerIds: string[]): Promise<{ customers: number; subscriptions: number }> {
  const catalog = DEMO_CATALOGS[slug];
  if (!catalog) return { customers: 0, subscriptions: 0 };
  const acting = { tenantId, userId: null };
  const id = (name: string) => seedId(`${slug}:${name}`);
  const system = <T>(fn: (tx: TenantTx) => Promise<T>) => withTenant({ kind: "system", tenantId }, fn);

  const skus = await system(async (tx) => seedCatalog(tx, catalog));
  await system(async (tx) => seedPrices(tx, catalog, skus, id, resellerIds));

  // Customers: the base seed's named accounts plus generated ones, each with a default ship-to site.
  // The base seed's named accounts have no code (generated ones do): a stable list across reseeds.
  const named = await system((tx) => tx.execute<{ id: string; name: string }>(sql`select id, name from customers where code is null order by name`));
  const generated: Array<{ id: string; name: string }> = [];
  await system(async (tx) => {
    const [prefixes, kinds] = [catalog.customerNames.prefixes, catalog.customerNames.kinds];
    for (let i = 0; i < 52; i++) {
      const name = `${prefixes[i % prefixes.length]} ${kinds[Math.floor(i / prefixes.length) % kinds.length]}`;
      const [city, postalCode, countryCode] = catalog.cities[i % catalog.cities.length];
      const { customer } = await createCustomerAccount(tx, acting, {
        code: `${slug.slice(0, 3).toUpperCase()}-${String(i + 1).padStart(4, "0")}`,
        name,
        resellerId: i % 4 === 1 && resellerIds.length ? resellerIds[Math.floor(i / 4) % resellerIds.length] : null,
        currency: "EUR",
        paymentTermsDays: [14, 30, 30, 45, 60][i % 5],
        taxJurisdiction: countryCode,
        creditLimitMinor: BigInt((5 + (i % 10) * 5) * 100_000),
        billToName: `Accounts payable, ${name}`,
        billToEmail: `ap${i + 1}@${slug}-customers.test`,
        addressLine1: `${10 + i} ${["Market", "Station", "Harbour", "Church", "Mill"][i % 5]} Street`,
        addressLine2: "",
        city,
        postalCode,
        countryCode,
      });
      generated.push({ id: customer.id, name: customer.name });
    }
    for (const [i, c] of [...named, ...generated].entries()) {
      const [city, postalCode, countryCode] = catalog.cities[i % catalog.cities.length];
      await addSite(tx, acting, { id: id(`site:${c.id}`), customerId: c.id, name: "Main site", addressLine1: `${i + 1} Depot Road`, addressLine2: "", city, postalCode, countryCode, isDefault: true });
    }
  });

  const customers = [...named, ...generated];
  const plan = skus.get(catalog.products.find((p) => p.kind === "plan")!.sku)!;
  const metered = catalog.products.find((p) => p.meter)!;
  const fee = catalog.products.find((p) => p.kind === "service" && !p.meter)!;
  const stock = catalog.products.filter((p) => p.kind === "stock_item");
  const kit = catalog.products.find((p) => p.kind === "kit")!;
  const meterId = skus.get(`meter:${metered.meter!.code}`)!;

  let subscriptionCount = 0;
  for (const [i, customer] of customers.entries()) {
    for (let n = 0; n < 2; n++) {
      const k = i * 2 + n;
      const termStart = isoDate(new Date(Date.UTC(2026, k % 10, 1 + (k % 28))));
      const site = id(`site:${customer.id}`);
      const items: ItemInputRaw[] =
        n === 0
          ? [] // from the plan: portal/VMI fee, metered usage, a fortnightly delivery
          : [
              { kind: "recurring_fee", productId: skus.get(fee.sku)!, quantity: String(1 + (k % 3)), discountPercent: k % 7 === 0 ? "5" : "0" },
              { kind: "usage", productId: skus.get(metered.sku)!, meterId, rating: (["tiered", "volume"] as const)[k % 2] },
              { kind: "commit", productId: skus.get(metered.sku)!, commitAmountMinor: BigInt(5000 + (k % 5) * 2500) },
              { kind: "delivery", productId: skus.get((k % 3 === 0 ? kit : stock[k % stock.length]).sku)!, quantity: String(2 + (k % 6)), deliveryEvery: k % 2 ? 1 : 4, deliveryUnit: k % 2 ? "month" : "week", shipToSiteId: site, firstDeliveryDate: addDaysIso(termStart, 3) },
            ];
      await system(async (tx) => {
        const { subscription, created } = await createSubscription(tx, acting, {
          id: id(`subscription:${customer.id}:${n}`),
          customerId: customer.id,
          currency: "EUR",
          termStart,
          termEnd: addMonthsIso(termStart, 12),
          billingInterval: (["month", "month", "quarter", "year"] as const)[k % 4],
          priority: k % 5,
          ...(n === 0 ? { planId: plan } : {}),
          items,
        });
        if (created && k % 9 !== 0) {
          await transitionSubscription(tx, acting, { id: subscription.id, to: "active" }, termStart);
          if (k % 13 === 0) await transitionSubscription(tx, acting, { id: subscription.id, to: "paused" }, termStart);
        }
      });
      subscriptionCount++;
    }
  }

  // A little usage this month on active metered contracts (event ids are stable: resending is a no-op).
  await system(async (tx) => {
    const active = await tx.execute<{ id: string }>(sql`select id from subscriptions where status = 'active' order by number limit 60`);
    const now = new Date();
    const events = active.flatMap((s, i) =>
      Array.from({ length: 5 }, (_, e) => ({
        eventId: `demo-${s.id}-${isoDate(now).slice(0, 7)}-${e}`,
        meter: metered.meter!.code,
        subscriptionId: s.id,
        quantity: String(100 * ((i % 7) + 1) * (e + 1)),
        timestamp: new Date(now.getTime() - (e * 24 + 1) * 3_600_000).toISOString(),
      })),
    );
    if (!events.length) return;
    const result = await ingestUsageEvents(tx, tenantId, events);
    if (result.rejected.length) throw new Error(`demo usage rejected: ${JSON.stringify(result.rejected.slice(0, 3))}`);
  });
  return { customers: customers.length, subscriptions: subscriptionCount };
}

/** Categories, meters and products; returns SKU (and `meter:<code>`) -> id. */
async function seedCatalog(tx: TenantTx, catalog: DemoCatalog): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const categories = new Map<string, string>();
  for (const [code, name] of catalog.categories) categories.set(code, (await createCategory(tx, { code, name })).category.id);
  for (const p of catalog.products.filter((x) => x.meter)) ids.set(`meter:${p.meter!.code}`, (await createMeter(tx, p.meter!)).meter.id);
  const ordered = [...catalog.products.filter((p) => p.kind === "stock_item" || p.kind === "service"), ...catalog.products.filter((p) => p.kind === "kit")];
  for (const p of ordered) {
    const { product } = await createProduct(tx, {
      sku: p.sku, name: p.name, kind: p.kind, categoryId: categories.get(p.category), unitOfMeasure: p.unit ?? "each",
      weightGrams: p.weightGrams ?? null, reorderPoint: p.reorderPoint ?? null, taxClass: p.taxClass ?? "standard",
      components: (p.components ?? []).map(([sku, quantity]) => ({ componentId: ids.get(sku)!, quantity })),
    });
    ids.set(p.sku, product.id);
  }
  const plan = catalog.products.find((p) => p.kind === "plan")!;
  const fee = catalog.products.find((p) => p.kind === "service" && !p.meter)!;
  const metered = catalog.products.find((p) => p.meter)!;
  const firstStock = catalog.products.find((p) => p.kind === "stock_item")!;
  const { product } = await createProduct(tx, {
    sku: plan.sku, name: plan.name, kind: "plan", categoryId: categories.get(plan.category),
    planItems: [
      { kind: "recurring_fee", productId: ids.get(fee.sku)!, quantity: "1" },
      { kind: "usage", productId: ids.get(metered.sku)!, meterId: ids.get(`meter:${metered.meter!.code}`)!, rating: "tiered" },
      { kind: "delivery", productId: ids.get(firstStock.sku)!, quantity: "5", deliveryEvery: 2, deliveryUnit: "week" },
    ],
  });
  ids.set(plan.sku, product.id);
  return ids;
}

/** A EUR list book (with a scheduled increase), a spring promotion, a reseller book and a customer book. */
async function seedPrices(tx: TenantTx, catalog: DemoCatalog, skus: Map<string, string>, id: (name: string) => string, resellerIds: string[]) {
  const { book: list } = await createPriceBook(tx, { id: id("book:list"), name: "List prices EUR", kind: "list", currency: "EUR" });
  for (const p of catalog.products.filter((x) => x.kind !== "plan")) {
    const productId = skus.get(p.sku)!;
    if (p.tiers) {
      await addPriceEntry(tx, { priceBookId: list.id, productId, model: "graduated", tiers: p.tiers.map(([from, unitPrice]) => ({ from, unitPrice })), effectiveFrom: "2026-01-01" });
    } else {
      await addPriceEntry(tx, { priceBookId: list.id, productId, model: "flat", unitPrice: p.price!, effectiveFrom: "2026-01-01" });
      // A scheduled 4% increase from next year on the first few stock items.
      if (p.kind === "stock_item" && catalog.products.indexOf(p) < 3) {
        await addPriceEntry(tx, { priceBookId: list.id, productId, model: "flat", unitPrice: new Dec(p.price!).times("1.04").toDecimalPlaces(2).toString(), effectiveFrom: "2027-01-01" });
      }
    }
  }
  const flat = catalog.products.filter((p) => p.kind === "stock_item").slice(0, 2);
  const { book: promo } = await createPriceBook(tx, { id: id("book:promo"), name: "Spring promotion", kind: "promotion", currency: "EUR" });
  for (const p of flat) {
    await addPriceEntry(tx, { priceBookId: promo.id, productId: skus.get(p.sku)!, model: "flat", unitPrice: new Dec(p.price!).times("0.85").toDecimalPlaces(2).toString(), effectiveFrom: "2026-03-01", effectiveTo: "2026-06-01" });
  }
  if (resellerIds[0]) {
    const { book } = await createPriceBook(tx, { id: id("book:reseller"), name: "Partner prices", kind: "reseller", currency: "EUR", resellerId: resellerIds[0] });
    for (const p of flat) await addPriceEntry(tx, { priceBookId: book.id, productId: skus.get(p.sku)!, model: "flat", unitPrice: new Dec(p.price!).times("0.9").toDecimalPlaces(2).toString(), effectiveFrom: "2026-01-01" });
  }
  // The base seed's named accounts have no code; the first of them is stable across reseeds.
  const [firstCustomer] = await tx.execute<{ id: string }>(sql`select id from customers where code is null order by name limit 1`);
  if (firstCustomer) {
    const { book } = await createPriceBook(tx, { id: id("book:customer"), name: "Contract prices", kind: "customer", currency: "EUR", customerId: firstCustomer.id });
    await addPriceEntry(tx, { priceBookId: book.id, productId: skus.get(flat[0].sku)!, model: "flat", unitPrice: new Dec(flat[0].price!).times("0.8").toDecimalPlaces(2).toString(), effectiveFrom: "2026-01-01" });
  }
}
