import { and, count, desc, eq, ilike, isNull, or, sql, type SQL } from "drizzle-orm";
import { auditLog, currencies, customerContacts, customers, customerSites, resellers } from "../../../db/schema";
import type { TenantTx } from "../../../db/with-tenant";
import { recordAudit } from "../access/audit";
import { containsPattern, DomainError, isUniqueViolation } from "../errors";
import { offsetOf, orderFor, type Page } from "../lists";
import { formatReference, nextNumber } from "../tenancy/counters";
import type { CreateCustomerInput, CustomerListInput, CustomerStatus, UpdateCustomerInput } from "./schemas";

/** Who is making a change: the tenant it happens in and the user the audit log names. */
export interface Acting { tenantId: string; userId: string | null }

export type Customer = typeof customers.$inferSelect;

/** The fields a create compares when the same code arrives again (a retry must carry the same body). */
const COMPARED_FIELDS = [
  "name", "resellerId", "currency", "paymentTermsDays", "taxJurisdiction", "creditLimitMinor", "billToName", "billToEmail",
  "addressLine1", "addressLine2", "city", "postalCode", "countryCode",
] as const satisfies ReadonlyArray<keyof Customer & keyof CreateCustomerInput>;

/**
 * The low-level insert of a buying account, used by seeds and fixtures (idempotent on `id`) and by
 * createCustomerAccount. Everything but the name may be left to the column defaults.
 */
export async function createCustomer(
  tx: TenantTx,
  input: { tenantId: string; id?: string; name: string; resellerId?: string | null } & Partial<Omit<typeof customers.$inferInsert, "tenantId" | "id" | "name" | "resellerId">>,
) {
  const [row] = await tx.insert(customers).values(input).onConflictDoNothing().returning();
  return row ?? null;
}

async function assertKnownCurrency(tx: TenantTx, currency: string) {
  const [known] = await tx.select({ code: currencies.code }).from(currencies).where(eq(currencies.code, currency));
  if (!known) throw new DomainError("BAD_REQUEST", `Unknown currency ${currency}`, { currency: [`Unknown currency ${currency}`] });
}

async function assertVisibleReseller(tx: TenantTx, resellerId: string | null) {
  if (!resellerId) return;
  const [found] = await tx.select({ id: resellers.id }).from(resellers).where(eq(resellers.id, resellerId));
  if (!found) throw new DomainError("BAD_REQUEST", "No such reseller", { resellerId: ["No such reseller"] });
}

async function customerByCode(tx: TenantTx, code: string): Promise<Customer | undefined> {
  const [row] = await tx.select().from(customers).where(eq(customers.code, code));
  return row;
}

const sameBody = (row: Customer, input: CreateCustomerInput) => COMPARED_FIELDS.every((f) => row[f] === input[f]);

/**
 * Opens a customer account. The code is the natural key: the same code with the same body returns
 * the existing customer (a retry), with another body it is a CONFLICT. Without a code the next
 * `C-000042` is issued from the tenant's counter.
 */
export async function createCustomerAccount(tx: TenantTx, acting: Acting, input: CreateCustomerInput): Promise<{ customer: Customer; created: boolean }> {
  await assertKnownCurrency(tx, input.currency);
  await assertVisibleReseller(tx, input.resellerId);

  const conflictOrRetry = (existing: Customer) => {
    if (sameBody(existing, input)) return { customer: existing, created: false };
    throw new DomainError("CONFLICT", `Customer code ${existing.code} is already used by ${existing.name}`, { code: ["This code is already used by another customer"] });
  };
  if (input.code) {
    const existing = await customerByCode(tx, input.code);
    if (existing) return conflictOrRetry(existing);
  }
  const code = input.code ?? formatReference("C", await nextNumber(tx, acting.tenantId, "customer"));
  let row: Customer | null;
  try {
    // A savepoint, so a concurrent create of the same code leaves this transaction usable.
    row = await tx.transaction((sp) => createCustomer(sp, { ...input, tenantId: acting.tenantId, code }));
  } catch (error) {
    if (!isUniqueViolation(error, "customers_code")) throw error;
    const winner = await customerByCode(tx, code);
    if (!winner) throw error;
    return conflictOrRetry(winner);
  }
  if (!row) {
    // The insert's ON CONFLICT DO NOTHING met a concurrent create of the same code.
    const winner = await customerByCode(tx, code);
    if (!winner) throw new DomainError("CONFLICT", "The customer could not be created; try again");
    return conflictOrRetry(winner);
  }
  await recordAudit(tx, { ...audited(acting), action: "customer.created", entityType: "customer", entityId: row.id, data: { code, name: row.name, resellerId: row.resellerId } });
  return { customer: row, created: true };
}

