import { expect, test, type Locator, type Page } from "@playwright/test";
import { expectSignedInto, screenshot, signIn, url } from "./helpers";

/** Picks the option of a <select> whose text contains `text` (ids differ per database). */
async function selectContaining(select: Locator, text: string) {
  const value = await select.locator("option", { hasText: text }).first().getAttribute("value");
  expect(value, `an option containing "${text}"`).toBeTruthy();
  await select.selectOption(value!);
}

const today = () => new Date().toISOString().slice(0, 10);
const firstOfMonth = () => `${today().slice(0, 8)}01`;

async function createCustomerWithSiteAndPortalUser(page: Page, name: string, email: string, password: string) {
  await page.goto(url("acme.localhost", "/operator/customers/new"));
  await page.getByTestId("customer-form").getByLabel("Name", { exact: true }).first().fill(name);
  await page.getByLabel("Address line 1").fill("5 Canal Street");
  await page.getByLabel("City").fill("Utrecht");
  await page.getByLabel("Country").fill("NL");
  await page.getByTestId("customer-submit").click();
  await expect(page).toHaveURL(/\/operator\/customers\/[0-9a-f-]{36}/);
  await expect(page.getByRole("heading", { name })).toBeVisible();

  await page.getByTestId("add-site").click();
  const site = page.getByTestId("add-site-form");
  await site.getByLabel("Site name").fill("Clinic entrance");
  await site.getByLabel("Address line 1").fill("5 Canal Street");
  await site.getByLabel("City").fill("Utrecht");
  await site.getByLabel("Country").fill("NL");
  await site.getByRole("checkbox").check();
  await site.getByRole("button", { name: "Add site" }).click();
  await expect(page.getByText("Clinic entrance")).toBeVisible();

  await page.getByTestId("add-contact").click();
  const contact = page.getByTestId("add-contact-form");
  await contact.getByLabel("Name").fill("Robin Buyer");
  await contact.getByLabel("Email").fill(email);
  await contact.getByRole("button", { name: /add contact/i }).click();
  await expect(page.getByText(email)).toBeVisible();
  await page.getByTestId("invite-contact").first().click();
  const invite = page.getByTestId("invite-form");
  await invite.getByLabel("Portal role").selectOption("customer_admin");
  await invite.getByLabel("Initial password").fill(password);
  await invite.getByRole("button", { name: "Give access" }).click();
  await expect(page.getByText(/portal access|can now sign in|invited/i).first()).toBeVisible();
}

