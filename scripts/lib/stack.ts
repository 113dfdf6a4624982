import { runMigrations } from "../../db/migrate";
import { appEnv, BASE_DOMAIN, stackUrls, type StackMode } from "./config";
import { checkPostgres, ensureLocalRolesAndDatabases, startEmbeddedPostgres, stopEmbeddedPostgres } from "./postgres";
import { portOpen } from "./proc";
import { checkRedis, startLocalRedis, stopLocalRedis } from "./redis";

export interface Stack {
  mode: StackMode;
  env: NodeJS.ProcessEnv;
  /** Stops whatever this bootstrap started itself (services already running are left alone). */
  stopStartedServices(): Promise<void>;
}

/**
 * Postgres and Redis up (embedded/local unless DATABASE_URL/REDIS_URL are set), roles and
 * databases present, migrations applied, and this process's env pointed at the stack.
 */
export async function bootstrapStack(mode: StackMode, webPort: number): Promise<Stack> {
  const urls = stackUrls(mode);
  const started: Array<() => Promise<unknown>> = [];
  const t0 = Date.now();

  if (urls.embeddedPostgres) {
    const wasRunning = await portOpen(Number(new URL(urls.ownerUrl).port));
    await startEmbeddedPostgres();
    if (!wasRunning) started.push(stopEmbeddedPostgres);
    await ensureLocalRolesAndDatabases();
  } else {
    await checkPostgres(urls);
  }
  if (urls.embeddedRedis) {
    const wasRunning = await portOpen(Number(new URL(urls.redisUrl).port));
    await startLocalRedis();
    if (!wasRunning) started.push(stopLocalRedis);
  } else {
    await checkRedis(urls.redisUrl);
  }

  await runMigrations(urls.ownerUrl);
  const env = appEnv(mode, webPort);
  Object.assign(process.env, { APP_DATABASE_URL: env.APP_DATABASE_URL, REDIS_URL: env.REDIS_URL, AUTH_SECRET: env.AUTH_SECRET, BASE_DOMAIN });
  console.log(`[stack] ${mode}: Postgres, Redis and migrations ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return {
    mode,
    env: { ...env, DATABASE_URL: urls.ownerUrl },
    async stopStartedServices() {
      for (const stop of started.reverse()) await stop();
    },
  };
}
