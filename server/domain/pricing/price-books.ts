import { and, asc, count, eq, ilike, inArray, sql, type SQL } from "drizzle-orm";
import { customers, priceBookEntries, priceBooks, priceTiers, products, resellers } from "../../../db/schema";
import type { TenantTx } from "../../../db/with-tenant";
import { inSavepoint } from "../catalog/db-errors";
import { currentTenant } from "../catalog/products";
import { assertWithinResellerLimits } from "../partners/price-limits";
import { containsPattern, DomainError } from "../errors";
import { offsetOf, orderFor, type Page } from "../lists";
import { Dec } from "../money/money";
import { resolvePrice, type ResolvedPrice } from "./resolve-price";
import {
  addPriceEntryInput,
  createPriceBookInput,
  explainPriceInput,
  priceBookListInput,
  type AddPriceEntryInput,
  type CreatePriceBookInput,
  type ExplainPriceInput,
  type PriceBookListInput,
} from "./schemas";

type Book = typeof priceBooks.$inferSelect;

function parse<T>(result: { success: true; data: T } | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } }): T {
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new DomainError("BAD_REQUEST", issue.message, { [issue.path.map(String).join(".") || "_"]: [issue.message] });
}

const KIND_LABEL: Record<Book["kind"], string> = { list: "list", customer: "customer", reseller: "reseller", promotion: "promotion" };

/**
 * Creates a price book. Idempotent: a client-chosen id, or the book's natural key (one active list
 * book per currency; one active book per customer or reseller and currency; promotions by name),
 * returns the existing book when the request matches it; a different book under a taken key is a
 * CONFLICT. A customer's book must be in the customer's currency.
 */
export async function createPriceBook(tx: TenantTx, raw: CreatePriceBookInput): Promise<{ book: Book; created: boolean }> {
  const input = parse(createPriceBookInput.safeParse(raw));
  const same = (b: Book) => b.name === input.name && b.kind === input.kind && b.currency === input.currency && b.customerId === (input.customerId ?? null) && b.resellerId === (input.resellerId ?? null);

  if (input.id) {
    const [byId] = await tx.select().from(priceBooks).where(eq(priceBooks.id, input.id));
    if (byId) {
      if (same(byId)) return { book: byId, created: false };
      throw new DomainError("CONFLICT", "A different price book was already created with this id");
    }
  }
  if (input.customerId) {
    // Locks the customer so two concurrent creates of its book are serialised.
    const [customer] = await tx.select({ name: customers.name, currency: customers.currency }).from(customers).where(eq(customers.id, input.customerId)).for("update");
    if (!customer) throw new DomainError("BAD_REQUEST", "No such customer", { customerId: ["No such customer"] });
    if (customer.currency !== input.currency) {
      const message = `${input.currency} is a currency that does not match the customer's currency (${customer.name} buys in ${customer.currency})`;
      throw new DomainError("BAD_REQUEST", message, { currency: [message] });
    }
  }
  if (input.resellerId) {
    const [reseller] = await tx.select({ id: resellers.id }).from(resellers).where(eq(resellers.id, input.resellerId)).for("update");
    if (!reseller) throw new DomainError("BAD_REQUEST", "No such reseller", { resellerId: ["No such reseller"] });
  }

  const key: SQL[] = [eq(priceBooks.kind, input.kind), eq(priceBooks.currency, input.currency), eq(priceBooks.status, "active")];
  if (input.customerId) key.push(eq(priceBooks.customerId, input.customerId));
  if (input.resellerId) key.push(eq(priceBooks.resellerId, input.resellerId));
  if (input.kind === "promotion") key.push(eq(priceBooks.name, input.name));
  const existing = async () => (await tx.select().from(priceBooks).where(and(...key)).limit(1))[0];
  const clash = (b: Book) => {
    if (same(b)) return { book: b, created: false };
    throw new DomainError("CONFLICT", `There is already an active ${KIND_LABEL[b.kind]} price book in ${b.currency} for this ${b.kind === "list" ? "tenant" : b.kind}: "${b.name}". Add entries to it, or archive it first.`);
  };
  const before = await existing();
  if (before) return clash(before);

  const [row] = await tx
    .insert(priceBooks)
    .values({ tenantId: currentTenant, ...(input.id ? { id: input.id } : {}), name: input.name, kind: input.kind, currency: input.currency, customerId: input.customerId ?? null, resellerId: input.resellerId ?? null })
    .onConflictDoNothing()
    .returning();
  if (row) return { book: row, created: true };
  // A concurrent create won the race (the list book's unique index, or the same id).
  const winner = input.id ? (await tx.select().from(priceBooks).where(eq(priceBooks.id, input.id)))[0] : await existing();
  if (!winner) throw new DomainError("CONFLICT", "The price book could not be created; try again");
  return clash(winner);
}

