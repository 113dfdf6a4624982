import { closeAppPool } from "../../db/client";
import { BASE_DOMAIN, E2E_PORT } from "../../scripts/lib/config";
import { seedDemo } from "../../scripts/lib/demo-data";
import { bootstrapStack } from "../../scripts/lib/stack";

/**
 * `npm test` boots the stack before vitest and passes its env. Run on its own (`npx vitest run`),
 * vitest boots the same test stack here, so a single test file can be run from a fresh shell.
 */
export default async function setup() {
  if (process.env.APP_DATABASE_URL) return;
  await bootstrapStack("test", E2E_PORT);
  await seedDemo(BASE_DOMAIN, E2E_PORT);
  await closeAppPool();
}
