import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { closeAppPool } from "../../db/client";
import { withTenant } from "../../db/with-tenant";
import { appRouter, createCaller } from "../../server/api/root";
import type { TRPCContext } from "../../server/api/trpc";
import { TENANT_ROLES, type Role } from "../../server/domain/access/roles";
import { getTenantBySlug } from "../../server/domain/tenancy/tenants";
import { closeRedis } from "../../server/redis";
import { consoleHost, context, createPlatformAdmin, createTenantFixture, tenantActorOf, tenantHostOf, type PlatformAdminFixture, type TenantFixture } from "../helpers/fixtures";

/*
 * Every procedure of the router, called as every role. The table below is the access policy in
 * one place: a new procedure fails "is listed in the access table" until someone decides who may
 * call it. Allowed roles must get past the role check (a result, or BAD_REQUEST where the input is
 * deliberately invalid so mutations cause no side effects); everyone else gets exactly
 * UNAUTHORIZED (not signed in) or FORBIDDEN (signed in, wrong role or wrong host).
 */

type Caller = "anonymous" | Role;

const OPERATOR = ["owner", "admin", "finance", "ops", "sales"] as const;
const RESELLER = ["reseller_admin", "reseller_agent"] as const;
const CUSTOMER = ["customer_admin", "customer_buyer"] as const;
const ALL_TENANT = [...OPERATOR, ...RESELLER, ...CUSTOMER] as const;

interface Access {
  allow: readonly Role[];
  /** Input for the call; mutations get input that fails validation, so they change nothing. */
  input?: (t: TenantFixture) => unknown;
  /** What an allowed caller gets: a result ("ok") or a validation error. */
  allowedOutcome?: "ok" | "BAD_REQUEST" | "NOT_FOUND";
  /** No session needed (an invitation link): anyone on the tenant's host; the console host does not know it (NOT_FOUND). */
  public?: true;
}

const page = () => ({});

