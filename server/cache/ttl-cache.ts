/**
 * A small in-process cache for the per-request lookups of the web tier (host -> tenant, session ->
 * membership, session token -> claims): entries live at most `ttlMs`, at most `maxEntries` are kept
 * (the oldest inserted goes first), and `delete`/`clear` drop entries at once when this process
 * changes what they describe. Other processes only see such a change when their entry expires, so
 * the TTL is the bound on staleness across replicas; keep it short.
 */
export class TtlCache<K, V> {
  private readonly entries = new Map<K, { value: V; expires: number }>();

  constructor(
    readonly ttlMs: number,
    readonly maxEntries: number,
    /** Injectable for tests (no timed assertions: they move this clock instead). */
    private readonly now: () => number = () => Date.now(),
  ) {}

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: K, value: V, ttlMs = this.ttlMs): void {
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as K);
    this.entries.set(key, { value, expires: this.now() + ttlMs });
  }

  /** The cached value, or `load()`'s (cached when it is not undefined). Concurrent misses each load. */
  async getOrLoad(key: K, load: () => Promise<V>): Promise<V> {
    const hit = this.get(key);
    if (hit !== undefined) return hit;
    const value = await load();
    if (value !== undefined) this.set(key, value);
    return value;
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  /** Drops every entry whose key matches. */
  deleteWhere(match: (key: K) => boolean): void {
    for (const key of [...this.entries.keys()]) if (match(key)) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

const globalForCaches = globalThis as unknown as { tributaryCaches?: Map<string, TtlCache<unknown, unknown>> };

/**
 * The process's one cache of that name. The web process loads the server code twice (Next's bundles
 * for pages and routes, and the API fast path of server/http), so a cache kept in a module variable
 * would exist twice and a `delete` in one copy would miss the other; this one lives on globalThis.
 */
export function processCache<K, V>(name: string, ttlMs: number, maxEntries: number): TtlCache<K, V> {
  const caches = (globalForCaches.tributaryCaches ??= new Map());
  let cache = caches.get(name);
  if (!cache) caches.set(name, (cache = new TtlCache<unknown, unknown>(ttlMs, maxEntries)));
  return cache as TtlCache<K, V>;
}
