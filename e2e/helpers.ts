import { expect, type Page } from "@playwright/test";

export const PORT = Number(process.env.TRIBUTARY_E2E_PORT ?? 3100);
export const DEMO_PASSWORD = "tributary-demo";
export const url = (host: string, path = "/") => `http://${host}:${PORT}${path}`;

export async function signIn(page: Page, host: string, email: string, password = DEMO_PASSWORD) {
  await page.goto(url(host, "/sign-in"));
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByTestId("sign-in-submit").click();
}

export async function expectSignedInto(page: Page, portal: "operator" | "reseller" | "customer", workspace: string) {
  await expect(page).toHaveURL(new RegExp(`/${portal}$`));
  await expect(page.getByTestId("session-workspace")).toHaveText(workspace);
}

export async function backgroundColor(page: Page, testId: string): Promise<string> {
  return page.getByTestId(testId).evaluate((el) => getComputedStyle(el).backgroundColor);
}

/** "#c2410c" -> "rgb(194, 65, 12)", the form getComputedStyle reports. */
export function rgb(hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
}

export const screenshot = (page: Page, name: string) => page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