const ACCESS: Record<string, Access> = {
  "session.whoami": { allow: [...ALL_TENANT, "platform_admin"] },
  "session.summary": { allow: ALL_TENANT },
  "operator.dashboard": { allow: OPERATOR },
  "operator.members": { allow: ["owner", "admin"], input: page },
  "operator.auditLog": { allow: ["owner", "admin", "finance"], input: page },
  "reseller.dashboard": { allow: RESELLER },
  "reseller.team": { allow: ["reseller_admin"], input: page },
  "customer.dashboard": { allow: CUSTOMER },
  "customer.team": { allow: ["customer_admin"], input: page },
  // Customers (server/api/routers/customers.ts documents the policy). c1 is under r1, the reseller and customer users' account.
  "customers.list": { allow: [...OPERATOR, ...RESELLER], input: page },
  "customers.filterOptions": { allow: [...OPERATOR, ...RESELLER] },
  "customers.get": { allow: ALL_TENANT, input: (t) => ({ id: t.customers.c1 }) },
  "customers.create": { allow: ["owner", "admin", "sales", ...RESELLER], input: () => ({ name: "X", currency: "EUR" }), allowedOutcome: "BAD_REQUEST" },
  "customers.update": { allow: ["owner", "admin", "sales", "reseller_admin"], input: (t) => ({ id: t.customers.c1, creditLimitMinor: -1 }), allowedOutcome: "BAD_REQUEST" },
  "customers.placeCreditHold": { allow: ["owner", "admin", "finance"], input: (t) => ({ id: t.customers.c1, reason: "" }), allowedOutcome: "BAD_REQUEST" },
  "customers.releaseCreditHold": { allow: ["owner", "admin", "finance"], input: () => ({ id: "not-a-uuid" }), allowedOutcome: "BAD_REQUEST" },
  "customers.addSite": { allow: ["owner", "admin", "sales", "ops", ...RESELLER], input: (t) => ({ customerId: t.customers.c1, name: "" }), allowedOutcome: "BAD_REQUEST" },
  "customers.updateSite": { allow: ["owner", "admin", "sales", "ops", ...RESELLER], input: (t) => ({ customerId: t.customers.c1, siteId: "x" }), allowedOutcome: "BAD_REQUEST" },
  "customers.setDefaultSite": { allow: ["owner", "admin", "sales", "ops", ...RESELLER], input: (t) => ({ customerId: t.customers.c1, siteId: "x" }), allowedOutcome: "BAD_REQUEST" },
  "customers.addContact": { allow: ["owner", "admin", "sales", ...RESELLER, "customer_admin"], input: (t) => ({ customerId: t.customers.c1, name: "X", email: "nope" }), allowedOutcome: "BAD_REQUEST" },
  "customers.updateContact": { allow: ["owner", "admin", "sales", ...RESELLER, "customer_admin"], input: (t) => ({ customerId: t.customers.c1, contactId: "x" }), allowedOutcome: "BAD_REQUEST" },
  "customers.inviteContact": { allow: ["owner", "admin", "sales"], input: (t) => ({ customerId: t.customers.c1, contactId: "x", role: "customer_admin", password: "short" }), allowedOutcome: "BAD_REQUEST" },
  // Catalog and pricing (server/api/routers/catalog.ts, pricing.ts document the policy).
  "catalog.categories": { allow: OPERATOR },
  "catalog.meters": { allow: OPERATOR },
  "catalog.products": { allow: OPERATOR, input: page },
  "catalog.product": { allow: OPERATOR, input: (t) => ({ id: t.contract.products.stock }) },
  "catalog.createCategory": { allow: ["owner", "admin", "ops"], input: () => ({ code: "", name: "X" }), allowedOutcome: "BAD_REQUEST" },
  "catalog.createMeter": { allow: ["owner", "admin", "ops"], input: () => ({ code: "m", name: "M", unit: "" }), allowedOutcome: "BAD_REQUEST" },
  "catalog.createProduct": { allow: ["owner", "admin", "ops"], input: () => ({ sku: "X-1", name: "X", kind: "kit", components: [] }), allowedOutcome: "BAD_REQUEST" },
  "catalog.updateProduct": { allow: ["owner", "admin", "ops"], input: (t) => ({ id: t.contract.products.stock, name: "" }), allowedOutcome: "BAD_REQUEST" },
  "catalog.archiveProduct": { allow: ["owner", "admin", "ops"], input: () => ({ id: "not-a-uuid" }), allowedOutcome: "BAD_REQUEST" },
  "catalog.deleteProduct": { allow: ["owner", "admin", "ops"], input: () => ({ id: "not-a-uuid" }), allowedOutcome: "BAD_REQUEST" },
  "catalog.substitutes": { allow: OPERATOR, input: (t) => ({ id: t.contract.products.stock }) },
  "catalog.setSubstitutes": { allow: ["owner", "admin", "ops"], input: (t) => ({ productId: t.contract.products.stock, substitutes: [{ substituteId: t.contract.products.stock }] }), allowedOutcome: "BAD_REQUEST" },
  // Inventory (server/api/routers/inventory.ts documents the policy): every operator role reads, owner/admin/ops move stock.
  "inventory.warehouses": { allow: OPERATOR },
  "inventory.createWarehouse": { allow: ["owner", "admin", "ops"], input: () => ({ code: "", name: "X" }), allowedOutcome: "BAD_REQUEST" },
  "inventory.updateWarehouse": { allow: ["owner", "admin", "ops"], input: (t) => ({ id: t.distribution.warehouses.main, priority: 1.5 }), allowedOutcome: "BAD_REQUEST" },
  "inventory.archiveWarehouse": { allow: ["owner", "admin", "ops"], input: () => ({ id: "not-a-uuid" }), allowedOutcome: "BAD_REQUEST" },
  "inventory.stock": { allow: OPERATOR, input: page },
  "inventory.movements": { allow: OPERATOR, input: (t) => ({ warehouseId: t.distribution.warehouses.main, productId: t.contract.products.stock }) },
  "inventory.suggestions": { allow: OPERATOR, input: page },
  "inventory.receipts": { allow: OPERATOR, input: page },
  "inventory.receipt": { allow: OPERATOR, input: (t) => ({ id: t.distribution.receiptId }) },
  "inventory.receive": { allow: ["owner", "admin", "ops"], input: (t) => ({ requestKey: "authz-receive", warehouseId: t.distribution.warehouses.main, lines: [{ productId: t.contract.products.stock, quantity: -1 }] }), allowedOutcome: "BAD_REQUEST" },
  "inventory.adjust": { allow: ["owner", "admin", "ops"], input: (t) => ({ requestKey: "authz-adjust", warehouseId: t.distribution.warehouses.main, productId: t.contract.products.stock, quantity: 1, reason: "" }), allowedOutcome: "BAD_REQUEST" },
  "inventory.transfer": { allow: ["owner", "admin", "ops"], input: (t) => ({ requestKey: "authz-transfer", fromWarehouseId: t.distribution.warehouses.main, toWarehouseId: t.distribution.warehouses.main, productId: t.contract.products.stock, quantity: 1 }), allowedOutcome: "BAD_REQUEST" },
  "inventory.scrap": { allow: ["owner", "admin", "ops"], input: (t) => ({ requestKey: "authz-scrap", warehouseId: t.distribution.warehouses.main, productId: t.contract.products.stock, quantity: 0, reason: "x" }), allowedOutcome: "BAD_REQUEST" },
  "pricing.books": { allow: OPERATOR, input: page },
  "pricing.book": { allow: OPERATOR, input: (t) => ({ id: t.contract.listBookId }) },
  "pricing.owners": { allow: OPERATOR },
  "pricing.createBook": { allow: ["owner", "admin", "finance", "sales"], input: () => ({ name: "X", kind: "customer", currency: "EUR" }), allowedOutcome: "BAD_REQUEST" },
  "pricing.archiveBook": { allow: ["owner", "admin", "finance", "sales"], input: () => ({ id: "not-a-uuid" }), allowedOutcome: "BAD_REQUEST" },
  "pricing.addEntry": {
    allow: ["owner", "admin", "finance", "sales"],
    input: (t) => ({ priceBookId: t.contract.listBookId, productId: t.contract.products.spare, model: "flat", unitPrice: "-1", effectiveFrom: "2026-01-01" }),
    allowedOutcome: "BAD_REQUEST",
  },
  // Resellers may ask "why this price" too; RLS limits them to the books and customers they may see.
  "pricing.explain": {
    allow: [...OPERATOR, ...RESELLER],
    input: (t) => ({ productId: t.contract.products.stock, quantity: "3", date: "2026-06-01", currency: "EUR" }),
  },
  "platform.themePresets": { allow: ["platform_admin"] },
  "platform.tenants": { allow: ["platform_admin"], input: page },
  "platform.tenant": { allow: ["platform_admin"], input: (t) => ({ slug: t.slug }) },
  "platform.createTenant": { allow: ["platform_admin"], input: () => ({}), allowedOutcome: "BAD_REQUEST" },
  "platform.updateTenantTheme": {
    allow: ["platform_admin"],
    input: (t) => ({ slug: t.slug, themePreset: "harbor", overrides: { colors: { primary: "red" } } }),
    allowedOutcome: "BAD_REQUEST",
  },
  // Subscriptions (server/api/routers/subscriptions.ts documents the policy); resellers read their customers' contracts (c1's here).
  "subscriptions.list": { allow: [...OPERATOR, ...RESELLER], input: page },
  "subscriptions.get": { allow: [...OPERATOR, ...RESELLER], input: (t) => ({ id: t.contract.subscriptionId }) },
  "subscriptions.formOptions": { allow: ["owner", "admin", "sales"] },
  "subscriptions.create": { allow: ["owner", "admin", "sales"], input: (t) => ({ customerId: t.customers.c1, currency: "EUR", termStart: "2026-01-01", termEnd: "2025-01-01" }), allowedOutcome: "BAD_REQUEST" },
  "subscriptions.transition": { allow: ["owner", "admin", "sales"], input: (t) => ({ id: t.contract.subscriptionId, to: "archived" }), allowedOutcome: "BAD_REQUEST" },
  "subscriptions.previewAmendment": { allow: ["owner", "admin", "sales"], input: (t) => ({ subscriptionId: t.contract.subscriptionId, effectiveDate: "2026-02-30", items: [] }), allowedOutcome: "BAD_REQUEST" },
  "subscriptions.confirmAmendment": { allow: ["owner", "admin", "sales"], input: (t) => ({ subscriptionId: t.contract.subscriptionId, effectiveDate: "2026-03-01", items: [] }), allowedOutcome: "BAD_REQUEST" },
  "subscriptions.pendingApprovals": { allow: ["finance", "admin"] },
  "subscriptions.decideApproval": { allow: ["finance", "admin"], input: () => ({ approvalId: "not-a-uuid", decision: "approve" }), allowedOutcome: "BAD_REQUEST" },
  "subscriptions.mySubscriptions": { allow: CUSTOMER },
  // Orders and returns (server/api/routers/orders.ts documents the policy); RLS narrows resellers and customers (c1 owns the fixture's order and return).
  "orders.list": { allow: ALL_TENANT, input: page },
  "orders.detail": { allow: ALL_TENANT, input: (t) => ({ id: t.distribution.orderId }) },
  "orders.returnable": { allow: ALL_TENANT, input: (t) => ({ id: t.distribution.orderId }) },
  "orders.availability": { allow: ALL_TENANT, input: page },
  "orders.formOptions": { allow: ["owner", "admin", "ops", "sales"] },
  "orders.place": { allow: ["owner", "admin", "ops", "sales", ...RESELLER, ...CUSTOMER], input: () => ({ lines: [] }), allowedOutcome: "BAD_REQUEST" },
  "orders.approve": { allow: ["owner", "admin", "finance"], input: () => ({ id: "not-a-uuid" }), allowedOutcome: "BAD_REQUEST" },
  "orders.recheck": { allow: OPERATOR, input: () => ({ id: "not-a-uuid" }), allowedOutcome: "BAD_REQUEST" },
  "orders.cancel": { allow: ["owner", "admin", "ops", "sales", ...CUSTOMER], input: () => ({ id: "not-a-uuid" }), allowedOutcome: "BAD_REQUEST" },
  "orders.close": { allow: ["owner", "admin", "ops"], input: () => ({ id: "not-a-uuid" }), allowedOutcome: "BAD_REQUEST" },
  "orders.pickList": { allow: ["owner", "admin", "ops"], input: () => ({}) },
  "orders.ship": { allow: ["owner", "admin", "ops"], input: (t) => ({ orderId: t.distribution.orderId, warehouseId: t.distribution.warehouses.main, carrier: "", lines: [] }), allowedOutcome: "BAD_REQUEST" },
  "returns.list": { allow: ALL_TENANT, input: page },
  "returns.detail": { allow: ALL_TENANT, input: (t) => ({ id: t.distribution.returnId }) },
  "returns.request": { allow: ["owner", "admin", "ops", "sales", ...CUSTOMER], input: (t) => ({ orderId: t.distribution.orderId, reason: "", lines: [] }), allowedOutcome: "BAD_REQUEST" },
  "returns.approve": { allow: ["owner", "admin", "ops"], input: () => ({ id: "not-a-uuid" }), allowedOutcome: "BAD_REQUEST" },
  "returns.reject": { allow: ["owner", "admin", "ops"], input: (t) => ({ id: t.distribution.returnId, note: "" }), allowedOutcome: "BAD_REQUEST" },
  // Payments, dunning and credit notes (server/api/routers/payments.ts documents the policy); RLS narrows reads.
  "payments.list": { allow: ALL_TENANT, input: page },
  "payments.detail": { allow: ALL_TENANT, input: (t) => ({ id: t.billing.paymentId }) },
  "payments.invoices": { allow: ALL_TENANT, input: page },
  "payments.invoice": { allow: ALL_TENANT, input: (t) => ({ id: t.billing.invoiceId }) },
  "payments.creditBalances": { allow: ALL_TENANT, input: page },
  "payments.openInvoices": { allow: ["owner", "admin", "finance"], input: (t) => ({ customerId: t.customers.c1 }) },
  "payments.record": { allow: ["owner", "admin", "finance"], input: (t) => ({ customerId: t.customers.c1, currency: "EUR", amount: "-1", method: "manual", receivedOn: "2026-03-01", requestKey: "authz-probe" }), allowedOutcome: "BAD_REQUEST" },
  "payments.applyCredit": { allow: ["owner", "admin", "finance"], input: () => ({ customerId: "not-a-uuid", currency: "EUR" }), allowedOutcome: "BAD_REQUEST" },
  "payments.payInvoice": { allow: ["owner", "admin", "finance", ...CUSTOMER], input: (t) => ({ invoiceId: t.billing.invoiceId, card: { number: "", expMonth: 1, expYear: 2030, cvc: "1" }, requestKey: "authz-probe" }), allowedOutcome: "BAD_REQUEST" },
  "dunning.list": { allow: ["owner", "admin", "finance"], input: page },
  "dunning.runNow": { allow: ["owner", "admin", "finance"], input: () => ({ unexpected: 1 }), allowedOutcome: "BAD_REQUEST" },
  "creditNotes.list": { allow: ALL_TENANT, input: page },
  "creditNotes.creditableLines": { allow: ["owner", "admin", "finance"], input: (t) => ({ invoiceId: t.billing.invoiceId }) },
  "creditNotes.create": { allow: ["owner", "admin", "finance"], input: (t) => ({ invoiceId: t.billing.invoiceId, reason: "", full: true, requestKey: "authz-probe" }), allowedOutcome: "BAD_REQUEST" },
  "creditNotes.decide": { allow: ["owner", "admin", "finance"], input: () => ({ id: "not-a-uuid", decision: "approved" }), allowedOutcome: "BAD_REQUEST" },
  "creditNotes.voidInvoice": { allow: ["owner", "admin", "finance"], input: (t) => ({ invoiceId: t.billing.invoiceId, reason: "", requestKey: "authz-probe" }), allowedOutcome: "BAD_REQUEST" },
  "creditNotes.fromReturn": { allow: ["owner", "admin", "finance", "ops"], input: () => ({ id: "not-a-uuid" }), allowedOutcome: "BAD_REQUEST" },
  "returns.receive": { allow: ["owner", "admin", "ops"], input: (t) => ({ id: t.distribution.returnId, warehouseId: t.distribution.warehouses.main, lines: [] }), allowedOutcome: "BAD_REQUEST" },
  "usage.ingest": { allow: ["owner", "admin", "ops"], input: () => ({ events: "not a list" }), allowedOutcome: "BAD_REQUEST" },
  "usage.record": { allow: ["owner", "admin", "ops"], input: () => ({ eventId: 1 }), allowedOutcome: "BAD_REQUEST" },
  // Every scope may read usage; RLS narrows resellers and customers to their contracts (c1's here).
  "usage.summary": { allow: ALL_TENANT, input: (t) => ({ subscriptionId: t.contract.subscriptionId }) },
  // Replenishment runs (server/api/routers/replenishment.ts documents the policy).
  "replenishment.runs": { allow: OPERATOR, input: page },
  "replenishment.run": { allow: OPERATOR, input: (t) => ({ id: t.distribution.runId }) },
  // Resellers and settlement (server/api/routers/partners.ts documents the policy).
  "resellers.list": { allow: OPERATOR, input: page },
  "resellers.get": { allow: OPERATOR, input: (t) => ({ resellerId: t.resellers.r1 }) },
  "resellers.invite": { allow: ["owner", "admin", "sales"], input: () => ({ company: "X", contactName: "X", contactEmail: "nope", commercialModel: "agency" }), allowedOutcome: "BAD_REQUEST" },
  "resellers.setStatus": { allow: ["owner", "admin"], input: () => ({ resellerId: "x", status: "suspended" }), allowedOutcome: "BAD_REQUEST" },
  "resellers.setTerms": { allow: ["owner", "admin"], input: () => ({ resellerId: "x", commercialModel: "agency", wholesalePriceBookId: null }), allowedOutcome: "BAD_REQUEST" },
  "resellers.plans": { allow: OPERATOR, input: (t) => ({ resellerId: t.resellers.r1 }) },
  "resellers.savePlan": { allow: ["owner", "admin", "finance"], input: (t) => ({ resellerId: t.resellers.r1, name: "X", currency: "EUR", effectiveFrom: "2030-01-01", bands: [{ ratePercent: "101" }] }), allowedOutcome: "BAD_REQUEST" },
  "resellers.priceLimits": { allow: OPERATOR },
  "resellers.setPriceLimit": { allow: ["owner", "admin"], input: (t) => ({ productId: t.contract.products.stock, currency: "EUR", floorPrice: "5", ceilingPrice: "1" }), allowedOutcome: "BAD_REQUEST" },
  "resellers.sellablePlans": { allow: OPERATOR },
  "resellers.setSellablePlan": { allow: ["owner", "admin"], input: () => ({ productId: "x", allowed: true }), allowedOutcome: "BAD_REQUEST" },
  "resellers.runs": { allow: ["owner", "admin", "finance"], input: page },
  "resellers.run": { allow: ["owner", "admin", "finance"], input: (t) => ({ id: t.partner.runId }) },
  "resellers.settleMonth": { allow: ["owner", "admin", "finance"], input: () => ({ periodMonth: "2026-02-15" }), allowedOutcome: "BAD_REQUEST" },
  "resellers.statements": { allow: ["owner", "admin", "finance", ...RESELLER], input: page },
  "resellers.statement": { allow: ["owner", "admin", "finance", ...RESELLER], input: (t) => ({ statementId: t.partner.statementId }) },
  "resellers.approveStatement": { allow: ["owner", "finance"], input: () => ({ statementId: "x" }), allowedOutcome: "BAD_REQUEST" },
  "resellers.recordPayout": { allow: ["owner", "finance"], input: (t) => ({ statementId: t.partner.statementId, amount: "0", paidOn: "2026-01-01", requestKey: "authz-probe" }), allowedOutcome: "BAD_REQUEST" },
  "resellers.margins": { allow: ["owner", "admin", "finance", "reseller_admin"], input: (t) => ({ resellerId: t.resellers.r1, from: "2026-01-01", to: "2026-01-31" }) },
  "partner.dashboard": { allow: RESELLER },
  "partner.plans": { allow: RESELLER },
  "partner.startSubscription": { allow: RESELLER, input: () => ({ id: "x", customerId: "x", planId: "x", termStart: "2026-01-01" }), allowedOutcome: "BAD_REQUEST" },
  "partner.inviteAgent": { allow: ["reseller_admin"], input: () => ({ name: "X", email: "nope" }), allowedOutcome: "BAD_REQUEST" },
  "partner.branding": { allow: ["reseller_admin"] },
  "partner.updateBranding": { allow: ["reseller_admin"], input: () => ({ themePreset: "nope", overrides: {} }), allowedOutcome: "BAD_REQUEST" },
  "partner.addDomain": { allow: ["reseller_admin"], input: () => ({ host: "x" }), allowedOutcome: "BAD_REQUEST" },
  "partner.inviteCustomerUser": { allow: ["reseller_admin"], input: (t) => ({ customerId: t.customers.c1, contactId: "x", role: "customer_admin", password: "short" }), allowedOutcome: "BAD_REQUEST" },
  "partner.setPrice": { allow: ["reseller_admin"], input: (t) => ({ productId: t.contract.products.stock, unitPrice: "-1", effectiveFrom: "2026-01-01" }), allowedOutcome: "BAD_REQUEST" },
  "invitations.find": { allow: ALL_TENANT, public: true, input: () => ({ token: "not-a-real-token-at-all" }) },
  "invitations.accept": { allow: ALL_TENANT, public: true, input: () => ({ token: "short", name: "X", password: "short" }), allowedOutcome: "BAD_REQUEST" },
  "replenishment.runNow": { allow: ["owner", "admin", "ops"], input: () => ({ throughDate: "2026-02-30" }), allowedOutcome: "BAD_REQUEST" },
  // Billing (server/api/routers/billing.ts documents the policy).
  "billing.runs": { allow: OPERATOR, input: page },
  "billing.run": { allow: OPERATOR, input: (t) => ({ id: t.billing.runId }) },
  "billing.runNow": { allow: ["owner", "admin", "finance"], input: () => ({ throughDate: "2026-02-30" }), allowedOutcome: "BAD_REQUEST" },
  "billing.recognize": { allow: ["owner", "admin", "finance"], input: () => ({ throughDate: "2026-13-01" }), allowedOutcome: "BAD_REQUEST" },
  "billing.invoices": { allow: ["owner", "admin", "finance", "sales"], input: page },
  "billing.invoice": { allow: ["owner", "admin", "finance", "sales"], input: (t) => ({ id: t.billing.invoiceId }) },
  "billing.createInvoice": { allow: ["owner", "admin", "finance"], input: () => ({ customerId: "nope", currency: "EUR", issueDate: "2026-01-01", lines: [] }), allowedOutcome: "BAD_REQUEST" },
  "billing.issueInvoice": { allow: ["owner", "admin", "finance"], input: () => ({ id: "nope" }), allowedOutcome: "BAD_REQUEST" },
  "billing.discardDraft": { allow: ["owner", "admin", "finance"], input: () => ({ id: "nope" }), allowedOutcome: "BAD_REQUEST" },
  "billing.taxRules": { allow: ["owner", "admin", "finance", "sales"] },
  "billing.createTaxRule": { allow: ["owner", "admin", "finance"], input: () => ({ jurisdiction: "", taxClass: "standard", name: "x", rate: 1, effectiveFrom: "2026-01-01" }), allowedOutcome: "BAD_REQUEST" },
  "billing.trialBalance": { allow: ["owner", "admin", "finance"], input: page },
  "billing.arAging": { allow: ["owner", "admin", "finance"], input: () => ({ asOf: "2026-03-01" }) },
  "billing.waterfall": { allow: ["owner", "admin", "finance"], input: () => ({ asOf: "2026-03-01" }) },
  // Event log and webhooks (server/api/routers/events.ts documents the policy): owner and admin only.
  "events.list": { allow: ["owner", "admin"], input: () => ({ limit: 5 }) },
  "webhooks.list": { allow: ["owner", "admin"] },
  "webhooks.get": { allow: ["owner", "admin"], input: (t) => ({ id: t.events.endpointId }) },
  "webhooks.create": { allow: ["owner", "admin"], input: () => ({ url: "https://10.0.0.1/hook" }), allowedOutcome: "BAD_REQUEST" },
  "webhooks.update": { allow: ["owner", "admin"], input: (t) => ({ id: t.events.endpointId, url: "ftp://nope" }), allowedOutcome: "BAD_REQUEST" },
  "webhooks.rotateSecret": { allow: ["owner", "admin"], input: () => ({ id: "not-a-uuid" }), allowedOutcome: "BAD_REQUEST" },
  "webhooks.deliveries": { allow: ["owner", "admin"], input: (t) => ({ endpointId: t.events.endpointId }) },
  "webhooks.attempts": { allow: ["owner", "admin"], input: (t) => ({ deliveryId: t.events.deliveryId }) },
  "webhooks.replay": { allow: ["owner", "admin"], input: () => ({ deliveryId: "not-a-uuid" }), allowedOutcome: "BAD_REQUEST" },
  "webhooks.replayRange": { allow: ["owner", "admin"], input: (t) => ({ endpointId: t.events.endpointId, fromSeq: 5, toSeq: 1 }), allowedOutcome: "BAD_REQUEST" },
  "platform.setTenantTier": { allow: ["platform_admin"], input: (t) => ({ slug: t.slug, tier: "platinum" }), allowedOutcome: "BAD_REQUEST" },
  // API keys are managed by owners and admins (server/api/routers/api-keys.ts).
  "apiKeys.list": { allow: ["owner", "admin"], input: page },
  "apiKeys.create": { allow: ["owner", "admin"], input: () => ({ name: "X", scopes: [] }), allowedOutcome: "BAD_REQUEST" },
  "apiKeys.revoke": { allow: ["owner", "admin"], input: () => ({ id: "not-a-uuid" }), allowedOutcome: "BAD_REQUEST" },
  // The embedding API takes API keys only (tests/api/v1.test.ts covers keys and scopes): every session is FORBIDDEN.
  ...Object.fromEntries(
    ["customers.list", "customers.get", "customers.create", "customers.update", "subscriptions.list", "subscriptions.get", "subscriptions.create", "subscriptions.transition", "orders.list", "orders.get", "orders.create", "usage.ingest", "catalog.products", "catalog.product", "events.list"].map(
      (p) => [`v1.${p}`, { allow: [] }],
    ),
  ),
};

