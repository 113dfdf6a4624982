import { expect, test } from "@playwright/test";
import { expectSignedInto, screenshot, signIn, url } from "./helpers";

const HOST = "acme.localhost";

test("finance reviews invoices (filters, detail with tax and journal, CSV, print), billing runs, revenue, aging and the trial balance", async ({ page }) => {
  await signIn(page, HOST, "finance@acme.test");
  await page.waitForURL(/\/operator$/, { timeout: 30_000 }); // password hashing is slow on a loaded machine
  await expectSignedInto(page, "operator", "Acme Supplies");
  await page.getByRole("link", { name: "Billing" }).first().click();
  await expect(page.getByRole("heading", { name: "Billing", exact: true })).toBeVisible();

  // The demo's first billing run issued renewal invoices; filter to issued ones.
  const table = page.getByTestId("invoices-table");
  await expect(table.getByTestId("invoice-link").first()).toBeVisible();
  await page.getByTestId("invoice-status-filter").selectOption("issued");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/status=issued/);
  const first = table.getByTestId("invoice-link").first();
  const number = (await first.textContent())!.trim();
  expect(number).toMatch(/^INV-\d{4}-\d{6}$/);

  // CSV of the same filtered list (fetched by the browser: Node does not resolve *.localhost).
  const { status, body } = await page.evaluate(async () => {
    const response = await fetch("/api/export/billing-invoices?status=issued");
    return { status: response.status, body: await response.text() };
  });
  expect(status).toBe(200);
  expect(body.split("\n")[0]).toContain("Number,Status,Source,Customer");
  expect(body).toContain(number);

  // The invoice: lines, tax summary, one balanced journal entry.
  await first.click();
  await expect(page.getByTestId("invoice-number")).toHaveText(number);
  await expect(page.getByTestId("invoice-lines").locator("tbody tr").first()).toBeVisible();
  await expect(page.getByTestId("tax-summary")).toBeVisible();
  const journal = page.getByTestId("invoice-journal");
  await expect(journal).toContainText("Accounts receivable");
  const total = (await page.getByTestId("invoice-total").textContent())!.replace("Total", "").trim();
  await screenshot(page, "billing-invoice-detail");

  // The printable invoice: the tenant's heading, the same total, and no buttons when printed.
  await page.getByTestId("print-invoice").click();
  await expect(page.getByTestId("print-number")).toHaveText(number);
  await expect(page.getByTestId("invoice-seller")).not.toBeEmpty();
  await expect(page.getByTestId("print-total")).toHaveText(total);
  await page.emulateMedia({ media: "print" });
  await expect(page.getByTestId("print-button")).toBeHidden();
  await screenshot(page, "billing-invoice-print");
  await page.emulateMedia({ media: "screen" });

  // Billing runs: the seeded run completed with progress; "run now" queues another (the worker picks it up).
  await page.goto(url(HOST, "/operator/billing/runs"));
  const run = page.getByTestId("billing-run-row").first();
  await expect(run).toBeVisible();
  await run.getByRole("link").click();
  await expect(page).toHaveURL(/\/operator\/billing\/runs\/[0-9a-f-]+$/); // the list shows a progress bar per run too
  await expect(page.getByTestId("billing-run-progress")).toBeVisible();
  await expect(page.getByTestId("billing-run-invoices")).not.toHaveText("0");
  await page.goto(url(HOST, "/operator/billing/runs"));
  await page.getByTestId("billing-run-now").click();
  await expect(page.getByTestId("billing-run-now-form")).toContainText(/Billing run queued|already queued or running/);

  // Revenue waterfall, AR aging, trial balance (sums to zero).
  await page.getByRole("link", { name: "Revenue" }).click();
  await expect(page.getByTestId("waterfall-chart")).toBeVisible();
  await expect(page.getByTestId("waterfall-table")).toBeVisible();
  await screenshot(page, "billing-revenue");
  await page.getByRole("link", { name: "AR aging" }).click();
  await expect(page.getByTestId("aging-table")).toContainText("Total EUR");
  await page.getByRole("link", { name: "Trial balance" }).click();
  await expect(page.getByTestId("tb-sum-EUR")).toHaveText("€0.00");
});

test("ops may not see finance reports", async ({ page }) => {
  await signIn(page, HOST, "ops@acme.test");
  await page.waitForURL(/\/operator$/, { timeout: 30_000 });
  await expectSignedInto(page, "operator", "Acme Supplies");
  await page.goto(url(HOST, "/operator/billing/ledger"));
  await expect(page.getByTestId("access-denied")).toBeVisible();
});
