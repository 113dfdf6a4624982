import { guarded, listQueryFrom } from "@/components/portal/guarded";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/primitives";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { serverApi } from "@/server/api/server";

export default async function AuditLog({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePortalActor("operator");
  const api = await serverApi();
  const { params, input } = listQueryFrom(await searchParams);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Audit log</h1>
      {await guarded(() => api.operator.auditLog({ page: input.page }), (data) => (
        <DataTable
          {...data}
          basePath="/operator/audit"
          params={params}
          empty={<EmptyState title="Nothing recorded yet" />}
          columns={[
            { header: "When (UTC)", cell: (r) => r.occurredAt.toISOString().replace("T", " ").slice(0, 19), className: "whitespace-nowrap text-muted" },
            { header: "Who", cell: (r) => r.actorEmail ?? <span className="text-muted">system</span> },
            { header: "Action", cell: (r) => <code className="text-xs">{r.action}</code> },
            { header: "Subject", cell: (r) => `${r.entityType}${r.entityId ? ` ${r.entityId.slice(0, 8)}…` : ""}`, className: "text-muted" },
          ]}
        />
      ))}
    </div>
  );
}
