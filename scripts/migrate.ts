import { bootstrapStack } from "./lib/stack";
import { WEB_PORT } from "./lib/config";

// `npm run db:migrate`: start the local services if needed and apply migrations.
const mode = process.env.TRIBUTARY_MODE === "test" ? "test" : "demo";
await bootstrapStack(mode, WEB_PORT);
console.log("[migrate] done");