const PROCEDURES = Object.keys(appRouter._def.procedures as Record<string, unknown>).sort();
const CALLERS: Caller[] = ["anonymous", "platform_admin", ...TENANT_ROLES];

let T: TenantFixture;
let admin: PlatformAdminFixture;
const contexts = new Map<Caller, TRPCContext>();

beforeAll(async () => {
  admin = await createPlatformAdmin("authz");
  T = await createTenantFixture(admin, "authz");
  const tenantHost = await tenantHostOf(T);
  // Anonymous on the console for platform procedures is covered separately below.
  contexts.set("anonymous", context(tenantHost, null));
  contexts.set("platform_admin", context(await consoleHost(), admin.actor));
  for (const role of TENANT_ROLES) contexts.set(role, context(tenantHost, await tenantActorOf(T, T.users[role])));
});

afterAll(async () => {
  await closeAppPool();
  await closeRedis();
});

/** Calls a procedure by its dotted path, returning its result or the TRPCError it threw. */
async function call(ctx: TRPCContext, path: string, input: unknown): Promise<{ ok: true; data: unknown } | { ok: false; code: string; error: unknown }> {
  const fn = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], createCaller(ctx)) as (input: unknown) => Promise<unknown>;
  try {
    return { ok: true, data: await fn(input) };
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    return { ok: false, code: error.code, error };
  }
}

