import Link from "next/link";

const TABS = [
  { href: "/operator/billing", label: "Invoices", key: "invoices" },
  { href: "/operator/billing/runs", label: "Billing runs", key: "runs" },
  { href: "/operator/billing/revenue", label: "Revenue", key: "revenue" },
  { href: "/operator/billing/aging", label: "AR aging", key: "aging" },
  { href: "/operator/billing/ledger", label: "Trial balance", key: "ledger" },
  { href: "/operator/billing/tax", label: "Tax rules", key: "tax" },
] as const;

/** The finance section's tabs. */
export function BillingNav({ active }: { active: (typeof TABS)[number]["key"] }) {
  return (
    <nav className="flex flex-wrap gap-1 border-b border-border print:hidden" aria-label="Billing">
      {TABS.map((t) => (
        <Link
          key={t.key}
          href={t.href}
          aria-current={t.key === active ? "page" : undefined}
          className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${t.key === active ? "border-primary text-foreground" : "border-transparent text-muted hover:text-foreground"}`}
        >
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