export async function setPriceBookArchived(tx: TenantTx, id: string, archived: boolean): Promise<Book> {
  return inSavepoint(
    tx,
    async (sp) => {
      const [row] = await sp.update(priceBooks).set({ status: archived ? "archived" : "active" }).where(eq(priceBooks.id, id)).returning();
      if (!row) throw new DomainError("NOT_FOUND", "No such price book");
      return row;
    },
    { "23505": () => new DomainError("CONFLICT", "Another list price book for this currency is active; archive it first") },
  );
}

export interface PriceBookRow {
  id: string;
  name: string;
  kind: Book["kind"];
  currency: string;
  status: Book["status"];
  customerId: string | null;
  customer: string | null;
  resellerId: string | null;
  reseller: string | null;
  entries: number;
  createdAt: Date;
}

/** Books visible to the session (RLS decides: staff all, a reseller the shared, its own and its customers' books). */
export async function listPriceBooks(tx: TenantTx, raw: PriceBookListInput = {}): Promise<Page<PriceBookRow>> {
  const input = parse(priceBookListInput.safeParse(raw));
  const filters: SQL[] = [];
  if (input.kind) filters.push(eq(priceBooks.kind, input.kind));
  if (input.currency) filters.push(eq(priceBooks.currency, input.currency));
  if (input.status) filters.push(eq(priceBooks.status, input.status));
  if (input.search) filters.push(ilike(priceBooks.name, containsPattern(input.search)));
  const where = filters.length ? and(...filters) : undefined;
  const sortable = { name: priceBooks.name, kind: priceBooks.kind, currency: priceBooks.currency, status: priceBooks.status, createdAt: priceBooks.createdAt };
  const entries = sql<number>`(select count(*)::int from price_book_entries e where e.price_book_id = ${priceBooks.id})`;
  const [rows, [{ total }]] = await Promise.all([
    tx
      .select({
        id: priceBooks.id, name: priceBooks.name, kind: priceBooks.kind, currency: priceBooks.currency, status: priceBooks.status,
        customerId: priceBooks.customerId, customer: customers.name, resellerId: priceBooks.resellerId, reseller: resellers.name, entries, createdAt: priceBooks.createdAt,
      })
      .from(priceBooks)
      .leftJoin(customers, eq(customers.id, priceBooks.customerId))
      .leftJoin(resellers, eq(resellers.id, priceBooks.resellerId))
      .where(where)
      .orderBy(...orderFor(input, sortable, "name", priceBooks.id))
      .limit(input.pageSize)
      .offset(offsetOf(input)),
    tx.select({ total: count() }).from(priceBooks).where(where),
  ]);
  return { rows, total, page: input.page, pageSize: input.pageSize };
}

export interface PriceEntry {
  id: string;
  productId: string;
  sku: string;
  productName: string;
  model: (typeof priceBookEntries.$inferSelect)["model"];
  unitPrice: string | null;
  packageSize: string | null;
  effectiveFrom: string;
  effectiveTo: string | null;
  tiers: Array<{ from: string; unitPrice: string }>;
}

const trim = (v: string | null) => (v === null ? null : new Dec(v).toString());