test("the router has procedures to check", () => {
  expect(PROCEDURES.length).toBeGreaterThanOrEqual(16);
});

test("every procedure of appRouter is listed in the access table (a new procedure needs a decision here)", () => {
  expect(PROCEDURES.filter((p) => !(p in ACCESS))).toEqual([]);
});

test("the access table names no procedure that no longer exists", () => {
  expect(Object.keys(ACCESS).filter((p) => !PROCEDURES.includes(p))).toEqual([]);
});

describe.each(PROCEDURES.filter((p) => p in ACCESS))("%s", (path) => {
  const access = ACCESS[path];
  test.each(CALLERS)("as %s", async (who) => {
    const ctx = contexts.get(who)!;
    const result = await call(ctx, path, access.input?.(T));
    if (access.public) {
      const expected = who === "platform_admin" ? "NOT_FOUND" : (access.allowedOutcome ?? "ok");
      expect(result.ok ? "ok" : result.code).toBe(expected);
    } else if (who !== "anonymous" && access.allow.includes(who)) {
      const expected = access.allowedOutcome ?? "ok";
      if (expected === "ok") {
        expect(result.ok ? "ok" : `${result.code}: ${(result.error as Error).message}`).toBe("ok");
      } else {
        expect(result.ok ? "ok" : result.code).toBe(expected);
      }
    } else {
      expect(result.ok ? "ok (allowed!)" : result.code).toBe(who === "anonymous" ? "UNAUTHORIZED" : "FORBIDDEN");
    }
  });
});

