import { expect, test } from "@playwright/test";
import { expectSignedInto, screenshot, signIn, url } from "./helpers";

const HOST = "acme.localhost";
/** A demo stock item with plenty on hand in the demo seed that the seeded orders do not touch. */
const SKU = "DIA-GLU-50";

test("a customer places an emergency order, the operator ships it in two parts, and the customer sees both shipments with tracking", async ({ page, browser }) => {
  const suffix = Math.random().toString(36).slice(2, 8).toUpperCase();
  const firstTracking = `JD01-${suffix}-A`;
  const secondTracking = `1Z99-${suffix}-B`;

  // The customer orders 5 from the portal, seeing what is available.
  await signIn(page, HOST, "admin@contoso.test");
  await expectSignedInto(page, "customer", "Acme Supplies");
  await page.getByRole("link", { name: "Orders & deliveries" }).click();
  await expect(page.getByRole("heading", { name: "Orders & deliveries" })).toBeVisible();
  await page.getByTestId("new-emergency-order").click();
  await page.getByTestId("product-search").fill(SKU);
  await page.getByTestId("product-search-submit").click();
  const row = page.locator(`[data-testid="availability-row"][data-sku="${SKU}"]`);
  await expect(row).toHaveCount(1);
  const available = Number(await row.getByTestId("available").textContent());
  expect(available).toBeGreaterThanOrEqual(5);
  await row.getByTestId("add-product").click();
  await page.locator(`[data-testid="basket-line"][data-sku="${SKU}"]`).getByTestId("basket-quantity").fill("5");
  await page.getByTestId("place-order").click();
  await expect(page).toHaveURL(/\/customer\/orders\/[0-9a-f-]{36}\?placed=1$/);
  await expect(page.getByTestId("placed-reserved")).toContainText("5 ×");
  const number = (await page.getByTestId("order-number").textContent())!.trim();
  expect(number).toMatch(/^ORD-\d{6}$/);
  const orderPath = new URL(page.url()).pathname;
  await screenshot(page, "customer-emergency-order-placed");

  // The operator finds it on the board and ships it in two parts.
  const operator = await (await browser.newContext()).newPage();
  await signIn(operator, HOST, "owner@acme.test");
  await expectSignedInto(operator, "operator", "Acme Supplies");
  await operator.goto(url(HOST, `/operator/orders?search=${number}`));
  await operator.getByTestId("order-link").filter({ hasText: number }).click();
  await expect(operator.getByTestId("order-number")).toHaveText(number);
  await expect(operator.locator(`[data-testid="order-line"][data-sku="${SKU}"]`).getByTestId("line-reserved")).toHaveText("5");
  await operator.getByTestId("ship-order").click();
  await expect(operator.getByTestId("ship-form")).toBeVisible();
  const shipLine = operator.locator(`[data-testid="ship-line"][data-sku="${SKU}"]`);
  await expect(shipLine.getByTestId("ship-line-reserved")).toHaveText("5");

  // More than reserved: a clear error next to the quantity, and nothing ships.
  await shipLine.getByTestId("ship-quantity").fill("9");
  await operator.getByTestId("ship-carrier").fill("DHL");
  await operator.getByTestId("ship-tracking").fill(firstTracking);
  await operator.getByTestId("ship-submit").click();
  await expect(operator.getByTestId("ship-error")).toContainText("9 to ship but only 5 reserved");
  await expect(shipLine.getByTestId("ship-quantity-error")).toHaveText("At most 5");
  await screenshot(operator, "operator-ship-over-reserved");

  // First part: 2 by DHL.
  await shipLine.getByTestId("ship-quantity").fill("2");
  await operator.getByTestId("ship-submit").click();
  await expect(operator).toHaveURL(/\/operator\/orders\/[0-9a-f-]{36}\?shipped=SHP-\d{6}$/);
  await expect(operator.getByTestId("order-status")).toHaveText("Partially shipped");
  await expect(operator.getByTestId("shipment")).toHaveCount(1);

  // Second part: the remaining 3 by UPS.
  await operator.getByTestId("ship-order").click();
  await expect(shipLine.getByTestId("ship-line-reserved")).toHaveText("3");
  await expect(shipLine.getByTestId("ship-quantity")).toHaveValue("3");
  await operator.getByTestId("ship-carrier").fill("UPS");
  await operator.getByTestId("ship-tracking").fill(secondTracking);
  await operator.getByTestId("ship-submit").click();
  await expect(operator).toHaveURL(/\?shipped=SHP-\d{6}$/);
  await expect(operator.getByTestId("order-status")).toHaveText("Shipped");
  await expect(operator.getByTestId("shipment")).toHaveCount(2);
  await expect(operator.getByTestId("ship-order")).toHaveCount(0);
  await screenshot(operator, "operator-order-shipped");

  // The customer sees both shipments with their carriers and tracking numbers.
  await page.goto(url(HOST, orderPath));
  await expect(page.getByTestId("order-status")).toHaveText("Shipped");
  const shipments = page.getByTestId("shipment");
  await expect(shipments).toHaveCount(2);
  await expect(shipments.filter({ hasText: firstTracking })).toContainText("DHL");
  await expect(shipments.filter({ hasText: firstTracking })).toContainText(`2 × `);
  await expect(shipments.filter({ hasText: secondTracking })).toContainText("UPS");
  await expect(shipments.filter({ hasText: secondTracking })).toContainText(`3 × `);
  await page.goto(url(HOST, "/customer/orders"));
  await expect(page.getByTestId("order-link").filter({ hasText: number })).toBeVisible();
  await screenshot(page, "customer-order-shipments");
});
