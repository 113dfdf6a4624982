import { expect, test } from "@playwright/test";
import { midnight } from "../themes/midnight";
import { backgroundColor, expectSignedInto, rgb, screenshot, signIn, url } from "./helpers";

test.describe("platform console", () => {
  test("the platform admin creates a tenant whose host then serves its themed sign-in page", async ({ page, browser }) => {
    const suffix = Math.random().toString(36).slice(2, 8);
    const slug = `e2e-${suffix}`;
    const name = `E2E Wholesale ${suffix}`;
    const adminEmail = `owner-${suffix}@e2e.test`;
    const adminPassword = "correct-horse-battery";

    await signIn(page, "localhost", "admin@tributary.test");
    await expect(page.getByRole("heading", { name: "Tenants" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Acme Supplies" })).toBeVisible();
    await screenshot(page, "console-tenants");

    await page.getByTestId("new-tenant").click();
    // Bad input first: illegal slug and a taken slug get clear messages and create nothing.
    await page.getByLabel("Slug").fill("Bad Slug!");
    await page.getByLabel("Company name").fill(name);
    await page.getByLabel("Name", { exact: true }).fill("E2E Owner");
    await page.getByLabel("Email").fill(adminEmail);
    await page.getByLabel("Initial password").fill(adminPassword);
    await page.getByTestId("create-tenant-submit").click();
    await expect(page.getByText("Slug may use lowercase letters")).toBeVisible();
    await page.getByLabel("Slug").fill("acme");
    await page.getByTestId("create-tenant-submit").click();
    await expect(page.getByText("already taken").first()).toBeVisible();

    await page.getByLabel("Slug").fill(slug);
    await page.getByLabel("Theme preset").selectOption("midnight");
    await page.getByTestId("create-tenant-submit").click();
    await expect(page).toHaveURL(new RegExp(`/tenants/${slug}`));
    await expect(page.getByRole("heading", { name })).toBeVisible();

    // The theme editor validates as you type and previews live.
    const primary = page.getByLabel("Primary", { exact: true });
    await primary.fill("#12zz");
    await expect(page.getByText("Use a hex color like #1a2b3c")).toBeVisible();
    await expect(page.getByTestId("save-theme")).toBeDisabled();
    expect(await backgroundColor(page, "preview-primary")).toBe(rgb(midnight.colors.primary));
    await primary.fill("#0e7490");
    await expect(page.getByTestId("save-theme")).toBeEnabled();
    expect(await backgroundColor(page, "preview-primary")).toBe(rgb("#0e7490"));
    await screenshot(page, "console-theme-editor");
    await primary.fill(""); // back to the preset's primary before saving
    await page.getByTestId("save-theme").click();
    await expect(page.getByText("Theme saved")).toBeVisible();

    const tenantPage = await (await browser.newContext()).newPage();
    await tenantPage.goto(url(`${slug}.localhost`, "/sign-in"));
    await expect(tenantPage.getByTestId("workspace-name")).toHaveText(name);
    expect(await backgroundColor(tenantPage, "sign-in-submit")).toBe(rgb(midnight.colors.primary));
    await screenshot(tenantPage, "new-tenant-sign-in");

    await signIn(tenantPage, `${slug}.localhost`, adminEmail, "wrong-password-123");
    await expect(tenantPage.getByTestId("sign-in-error")).toHaveText("Wrong email or password.");
    await signIn(tenantPage, `${slug}.localhost`, adminEmail, adminPassword);
    await expectSignedInto(tenantPage, "operator", name);
  });

  test("tenant users cannot use the console", async ({ page }) => {
    await signIn(page, "localhost", "owner@acme.test");
    await expect(page.getByTestId("sign-in-error")).toContainText("no access to this workspace");
  });
});
