import { expect, test } from "@playwright/test";
import { backgroundColor, rgb, screenshot, signIn, url } from "./helpers";

/*
 * A reseller on its own white-label domain (portal.bestparts.test, seeded with BestParts' brand):
 * it signs in there, creates a customer with a portal login and starts a subscription from a plan the
 * tenant offers to resellers; that customer signs in on the same domain and sees the reseller's brand,
 * never the distributor's. (The statement after renewal and recognition needs the billing module: it
 * is covered by tests/partners/settlement.test.ts over recognized-revenue rows until billing lands.)
 */

const DOMAIN = "portal.bestparts.test";
const BESTPARTS_PRIMARY = "#0f766e";

test("a reseller on its own domain creates a customer and a subscription; the customer sees the reseller's brand", async ({ browser }) => {
  const stamp = Date.now().toString(36);
  const customerName = `Harbor Vets ${stamp}`;
  const customerEmail = `owner.${stamp}@harborvets.test`;
  const customerPassword = "harbor-vets-password";

  const reseller = await (await browser.newContext()).newPage();
  await signIn(reseller, DOMAIN, "partner@bestparts.test");
  await expect(reseller).toHaveURL(/\/reseller$/);
  await expect(reseller.getByTestId("workspace-name")).toHaveText("BestParts Resellers");
  await expect(reseller.getByTestId("brand-logo")).toHaveAttribute("src", "/logos/bestparts.svg");
  await expect(reseller.getByTestId("stat-mrr")).toBeVisible();

  await reseller.goto(url(DOMAIN, "/reseller/customers"));
  await reseller.getByLabel("Company name").fill(customerName);
  await reseller.getByLabel("Address").fill("Kade 12");
  await reseller.getByLabel("Postal code").fill("1011 AB");
  await reseller.getByLabel("City").fill("Amsterdam");
  await reseller.getByLabel("Contact name").fill("Hanna Harbor");
  await reseller.getByLabel("Contact email (billing and portal login)").fill(customerEmail);
  await reseller.getByLabel("Initial portal password (optional)").fill(customerPassword);
  await reseller.getByTestId("new-customer-submit").click();
  await expect(reseller.getByTestId("new-customer-done")).toContainText(`${customerName} created`);

  await reseller.reload();
  const form = reseller.getByTestId("start-subscription-form");
  await form.getByLabel("Customer").selectOption({ label: customerName });
  await form.getByLabel("Plan").selectOption({ label: "Clinic supply plan" });
  await reseller.getByTestId("start-subscription-submit").click();
  await expect(reseller.getByTestId("start-subscription-done")).toContainText(/Subscription SUB-\d+ is active/);
  const number = /SUB-\d+/.exec((await reseller.getByTestId("start-subscription-done").textContent()) ?? "")![0];
  await reseller.goto(url(DOMAIN, "/reseller/subscriptions"));
  await expect(reseller.getByText(customerName).first()).toBeVisible();
  await screenshot(reseller, "reseller-own-domain");

  // The new customer signs in on the reseller's domain and sees the reseller's brand only.
  const customer = await (await browser.newContext()).newPage();
  await customer.goto(url(DOMAIN, "/sign-in"));
  await expect(customer.getByTestId("workspace-name")).toHaveText("BestParts Resellers");
  expect(await backgroundColor(customer, "sign-in-submit")).toBe(rgb(BESTPARTS_PRIMARY));
  await signIn(customer, DOMAIN, customerEmail, customerPassword);
  await expect(customer).toHaveURL(/\/customer$/);
  await expect(customer.getByTestId("workspace-name")).toHaveText("BestParts Resellers");
  await expect(customer.getByTestId("brand-logo")).toHaveAttribute("src", "/logos/bestparts.svg");
  await expect(customer.getByText("Acme Supplies")).toHaveCount(0);
  await customer.goto(url(DOMAIN, "/customer/subscriptions"));
  await expect(customer.getByText(number)).toBeVisible();
  await expect(customer.getByText("Active").first()).toBeVisible();
  await screenshot(customer, "reseller-customer-brand");
});

test("the distributor's staff cannot sign in on a reseller's domain", async ({ page }) => {
  await signIn(page, DOMAIN, "owner@acme.test");
  await expect(page.getByTestId("sign-in-error")).toContainText(/no access/i);
});
