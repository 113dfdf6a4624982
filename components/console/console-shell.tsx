import Link from "next/link";
import type { ReactNode } from "react";
import { signOutAction } from "@/app/actions/auth";
import { Badge, Button } from "@/components/ui/primitives";

export function ConsoleShell({ user, children }: { user: { name: string; email: string }; children: ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col">
      <header className="border-b border-border bg-surface">
        <div className="mx-auto flex max-w-6xl items-center justify-between gap-4 px-6 py-3">
          <Link href="/" className="flex items-center gap-3">
            {/* eslint-disable-next-line @next/next/no-img-element -- static asset */}
            <img src="/logos/tributary.svg" alt="" width={32} height={32} className="h-8 w-8" />
            <span className="font-semibold">Tributary</span>
            <Badge tone="primary">Platform console</Badge>
          </Link>
          <div className="flex items-center gap-3 text-sm">
            <div className="text-right leading-tight">
              <div className="font-medium" data-testid="signed-in-user">{user.name}</div>
              <div className="text-xs text-muted">{user.email} · Platform admin</div>
            </div>
            <form action={signOutAction}>
              <Button variant="secondary" type="submit">Sign out</Button>
            </form>
          </div>
        </div>
      </header>
      <main className="mx-auto w-full max-w-6xl flex-1 px-6 py-8">{children}</main>
    </div>
  );
}
