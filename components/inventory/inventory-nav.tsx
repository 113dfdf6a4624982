import Link from "next/link";

const TABS = [
  { href: "/operator/inventory", label: "Stock" },
  { href: "/operator/inventory/receipts", label: "Receipts" },
  { href: "/operator/inventory/operations", label: "Adjust, transfer, scrap" },
  { href: "/operator/inventory/suggestions", label: "Replenishment suggestions" },
  { href: "/operator/inventory/warehouses", label: "Warehouses" },
];

/** The inventory section's own tabs; `current` is the tab's href. */
export function InventoryNav({ current }: { current: string }) {
  return (
    <nav className="flex flex-wrap gap-1 border-b border-border" aria-label="Inventory">
      {TABS.map((t) => (
        <Link
          key={t.href}
          href={t.href}
          aria-current={t.href === current ? "page" : undefined}
          className={`-mb-px border-b-2 px-3 py-2 text-sm ${t.href === current ? "border-primary font-medium text-foreground" : "border-transparent text-muted hover:text-foreground"}`}
        >
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
