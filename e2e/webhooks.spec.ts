import { expect, test } from "@playwright/test";
import { expectSignedInto, screenshot, signIn, url } from "./helpers";

/*
 * A tenant admin registers a webhook endpoint in the operator portal: the signing secret is shown
 * once, never again after a reload; an internal address is refused with a clear message. (The test
 * stack runs with TRIBUTARY_WEBHOOKS_ALLOW_LOOPBACK=1, so a 127.0.0.1 receiver may be registered.)
 */
test("a tenant admin creates a webhook endpoint and sees its signing secret once", async ({ page }) => {
  await signIn(page, "acme.localhost", "admin@acme.test");
  await expectSignedInto(page, "operator", "Acme Supplies");

  await page.goto(url("acme.localhost", "/operator/webhooks"));
  const form = page.getByTestId("new-webhook-form");

  // SSRF: a private address is refused, and nothing is created.
  await form.getByLabel("Endpoint URL").fill("https://10.0.0.1/hooks");
  await form.getByRole("button", { name: "Add endpoint" }).click();
  await expect(form.getByText(/must reach a public address/)).toBeVisible();

  const receiver = `http://127.0.0.1:9/e2e-${Date.now()}`;
  await form.getByLabel("Endpoint URL").fill(receiver);
  await form.getByLabel("Description").fill("ERP order sync");
  await form.getByLabel("order.shipped").check();
  await form.getByRole("button", { name: "Add endpoint" }).click();

  const secret = page.getByTestId("webhook-secret");
  await expect(secret).toHaveText(/^whsec_[\w-]{43}$/);
  const value = (await secret.textContent())!;
  await expect(page.getByTestId("webhook-endpoints").getByRole("link", { name: receiver })).toBeVisible();
  await screenshot(page, "operator-webhook-secret-once");

  // Shown once: after a reload neither the list nor the endpoint's page carries it.
  await page.reload();
  await expect(page.getByTestId("webhook-secret")).toHaveCount(0);
  expect(await page.content()).not.toContain(value);
  await expect(page.getByTestId("webhook-endpoints")).toContainText(`whsec_…${value.slice(-4)}`);

  await page.getByTestId("webhook-endpoints").getByRole("link", { name: receiver }).click();
  await expect(page.getByRole("heading", { name: receiver })).toBeVisible();
  expect(await page.content()).not.toContain(value);
  await expect(page.getByText("No deliveries yet")).toBeVisible();
  await screenshot(page, "operator-webhook-endpoint");

  // Deactivated again, so repeated runs against the same database leave no active test endpoints behind.
  await page.getByTestId("toggle-endpoint").click();
  await expect(page.getByTestId("toggle-endpoint")).toHaveText("Activate");

  // The event log is browsable by the admin.
  await page.goto(url("acme.localhost", "/operator/events"));
  await expect(page.getByRole("heading", { name: "Event log" })).toBeVisible();
});
