import { expect, test } from "@playwright/test";
import { sql } from "drizzle-orm";
import { closeAppPool } from "../db/client";
import { withTenant } from "../db/with-tenant";
import { issueTestInvoice } from "../tests/payments/helpers";
import { expectSignedInto, screenshot, signIn } from "./helpers";

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
    ];
  });
  await closeAppPool();
});

async function openInvoice(page: import("@playwright/test").Page, number: string) {
  await page.getByRole("link", { name: "Invoices" }).click();
  await expect(page.getByRole("heading", { name: "Invoices" })).toBeVisible();
  await page.getByTestId("invoice-link").filter({ hasText: number }).click();
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
