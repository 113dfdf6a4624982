import { asc, eq, inArray } from "drizzle-orm";
import { products, productSubstitutes } from "../../../db/schema";
import type { TenantTx } from "../../../db/with-tenant";
import { recordAudit } from "../access/audit";
import { DomainError } from "../errors";
import type { SetSubstitutesInput } from "./substitute-schemas";

export interface SubstituteRow { substituteId: string; sku: string; name: string; status: "active" | "archived"; rank: number; ratio: string }

/** A product's substitutes in the order allocation tries them. */
export async function listSubstitutes(tx: TenantTx, productId: string): Promise<SubstituteRow[]> {
  const rows = await tx
    .select({ substituteId: productSubstitutes.substituteId, sku: products.sku, name: products.name, status: products.status, rank: productSubstitutes.rank, ratio: productSubstitutes.ratio })
    .from(productSubstitutes)
    .innerJoin(products, eq(products.id, productSubstitutes.substituteId))
    .where(eq(productSubstitutes.productId, productId))
    .orderBy(asc(productSubstitutes.rank));
  // numeric(20,6) comes back as "0.500000": show it as written.
  return rows.map((r) => ({ ...r, ratio: r.ratio.includes(".") ? r.ratio.replace(/\.?0+$/, "") : r.ratio }));
}

/**
 * Replaces a stock item's substitutes with the given ordered list (rank = position). Only active
 * stock items substitute, never the product itself, each at most once, each with a ratio > 0.
 */
export async function setSubstitutes(tx: TenantTx, acting: { tenantId: string; userId: string | null }, input: SetSubstitutesInput): Promise<SubstituteRow[]> {
  // Locks the product, so two editors of its list take turns instead of colliding on the ranks.
  const [product] = await tx.select({ id: products.id, sku: products.sku, kind: products.kind }).from(products).where(eq(products.id, input.productId)).for("update");
  if (!product) throw new DomainError("NOT_FOUND", "No such product");
  if (product.kind !== "stock_item") throw new DomainError("BAD_REQUEST", `${product.sku} is not a stock item: only stock items have substitutes`);
  const ids = input.substitutes.map((s) => s.substituteId);
  const found = ids.length ? await tx.select({ id: products.id, sku: products.sku, kind: products.kind, status: products.status }).from(products).where(inArray(products.id, ids)) : [];
  const byId = new Map(found.map((p) => [p.id, p]));
  const errors: Record<string, string[]> = {};
  const seen = new Set<string>();
  input.substitutes.forEach((s, i) => {
    const p = byId.get(s.substituteId);
    const problem =
      s.substituteId === input.productId ? "A product cannot substitute itself"
      : seen.has(s.substituteId) ? "This substitute is already listed"
      : !p ? "No such product"
      : p.kind !== "stock_item" ? `${p.sku} is not a stock item`
      : p.status !== "active" ? `${p.sku} is archived`
      : !(Number(s.ratio) > 0) ? "Ratio must be greater than zero"
      : null;
    seen.add(s.substituteId);
    if (problem) errors[`substitutes.${i}.${problem.startsWith("Ratio") ? "ratio" : "substituteId"}`] = [problem];
  });
  const problems = Object.values(errors);
  if (problems.length) throw new DomainError("BAD_REQUEST", problems.length === 1 ? problems[0][0] : "Some substitutes cannot be used", errors);

  const before = await listSubstitutes(tx, input.productId);
  const unchanged = before.length === input.substitutes.length && before.every((b, i) => b.substituteId === input.substitutes[i].substituteId && Number(b.ratio) === Number(input.substitutes[i].ratio));
  if (unchanged) return before;
  await tx.delete(productSubstitutes).where(eq(productSubstitutes.productId, input.productId));
  if (input.substitutes.length) {
    await tx.insert(productSubstitutes).values(input.substitutes.map((s, i) => ({ tenantId: acting.tenantId, productId: input.productId, substituteId: s.substituteId, rank: i + 1, ratio: s.ratio })));
  }
  const after = await listSubstitutes(tx, input.productId);
  await recordAudit(tx, {
    tenantId: acting.tenantId, actorUserId: acting.userId, action: "product.substitutes_set", entityType: "product", entityId: input.productId,
    data: { from: before.map((b) => ({ sku: b.sku, ratio: b.ratio })), to: after.map((a) => ({ sku: a.sku, ratio: a.ratio })) },
  });
  return after;
}
