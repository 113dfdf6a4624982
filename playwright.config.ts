import { defineConfig } from "@playwright/test";

const port = Number(process.env.TRIBUTARY_E2E_PORT ?? 3100);

/**
 * End-to-end tests in Debian's Chromium against a production build (`npm test` builds first).
 * Tenant hosts are `<slug>.localhost`, which Chromium resolves by itself; the custom domain
 * test maps one extra host to 127.0.0.1.
 */
export default defineConfig({
  testDir: "./e2e",
  outputDir: "./test-results/artifacts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  timeout: 60_000,
  use: {
    baseURL: `http://localhost:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
        "--host-resolver-rules=MAP portal.acme-supplies.test 127.0.0.1,MAP portal.bestparts.test 127.0.0.1",
      ],
    },
  },
  webServer: {
    // The production server (`npm start`): Next.js with the tRPC fast path (server/http).
    command: `PORT=${port} node_modules/.bin/tsx server/http/main.ts`,
    url: `http://localhost:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore",
    stderr: "pipe",
  },
});
