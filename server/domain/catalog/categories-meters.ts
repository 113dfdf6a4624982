import { asc, eq } from "drizzle-orm";
import { meters, productCategories } from "../../../db/schema";
import type { TenantTx } from "../../../db/with-tenant";
import { DomainError } from "../errors";
import { currentTenant } from "./products";
import { createCategoryInput, createMeterInput, type CreateCategoryInput, type CreateMeterInput } from "./schemas";

function parseOrThrow<T>(result: { success: true; data: T } | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } }): T {
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new DomainError("BAD_REQUEST", issue.message, { [issue.path.map(String).join(".") || "_"]: [issue.message] });
}

/** Idempotent on the category code: the same request returns the existing category, another name under a taken code is a CONFLICT. */
export async function createCategory(tx: TenantTx, raw: CreateCategoryInput) {
  const input = parseOrThrow(createCategoryInput.safeParse(raw));
  const [row] = await tx.insert(productCategories).values({ tenantId: currentTenant, ...input }).onConflictDoNothing({ target: [productCategories.tenantId, productCategories.code] }).returning();
  if (row) return { category: row, created: true };
  const [existing] = await tx.select().from(productCategories).where(eq(productCategories.code, input.code));
  if (!existing || existing.name !== input.name) {
    throw new DomainError("CONFLICT", `Category code ${input.code} is already used by "${existing?.name ?? "another category"}"`, { code: [`Code ${input.code} is taken`] });
  }
  return { category: existing, created: false };
}

export function listCategories(tx: TenantTx) {
  return tx.select().from(productCategories).orderBy(asc(productCategories.name), asc(productCategories.id));
}

/** Idempotent on the meter code, like categories. */
export async function createMeter(tx: TenantTx, raw: CreateMeterInput) {
  const input = parseOrThrow(createMeterInput.safeParse(raw));
  const [row] = await tx.insert(meters).values({ tenantId: currentTenant, ...input }).onConflictDoNothing({ target: [meters.tenantId, meters.code] }).returning();
  if (row) return { meter: row, created: true };
  const [existing] = await tx.select().from(meters).where(eq(meters.code, input.code));
  if (!existing || existing.name !== input.name || existing.unit !== input.unit) {
    throw new DomainError("CONFLICT", `Meter code ${input.code} is already used by "${existing?.name ?? "another meter"}" (${existing?.unit ?? "?"})`, { code: [`Code ${input.code} is taken`] });
  }
  return { meter: existing, created: false };
}

export function listMeters(tx: TenantTx) {
  return tx.select().from(meters).orderBy(asc(meters.code), asc(meters.id));
}
