import type { PortalScope } from "@/server/domain/access/roles";

/** Each portal's sections. Those marked `upcoming` are placeholders that later issues fill. */
export interface PortalSection { slug: string; label: string; upcoming?: string }

export const PORTAL_SECTIONS: Record<PortalScope, PortalSection[]> = {
  operator: [
    { slug: "catalog", label: "Catalog" },
    { slug: "price-books", label: "Price books" },
    { slug: "customers", label: "Customers" },
    { slug: "subscriptions", label: "Subscriptions" },
    { slug: "approvals", label: "Approvals" },
    { slug: "inventory", label: "Inventory" },
    { slug: "orders", label: "Orders & returns" },
    { slug: "replenishment", label: "Replenishment" },
    { slug: "billing", label: "Billing" },
    { slug: "payments", label: "Payments & credit" },
    { slug: "resellers", label: "Resellers" },
    { slug: "analytics", label: "Analytics", upcoming: "MRR, churn and forecasts arrive with the analytics work." },
    { slug: "team", label: "Team" },
    { slug: "api", label: "API" },
    { slug: "audit", label: "Audit log" },
    { slug: "webhooks", label: "Webhooks" },
    { slug: "events", label: "Event log" },
  ],
  reseller: [
    { slug: "customers", label: "Customers" },
    { slug: "orders", label: "Orders" },
    { slug: "subscriptions", label: "Subscriptions" },
    { slug: "statements", label: "Statements" },
    { slug: "margins", label: "Margins" },
    { slug: "branding", label: "Branding & team" },
  ],
  customer: [
    { slug: "subscriptions", label: "My subscriptions" },
    { slug: "orders", label: "Orders & deliveries" },
    { slug: "invoices", label: "Invoices" },
    { slug: "usage", label: "Usage" },
  ],
};

export const PORTAL_LABELS: Record<PortalScope, string> = { operator: "Operator", reseller: "Reseller", customer: "Customer" };
