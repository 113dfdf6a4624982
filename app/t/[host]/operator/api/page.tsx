import Link from "next/link";
import { CreateApiKeyForm, RevokeApiKeyButton } from "@/components/api/api-key-forms";
import { guarded, listQueryFrom } from "@/components/portal/guarded";
import { listHref } from "@/components/ui/data-table";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { Badge, Card, EmptyState, Stat } from "@/components/ui/primitives";
import { serverApi } from "@/server/api/server";
import { TIER_LIMITS } from "@/server/domain/api/tiers";

const when = (d: Date | null) => (d ? d.toISOString().slice(0, 16).replace("T", " ") + " UTC" : "—");

export default async function ApiSection({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePortalActor("operator");
  const api = await serverApi();
  const { params, input } = listQueryFrom(await searchParams);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">API</h1>
          <p className="text-sm text-muted">Keys for your integrations and partners. REST under <code>/api/v1</code>, described by <code>/api/v1/openapi.json</code>.</p>
        </div>
        <Link href="/operator/api/docs" className="text-sm font-medium text-accent underline">API reference →</Link>
      </div>
      {await guarded(() => api.apiKeys.list({ page: input.page }), ({ keys, tier, limits }) => (
        <>
          <div className="grid gap-3 sm:grid-cols-3">
            <Stat label="Service tier" value={TIER_LIMITS[tier].label} testId="api-tier" />
            <Stat label="Requests / s per key" value={limits.perKey} />
            <Stat label="Requests / s per workspace" value={limits.perTenant} />
          </div>
          <Card title="Create a key">
            <CreateApiKeyForm />
          </Card>
          <Card title="Keys">
            {keys.total === 0 ? (
              <EmptyState title="No API keys yet">Create one above; its secret is shown once, then only its prefix.</EmptyState>
            ) : (
              <div className="overflow-x-auto">
                <table className="w-full text-sm" data-testid="api-keys-table">
                  <thead>
                    <tr className="border-b border-border text-left text-xs uppercase tracking-wide text-muted">
                      <th className="py-2 pr-4 font-medium">Name</th>
                      <th className="py-2 pr-4 font-medium">Key</th>
                      <th className="py-2 pr-4 font-medium">Scopes</th>
                      <th className="py-2 pr-4 font-medium">Created</th>
                      <th className="py-2 pr-4 font-medium">Expires</th>
                      <th className="py-2 pr-4 font-medium">Status</th>
                      <th className="py-2 font-medium"><span className="sr-only">Actions</span></th>
                    </tr>
                  </thead>
                  <tbody>
                    {keys.rows.map((k) => (
                      <tr key={k.id} className="border-b border-border last:border-0" data-testid="api-key-row">
                        <td className="py-2 pr-4 font-medium">{k.name}</td>
                        <td className="py-2 pr-4 font-mono text-xs">{k.prefix}…</td>
                        <td className="py-2 pr-4"><span className="flex flex-wrap gap-1">{k.scopes.map((s) => <Badge key={s}>{s}</Badge>)}</span></td>
                        <td className="py-2 pr-4 whitespace-nowrap">{when(k.createdAt)}</td>
                        <td className="py-2 pr-4 whitespace-nowrap">{when(k.expiresAt)}</td>
                        <td className="py-2 pr-4">
                          <Badge tone={k.status === "active" ? "success" : "warning"}>{k.status === "active" ? "Active" : k.status === "revoked" ? `Revoked ${when(k.revokedAt)}` : "Expired"}</Badge>
                        </td>
                        <td className="py-2 text-right">{k.status === "active" && <RevokeApiKeyButton id={k.id} name={k.name} />}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <footer className="flex items-center justify-between pt-2 text-xs text-muted">
                  <span>{keys.total} total · page {keys.page} of {Math.max(1, Math.ceil(keys.total / keys.pageSize))}</span>
                  <nav className="flex gap-3" aria-label="Pagination">
                    {keys.page > 1 ? <Link className="text-primary hover:underline" href={listHref("/operator/api", params, { page: String(keys.page - 1) })}>Previous</Link> : <span>Previous</span>}
                    {keys.page * keys.pageSize < keys.total ? <Link className="text-primary hover:underline" href={listHref("/operator/api", params, { page: String(keys.page + 1) })}>Next</Link> : <span>Next</span>}
                  </nav>
                </footer>
              </div>
            )}
          </Card>
        </>
      ))}
    </div>
  );
}
