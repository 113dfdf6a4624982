import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { closeAppPool } from "../../db/client";
import { withTenant } from "../../db/with-tenant";
import { loadTenantActor } from "../../server/domain/access/actor";
import { checkSignIn } from "../../server/auth/sign-in";
import { marginsFor } from "../../server/domain/partners/buy-sell";
import { createPriceBook, addPriceEntry } from "../../server/domain/pricing/price-books";
import { resolveHost } from "../../server/domain/tenancy/hosts";
import { closeRedis } from "../../server/redis";
import { context, createPlatformAdmin, createTenantFixture, tenantHostOf, TEST_PASSWORD, type TenantFixture } from "../helpers/fixtures";
import { suffix } from "../helpers/db";
import { failure } from "../helpers/trpc";
import { createCaller } from "../../server/api/root";
import { callerAs, newReseller, systemOf } from "./helpers";

/*
 * The partner layer: an operator invites a reseller, its admin accepts and invites agents; a suspended
 * reseller's people cannot sign in while its customers are served; a reseller brands its own domain;
 * commercial terms are validated (bad input is a clear error and changes nothing); buy-sell margins.
 */

let T: TenantFixture;
let other: TenantFixture;

beforeAll(async () => {
  const admin = await createPlatformAdmin("partners");
  [T, other] = await Promise.all([createTenantFixture(admin, "partners"), createTenantFixture(admin, "partners-x")]);
});

afterAll(async () => {
  await closeAppPool();
  await closeRedis();
});

const tokenOf = (path: string) => path.split("/").pop()!;
const anonymous = async () => createCaller(context(await tenantHostOf(T), null));

describe("invitations", () => {
  test("operator invites a reseller; its admin accepts (login + membership, reseller active) and invites an agent who accepts too", async () => {
    const sales = await callerAs(T, T.users.sales);
    const email = `boss.${suffix()}@bestparts.test`;
    const invited = await sales.resellers.invite({ company: "Best Parts", contactName: "Bea Boss", contactEmail: email, commercialModel: "agency" });
    expect(invited.created).toBe(true);
    const again = await sales.resellers.invite({ company: "Best Parts", contactName: "Bea Boss", contactEmail: email, commercialModel: "agency" });
    expect(again).toMatchObject({ created: false, resellerId: invited.resellerId }); // a retry: same reseller, a fresh link

    const anon = await anonymous();
    expect(await anon.invitations.find({ token: tokenOf(invited.invitationPath) })).toBeNull(); // the first link was rotated
    expect(await anon.invitations.find({ token: tokenOf(again.invitationPath) })).toMatchObject({ email, resellerName: "Best Parts", role: "reseller_admin" });
    const accepted = await anon.invitations.accept({ token: tokenOf(again.invitationPath), name: "Bea Boss", password: TEST_PASSWORD });
    expect(accepted).toMatchObject({ email, loginCreated: true });
    expect((await failure(anon.invitations.accept({ token: tokenOf(again.invitationPath), name: "Bea", password: TEST_PASSWORD }))).code).toBe("CONFLICT");

    const { reseller } = await sales.resellers.get({ resellerId: invited.resellerId });
    expect(reseller.status).toBe("active");
    const host = await tenantHostOf(T);
    const signIn = await checkSignIn(host, { email, password: TEST_PASSWORD }, "127.0.0.9");
    expect(signIn.ok).toBe(true);

    const bossId = signIn.ok ? signIn.user.id : "";
    const boss = createCaller(context(host, (await loadTenantActor(T.id, bossId))!));
    const agentEmail = `agent.${suffix()}@bestparts.test`;
    const agentInvite = await boss.partner.inviteAgent({ name: "Al Agent", email: agentEmail, role: "reseller_agent" });
    await anon.invitations.accept({ token: tokenOf(agentInvite.invitationPath), name: "Al Agent", password: TEST_PASSWORD });
    const agentSignIn = await checkSignIn(host, { email: agentEmail, password: TEST_PASSWORD }, "127.0.0.9");
    expect(agentSignIn.ok).toBe(true);
    const agent = await loadTenantActor(T.id, agentSignIn.ok ? agentSignIn.user.id : "");
    expect(agent).toMatchObject({ role: "reseller_agent", resellerId: invited.resellerId, partnerResellerId: invited.resellerId });
  });

  test("an unknown or tampered token is refused and nothing is written", async () => {
    const f = await failure((await anonymous()).invitations.accept({ token: "x".repeat(32), name: "Eve", password: TEST_PASSWORD }));
    expect(f.code).toBe("NOT_FOUND");
  });
});

