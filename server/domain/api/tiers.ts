import { SERVICE_TIERS, type ServiceTier } from "../../../db/schema/tenancy";

export { SERVICE_TIERS, type ServiceTier };

/**
 * API rate limits per service tier, in requests per second (a rolling one-second window in Redis).
 * `perKey` caps each key; `perTenant` caps all of a tenant's keys together, so minting more keys
 * buys no extra throughput. Documented in docs/api.md; the platform console sets a tenant's tier.
 */
export const TIER_LIMITS: Record<ServiceTier, { perKey: number; perTenant: number; label: string }> = {
  starter: { perKey: 10, perTenant: 20, label: "Starter" },
  growth: { perKey: 50, perTenant: 100, label: "Growth" },
  enterprise: { perKey: 200, perTenant: 500, label: "Enterprise" },
};
