import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { redis } from "../../redis";
import { TIER_LIMITS, type ServiceTier } from "./tiers";

/** A request over a limit: the API answers 429 with `Retry-After: retryAfterSeconds`. */
export class RateLimitExceeded extends Error {
  constructor(readonly limit: "key" | "tenant", readonly retryAfterSeconds: number, readonly perSecond: number) {
    super(`Rate limit exceeded: at most ${perSecond} requests per second per ${limit === "key" ? "API key" : "tenant"}; retry after ${retryAfterSeconds} s`);
    this.name = "RateLimitExceeded";
  }
}

const limiters = new Map<string, RateLimiterRedis>();

/** One limiter per (tier, dimension); the tier is part of the Redis key, so a tier change applies at once. */
function limiter(tier: ServiceTier, dimension: "key" | "tenant"): RateLimiterRedis {
  const name = `${tier}:${dimension}`;
  let found = limiters.get(name);
  if (!found) {
    const points = dimension === "key" ? TIER_LIMITS[tier].perKey : TIER_LIMITS[tier].perTenant;
    found = new RateLimiterRedis({
      storeClient: redis(),
      keyPrefix: `tributary:rl:${name}`,
      points,
      duration: 1,
      // While Redis is unreachable each process counts on its own rather than failing every request.
      insuranceLimiter: new RateLimiterMemory({ keyPrefix: `tributary:rl:${name}`, points, duration: 1 }),
    });
    limiters.set(name, found);
  }
  return found;
}

/**
 * Counts one request against the key's and the tenant's per-second budgets (both in Redis, so every
 * web process shares them). Throws RateLimitExceeded when either is spent.
 */
export async function consumeApiRequest(who: { tenantId: string; keyId: string; tier: ServiceTier }): Promise<void> {
  const checks: Array<["key" | "tenant", string]> = [["key", who.keyId], ["tenant", who.tenantId]];
  for (const [dimension, id] of checks) {
    try {
      await limiter(who.tier, dimension).consume(id);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      const limits = TIER_LIMITS[who.tier];
      throw new RateLimitExceeded(dimension, Math.max(1, Math.ceil(error.msBeforeNext / 1000)), dimension === "key" ? limits.perKey : limits.perTenant);
    }
  }
}
