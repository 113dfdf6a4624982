import Link from "next/link";

const LINKS = [
  { href: "/operator/resellers", label: "Resellers" },
  { href: "/operator/resellers/statements", label: "Statements" },
  { href: "/operator/resellers/runs", label: "Settlement runs" },
  { href: "/operator/resellers/settings", label: "Prices & plans" },
];

export function ResellersNav({ current }: { current: string }) {
  return (
    <nav className="flex flex-wrap gap-2 text-sm" aria-label="Resellers sections">
      {LINKS.map((l) => (
        <Link key={l.href} href={l.href} className={`rounded-brand px-3 py-1 ${l.href === current ? "bg-primary text-primary-foreground" : "border border-border hover:bg-surface"}`}>
          {l.label}
        </Link>
      ))}
    </nav>
  );
}
