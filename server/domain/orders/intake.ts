import { sql } from "drizzle-orm";
import { withTenant } from "../../../db/with-tenant";
import { DomainError } from "../errors";
import { placeOrders, type PlaceRequest, type PlaceResult } from "./place";

const DEBUG = process.env.ORDER_INTAKE_DEBUG === "1";

/**
 * Group commit for order placement. Orders that arrive for a tenant while one of its batches is being
 * placed wait for it to finish and then go together, in arrival order, as one set-based transaction
 * (`placeOrders`): under a burst, 32 waiting orders cost one commit, one customer lock statement and one
 * allocation instead of 32 of each. A lone order goes at once (a batch of one), so nothing waits for a
 * timer.
 *
 * Each order gets its own result: a check that fails (bad input, unknown product, no price...) fails
 * only that order. Should the batch's transaction itself fail (a database error), every order of it is
 * retried alone, in its own transaction, so an order that cannot be placed cannot take the others with
 * it. Per process and per tenant at most `concurrency` batches run at once; another replica has its own
 * intake, and the database's locks (customers, then stock in product order) keep them correct together.
 */
export class OrderIntake {
  private readonly queues = new Map<string, { waiting: Array<{ request: PlaceRequest; settle: (r: PlaceResult) => void }>; running: number }>();
  /** For tests and metrics: how many batches ran, and their sizes. */
  readonly stats = { batches: 0, orders: 0, largestBatch: 0, retriedAlone: 0 };

  constructor(readonly options: { maxBatch: number; concurrency: number } = { maxBatch: 256, concurrency: 1 }) {}

  /** Places one order through the tenant's intake; resolves with its result (never rejects for a domain error). */
  place(request: PlaceRequest): Promise<PlaceResult> {
    const tenantId = request.acting.tenantId;
    let queue = this.queues.get(tenantId);
    if (!queue) this.queues.set(tenantId, (queue = { waiting: [], running: 0 }));
    const result = new Promise<PlaceResult>((settle) => queue.waiting.push({ request, settle }));
    this.pump(tenantId);
    return result;
  }

  private pump(tenantId: string): void {
    const queue = this.queues.get(tenantId);
    if (!queue) return;
    while (queue.running < this.options.concurrency && queue.waiting.length > 0) {
      const batch = queue.waiting.splice(0, this.options.maxBatch);
      queue.running++;
      void this.run(tenantId, batch).finally(() => {
        queue.running--;
        if (queue.waiting.length === 0 && queue.running === 0) this.queues.delete(tenantId);
        else this.pump(tenantId);
      });
    }
  }

  private async run(tenantId: string, batch: Array<{ request: PlaceRequest; settle: (r: PlaceResult) => void }>): Promise<void> {
    this.stats.batches++;
    this.stats.orders += batch.length;
    this.stats.largestBatch = Math.max(this.stats.largestBatch, batch.length);
    const started = performance.now();
    try {
      const results = await withTenant({ kind: "system", tenantId }, (tx) => {
        // The batch's statements are prepared once per connection; Postgres kept re-planning the ones
        // taking arrays (a custom plan per call: ~4 ms of planning a batch beside ~11 ms of execution)
        // though the generic plans it would reuse run as fast (docs/orders.md). Pipelined: a failure
        // fails the statements after it.
        void tx.execute(sql`select set_config('plan_cache_mode', 'force_generic_plan', true)`).catch(() => undefined);
        return placeOrders(tx, tenantId, batch.map((b) => b.request));
      });
      batch.forEach((b, i) => b.settle(results[i]));
      if (DEBUG) console.log(`order intake: ${batch.length} orders in ${(performance.now() - started).toFixed(1)} ms`);
    } catch (error) {
      if (batch.length === 1) {
        batch[0].settle(failure(error));
        return;
      }
      // The whole transaction failed: each order again, alone, so only the one that cannot be placed fails.
      this.stats.retriedAlone += batch.length;
      for (const b of batch) {
        try {
          const [result] = await withTenant({ kind: "system", tenantId }, (tx) => placeOrders(tx, tenantId, [b.request]));
          b.settle(result);
        } catch (alone) {
          b.settle(failure(alone));
        }
      }
    }
  }
}

/** An unexpected error as one order's result: domain errors keep their type, the rest are logged and reported as retryable. */
function failure(error: unknown): PlaceResult {
  if (error instanceof DomainError) return { ok: false, error };
  console.error("order intake: an order could not be placed", error);
  return { ok: false, error: new OrderIntakeError(error) };
}

/** A database failure of one order in the intake (not a domain rule): the API answers 500 and the client may retry with its request key. */
export class OrderIntakeError extends Error {
  constructor(readonly cause: unknown) {
    super("The order could not be placed; retry with the same request key");
    this.name = "OrderIntakeError";
  }
}

const globalForIntake = globalThis as unknown as { tributaryOrderIntake?: OrderIntake };

/** The process's intake (one per process, kept across Next's dev reloads). */
export function orderIntake(): OrderIntake {
  globalForIntake.tributaryOrderIntake ??= new OrderIntake({
    maxBatch: Number(process.env.ORDER_INTAKE_MAX_BATCH ?? 256),
    // Two batches of a tenant in flight: the next one reads and inserts while the last one waits for
    // its reservations and COMMIT (the locks order them: customers, the order counter, then stock).
    concurrency: Number(process.env.ORDER_INTAKE_CONCURRENCY ?? 2),
  });
  return globalForIntake.tributaryOrderIntake;
}
