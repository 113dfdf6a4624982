import { expect, test } from "@playwright/test";
import { expectSignedInto, screenshot, signIn, url } from "./helpers";

test("operations staff receive goods, see stock and suggestions, and a transfer to the same warehouse is refused", async ({ page }) => {
  await signIn(page, "acme.localhost", "ops@acme.test");
  await expectSignedInto(page, "operator", "Acme Supplies");

  // The demo seed leaves some items below their reorder point.
  await page.goto(url("acme.localhost", "/operator/inventory?below=1"));
  await expect(page.getByText("below (").first()).toBeVisible();
  await screenshot(page, "operator-inventory-below-reorder");

  await page.goto(url("acme.localhost", "/operator/inventory/receipts/new"));
  const product = page.getByTestId("receipt-product-0");
  await product.selectOption((await product.locator("option", { hasText: "GLV-NIT-M" }).getAttribute("value"))!);
  await page.getByTestId("receipt-quantity-0").fill("12");
  await page.getByTestId("receive-goods").click();
  await expect(page.getByTestId("receipt-created")).toBeVisible();
  await expect(page.getByTestId("receipt-number")).toHaveText(/^GR-\d{6}$/);
  await screenshot(page, "operator-receipt");

  await page.goto(url("acme.localhost", "/operator/inventory/operations"));
  const transfer = page.getByTestId("transfer-form");
  const from = await transfer.locator("#transfer-wh").inputValue();
  await transfer.locator("#transfer-to").selectOption(from);
  const tp = transfer.locator("#transfer-product");
  await tp.selectOption((await tp.locator("option", { hasText: "GLV-NIT-M" }).getAttribute("value"))!);
  await transfer.locator("#transfer-qty").fill("1");
  await transfer.getByRole("button", { name: "Transfer" }).click();
  await expect(transfer.getByText("A transfer needs two different warehouses")).toBeVisible();

  await page.goto(url("acme.localhost", "/operator/inventory/suggestions"));
  expect(await page.getByTestId("suggested-quantity").count()).toBeGreaterThan(0);
  await screenshot(page, "operator-replenishment-suggestions");
});
