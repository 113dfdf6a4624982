import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Everything the local stack needs to know, derived once from env vars and project defaults. */
export const ROOT = path.resolve(import.meta.dirname, "..", "..");
export const DATA_DIR = path.join(ROOT, ".data");
export const RUN_DIR = path.join(DATA_DIR, "run");

export const PG_PORT = Number(process.env.TRIBUTARY_PG_PORT ?? 54329);
export const REDIS_PORT = Number(process.env.TRIBUTARY_REDIS_PORT ?? 63799);
export const WEB_PORT = Number(process.env.PORT ?? 3000);
export const E2E_PORT = Number(process.env.TRIBUTARY_E2E_PORT ?? 3100);
export const BASE_DOMAIN = process.env.BASE_DOMAIN ?? "localhost";

/** Credentials for the local embedded cluster only; it listens on 127.0.0.1. */
export const LOCAL_PG = {
  superuser: "postgres",
  superPassword: "postgres",
  owner: "tributary",
  ownerPassword: "tributary",
  appUser: "app_user",
  appPassword: "app_user",
};

export type StackMode = "demo" | "test";

export interface StackUrls {
  /** Migrations and seeding run as the tables' owner. */
  ownerUrl: string;
  /** The app and workers connect as app_user (no superuser, no BYPASSRLS, not the owner). */
  appUrl: string;
  redisUrl: string;
  embeddedPostgres: boolean;
  embeddedRedis: boolean;
}

export function stackUrls(mode: StackMode): StackUrls {
  const database = mode === "test" ? "tributary_test" : "tributary";
  const local = (user: string, pass: string) => `postgres://${user}:${pass}@127.0.0.1:${PG_PORT}/${database}`;
  const external = process.env.DATABASE_URL;
  return {
    ownerUrl: external ?? local(LOCAL_PG.owner, LOCAL_PG.ownerPassword),
    appUrl: process.env.APP_DATABASE_URL ?? (external ? appUrlFrom(external) : local(LOCAL_PG.appUser, LOCAL_PG.appPassword)),
    redisUrl: process.env.REDIS_URL ?? `redis://127.0.0.1:${REDIS_PORT}/${mode === "test" ? 1 : 0}`,
    embeddedPostgres: !external,
    embeddedRedis: !process.env.REDIS_URL,
  };
}

/** Same server and database as the owner URL, logged in as app_user. */
function appUrlFrom(ownerUrl: string): string {
  const url = new URL(ownerUrl);
  url.username = LOCAL_PG.appUser;
  url.password = process.env.APP_DB_PASSWORD ?? LOCAL_PG.appPassword;
  return url.toString();
}

/** A per-checkout secret for Auth.js, generated once and kept under .data/. */
export function authSecret(): string {
  return process.env.AUTH_SECRET ?? localSecret("auth-secret");
}

/** The bearer token /api/metrics wants (METRICS_TOKEN, else one generated into .data/metrics-token). */
export function metricsToken(): string {
  return process.env.METRICS_TOKEN ?? localSecret("metrics-token");
}

function localSecret(name: string): string {
  const file = path.join(DATA_DIR, name);
  if (!existsSync(file)) {
    mkdirSync(DATA_DIR, { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  return readFileSync(file, "utf8").trim();
}

/** The environment the web app and worker processes run with. */
export function appEnv(mode: StackMode, port: number): NodeJS.ProcessEnv {
  const urls = stackUrls(mode);
  return {
    ...process.env,
    NODE_ENV: "production" as const,
    PORT: String(port),
    APP_DATABASE_URL: urls.appUrl,
    REDIS_URL: urls.redisUrl,
    AUTH_SECRET: authSecret(),
    AUTH_TRUST_HOST: "true",
    BASE_DOMAIN,
    NEXT_TELEMETRY_DISABLED: "1",
    METRICS_TOKEN: metricsToken(),
    // Local demo and tests: webhooks may go to a receiver on 127.0.0.1 over http (never in a real deployment).
    TRIBUTARY_WEBHOOKS_ALLOW_LOOPBACK: process.env.TRIBUTARY_WEBHOOKS_ALLOW_LOOPBACK ?? "1",
  };
}
