import { expect, test } from "@playwright/test";
import { sql } from "drizzle-orm";
import { closeAppPool } from "../db/client";
import { withTenant } from "../db/with-tenant";
import { issueTestInvoice } from "../tests/payments/helpers";
import { expectSignedInto, screenshot, signIn, url } from "./helpers";

const HOST = "acme.localhost";
const CUSTOMER_LOGIN = "admin@contoso.test";
const PLATFORM_PROBE = "00000000-0000-7000-8000-000000000000";

/** Two fresh open invoices for the demo customer Contoso Dental (as the renewal run would issue them). */
let invoices: Array<{ id: string; number: string }> = [];

test.beforeAll(async () => {
  const [tenant] = await withTenant({ kind: "platform", tenantId: null, userId: PLATFORM_PROBE }, (tx) => tx.execute<{ id: string }>(sql`select id from tenants where slug = 'acme'`));
  invoices = await withTenant({ kind: "system", tenantId: tenant.id }, async (tx) => {
    const [customer] = await tx.execute<{ id: string }>(sql`select id from customers where name = 'Contoso Dental'`);
    const today = new Date().toISOString().slice(0, 10);
    return [
      await issueTestInvoice(tx, tenant.id, customer.id, { lines: [{ netMinor: 12_345n }], issueDate: today, dueDate: today }),
      await issueTestInvoice(tx, tenant.id, customer.id, { lines: [{ netMinor: 6_000n }], issueDate: today, dueDate: today }),
      // Above the default approval threshold (500.00) when credited in full.
      await issueTestInvoice(tx, tenant.id, customer.id, { lines: [{ netMinor: 100_000n }], issueDate: today, dueDate: today }),
    ];
  });
  await closeAppPool();
});

async function openInvoice(page: import("@playwright/test").Page, number: string) {
  await page.getByRole("link", { name: "Invoices" }).click();
  await expect(page.getByRole("heading", { name: "Invoices" })).toBeVisible();
  await page.getByTestId("invoice-link").filter({ hasText: number }).click();
  // A server-rendered page on a busy 2-core machine: give the navigation time.
  await expect(page).toHaveURL(/\/customer\/invoices\/[0-9a-f-]{36}$/, { timeout: 20_000 });
  await expect(page.getByText(`Invoice ${number}`)).toBeVisible();
}

async function fillCard(page: import("@playwright/test").Page, number: string) {
  await page.getByTestId("card-number").fill(number);
  await page.getByTestId("card-month").fill("12");
  await page.getByTestId("card-year").fill("2030");
  await page.getByTestId("card-cvc").fill("123");
  await page.getByTestId("pay-submit").click();
}

test("a customer pays an open invoice with a good card and sees it paid; a declining card shows the decline", async ({ page }) => {
  const [good, declined] = invoices;
  await signIn(page, HOST, CUSTOMER_LOGIN);
  await expectSignedInto(page, "customer", "Acme Supplies");

  // A good card: the invoice is paid, and says so.
  await openInvoice(page, good.number);
  await expect(page.getByTestId("invoice-status")).toContainText("Open");
  await expect(page.getByTestId("pay-submit")).toHaveText("Pay €148.14");
  await fillCard(page, "4242 4242 4242 4242");
  await expect(page.getByTestId("pay-succeeded")).toContainText(`invoice ${good.number} is paid`);
  await expect(page.getByTestId("invoice-status")).toContainText("Paid");
  await expect(page.getByTestId("invoice-open")).toHaveText("€0.00");
  await expect(page.getByTestId("nothing-to-pay")).toBeVisible();
  await expect(page.getByTestId("invoice-settlements")).toContainText("ending 4242");
  await screenshot(page, "customer-invoice-paid");

  // A malformed card number is refused at the field, before anything is charged.
  await page.getByRole("link", { name: "← All invoices" }).click();
  await page.getByTestId("invoice-link").filter({ hasText: declined.number }).click();
  await expect(page.getByText(`Invoice ${declined.number}`)).toBeVisible({ timeout: 20_000 });
  await fillCard(page, "4242 4242 4242 4241");
  await expect(page.getByText("This card number is not valid (check digit mismatch)")).toBeVisible();

  // A declining card: a clear decline, nothing charged, the invoice still open.
  await fillCard(page, "4000 0000 0000 0002");
  await expect(page.getByTestId("pay-declined")).toContainText("Your card ending 0002 was declined. Nothing was charged");
  await expect(page.getByTestId("invoice-status")).toContainText("Open");
  await expect(page.getByTestId("invoice-open")).toHaveText("€72.00");
  await screenshot(page, "customer-invoice-declined");

  // The list shows one paid and one still open.
  await page.getByRole("link", { name: "← All invoices" }).click();
  const row = (n: string) => page.locator("tr").filter({ has: page.getByTestId("invoice-link").filter({ hasText: n }) });
  await expect(row(good.number).getByTestId("invoice-status")).toContainText("Paid");
  await expect(row(declined.number).getByTestId("invoice-status")).toContainText("Open");
});

