import { sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { plainArray, textArray } from "../../../db/pg-arrays";
import type { TenantTx } from "../../../db/with-tenant";
import { recordAudit } from "../access/audit";
import { DomainError } from "../errors";
import { fromMinor, toMinor } from "../money/money";
import { loadReseller } from "./resellers";
import { savePlanInput, type SavePlanInput } from "./schemas";

export interface PlanView {
  id: string;
  name: string;
  currency: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  changedByName: string | null;
  updatedAt: string;
  bands: Array<{ categoryId: string | null; categoryName: string | null; from: string; ratePercent: string }>;
}

function badRequest(message: string, field: string): never {
  throw new DomainError("BAD_REQUEST", message, { [field]: [message] });
}

/**
 * Adds a commission plan to an agency reseller, or replaces one (window and bands). A reseller's
 * plans may not overlap; rates are 0-100%; each category's bands start at distinct amounts. The user
 * saving becomes the plan's last changer (who may then not approve statements computed with it).
 */
export async function savePlan(tx: TenantTx, acting: { tenantId: string; userId: string }, raw: SavePlanInput): Promise<{ planId: string; created: boolean }> {
  const parsed = savePlanInput.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    badRequest(issue.message, issue.path.map(String).join(".") || "plan");
  }
  const input = parsed.data;
  const reseller = await loadReseller(tx, input.resellerId, { lock: true });
  if (reseller.commercialModel !== "agency") badRequest("Commission plans are for agency resellers; this reseller is buy-sell", "resellerId");

  const bands = input.bands.map((b) => ({ categoryId: b.categoryId, fromMinor: toMinor(b.from, input.currency), ratePercent: b.ratePercent.trim() }));
  const seen = new Set<string>();
  for (const b of bands) {
    const key = `${b.categoryId ?? ""}:${b.fromMinor}`;
    if (seen.has(key)) badRequest("Two bands of one category start at the same amount", "bands");
    seen.add(key);
  }

  const overlapping = await tx.execute<{ name: string; effective_from: string; effective_to: string | null }>(sql`
    select name, effective_from::text, effective_to::text from commission_plans
     where reseller_id = ${input.resellerId} and id is distinct from ${input.planId ?? null}::uuid
       and daterange(effective_from, effective_to) && daterange(${input.effectiveFrom}::date, ${input.effectiveTo}::date)
     limit 1`);
  if (overlapping[0]) {
    const o = overlapping[0];
    badRequest(`This period overlaps the plan "${o.name}" (${o.effective_from} to ${o.effective_to ?? "open end"})`, "effectiveFrom");
  }

  let planId = input.planId;
  const created = !planId;
  if (planId) {
    const updated = await tx.execute(sql`
      update commission_plans set name = ${input.name}, currency = ${input.currency}, effective_from = ${input.effectiveFrom}::date, effective_to = ${input.effectiveTo}::date,
             changed_by = ${acting.userId}, updated_at = now()
       where id = ${planId} and reseller_id = ${input.resellerId} returning id`);
    if (updated.length === 0) throw new DomainError("NOT_FOUND", "No such plan for this reseller");
    await tx.execute(sql`delete from commission_plan_rates where plan_id = ${planId}`);
  } else {
    planId = uuidv7();
    await tx.execute(sql`
      insert into commission_plans (tenant_id, id, reseller_id, name, currency, effective_from, effective_to, changed_by)
      values (${acting.tenantId}, ${planId}, ${input.resellerId}, ${input.name}, ${input.currency}, ${input.effectiveFrom}::date, ${input.effectiveTo}::date, ${acting.userId})`);
  }
  await tx.execute(sql`
    insert into commission_plan_rates (tenant_id, plan_id, category_id, from_minor, rate_percent)
    select ${acting.tenantId}, ${planId}, * from unnest(${plainArray(bands.map((b) => b.categoryId))}::uuid[], ${plainArray(bands.map((b) => b.fromMinor))}::bigint[],
                                                      ${textArray(bands.map((b) => b.ratePercent))}::numeric[])`);
  await recordAudit(tx, {
    tenantId: acting.tenantId, actorUserId: acting.userId, action: created ? "reseller.plan_created" : "reseller.plan_changed", entityType: "reseller", entityId: input.resellerId,
    data: { planId, name: input.name, effectiveFrom: input.effectiveFrom, effectiveTo: input.effectiveTo, bands: input.bands },
  });
  return { planId, created };
}

/** A reseller's plans, latest first, with their bands in major units. */
export async function listPlans(tx: TenantTx, resellerId: string): Promise<PlanView[]> {
  const plans = await tx.execute<{ id: string; name: string; currency: string; effective_from: string; effective_to: string | null; changed_by_name: string | null; updated_at: string }>(sql`
    select p.id, p.name, p.currency, p.effective_from::text, p.effective_to::text, u.name as changed_by_name, p.updated_at::text
      from commission_plans p left join users u on u.id = p.changed_by
     where p.reseller_id = ${resellerId} order by p.effective_from desc`);
  if (plans.length === 0) return [];
  const rates = await tx.execute<{ plan_id: string; category_id: string | null; category_name: string | null; from_minor: string; rate_percent: string }>(sql`
    select r.plan_id, r.category_id, c.name as category_name, r.from_minor::text, trim_scale(r.rate_percent)::text as rate_percent
      from commission_plan_rates r left join product_categories c on c.tenant_id = r.tenant_id and c.id = r.category_id
     where r.plan_id = any(${plainArray(plans.map((p) => p.id))}::uuid[])
     order by c.name nulls first, r.from_minor`);
  return plans.map((p) => ({
    id: p.id, name: p.name, currency: p.currency, effectiveFrom: p.effective_from, effectiveTo: p.effective_to, changedByName: p.changed_by_name, updatedAt: p.updated_at,
    bands: rates.filter((r) => r.plan_id === p.id).map((r) => ({ categoryId: r.category_id, categoryName: r.category_name, from: fromMinor(r.from_minor, p.currency).toString(), ratePercent: r.rate_percent })),
  }));
}
