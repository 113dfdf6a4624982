/*
 * Bounded cardinality for the tenant label. Each process counts volume per tenant and labels a
 * series with the tenant only while it is among the TOP_N busiest (recomputed every minute); every
 * other tenant is "other". A tenant entering the top N starts its own series from then on, so each
 * series stays a monotonic counter and the sum over tenants stays exact.
 */

export const TOP_N = Number(process.env.METRICS_TOP_TENANTS ?? 10);
const RECOMPUTE_MS = 60_000;
const MAX_TRACKED = 10_000;

export class TopTenants {
  private counts = new Map<string, number>();
  private top = new Set<string>();
  private computedAt = 0;

  constructor(
    private readonly n = TOP_N,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Records one unit of volume for the tenant and returns the label to use for it. */
  label(tenantId: string | null | undefined, weight = 1): string {
    if (!tenantId) return "none";
    this.counts.set(tenantId, (this.counts.get(tenantId) ?? 0) + weight);
    if (this.counts.size > MAX_TRACKED) this.decay();
    if (this.clock() - this.computedAt > RECOMPUTE_MS || (this.top.size < this.n && !this.top.has(tenantId))) this.recompute();
    return this.top.has(tenantId) ? tenantId : "other";
  }

  recompute(): void {
    this.top = new Set([...this.counts].sort((a, b) => b[1] - a[1]).slice(0, this.n).map(([t]) => t));
    this.computedAt = this.clock();
  }

  /** Halves every count and forgets the smallest, so memory stays bounded and volume stays recent. */
  private decay(): void {
    for (const [t, c] of this.counts) {
      const half = Math.floor(c / 2);
      if (half === 0) this.counts.delete(t);
      else this.counts.set(t, half);
    }
  }
}
