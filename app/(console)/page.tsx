import type { Metadata } from "next";
import Link from "next/link";
import { ConsoleShell } from "@/components/console/console-shell";
import { requirePlatformAdmin } from "@/components/console/require-platform-admin";
import { listQueryFrom } from "@/components/portal/guarded";
import { DataTable } from "@/components/ui/data-table";
import { Badge, EmptyState } from "@/components/ui/primitives";
import { serverApi } from "@/server/api/server";
import { baseDomain } from "@/server/domain/tenancy/hosts";

export const metadata: Metadata = { title: "Tenants" };

export default async function ConsoleHome({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePlatformAdmin();
  const { params, input } = listQueryFrom(await searchParams);
  const data = await (await serverApi()).platform.tenants({ page: input.page, search: input.search });
  const base = baseDomain();
  return (
    <ConsoleShell user={actor}>
      <div className="space-y-6">
        <div className="flex flex-wrap items-end justify-between gap-4">
          <div>
            <h1 className="text-2xl font-semibold">Tenants</h1>
            <p className="text-sm text-muted">Distributors on this platform, each on its own host.</p>
          </div>
          <div className="flex items-center gap-3">
            <form className="flex gap-2" action="/">
              <input name="search" defaultValue={input.search} placeholder="Search slug or name" aria-label="Search tenants" className="rounded-brand border border-border bg-surface px-3 py-2 text-sm" />
            </form>
            <Link href="/tenants/new" className="rounded-brand bg-primary px-4 py-2 text-sm font-medium text-primary-foreground hover:opacity-90" data-testid="new-tenant">
              New tenant
            </Link>
          </div>
        </div>
        <DataTable
          {...data}
          basePath="/"
          params={params}
          empty={<EmptyState title={input.search ? "No tenant matches" : "No tenants yet"}>Create the first tenant to give a distributor its portals.</EmptyState>}
          columns={[
            { header: "Tenant", cell: (t) => <Link className="font-medium text-primary hover:underline" href={`/tenants/${t.slug}`}>{t.name}</Link> },
            { header: "Host", cell: (t) => <code className="text-xs">{t.slug}.{base}</code> },
            { header: "Theme", cell: (t) => <Badge>{t.themePreset}</Badge> },
            { header: "Status", cell: (t) => <Badge tone={t.status === "active" ? "success" : "warning"}>{t.status}</Badge> },
            { header: "Created", cell: (t) => t.createdAt.toISOString().slice(0, 10), className: "text-muted" },
          ]}
        />
      </div>
    </ConsoleShell>
  );
}
