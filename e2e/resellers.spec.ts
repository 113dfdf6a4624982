import { expect, test } from "@playwright/test";
import { backgroundColor, rgb, screenshot, signIn, startJobWorker, url, type JobWorker } from "./helpers";

/*
 * A reseller on its own white-label domain (portal.bestparts.test, seeded with BestParts' brand):
 * it signs in there, creates a customer with a portal login and starts a subscription (from a date in
 * the past) from a plan the tenant offers to resellers; that customer signs in on the same domain and
 * sees the reseller's brand, never the distributor's. Then the distributor's finance user bills the
 * periods that are due (a billing run, processed by a real job worker), recognizes revenue through
 * last month and settles a closed month (a settlement run); the reseller's statement for that month
 * pays commission on the new customer's recognized revenue, line by line.
 */

const DOMAIN = "portal.bestparts.test";
const BESTPARTS_PRIMARY = "#0f766e";
const TENANT_HOST = "acme.localhost";
const FINANCE = "finance@acme.test";

/*
 * What the new customer's statement line must show, derived from the demo seed: the clinic plan's
 * recurring fee is the portal licence at its list price (scripts/lib/demo-catalog.ts: SVC-PORTAL,
 * 49.00 EUR a month, no reseller or customer price for it), recognized ratably over its monthly
 * period, so a whole month recognizes the whole fee; BestParts' plan (scripts/lib/demo-partners.ts)
 * pays 10% on every category up to 10,000.00 of a month's revenue (12% above, which the demo's
 * BestParts customers are far from), so the line earns 4.90.
 */
const FEE = "€49.00";
const RATE = "10%";
const COMMISSION = "€4.90";