export async function getPriceBook(tx: TenantTx, id: string): Promise<{ book: PriceBookRow; entries: PriceEntry[] }> {
  const [book] = await tx
    .select({
      id: priceBooks.id, name: priceBooks.name, kind: priceBooks.kind, currency: priceBooks.currency, status: priceBooks.status,
      customerId: priceBooks.customerId, customer: customers.name, resellerId: priceBooks.resellerId, reseller: resellers.name, createdAt: priceBooks.createdAt,
    })
    .from(priceBooks)
    .leftJoin(customers, eq(customers.id, priceBooks.customerId))
    .leftJoin(resellers, eq(resellers.id, priceBooks.resellerId))
    .where(eq(priceBooks.id, id));
  if (!book) throw new DomainError("NOT_FOUND", "No such price book");
  const entries = await tx
    .select({ entry: priceBookEntries, sku: products.sku, productName: products.name })
    .from(priceBookEntries)
    .innerJoin(products, eq(products.id, priceBookEntries.productId))
    .where(eq(priceBookEntries.priceBookId, id))
    .orderBy(asc(products.sku), asc(priceBookEntries.effectiveFrom));
  const tiers = entries.length
    ? await tx.select().from(priceTiers).where(inArray(priceTiers.entryId, entries.map((e) => e.entry.id))).orderBy(asc(priceTiers.fromQuantity))
    : [];
  return {
    book: { ...book, entries: entries.length },
    entries: entries.map(({ entry: e, sku, productName }) => ({
      id: e.id, productId: e.productId, sku, productName, model: e.model, unitPrice: trim(e.unitPrice), packageSize: trim(e.packageSize),
      effectiveFrom: e.effectiveFrom, effectiveTo: e.effectiveTo,
      tiers: tiers.filter((t) => t.entryId === e.id).map((t) => ({ from: trim(t.fromQuantity)!, unitPrice: trim(t.unitPrice)! })),
    })),
  };
}

/**
 * Adds a price to a book from `effectiveFrom` (a later date than the current row schedules a
 * change). Idempotent on (book, product, effective from): the same entry again returns it; other
 * terms on a taken date are a CONFLICT. A window overlapping another window is rejected.
 */
