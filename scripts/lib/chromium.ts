import { existsSync } from "node:fs";
import { aptInstall } from "./proc";

export const CHROMIUM_PATH = "/usr/bin/chromium";

/** Debian's Chromium for Playwright (a browser download cannot work on these machines). */
export async function ensureChromium(): Promise<void> {
  if (existsSync(CHROMIUM_PATH)) return;
  await aptInstall(["chromium"], "The end-to-end tests drive Debian's Chromium");
}