describe("suspension", () => {
  test("a suspended reseller's people cannot sign in (nor use a session they hold), while its customers are still served", async () => {
    const admin = await callerAs(T, T.users.admin);
    const host = await tenantHostOf(T);
    const signIn = () => checkSignIn(host, { email: T.extra.r2Admin.email, password: TEST_PASSWORD }, "127.0.0.8");
    expect((await signIn()).ok).toBe(true);
    await admin.resellers.setStatus({ resellerId: T.resellers.r2, status: "suspended", reason: "Unpaid fees" });
    try {
      expect(await signIn()).toMatchObject({ ok: false, reason: "no_access" });
      expect(await loadTenantActor(T.id, T.extra.r2Admin.id)).toBeNull();
      // Its customer c2 still gets served: staff see it and can place its orders, its subscriptions renew.
      const customer = await admin.customers.get({ id: T.customers.c2 });
      expect(customer.customer.id).toBe(T.customers.c2);
    } finally {
      await admin.resellers.setStatus({ resellerId: T.resellers.r2, status: "active" });
    }
    expect((await signIn()).ok).toBe(true);
  });
});

describe("white-label domain and branding", () => {
  test("the reseller brands its domain: the host resolves to its name and theme; only its people and customers may sign in there", async () => {
    const r1 = await callerAs(T, T.users.reseller_admin);
    await r1.partner.updateBranding({ themePreset: "ember", overrides: { colors: { primary: "#aa2200" }, logo: "/logos/bestparts.svg" } });
    const host = `portal-${suffix()}.bestparts.test`;
    await r1.partner.addDomain({ host });
    const resolved = await resolveHost(host);
    expect(resolved).toMatchObject({ kind: "tenant", tenant: { id: T.id, resellerId: T.resellers.r1 } });
    if (resolved.kind !== "tenant") throw new Error("unreachable");
    expect(resolved.tenant.name).toMatch(/^R1 of /);
    expect(resolved.tenant.theme.colors.primary).toBe("#aa2200");
    expect(resolved.tenant.theme.logo).toBe("/logos/bestparts.svg");
    // The tenant's own host keeps the tenant's brand.
    expect((await resolveHost(T.host)).kind === "tenant" && (await tenantHostOf(T)).tenant.theme.colors.primary).not.toBe("#aa2200");

    for (const [user, ok] of [[T.users.reseller_agent, true], [T.users.customer_buyer, true], [T.users.owner, false], [T.extra.r2Admin, false], [T.extra.directBuyer, false]] as const) {
      expect((await checkSignIn(resolved, { email: user.email, password: TEST_PASSWORD }, "127.0.0.7")).ok, user.email).toBe(ok);
    }
  });

  test("a domain already taken (by this tenant, another reseller or another tenant) is a CONFLICT and changes nothing; bad tokens are refused", async () => {
    const r1 = await callerAs(T, T.users.reseller_admin);
    const r2 = await callerAs(T, T.extra.r2Admin);
    const takenByOther = (await withTenant(systemOf(other), (tx) => tx.execute<{ host: string }>(sql`select host from tenant_domains limit 1`)))[0].host;
    for (const host of [takenByOther, T.r1Domain]) {
      const f = await failure(r2.partner.addDomain({ host }));
      expect(f.code).toBe("CONFLICT");
      expect(f.message).toMatch(/already in use/);
    }
    const own = await withTenant(systemOf(T), (tx) => tx.execute(sql`select 1 from tenant_domains where reseller_id = ${T.resellers.r2}`));
    expect(own.length).toBe(0);
    expect((await failure(r1.partner.updateBranding({ themePreset: "ember", overrides: { colors: { primary: "red" } } }))).code).toBe("BAD_REQUEST");
    expect((await failure(r1.partner.updateBranding({ themePreset: "ember", overrides: { logo: "https://evil.test/x.svg" } }))).code).toBe("BAD_REQUEST");
  });
});