describe("hosts are part of the check", () => {
  const platformPaths = () => PROCEDURES.filter((p) => p.startsWith("platform."));

  test("a platform admin's actor on a tenant host cannot use platform procedures, nor tenant ones", async () => {
    const ctx = context(await tenantHostOf(T), admin.actor);
    for (const path of PROCEDURES.filter((p) => p !== "session.whoami" && !ACCESS[p]?.public)) {
      const result = await call(ctx, path, ACCESS[path]?.input?.(T));
      expect(result.ok ? "ok" : result.code, path).toBe("FORBIDDEN");
    }
  });

  test("a tenant owner on the console host cannot use platform procedures", async () => {
    const ctx = context(await consoleHost(), await tenantActorOf(T, T.users.owner));
    for (const path of platformPaths()) {
      const result = await call(ctx, path, ACCESS[path]?.input?.(T));
      expect(result.ok ? "ok" : result.code, path).toBe("FORBIDDEN");
    }
  });

  test("anonymous on the console host is UNAUTHORIZED everywhere (public invitation links: NOT_FOUND there)", async () => {
    const ctx = context(await consoleHost(), null);
    for (const path of PROCEDURES) {
      const result = await call(ctx, path, ACCESS[path]?.input?.(T));
      expect(result.ok ? "ok" : result.code, path).toBe(ACCESS[path]?.public ? "NOT_FOUND" : "UNAUTHORIZED");
    }
  });
});

test("whoami reports the actor and workspace the context was built from", async () => {
  const result = await call(contexts.get("reseller_agent")!, "session.whoami", undefined);
  expect(result.ok && result.data).toMatchObject({
    actor: { kind: "tenant", role: "reseller_agent", tenantId: T.id, resellerId: T.resellers.r1, userId: T.users.reseller_agent.id },
    workspace: { slug: T.slug, name: T.name },
  });
});

test("the calls above left the tenant's theme untouched (rejected mutations have no side effects)", async () => {
  const tenant = await withTenant({ kind: "platform", tenantId: null, userId: admin.id }, (tx) => getTenantBySlug(tx, T.slug));
  expect(tenant.themePreset).toBe("harbor");
  expect(tenant.themeOverrides).toEqual({});
});
