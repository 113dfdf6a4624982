import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname), "server-only": path.resolve(import.meta.dirname, "tests/setup/server-only.ts") } },
  test: {
    include: ["tests/**/*.test.ts"],
    environment: "node",
    // Integration tests share one Postgres; each works in its own tenants, so files may run in parallel.
    fileParallelism: true,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    globalSetup: ["tests/setup/global-setup.ts"],
    server: { deps: { inline: ["server-only", "next-auth", "@auth/core"] } },
  },
});
