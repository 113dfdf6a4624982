import Link from "next/link";
import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";
import type { ReactNode } from "react";
import { AddContactForm, InviteContactForm } from "@/components/customers/contact-forms";
import { CreditHoldPanel } from "@/components/customers/credit-hold-panel";
import { addressLines, creditLimitLabel, STATUS_LABELS } from "@/components/customers/format";
import { AddSiteForm, SetDefaultSiteButton } from "@/components/customers/site-forms";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { Alert, Badge, Card, EmptyState } from "@/components/ui/primitives";
import { serverApi } from "@/server/api/server";

const EDITORS = ["owner", "admin", "sales"];
const CREDIT = ["owner", "admin", "finance"];
const SITE_EDITORS = ["owner", "admin", "sales", "ops"];

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium uppercase tracking-wide text-muted">{label}</dt>
      <dd className="mt-0.5 text-sm text-foreground">{children}</dd>
    </div>
  );
}

const none = <span className="text-muted">Not set</span>;

export default async function CustomerDetail({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { actor } = await requirePortalActor("operator");
  const [{ id }, query] = await Promise.all([params, searchParams]);
  const api = await serverApi();
  const detail = await api.customers.get({ id }).catch((error: unknown) => {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
    throw error;
  });
  const { customer, reseller, sites, contacts, creditHold } = detail;
  const canEdit = EDITORS.includes(actor.role);
  const onHold = customer.status === "credit_hold";
  const soldTo = addressLines(customer);

  return (
    <div className="space-y-6">
      <div>
        <Link href="/operator/customers" className="text-sm text-muted hover:text-foreground">← Customers</Link>
        <header className="mt-1 flex flex-wrap items-center justify-between gap-4">
          <div className="flex flex-wrap items-center gap-3">
            <h1 className="text-2xl font-semibold" data-testid="customer-name">{customer.name}</h1>
            {customer.code && <span className="font-mono text-sm text-muted">{customer.code}</span>}
            <Badge tone={onHold ? "warning" : "success"}>{STATUS_LABELS[customer.status]}</Badge>
          </div>
          {canEdit && (
            <Link href={`/operator/customers/${customer.id}/edit`} className="rounded-brand border border-border bg-surface px-4 py-2 text-sm font-medium hover:bg-background">
              Edit account
            </Link>
          )}
        </header>
      </div>

      {query.created && <Alert tone="success">Customer created.</Alert>}
      {query.existing && <Alert tone="info">A customer with this code and the same details already existed; this is it.</Alert>}
      {query.saved && <Alert tone="success">Changes saved.</Alert>}
      {onHold && (
        <Alert testId="credit-hold-banner">
          On credit hold{creditHold?.reason ? `: ${creditHold.reason}` : ""}{creditHold ? ` (since ${creditHold.since.toISOString().slice(0, 10)})` : ""}. Orders for this account wait until the hold is released.
        </Alert>
      )}

      <div className="grid gap-6 lg:grid-cols-3">
        <Card title="Sold-to">
          <dl className="space-y-3">
            <Detail label="Address">{soldTo.length ? soldTo.map((line) => <span key={line} className="block">{line}</span>) : none}</Detail>
            <Detail label="Reseller">{reseller?.name ?? "Direct customer"}</Detail>
          </dl>
        </Card>
        <Card title="Bill-to">
          <dl className="space-y-3">
            <Detail label="Name">{customer.billToName || none}</Detail>
            <Detail label="Email">{customer.billToEmail ? <a className="text-primary hover:underline" href={`mailto:${customer.billToEmail}`}>{customer.billToEmail}</a> : none}</Detail>
          </dl>
        </Card>
        <Card title="Terms">
          <dl className="grid grid-cols-2 gap-3">
            <Detail label="Currency">{customer.currency}</Detail>
            <Detail label="Payment terms">{customer.paymentTermsDays === 0 ? "Due on receipt" : `Net ${customer.paymentTermsDays} days`}</Detail>
            <Detail label="Tax jurisdiction">{customer.taxJurisdiction || none}</Detail>
            <Detail label="Credit limit"><span data-testid="credit-limit">{creditLimitLabel(customer.creditLimitMinor, customer.currency)}</span></Detail>
          </dl>
        </Card>
      </div>

      <Card title="Credit status">
        <div className="grid gap-6 md:grid-cols-2">
          <div className="space-y-1 text-sm">
            <p>
              Status: <Badge tone={onHold ? "warning" : "success"}>{STATUS_LABELS[customer.status]}</Badge>
            </p>
            <p className="text-muted">
              {onHold ? "New orders and replenishment for this account wait until the hold is released." : "The account may order up to its credit limit."}
            </p>
          </div>
          {CREDIT.includes(actor.role) ? (
            <CreditHoldPanel key={customer.status} customerId={customer.id} onHold={onHold} />
          ) : (
            <p className="text-sm text-muted">Owners, admins and finance can place or release a credit hold.</p>
          )}
        </div>
      </Card>

      <Card title={`Ship-to sites (${sites.length})`}>
        <div className="space-y-4">
          {sites.length === 0 ? (
            <EmptyState title="No ship-to sites yet">Add where deliveries go. The first site becomes the default.</EmptyState>
          ) : (
            <ul className="divide-y divide-border rounded-brand border border-border" data-testid="sites">
              {sites.map((site) => (
                <li key={site.id} className="flex flex-wrap items-center justify-between gap-3 px-4 py-3">
                  <div>
                    <p className="flex items-center gap-2 text-sm font-medium">
                      {site.name}
                      {site.isDefault && <Badge tone="primary">Default</Badge>}
                    </p>
                    <p className="text-xs text-muted">{addressLines(site).join(", ") || "No address yet"}</p>
                  </div>
                  {!site.isDefault && SITE_EDITORS.includes(actor.role) && <SetDefaultSiteButton customerId={customer.id} siteId={site.id} />}
                </li>
              ))}
            </ul>
          )}
          {SITE_EDITORS.includes(actor.role) && <AddSiteForm customerId={customer.id} />}
        </div>
      </Card>

      <Card title={`Contacts (${contacts.length})`}>
        <div className="space-y-4">
          {contacts.length === 0 ? (
            <EmptyState title="No contacts yet">Add the people you deal with; you can then give them access to the customer portal.</EmptyState>
          ) : (
            <ul className="divide-y divide-border rounded-brand border border-border" data-testid="contacts">
              {contacts.map((contact) => (
                <li key={contact.id} className="px-4 py-3">
                  <div className="flex flex-wrap items-center justify-between gap-3">
                    <div>
                      <p className="flex items-center gap-2 text-sm font-medium">
                        {contact.name}
                        {contact.userId && <Badge tone="success">Portal access</Badge>}
                      </p>
                      <p className="text-xs text-muted">{[contact.email, contact.phone, contact.role].filter(Boolean).join(" · ")}</p>
                    </div>
                    {canEdit && <InviteContactForm customerId={customer.id} contactId={contact.id} email={contact.email} hasAccess={Boolean(contact.userId)} />}
                  </div>
                </li>
              ))}
            </ul>
          )}
          {canEdit && <AddContactForm customerId={customer.id} />}
        </div>
      </Card>
    </div>
  );
}