const audited = (acting: Acting) => ({ tenantId: acting.tenantId, actorUserId: acting.userId });

/**
 * One customer as the session may see it (RLS decides); NOT_FOUND otherwise. `lock: "update"` locks it
 * for a change of the account; `"no key update"` serializes work that reads and then adds to what the
 * customer owes (credit checks), without blocking inserts that merely reference it.
 */
export async function loadCustomer(tx: TenantTx, id: string, opts: { lock?: "update" | "no key update" } = {}): Promise<Customer> {
  const query = tx.select().from(customers).where(eq(customers.id, id));
  const [row] = opts.lock ? await query.for(opts.lock) : await query;
  if (!row) throw new DomainError("NOT_FOUND", "No such customer");
  return row;
}

/** Changes the given fields; the audit entry records each changed field's old and new value. */
export async function updateCustomer(tx: TenantTx, acting: Acting, input: UpdateCustomerInput): Promise<Customer> {
  const { id, ...changes } = input;
  const current = await loadCustomer(tx, id, { lock: "update" });
  if (changes.currency !== undefined) await assertKnownCurrency(tx, changes.currency);
  if (changes.resellerId !== undefined) await assertVisibleReseller(tx, changes.resellerId);
  if (changes.code !== undefined && changes.code !== current.code) {
    const taken = await customerByCode(tx, changes.code);
    if (taken) throw new DomainError("CONFLICT", `Customer code ${changes.code} is already used by ${taken.name}`, { code: ["This code is already used by another customer"] });
  }
  const diff: Record<string, { from: unknown; to: unknown }> = {};
  const set: Partial<Customer> = {};
  for (const [key, value] of Object.entries(changes) as Array<[keyof typeof changes, unknown]>) {
    if (value === undefined || current[key] === value) continue;
    (set as Record<string, unknown>)[key] = value;
    diff[key] = { from: jsonSafe(current[key]), to: jsonSafe(value) };
  }
  if (Object.keys(set).length === 0) return current;
  let row: Customer;
  try {
    [row] = await tx.transaction((sp) => sp.update(customers).set(set).where(eq(customers.id, id)).returning());
  } catch (error) {
    if (isUniqueViolation(error, "customers_code")) throw new DomainError("CONFLICT", "This code is already used by another customer", { code: ["This code is already used by another customer"] });
    throw error;
  }
  await recordAudit(tx, { ...audited(acting), action: "customer.updated", entityType: "customer", entityId: id, data: { changes: diff } });
  return row;
}

const jsonSafe = (v: unknown) => (typeof v === "bigint" ? v.toString() : v);

/** Puts an account on credit hold (orders wait); the reason goes to the audit log. Already on hold: no change. */
export async function placeCreditHold(tx: TenantTx, acting: Acting, input: { id: string; reason: string }): Promise<{ customer: Customer; changed: boolean }> {
  return setStatus(tx, acting, input.id, "credit_hold", "customer.credit_hold_placed", input.reason);
}

/** Releases a credit hold. Already active: no change. */
export async function releaseCreditHold(tx: TenantTx, acting: Acting, input: { id: string; reason: string }): Promise<{ customer: Customer; changed: boolean }> {
  return setStatus(tx, acting, input.id, "active", "customer.credit_hold_released", input.reason);
}

async function setStatus(tx: TenantTx, acting: Acting, id: string, status: CustomerStatus, action: string, reason: string) {
  const current = await loadCustomer(tx, id, { lock: "update" });
  if (current.status === status) return { customer: current, changed: false };
  const [row] = await tx.update(customers).set({ status }).where(eq(customers.id, id)).returning();
  await recordAudit(tx, { ...audited(acting), action, entityType: "customer", entityId: id, data: { from: current.status, to: status, reason } });
  return { customer: row, changed: true };
}

