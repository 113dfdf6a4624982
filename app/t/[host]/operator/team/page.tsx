import { guarded, pageFrom } from "@/components/portal/guarded";
import { DataTable } from "@/components/ui/data-table";
import { Badge, EmptyState } from "@/components/ui/primitives";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { serverApi } from "@/server/api/server";
import { ROLE_LABELS } from "@/server/domain/access/roles";

export default async function Team({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePortalActor("operator");
  const api = await serverApi();
  const input = pageFrom(await searchParams);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Team and access</h1>
      {await guarded(() => api.operator.members(input), (data) => (
        <DataTable
          {...data}
          hrefForPage={(p) => `/operator/team?page=${p}`}
          empty={<EmptyState title="No members" />}
          columns={[
            { header: "Name", cell: (r) => <span className="font-medium">{r.name}</span> },
            { header: "Email", cell: (r) => r.email },
            { header: "Role", cell: (r) => <Badge>{ROLE_LABELS[r.role]}</Badge> },
            { header: "Acts for", cell: (r) => r.reseller ?? r.customer ?? <span className="text-muted">Tenant staff</span> },
          ]}
        />
      ))}
    </div>
  );
}