describe("commission plans: bad input is a clear error and changes nothing", () => {
  const plan = (resellerId: string, over: Record<string, unknown> = {}) => ({
    resellerId, name: "Plan", currency: "EUR", effectiveFrom: "2026-01-01", effectiveTo: "2027-01-01", bands: [{ from: "0", ratePercent: "10" }], ...over,
  });
  const planCount = (resellerId: string) => withTenant(systemOf(T), (tx) => tx.execute<{ n: number }>(sql`select count(*)::int as n from commission_plans where reseller_id = ${resellerId}`)).then((r) => r[0].n);

  test("a rate over 100% or negative", async () => {
    const { resellerId } = await newReseller(T, "Rates");
    const finance = await callerAs(T, T.users.finance);
    const over = await failure(finance.resellers.savePlan(plan(resellerId, { bands: [{ from: "0", ratePercent: "100.5" }] })));
    expect(over).toMatchObject({ code: "BAD_REQUEST" });
    expect(over.message).toMatch(/over 100%/);
    const negative = await failure(finance.resellers.savePlan(plan(resellerId, { bands: [{ from: "0", ratePercent: "-1" }] })));
    expect(negative.message).toMatch(/cannot be negative/);
    expect(await planCount(resellerId)).toBe(0);
  });

  test("overlapping plan periods", async () => {
    const { resellerId } = await newReseller(T, "Overlap");
    const finance = await callerAs(T, T.users.finance);
    await finance.resellers.savePlan(plan(resellerId));
    const f = await failure(finance.resellers.savePlan(plan(resellerId, { effectiveFrom: "2026-06-01", effectiveTo: null })));
    expect(f.code).toBe("BAD_REQUEST");
    expect(f.message).toMatch(/overlaps the plan "Plan" \(2026-01-01 to 2027-01-01\)/);
    expect(f.fields.effectiveFrom).toBeDefined();
    // Adjacent periods are fine: the end is exclusive.
    await finance.resellers.savePlan(plan(resellerId, { effectiveFrom: "2027-01-01", effectiveTo: null }));
    expect(await planCount(resellerId)).toBe(2);
    // The database holds the line too.
    const raw = withTenant(systemOf(T), (tx) => tx.execute(sql`insert into commission_plans (tenant_id, reseller_id, name, currency, effective_from) values (${T.id}, ${resellerId}, 'x', 'EUR', '2026-03-01')`));
    await expect(raw).rejects.toThrow();
  });
});

describe("buy-sell", () => {
  async function buySell() {
    const { resellerId, customerId } = await newReseller(T, "Wholesale", "buy_sell");
    const admin = await callerAs(T, T.users.admin);
    const { wholesaleBookId } = await withTenant(systemOf(T), async (tx) => {
      const { book } = await createPriceBook(tx, { name: `Wholesale ${suffix()}`, kind: "promotion", currency: "EUR" });
      await addPriceEntry(tx, { priceBookId: book.id, productId: T.contract.products.stock, model: "flat", unitPrice: "6", effectiveFrom: "2026-01-01", tiers: [] });
      return { wholesaleBookId: book.id };
    });
    await admin.resellers.setTerms({ resellerId, commercialModel: "buy_sell", wholesalePriceBookId: wholesaleBookId });
    // The fixture limits the stock item to 5..20 EUR for resellers.
    return { resellerId, customerId };
  }

  test("the reseller prices within the tenant's floor and ceiling; outside is a clear error and changes nothing", async () => {
    const { resellerId } = await buySell();
    const actor = { tenantId: T.id, userId: T.users.admin.id, resellerId };
    const { setOwnPrice } = await import("../../server/domain/partners/buy-sell");
    for (const price of ["4.99", "20.01"]) {
      const attempt = withTenant(systemOf(T), (tx) => setOwnPrice(tx, actor, { productId: T.contract.products.stock, unitPrice: price, effectiveFrom: "2026-01-01" }));
      await expect(attempt).rejects.toThrow(/must be priced between 5 and 20 EUR/);
    }
    const entries = () => withTenant(systemOf(T), (tx) => tx.execute(sql`select 1 from price_book_entries e join price_books b on b.id = e.price_book_id where b.reseller_id = ${resellerId}`));
    expect((await entries()).length).toBe(0);
    await withTenant(systemOf(T), (tx) => setOwnPrice(tx, actor, { productId: T.contract.products.stock, unitPrice: "10", effectiveFrom: "2026-01-01" }));
    expect((await entries()).length).toBe(1);
  });

  test("margin per invoice line = net - wholesale cost of its quantity", async () => {
    const { resellerId, customerId } = await buySell();
    const report = await withTenant(systemOf(T), (tx) =>
      marginsFor(tx, resellerId, [
        { invoiceLineId: "l1", customerId, productId: T.contract.products.stock, description: "Gloves", quantity: "3", netMinor: 3_000n, currency: "EUR", date: "2026-02-01" },
        { invoiceLineId: "l2", customerId, productId: T.contract.products.stock, description: "Gloves", quantity: "1", netMinor: 1_000n, currency: "EUR", date: "2025-12-01" }, // no wholesale price yet
      ]),
    );
    expect(report.lines[0]).toMatchObject({ costMinor: 1_800n, marginMinor: 1_200n, marginPercent: "40", wholesaleUnitPrice: "6" });
    expect(report.lines[1]).toMatchObject({ costMinor: null, marginMinor: null });
    expect(report.totals).toEqual({ netMinor: 3_000n, costMinor: 1_800n, marginMinor: 1_200n });
  });
});
