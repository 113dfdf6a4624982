import { closeAppPool } from "../db/client";
import { BASE_DOMAIN, WEB_PORT } from "./lib/config";
import { seedDemo } from "./lib/demo-data";
import { bootstrapStack } from "./lib/stack";

// `npm run db:seed`: bootstrap, then seed the demo tenants (idempotent).
await bootstrapStack("demo", WEB_PORT);
const logins = await seedDemo(BASE_DOMAIN, WEB_PORT);
console.log(`[seed] ${logins.length} demo logins ready`);
await closeAppPool();
