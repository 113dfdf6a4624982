import { expect, test, type Page } from "@playwright/test";
import { expectSignedInto, screenshot, signIn, url } from "./helpers";

async function explain(page: Page, product: string, options: { customer?: string; quantity: string; date: string }) {
  await page.goto(url("acme.localhost", "/operator/price-books/explain"));
  const form = page.getByTestId("explain-form");
  const pick = async (name: string, text: string) => {
    const select = form.locator(`select[name="${name}"]`);
    await select.selectOption((await select.locator("option", { hasText: text }).first().getAttribute("value"))!);
  };
  await pick("productId", product);
  if (options.customer) await pick("customerId", options.customer);
  await form.locator('input[name="quantity"]').fill(options.quantity);
  await form.locator('input[name="date"]').fill(options.date);
  await form.getByRole("button").first().click();
  return page.getByTestId("explain-result");
}

test("the catalog, price books and the 'why this price' explainer", async ({ page }) => {
  await signIn(page, "acme.localhost", "owner@acme.test");
  await expectSignedInto(page, "operator", "Acme Supplies");

  await page.goto(url("acme.localhost", "/operator/catalog?kind=kit"));
  await expect(page.getByText("KIT-FIRSTAID")).toBeVisible();
  await expect(page.getByText("GLV-NIT-M")).toHaveCount(0);
  await screenshot(page, "operator-catalog");

  await page.goto(url("acme.localhost", "/operator/price-books"));
  await expect(page.getByText("List prices EUR")).toBeVisible();
  await expect(page.getByText("Spring promotion")).toBeVisible();

  // Graduated list price for metered tracking: 10,000 x 0.02 + 5,000 x 0.015 = 275.00.
  const graduated = await explain(page, "SVC-TRACK", { quantity: "15000", date: "2026-11-01" });
  await expect(graduated).toContainText("€275.00");
  await expect(graduated).toContainText("List price");

  // During the spring promotion the promotional price (8.90 x 0.85 = 7.57) beats the list price...
  const promoted = await explain(page, "GLV-NIT-M", { quantity: "10", date: "2026-04-15" });
  await expect(promoted).toContainText("Promotion");
  await expect(promoted).toContainText("7.57");
  // ...and a customer's own book (8.90 x 0.8 = 7.12) beats the promotion.
  const contract = await explain(page, "GLV-NIT-M", { customer: "Contoso Dental", quantity: "10", date: "2026-04-15" });
  await expect(contract).toContainText("Customer book");
  await expect(contract).toContainText("7.12");
  await screenshot(page, "price-explainer");
});