test("finance records a bank transfer; a full credit note above the threshold waits for another user, who approves it and the invoice is void", async ({ page, browser }) => {
  const big = invoices[2];
  await signIn(page, HOST, "finance@acme.test");
  await expectSignedInto(page, "operator", "Acme Supplies");

  // A bank transfer, allocated oldest first.
  await page.getByRole("link", { name: "Payments & credit" }).click();
  await expect(page.getByRole("heading", { name: "Payments & credit" })).toBeVisible();
  await page.getByTestId("customer-search").fill("Contoso");
  await page.getByTestId("customer-option").filter({ hasText: "Contoso Dental" }).click();
  await expect(page.getByTestId("open-invoices")).toContainText(big.number);
  await page.getByTestId("payment-amount").fill("10.00");
  await page.getByTestId("record-payment").click();
  await expect(page.getByTestId("record-result")).toContainText(/Payment PAY-\d{6} recorded: €10\.00 allocated/);
  await screenshot(page, "operator-payments");

  // A full credit note on the big invoice: above the threshold, so it waits; the requester cannot approve it.
  await page.getByTestId("payments-nav-credit-notes").click();
  await page.getByTestId("invoice-search").fill(big.number);
  await page.getByTestId("invoice-search").press("Enter");
  await page.locator("tr").filter({ hasText: big.number }).getByTestId("credit-invoice").click();
  await page.getByTestId("credit-full").check();
  await page.getByTestId("credit-reason").fill("Billed in error");
  await page.getByTestId("create-credit-note").click();
  await expect(page.getByTestId("credit-note-pending")).toBeVisible();
  const row = (p: typeof page) => p.locator("tr").filter({ has: p.getByRole("link", { name: big.number }) }).filter({ hasText: "Billed in error" });
  await expect(row(page).getByTestId("credit-note-status")).toContainText("Waiting for approval");
  await expect(row(page).getByTestId("own-request")).toBeVisible();
  await screenshot(page, "operator-credit-note-pending");

  // The owner approves it: issued, and the invoice is void.
  const owner = await (await browser.newContext()).newPage();
  await signIn(owner, HOST, "owner@acme.test");
  await expectSignedInto(owner, "operator", "Acme Supplies");
  await owner.goto(url(HOST, "/operator/payments/credit-notes"));
  await expect(row(owner).getByTestId("credit-note-status")).toContainText("Waiting for approval");
  await row(owner).getByTestId("approve-credit-note").click();
  await expect(row(owner).getByTestId("credit-note-status")).toContainText("Issued", { timeout: 20_000 });
  await row(owner).getByRole("link", { name: big.number }).click();
  await expect(owner).toHaveURL(new RegExp(`/operator/payments/invoices/${big.id}$`), { timeout: 20_000 });
  await expect(owner.getByTestId("invoice-status")).toContainText("Void");
  await expect(owner.getByTestId("invoice-open")).toHaveText("€0.00");
  await screenshot(owner, "operator-invoice-voided");

  // The dunning queue lists the case the customer's declined card opened.
  await owner.getByTestId("payments-nav-dunning").click();
  await expect(owner.getByRole("heading", { name: "Dunning queue" })).toBeVisible();
  await expect(owner.locator("tr").filter({ hasText: invoices[1].number }).getByTestId("dunning-status")).toContainText("Retrying");
  await screenshot(owner, "operator-dunning-queue");
});
