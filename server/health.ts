import { sql } from "drizzle-orm";
import { appPool } from "../db/client";
import { redis } from "./redis";

export interface DependencyHealth { ok: boolean; latencyMs: number; error?: string }

async function probe(check: () => Promise<unknown>): Promise<DependencyHealth> {
  const start = performance.now();
  try {
    await Promise.race([check(), new Promise((_, reject) => setTimeout(() => reject(new Error("timed out after 2 s")), 2000))]);
    return { ok: true, latencyMs: Math.round(performance.now() - start) };
  } catch (error) {
    return { ok: false, latencyMs: Math.round(performance.now() - start), error: (error as Error).message };
  }
}

/** Reachability of Postgres (as app_user) and Redis. */
export async function checkHealth() {
  const [postgres, redisHealth] = await Promise.all([
    probe(() => appPool().db.execute(sql`select 1`)),
    probe(() => redis().ping()),
  ]);
  return { status: postgres.ok && redisHealth.ok ? ("ok" as const) : ("degraded" as const), postgres, redis: redisHealth };
}
