import { guarded, listQueryFrom } from "@/components/portal/guarded";
import { DataTable } from "@/components/ui/data-table";
import { Badge, EmptyState } from "@/components/ui/primitives";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { serverApi } from "@/server/api/server";
import { ROLE_LABELS } from "@/server/domain/access/roles";

export default async function Team({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePortalActor("operator");
  const api = await serverApi();
  const { params, input } = listQueryFrom(await searchParams);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Team and access</h1>
      {await guarded(() => api.operator.members({ page: input.page, search: input.search }), (data) => (
        <DataTable
          {...data}
          basePath="/operator/team"
          params={params}
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