export async function addPriceEntry(tx: TenantTx, raw: AddPriceEntryInput): Promise<{ entry: PriceEntry; created: boolean }> {
  const input = parse(addPriceEntryInput.safeParse(raw));
  const [book] = await tx.select({ status: priceBooks.status, name: priceBooks.name }).from(priceBooks).where(eq(priceBooks.id, input.priceBookId));
  if (!book) throw new DomainError("BAD_REQUEST", "No such price book", { priceBookId: ["No such price book"] });
  if (book.status !== "active") throw new DomainError("BAD_REQUEST", `Price book "${book.name}" is archived`);
  const [product] = await tx.select({ sku: products.sku, status: products.status }).from(products).where(eq(products.id, input.productId));
  if (!product) throw new DomainError("BAD_REQUEST", "No such product", { productId: ["No such product"] });
  if (product.status !== "active") throw new DomainError("BAD_REQUEST", `Product ${product.sku} is archived and gets no new prices`, { productId: ["Archived"] });

  const terms = {
    model: input.model, unitPrice: input.unitPrice ?? null, packageSize: input.packageSize ?? null, effectiveTo: input.effectiveTo ?? null,
    tiers: input.tiers.map((t) => ({ from: new Dec(t.from).toString(), unitPrice: new Dec(t.unitPrice).toString() })),
  };
  // A reseller's own book stays within the tenant's floor and ceiling for the product (docs/resellers.md).
  await assertWithinResellerLimits(tx, { priceBookId: input.priceBookId, productId: input.productId, ...terms });
  const sameTerms = (e: PriceEntry) =>
    e.model === terms.model && e.effectiveTo === terms.effectiveTo && trim(terms.unitPrice) === e.unitPrice && trim(terms.packageSize) === e.packageSize && JSON.stringify(e.tiers) === JSON.stringify(terms.tiers);
  const key = and(eq(priceBookEntries.priceBookId, input.priceBookId), eq(priceBookEntries.productId, input.productId), eq(priceBookEntries.effectiveFrom, input.effectiveFrom));

  const overlapMessage = async () => {
    // Read after the rollback of the savepoint: which window is in the way.
    const to = input.effectiveTo!;
    const [other] = await tx
      .select({ from: priceBookEntries.effectiveFrom, to: priceBookEntries.effectiveTo })
      .from(priceBookEntries)
      .where(and(eq(priceBookEntries.priceBookId, input.priceBookId), eq(priceBookEntries.productId, input.productId), sql`${priceBookEntries.effectiveTo} is not null`,
        sql`daterange(${priceBookEntries.effectiveFrom}, ${priceBookEntries.effectiveTo}) && daterange(${input.effectiveFrom}::date, ${to}::date)`))
      .limit(1);
    return other ? `${other.from} to ${other.to}` : "another window";
  };

  let id: string | null;
  try {
    id = await inSavepoint(
      tx,
      async (sp) => {
        const [row] = await sp
          .insert(priceBookEntries)
          .values({ tenantId: currentTenant, priceBookId: input.priceBookId, productId: input.productId, model: input.model, unitPrice: terms.unitPrice, packageSize: terms.packageSize, effectiveFrom: input.effectiveFrom, effectiveTo: terms.effectiveTo })
          .onConflictDoNothing({ target: [priceBookEntries.tenantId, priceBookEntries.priceBookId, priceBookEntries.productId, priceBookEntries.effectiveFrom] })
          .returning({ id: priceBookEntries.id });
        if (row && terms.tiers.length) {
          await sp.insert(priceTiers).values(terms.tiers.map((t) => ({ tenantId: currentTenant, entryId: row.id, fromQuantity: t.from, unitPrice: t.unitPrice })));
        }
        return row?.id ?? null;
      },
      { "23P01": () => new OverlapError() },
    );
  } catch (error) {
    if (!(error instanceof OverlapError)) throw error;
    const window = await overlapMessage();
    const message = `The window ${input.effectiveFrom} to ${input.effectiveTo} overlaps the window ${window} for ${product.sku} in this book; end that one first or pick other dates`;
    throw new DomainError("BAD_REQUEST", message, { effectiveFrom: [message] });
  }

  const entryOf = async (entryId: string) => (await getPriceBook(tx, input.priceBookId)).entries.find((e) => e.id === entryId)!;
  if (id) return { entry: await entryOf(id), created: true };
  const [existing] = await tx.select({ id: priceBookEntries.id }).from(priceBookEntries).where(key);
  const entry = await entryOf(existing.id);
  if (!sameTerms(entry)) {
    throw new DomainError("CONFLICT", `${product.sku} already has a different price in this book from ${input.effectiveFrom}; schedule a change with a later effective date instead`, {
      effectiveFrom: ["A price from this date exists"],
    });
  }
  return { entry, created: false };
}

class OverlapError extends Error {}

/** "Why this price": the one price resolution, for a customer (optional) the session can see. */
export async function explainPrice(tx: TenantTx, raw: ExplainPriceInput): Promise<ResolvedPrice & { product: { id: string; sku: string; name: string } }> {
  const input = parse(explainPriceInput.safeParse(raw));
  const [product] = await tx.select({ id: products.id, sku: products.sku, name: products.name }).from(products).where(eq(products.id, input.productId));
  if (!product) throw new DomainError("NOT_FOUND", "No such product");
  if (input.customerId) {
    const [customer] = await tx.select({ id: customers.id }).from(customers).where(eq(customers.id, input.customerId));
    if (!customer) throw new DomainError("NOT_FOUND", "No such customer");
  }
  const resolved = await resolvePrice(tx, { customerId: input.customerId ?? null, resellerId: input.resellerId ?? undefined, productId: input.productId, quantity: input.quantity, date: input.date, currency: input.currency });
  return { ...resolved, product };
}

/** Customers and resellers to pick a book's owner from (RLS limits them to the session's). */
export async function priceBookOwners(tx: TenantTx) {
  const [customerRows, resellerRows] = await Promise.all([
    tx.select({ id: customers.id, name: customers.name, currency: customers.currency }).from(customers).orderBy(asc(customers.name)).limit(500),
    tx.select({ id: resellers.id, name: resellers.name }).from(resellers).orderBy(asc(resellers.name)).limit(500),
  ]);
  return { customers: customerRows, resellers: resellerRows };
}
