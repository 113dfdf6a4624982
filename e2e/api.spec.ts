import { expect, test } from "@playwright/test";
import { expectSignedInto, screenshot, signIn, url } from "./helpers";

test("a tenant admin creates an API key, sees its secret once, calls the REST API with it, then revokes it", async ({ page }) => {
  await signIn(page, "acme.localhost", "admin@acme.test");
  await expectSignedInto(page, "operator", "Acme Supplies");

  await page.getByRole("link", { name: "API", exact: true }).click();
  await expect(page.getByRole("heading", { name: "API", exact: true })).toBeVisible();
  const name = `E2E key ${Date.now()}`;
  const form = page.getByTestId("new-api-key-form");
  await form.getByRole("button", { name: "Create API key" }).click();
  await expect(form.getByText("Choose at least one scope")).toBeVisible(); // nothing is created without scopes
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Customers read").check();
  await form.getByLabel("Catalog read").check();
  await form.getByRole("button", { name: "Create API key" }).click();

  const shown = page.getByTestId("new-key-secret");
  await expect(shown).toContainText("shown only this once");
  const secret = (await page.getByTestId("secret-value").textContent())!.trim();
  expect(secret).toMatch(/^trb_[A-Za-z0-9_-]{43}$/);
  const row = page.getByTestId("api-key-row").filter({ hasText: name });
  await expect(row).toContainText(secret.slice(0, 12));
  await expect(row).toContainText("customers:read");
  await screenshot(page, "operator-api-key-created");

  // The key works against the REST API; its tenant comes from the key, not the Host.
  const res = await page.request.get(url("localhost", "/api/v1/customers?limit=2"), { headers: { Authorization: `Bearer ${secret}` } });
  expect(res.status()).toBe(200);
  const body = (await res.json()) as { data: Array<{ id: string; name: string }>; nextCursor: string | null };
  expect(body.data).toHaveLength(2);
  expect(body.nextCursor).toBeTruthy();
  // The same key over tRPC gets the same page (superjson envelope), tenant from the key as well.
  const viaTrpc = await page.request.get(url("localhost", `/api/trpc/v1.customers.list?input=${encodeURIComponent(JSON.stringify({ json: { limit: 2 } }))}`), { headers: { Authorization: `Bearer ${secret}` } });
  expect(viaTrpc.status()).toBe(200);
  expect(((await viaTrpc.json()) as { result: { data: { json: unknown } } }).result.data.json).toEqual(body);
  const denied = await page.request.post(url("localhost", "/api/v1/customers"), { headers: { Authorization: `Bearer ${secret}` }, data: { name: "Nope", currency: "EUR" } });
  expect(denied.status()).toBe(403);
  expect(await denied.json()).toEqual({ code: "FORBIDDEN", message: "This API key lacks the customers:write scope", details: null });

  // Shown once: after a reload only the prefix remains.
  await page.reload();
  await expect(page.getByTestId("new-key-secret")).toHaveCount(0);
  await expect(page.getByText(secret)).toHaveCount(0);

  page.once("dialog", (dialog) => dialog.accept());
  await page.getByTestId("api-key-row").filter({ hasText: name }).getByRole("button", { name: `Revoke ${name}` }).click();
  await expect(page.getByTestId("api-key-row").filter({ hasText: name })).toContainText("Revoked");
  const revoked = await page.request.get(url("localhost", "/api/v1/customers"), { headers: { Authorization: `Bearer ${secret}` } });
  expect(revoked.status()).toBe(401);
  expect((await revoked.json()).message).toBe("This API key has been revoked");

  // The reference is rendered from the OpenAPI document, without external scripts.
  await page.getByRole("link", { name: "API reference →" }).click();
  await expect(page.getByRole("heading", { name: "API reference" })).toBeVisible();
  expect(await page.getByTestId("api-endpoint").count()).toBeGreaterThanOrEqual(12);
  await expect(page.getByText("/api/v1/customers/{id}").first()).toBeVisible();
  await expect(page.locator("#schema-Customer")).toContainText("creditLimitMinor");
  expect(await page.locator("script[src^='http']").count()).toBe(0);
  await screenshot(page, "operator-api-reference");
});
