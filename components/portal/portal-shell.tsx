import Link from "next/link";
import type { ReactNode } from "react";
import { signOutAction } from "@/app/actions/auth";
import { Badge, Button } from "@/components/ui/primitives";

export interface NavItem { href: string; label: string }

/** Header, navigation and sign-out for every portal; the surrounding ThemeScope brands it. */
export function PortalShell({
  brandName, logo, portalLabel, nav, user, children,
}: {
  brandName: string; logo: string; portalLabel: string; nav: NavItem[];
  user: { name: string; email: string; roleLabel: string }; children: ReactNode;
}) {
  return (
    <div className="flex min-h-screen flex-col">
      <header className="border-b border-border bg-surface">
        <div className="mx-auto flex max-w-6xl items-center justify-between gap-4 px-6 py-3">
          <div className="flex items-center gap-3">
            {/* eslint-disable-next-line @next/next/no-img-element -- validated path under /logos */}
            <img src={logo} alt="" width={32} height={32} className="h-8 w-8" data-testid="brand-logo" />
            <span className="font-semibold" data-testid="workspace-name">{brandName}</span>
            <Badge tone="primary">{portalLabel}</Badge>
          </div>
          <div className="flex items-center gap-3 text-sm">
            <div className="text-right leading-tight">
              <div className="font-medium" data-testid="signed-in-user">{user.name}</div>
              <div className="text-xs text-muted">{user.email} · {user.roleLabel}</div>
            </div>
            <form action={signOutAction}>
              <Button variant="secondary" type="submit" data-testid="sign-out">Sign out</Button>
            </form>
          </div>
        </div>
        <nav className="mx-auto flex max-w-6xl flex-wrap gap-x-1 px-4" aria-label="Sections">
          {nav.map((item) => (
            <Link key={item.href} href={item.href} className="whitespace-nowrap border-b-2 border-transparent px-3 py-2 text-sm text-muted hover:border-primary hover:text-foreground">
              {item.label}
            </Link>
          ))}
        </nav>
      </header>
      <main className="mx-auto w-full max-w-6xl flex-1 px-6 py-8">{children}</main>
    </div>
  );
}
