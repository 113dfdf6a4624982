import { sql } from "drizzle-orm";
import type { TenantTx } from "../../../db/with-tenant";
import { DomainError } from "../errors";
import { periodContaining, type IsoDate, type Period } from "../subscriptions/periods";
import { tenantPolicy } from "../tenancy/settings";
import { loadMeteredContracts } from "./contracts";
import { localDateIn } from "./ingest";

export interface MeterUsage { meterId: string; code: string; name: string; unit: string; quantity: string; events: number }

export interface UsageSummary { subscriptionId: string; period: Period; meters: MeterUsage[] }

/**
 * Usage per meter of one subscription in the billing period containing `date` (today in the tenant's
 * time zone by default): every meter on the version in force in that period, with zero when nothing was
 * recorded, plus any other meter that has events counted toward that period.
 */
export async function usageSummary(tx: TenantTx, input: { subscriptionId: string; date?: IsoDate }, now = new Date()): Promise<UsageSummary> {
  const contract = (await loadMeteredContracts(tx, [input.subscriptionId])).get(input.subscriptionId);
  if (!contract) throw new DomainError("NOT_FOUND", "Unknown subscription");
  const date = input.date ?? localDateIn((await tenantPolicy(tx)).timeZone)(now.getTime());
  const period = periodContaining(date < contract.termStart ? contract.termStart : date, contract.termStart, contract.anchorDay, contract.interval);

  const rows = await tx.execute<{ meter_id: string; code: string; name: string; unit: string; quantity: string; events: number }>(sql`
    select m.id as meter_id, m.code, m.name, m.unit, coalesce(u.quantity, 0)::text as quantity, coalesce(u.events, 0)::int as events
      from meters m
      left join (select u.meter_id, u.quantity, u.events
                   from usage_period_totals u
                  where u.subscription_id = ${input.subscriptionId}::uuid and u.period_start = ${period.start}::date) u on u.meter_id = m.id
     where m.id = any(${`{${onVersion(contract.versions, period.end).join(",")}}`}::uuid[]) or u.meter_id is not null
     order by m.code`);
  return {
    subscriptionId: contract.id,
    period,
    meters: rows.map((r) => ({ meterId: r.meter_id, code: r.code, name: r.name, unit: r.unit, quantity: trimDecimal(r.quantity), events: Number(r.events) })),
  };
}

/** Meter ids on the latest version that takes effect before the period ends (an amendment mid-period adds its meters). */
function onVersion(versions: Array<{ effectiveFrom: IsoDate; meters: Record<string, string> }>, periodEnd: IsoDate): string[] {
  const inForce = versions.filter((v) => v.effectiveFrom < periodEnd).at(-1);
  return inForce ? Object.values(inForce.meters) : [];
}

/** numeric(20,6) sums print trailing zeros ("42.000000"); show "42". */
function trimDecimal(value: string): string {
  return value.includes(".") ? value.replace(/\.?0+$/, "") : value;
}