const iso = (d: Date) => d.toISOString().slice(0, 10);
/** The first day of the month `offset` months from this one (UTC, like the tenant's demo time zone). */
function monthStart(offset: number): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1));
}
const monthLabel = (d: Date) => d.toLocaleDateString("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });

test.describe.serial("a reseller's customer, from sign-up to commission", () => {
  const stamp = Date.now().toString(36);
  const customerName = `Harbor Vets ${stamp}`;
  const customerEmail = `owner.${stamp}@harborvets.test`;
  const customerPassword = "harbor-vets-password";
  /**
   * The month to settle: last month, unless an earlier run on this database settled it already (a
   * statement is built once per reseller and month, so late revenue would not show on it); then the
   * latest closed month without a BestParts statement. The subscription starts the month before it,
   * so billing catches up more than one period and the month settled is a whole period of service.
   */
  let settleMonth = monthStart(-1);
  let subscriptionStart = monthStart(-2);
  let worker: JobWorker | undefined;

  test.beforeAll(async () => {
    // Billing and settlement runs are queued to BullMQ; the Playwright stack runs only the web server.
    test.setTimeout(90_000); // tsx compiles the worker first: slow on a loaded machine
    worker = await startJobWorker(75_000);
  });

  test.afterAll(async () => {
    await worker?.stop();
  });

  test("a reseller on its own domain creates a customer and a subscription; the customer sees the reseller's brand", async ({ browser }) => {
    const reseller = await (await browser.newContext()).newPage();
    await signIn(reseller, DOMAIN, "partner@bestparts.test");
    await expect(reseller).toHaveURL(/\/reseller$/);
    await expect(reseller.getByTestId("workspace-name")).toHaveText("BestParts Resellers");
    await expect(reseller.getByTestId("brand-logo")).toHaveAttribute("src", "/logos/bestparts.svg");
    await expect(reseller.getByTestId("stat-mrr")).toBeVisible();

    // Which closed months already have a statement (none on a freshly seeded database).
    await reseller.goto(url(DOMAIN, "/reseller/statements"));
    await expect(reseller.getByRole("heading", { name: "Commission statements" })).toBeVisible();
    const settled = new Set((await reseller.getByTestId("statement-row").locator("td:first-child").allTextContents()).map((t) => t.trim()));
    for (let offset = -1; settled.has(monthLabel(monthStart(offset))); offset--) settleMonth = monthStart(offset - 1);
    subscriptionStart = new Date(Date.UTC(settleMonth.getUTCFullYear(), settleMonth.getUTCMonth() - 1, 1));

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
    await form.getByLabel("Start").fill(iso(subscriptionStart));
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

  test("finance bills the due periods, recognizes revenue through last month and settles the month", async ({ page }) => {
    test.setTimeout(240_000);
    await signIn(page, TENANT_HOST, FINANCE);
    await page.waitForURL(/\/operator$/, { timeout: 30_000 }); // password hashing is slow on a loaded machine

    // Billing run through today: every period that starts by then, the past ones included.
    await page.goto(url(TENANT_HOST, "/operator/billing/runs"));
    const runs = page.getByTestId("billing-runs-table");
    await expect(runs.getByTestId("billing-run-row").first()).toBeVisible();
    await page.getByLabel("Bill periods starting through").fill(iso(new Date()));
    // "Run now" until it queues a run of its own: a run through today that another spec queued
    // (billing.spec.ts) is worked off by the worker first; a second click meanwhile returns that run.
    const runNow = page.getByTestId("billing-run-now-form");
    await expect(async () => {
      await page.getByTestId("billing-run-now").click();
      await expect(runNow).toContainText("Billing run queued.", { timeout: 2_000 });
    }).toPass({ timeout: 120_000, intervals: [1_000, 2_000, 5_000] });
    await runNow.getByTestId("billing-run-link").click();
    const billingRun = page.locator("section").filter({ has: page.getByRole("heading", { name: `Billing run through ${iso(new Date())}` }) });
    await expect(billingRun.getByText("completed", { exact: true })).toBeVisible({ timeout: 120_000 }); // the page polls while it runs
    await screenshot(page, "reseller-billing-run");

    // The customer's invoices: one per monthly period, from the subscription's start to this month's.
    const periods = (monthStart(0).getUTCFullYear() - subscriptionStart.getUTCFullYear()) * 12 + monthStart(0).getUTCMonth() - subscriptionStart.getUTCMonth() + 1;
    await page.goto(url(TENANT_HOST, `/operator/billing?search=${encodeURIComponent(customerName)}`));
    await expect(page.getByTestId("invoices-table").getByTestId("invoice-link")).toHaveCount(periods);

    // Revenue recognition through the last day of last month.
    const lastMonthEnd = iso(new Date(monthStart(0).getTime() - 86_400_000));
    await page.goto(url(TENANT_HOST, "/operator/billing/revenue"));
    const recognize = page.getByTestId("recognize-form");
    await recognize.getByLabel("Recognize through").fill(lastMonthEnd);
    await recognize.getByTestId("recognize-submit").click();
    await expect(page.getByTestId("recognize-done")).toContainText(/Recognized €[\d,.]+ through \d{4}-\d{2}-\d{2}/);
    await screenshot(page, "reseller-revenue-recognized");

    // Settlement of the month: one statement per agency reseller.
    const month = iso(settleMonth).slice(0, 7);
    await page.goto(url(TENANT_HOST, "/operator/resellers/runs"));
    const settle = page.getByTestId("settle-form");
    await settle.getByLabel("Month").fill(month);
    await expect(async () => {
      await page.getByTestId("settle-submit").click();
      await expect(settle).toContainText("Settlement queued.", { timeout: 2_000 });
    }).toPass({ timeout: 120_000, intervals: [1_000, 2_000, 5_000] });
    const settlement = page.getByTestId("commission-runs").locator("tbody tr").first();
    await expect(settlement).toContainText(month, { timeout: 30_000 }); // the runs table polls (every 5 s when idle)
    await expect(settlement).toContainText("completed", { timeout: 120_000 });
    await expect(settlement.locator("td").nth(4)).not.toHaveText("0"); // statements created
    await screenshot(page, "reseller-settlement-run");
  });

  test("the reseller's statement for the month pays commission on the new customer's recognized revenue", async ({ page }) => {
    await signIn(page, DOMAIN, "partner@bestparts.test");
    await expect(page).toHaveURL(/\/reseller$/);
    await page.goto(url(DOMAIN, "/reseller/statements"));
    const row = page.getByTestId("statement-row").filter({ has: page.getByRole("link", { name: monthLabel(settleMonth), exact: true }) });
    await expect(row).toHaveCount(1);
    await row.getByRole("link").click();
    await expect(page.getByRole("heading", { name: `Statement ${monthLabel(settleMonth)}` })).toBeVisible();
    await expect(page.getByTestId("statement-commission")).not.toContainText("€0.00");

    // The drill-down: the new customer's line is its recognized fee, at the plan's rate.
    const line = page.getByTestId("statement-lines").locator("tbody tr").filter({ hasText: customerName });
    await expect(line).toHaveCount(1);
    const cells = line.locator("td");
    await expect(cells.nth(0)).toHaveText("commission");
    await expect(cells.nth(3)).toContainText("Ordering portal licence");
    await expect(cells.nth(4)).toHaveText(FEE);
    await expect(cells.nth(5)).toHaveText(RATE);
    await expect(cells.nth(6)).toHaveText(COMMISSION);
    await expect(cells.nth(7)).toContainText("recognition");
    await screenshot(page, "reseller-statement");
  });
});

test("the distributor's staff cannot sign in on a reseller's domain", async ({ page }) => {
  await signIn(page, DOMAIN, "owner@acme.test");
  await expect(page.getByTestId("sign-in-error")).toContainText(/no access/i);
});
