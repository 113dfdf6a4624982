import type { Metadata } from "next";
import Link from "next/link";
import { guarded, listQueryFrom } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { MODEL_LABELS, RESELLER_STATUS_TONE } from "@/components/partners/format";
import { InviteResellerForm } from "@/components/partners/operator-forms";
import { ResellersNav } from "@/components/partners/operator-nav";
import { DataTable } from "@/components/ui/data-table";
import { Badge, Card, EmptyState } from "@/components/ui/primitives";
import { serverApi } from "@/server/api/server";

export const metadata: Metadata = { title: "Resellers" };

const STATUSES = ["invited", "active", "suspended"] as const;

export default async function OperatorResellers({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { actor } = await requirePortalActor("operator");
  const api = await serverApi();
  const { params, input } = listQueryFrom(await searchParams);
  const status = STATUSES.find((s) => s === params.status);
  return (
    <div className="space-y-6">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold">Resellers</h1>
        <p className="text-sm text-muted">Partners who sell to their own customers: agency resellers earn commission on recognized revenue, buy-sell resellers a margin on wholesale prices.</p>
        <ResellersNav current="/operator/resellers" />
      </header>
      {["owner", "admin", "sales"].includes(actor.role) && (
        <Card title="Invite a reseller">
          <InviteResellerForm />
        </Card>
      )}
      <form className="flex flex-wrap gap-2 text-sm" action="/operator/resellers">
        <input name="search" defaultValue={params.search} placeholder="Search by name" className="rounded-brand border border-border bg-surface px-3 py-1.5" />
        <select name="status" defaultValue={status ?? ""} className="rounded-brand border border-border bg-surface px-3 py-1.5">
          <option value="">Any status</option>
          {STATUSES.map((s) => <option key={s} value={s}>{s}</option>)}
        </select>
        <button className="rounded-brand border border-border px-3 py-1.5" type="submit">Filter</button>
      </form>
      {await guarded(() => api.resellers.list({ page: input.page, pageSize: 25, search: input.search, status }), (data) => (
        <DataTable
          rows={data.rows}
          total={data.total}
          page={data.page}
          pageSize={data.pageSize}
          basePath="/operator/resellers"
          params={params}
          empty={<EmptyState title="No resellers yet">Invite a partner above.</EmptyState>}
          columns={[
            { header: "Reseller", cell: (r) => <Link className="text-primary hover:underline" href={`/operator/resellers/${r.id}`} data-testid="reseller-link">{r.name}</Link> },
            { header: "Status", cell: (r) => <Badge tone={RESELLER_STATUS_TONE[r.status as keyof typeof RESELLER_STATUS_TONE]}>{r.status}</Badge> },
            { header: "Model", cell: (r) => MODEL_LABELS[r.commercialModel] },
            { header: "Contact", cell: (r) => r.contactEmail || <span className="text-muted">—</span> },
            { header: "Customers", cell: (r) => r.customers, className: "text-right" },
          ]}
        />
      ))}
    </div>
  );
}
