import { expect, test } from "@playwright/test";
import { ember } from "../themes/ember";
import { grove } from "../themes/grove";
import { backgroundColor, expectSignedInto, rgb, screenshot, signIn, url } from "./helpers";

test.describe("tenant portals on their own hosts", () => {
  test("operator, reseller and customer sign in on acme and see who and where they are", async ({ browser }) => {
    const cases = [
      { email: "owner@acme.test", portal: "operator", role: "Owner", scope: "Operator" },
      { email: "partner@bestparts.test", portal: "reseller", role: "Reseller admin", scope: "Reseller · BestParts Resellers" },
      { email: "admin@northwind.test", portal: "customer", role: "Customer admin", scope: "Customer · Northwind Clinic" },
    ] as const;
    for (const c of cases) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await signIn(page, "acme.localhost", c.email);
      await expectSignedInto(page, c.portal, "Acme Supplies");
      await expect(page.getByTestId("session-role")).toHaveText(c.role);
      await expect(page.getByTestId("session-scope")).toHaveText(c.scope);
      await screenshot(page, `acme-${c.portal}`);
      await context.close();
    }
  });

  test("a reseller sees only its own customers", async ({ page }) => {
    await signIn(page, "acme.localhost", "partner@bestparts.test");
    await expectSignedInto(page, "reseller", "Acme Supplies");
    const count = Number(await page.getByTestId("stat-customers").textContent());
    expect(count).toBeGreaterThan(1);
    await page.goto(url("acme.localhost", "/reseller/customers"));
    await expect(page.getByText(`${count} total`)).toBeVisible();
    await expect(page.getByRole("cell", { name: "Northwind Clinic" })).toBeVisible();
    // Contoso is a direct customer, Initech belongs to QuickSupply.
    await expect(page.getByText("Contoso Dental")).toHaveCount(0);
    await expect(page.getByText("Initech Labs")).toHaveCount(0);
  });

  test("globex has its own brand, and its primary color differs from acme's", async ({ page }) => {
    await page.goto(url("acme.localhost", "/sign-in"));
    await expect(page.getByTestId("workspace-name")).toHaveText("Acme Supplies");
    await expect(page.getByTestId("brand-logo")).toHaveAttribute("src", "/logos/acme.svg");
    const acmePrimary = await backgroundColor(page, "sign-in-submit");

    await signIn(page, "globex.localhost", "owner@globex.test");
    await expectSignedInto(page, "operator", "Globex Distribution");
    await expect(page.getByTestId("brand-logo")).toHaveAttribute("src", "/logos/globex.svg");
    await screenshot(page, "globex-operator");
    await page.goto(url("globex.localhost", "/sign-in"));
    // Signed in already: the sign-in page sends the member on to the portal.
    await expect(page).toHaveURL(/\/operator$/);
    const context = await page.context().browser()!.newContext();
    const fresh = await context.newPage();
    await fresh.goto(url("globex.localhost", "/sign-in"));
    const globexPrimary = await backgroundColor(fresh, "sign-in-submit");
    await context.close();

    expect(acmePrimary).toBe(rgb(ember.colors.primary));
    expect(globexPrimary).toBe(rgb(grove.colors.primary));
    expect(globexPrimary).not.toBe(acmePrimary);
  });

  test("a globex user is refused on acme's host", async ({ page }) => {
    await signIn(page, "acme.localhost", "owner@globex.test");
    await expect(page.getByTestId("sign-in-error")).toContainText("no access to this workspace");
    await expect(page).toHaveURL(/\/sign-in$/);
    await page.goto(url("acme.localhost", "/operator"));
    await expect(page).toHaveURL(/\/sign-in$/);
  });

  test("a session on acme is not a session on globex, expires, and sign-out ends it", async ({ page }) => {
    await signIn(page, "acme.localhost", "ops@acme.test");
    await expectSignedInto(page, "operator", "Acme Supplies");
    // The session cookie belongs to acme's host only and expires after the configured 8 hours.
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name.endsWith("authjs.session-token"));
    expect(session?.domain).toBe("acme.localhost");
    expect(session?.httpOnly).toBe(true);
    const hoursLeft = ((session?.expires ?? 0) * 1000 - Date.now()) / 3_600_000;
    expect(hoursLeft).toBeGreaterThan(7.9);
    expect(hoursLeft).toBeLessThan(8.1);
    await page.goto(url("globex.localhost", "/operator"));
    await expect(page).toHaveURL(/globex\.localhost.*\/sign-in$/);
    await page.goto(url("acme.localhost", "/operator"));
    await page.getByTestId("sign-out").click();
    await expect(page).toHaveURL(/\/sign-in$/);
    await page.goto(url("acme.localhost", "/operator"));
    await expect(page).toHaveURL(/\/sign-in$/);
  });

  test("a member is kept to their own portal and role", async ({ page }) => {
    await signIn(page, "acme.localhost", "buyer@contoso.test");
    await expectSignedInto(page, "customer", "Acme Supplies");
    await page.goto(url("acme.localhost", "/operator"));
    await expect(page).toHaveURL(/\/customer$/);
    await page.goto(url("acme.localhost", "/customer/invoices"));
    await expect(page.getByRole("heading", { name: "Invoices" })).toBeVisible();
  });

  test("a sales user cannot open the team page; an owner can", async ({ browser }) => {
    const sales = await (await browser.newContext()).newPage();
    await signIn(sales, "acme.localhost", "sales@acme.test");
    await expectSignedInto(sales, "operator", "Acme Supplies");
    await sales.goto(url("acme.localhost", "/operator/team"));
    await expect(sales.getByTestId("access-denied")).toContainText("does not have access");
    const owner = await (await browser.newContext()).newPage();
    await signIn(owner, "acme.localhost", "owner@acme.test");
    await expectSignedInto(owner, "operator", "Acme Supplies");
    await owner.goto(url("acme.localhost", "/operator/team"));
    await expect(owner.getByRole("cell", { name: "partner@bestparts.test" })).toBeVisible();
  });

  test("a custom domain reaches its tenant; an unknown host gets a plain 404", async ({ page }) => {
    await page.goto(url("portal.acme-supplies.test", "/sign-in"));
    await expect(page.getByTestId("workspace-name")).toHaveText("Acme Supplies");
    const response = await page.goto(url("nobody.localhost", "/sign-in"));
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "404 · Not found" })).toBeVisible();
    await expect(page.locator("body")).not.toContainText("Error:");
  });

  test("health reports Postgres and Redis", async ({ request }) => {
    const response = await request.get(url("localhost", "/api/health"));
    expect(response.status()).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ status: "ok", postgres: { ok: true }, redis: { ok: true } });
  });
});