test("an operator creates a customer and a contract with a weekly delivery and a usage meter, amends it, and the customer sees it", async ({ page, browser }) => {
  const suffix = Math.random().toString(36).slice(2, 8);
  const customerName = `Canal Clinic ${suffix}`;
  const email = `robin-${suffix}@canal.test`;
  const password = "canal-clinic-2026";

  await signIn(page, "acme.localhost", "owner@acme.test");
  await expectSignedInto(page, "operator", "Acme Supplies");
  await createCustomerWithSiteAndPortalUser(page, customerName, email, password);

  // A monthly-billed contract with a portal fee, a weekly glove delivery and metered tracking.
  await page.goto(url("acme.localhost", "/operator/subscriptions/new"));
  await selectContaining(page.getByTestId("subscription-customer"), customerName);
  await page.getByTestId("subscription-term-start").fill(firstOfMonth());
  await page.getByTestId("add-recurring_fee").click();
  await selectContaining(page.getByTestId("item-0-product"), "SVC-PORTAL");
  await page.getByTestId("add-delivery").click();
  await selectContaining(page.getByTestId("item-1-product"), "GLV-NIT-M");
  await page.getByTestId("item-1-quantity").fill("3");
  await page.getByTestId("item-1-every").fill("1");
  await page.getByTestId("item-1-unit").selectOption("week");
  await page.getByTestId("add-usage").click();
  await selectContaining(page.getByTestId("item-2-product"), "SVC-TRACK");
  await selectContaining(page.getByTestId("item-2-meter"), "Sensor readings");
  await page.getByTestId("item-2-rating").selectOption("tiered");
  await page.getByTestId("create-subscription-submit").click();
  await expect(page).toHaveURL(/\/operator\/subscriptions\/[0-9a-f-]{36}$/);
  const subscriptionId = page.url().split("/").pop()!;
  const number = (await page.getByTestId("subscription-number").textContent())!.trim();
  expect(number).toMatch(/^SUB-\d{6}$/);
  await expect(page.getByTestId("item-row")).toHaveCount(3);

  await page.getByTestId("transition-active").click();
  await expect(page.getByTestId("subscription-status")).toHaveText(/active/i);
  // Weekly deliveries, monthly invoices: more deliveries than invoices ahead.
  const deliveries = await page.getByTestId("upcoming-delivery").count();
  const invoices = await page.getByTestId("upcoming-invoice").count();
  expect(deliveries).toBeGreaterThan(invoices);

  // Usage arrives through the API; the customer will see what it costs so far.
  // From inside the page: Chromium resolves *.localhost and sends the operator's session cookie.
  const recorded = await page.evaluate(async (event) => {
    const response = await fetch("/api/trpc/usage.record", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ json: event }) });
    return { status: response.status, body: await response.text() };
  }, { eventId: `e2e-${suffix}`, meter: "sensor_readings", subscriptionId, quantity: "1200", timestamp: new Date(Date.now() - 60_000).toISOString() });
  expect(recorded.status, recorded.body).toBe(200);

  // Amend from today: three portal licences instead of one, previewed with proration first.
  await page.getByTestId("amend-open").click();
  await page.getByTestId("amend-effective-date").fill(today());
  await page.getByTestId("amend-flow").getByTestId("item-0-quantity").fill("3");
  await page.getByTestId("amend-preview").click();
  await expect(page.getByTestId("proration-line").first()).toBeVisible();
  await screenshot(page, "contract-amend-preview");
  await page.getByTestId("amend-confirm-submit").click();
  await expect(page.locator('[data-testid="version-entry"][data-version="2"]')).toHaveAttribute("data-status", "active");
  await expect(page.locator('[data-testid="version-entry"][data-version="1"]')).toHaveAttribute("data-status", "superseded");
  await screenshot(page, "contract-detail");

  // The customer signs in on the same host and sees the contract, its deliveries and usage cost.
  const customer = await (await browser.newContext()).newPage();
  await signIn(customer, "acme.localhost", email, password);
  await expectSignedInto(customer, "customer", "Acme Supplies");
  await customer.goto(url("acme.localhost", "/customer/subscriptions"));
  const mine = customer.locator("section", { has: customer.getByTestId("my-subscription-number").filter({ hasText: number }) });
  await expect(mine).toBeVisible();
  await expect(mine).toContainText("3 × 49 EUR"); // the amended quantity is the one in force
  expect(await mine.getByTestId("my-delivery").count()).toBeGreaterThan(3); // weekly
  // 1,200 readings in the first band of the list price (0.02 EUR each).
  await expect(mine.getByTestId("my-usage-line").first()).toContainText("1200");
  await expect(mine.getByTestId("my-usage-cost").first()).toHaveText("€24.00");
  await screenshot(customer, "customer-subscriptions");
  // The Usage section shows the same priced usage, for metered contracts only.
  await customer.getByRole("link", { name: "Usage", exact: true }).click();
  const metered = customer.locator("section", { has: customer.getByTestId("my-subscription-number").filter({ hasText: number }) });
  await expect(metered.getByTestId("my-usage-cost").first()).toHaveText("€24.00");
});

test("operator lists sort on the server and export the filtered list as CSV", async ({ page }) => {
  await signIn(page, "acme.localhost", "owner@acme.test");
  await expectSignedInto(page, "operator", "Acme Supplies");

  await page.goto(url("acme.localhost", "/operator/customers?sort=name&dir=desc"));
  const names = await page.locator("tbody tr td:nth-child(2)").allTextContents();
  expect(names.length).toBeGreaterThan(5);
  // Compare leading letters only: Postgres' collation and JS may order punctuation differently.
  const initials = names.map((n) => n.trim()[0].toUpperCase());
  expect([...initials].sort().reverse()).toEqual(initials);
  expect(initials[0]).not.toBe(initials[initials.length - 1]);

  // The export pages through the same procedure: every customer, a header row, formula-safe cells.
  const csv = await page.evaluate(async () => {
    const response = await fetch("/api/export/operator-customers");
    return { status: response.status, type: response.headers.get("content-type"), body: await response.text() };
  });
  expect(csv.status).toBe(200);
  expect(csv.type).toContain("text/csv");
  const lines = csv.body.trim().split("\n");
  expect(lines[0]).toContain("Name");
  expect(lines.length - 1).toBeGreaterThanOrEqual(50);

  // A role without access to the list gets a clear refusal, not a file.
  const outsider = await page.context().browser()!.newContext();
  const customer = await outsider.newPage();
  await signIn(customer, "acme.localhost", "buyer@contoso.test");
  await expectSignedInto(customer, "customer", "Acme Supplies");
  const refused = await customer.evaluate(async () => (await fetch("/api/export/operator-customers")).status);
  expect(refused).toBe(403);
  await outsider.close();
});