/** A customer with its reseller, ship-to sites, contacts and (when on hold) the recorded reason. */
export async function getCustomerDetail(tx: TenantTx, id: string) {
  const customer = await loadCustomer(tx, id);
  const [reseller, sites, contacts, hold] = await Promise.all([
    customer.resellerId ? tx.select({ id: resellers.id, name: resellers.name }).from(resellers).where(eq(resellers.id, customer.resellerId)).then((r) => r[0] ?? null) : null,
    tx.select().from(customerSites).where(eq(customerSites.customerId, id)).orderBy(desc(customerSites.isDefault), customerSites.name, customerSites.id),
    tx.select().from(customerContacts).where(eq(customerContacts.customerId, id)).orderBy(customerContacts.name, customerContacts.id),
    // The audit log is readable to staff; other scopes see only their own entries (then no reason).
    customer.status === "credit_hold"
      ? tx
          .select({ data: auditLog.data, occurredAt: auditLog.occurredAt })
          .from(auditLog)
          .where(and(eq(auditLog.entityType, "customer"), eq(auditLog.entityId, id), eq(auditLog.action, "customer.credit_hold_placed")))
          .orderBy(desc(auditLog.occurredAt), desc(auditLog.id))
          .limit(1)
          .then((r) => r[0] ?? null)
      : null,
  ]);
  return {
    customer,
    reseller,
    sites,
    contacts,
    creditHold: hold ? { reason: String(hold.data.reason ?? ""), since: hold.occurredAt } : null,
  };
}

const SORTABLE = {
  name: customers.name,
  code: customers.code,
  city: customers.city,
  status: customers.status,
  created: customers.createdAt,
};

export interface CustomerRow {
  id: string;
  code: string | null;
  name: string;
  city: string;
  countryCode: string;
  status: CustomerStatus;
  currency: string;
  creditLimitMinor: bigint;
  paymentTermsDays: number;
  resellerId: string | null;
  reseller: string | null;
  createdAt: Date;
}

/** Customers visible to the session (all for staff, a reseller's own for a reseller), sorted, filtered and paged by the database. */
export async function listCustomers(tx: TenantTx, input: CustomerListInput): Promise<Page<CustomerRow>> {
  const filters: SQL[] = [];
  if (input.search) {
    const pattern = containsPattern(input.search);
    filters.push(or(ilike(customers.name, pattern), ilike(customers.code, pattern), ilike(customers.city, pattern))!);
  }
  if (input.status) filters.push(eq(customers.status, input.status));
  if (input.reseller === "direct") filters.push(isNull(customers.resellerId));
  else if (input.reseller) filters.push(eq(customers.resellerId, input.reseller));
  if (input.country) filters.push(eq(customers.countryCode, input.country));
  const where = filters.length ? and(...filters) : undefined;

  const [rows, [{ total }]] = await Promise.all([
    tx
      .select({
        id: customers.id, code: customers.code, name: customers.name, city: customers.city, countryCode: customers.countryCode,
        status: customers.status, currency: customers.currency, creditLimitMinor: customers.creditLimitMinor,
        paymentTermsDays: customers.paymentTermsDays, resellerId: customers.resellerId, reseller: resellers.name, createdAt: customers.createdAt,
      })
      .from(customers)
      .leftJoin(resellers, eq(resellers.id, customers.resellerId))
      .where(where)
      .orderBy(...orderFor(input, SORTABLE, "name", customers.id))
      .limit(input.pageSize)
      .offset(offsetOf(input)),
    tx.select({ total: count() }).from(customers).where(where),
  ]);
  return { rows, total, page: input.page, pageSize: input.pageSize };
}

/** What the list's filters can offer: the resellers and countries the session can see. */
export async function customerFilterOptions(tx: TenantTx) {
  const [resellerRows, countryRows] = await Promise.all([
    tx.select({ id: resellers.id, name: resellers.name }).from(resellers).orderBy(resellers.name),
    tx.selectDistinct({ code: customers.countryCode }).from(customers).where(sql`${customers.countryCode} <> ''`).orderBy(customers.countryCode),
  ]);
  return { resellers: resellerRows, countries: countryRows.map((r) => r.code) };
}
