import Link from "next/link";

const LINKS = [
  { href: "/operator/payments", label: "Payments", key: "payments" },
  { href: "/operator/payments/dunning", label: "Dunning queue", key: "dunning" },
  { href: "/operator/payments/credit-notes", label: "Credit notes", key: "credit-notes" },
] as const;

export function PaymentsNav({ active }: { active: (typeof LINKS)[number]["key"] }) {
  return (
    <nav className="flex gap-2 border-b border-border pb-2 text-sm" aria-label="Payments">
      {LINKS.map((l) => (
        <Link key={l.key} href={l.href} aria-current={active === l.key ? "page" : undefined} data-testid={`payments-nav-${l.key}`}
          className={`rounded-brand px-3 py-1.5 ${active === l.key ? "bg-primary text-primary-foreground" : "hover:bg-background"}`}>
          {l.label}
        </Link>
      ))}
    </nav>
  );
}
