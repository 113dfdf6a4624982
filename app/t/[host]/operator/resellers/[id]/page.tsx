import Link from "next/link";
import { guarded } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { MODEL_LABELS, money, monthLabel, RESELLER_STATUS_TONE, STATEMENT_STATUS_TONE } from "@/components/partners/format";
import { PlanForm, ResellerStatusActions, TermsForm } from "@/components/partners/operator-forms";
import { Badge, Card, EmptyState } from "@/components/ui/primitives";
import { serverApi } from "@/server/api/server";

export default async function ResellerDetail({ params }: { params: Promise<{ id: string }> }) {
  const { actor } = await requirePortalActor("operator");
  const { id } = await params;
  const api = await serverApi();
  const canManage = ["owner", "admin"].includes(actor.role);
  const canPlan = ["owner", "admin", "finance"].includes(actor.role);
  return guarded(
    async () => {
      const [detail, plans, books, categories, statements] = await Promise.all([
        api.resellers.get({ resellerId: id }),
        api.resellers.plans({ resellerId: id }),
        api.pricing.books({ pageSize: 100, status: "active" }),
        api.catalog.categories(),
        canPlan ? api.resellers.statements({ resellerId: id, pageSize: 12 }) : Promise.resolve(null),
      ]);
      return { detail, plans, books, categories, statements };
    },
    ({ detail: { reseller, domains, invitations }, plans, books, categories, statements }) => (
      <div className="space-y-6">
        <div>
          <Link href="/operator/resellers" className="text-sm text-muted hover:text-foreground">← Resellers</Link>
          <h1 className="mt-1 flex items-center gap-3 text-2xl font-semibold" data-testid="reseller-name">
            {reseller.name} <Badge tone={RESELLER_STATUS_TONE[reseller.status]}>{reseller.status}</Badge>
          </h1>
          <p className="text-sm text-muted">{MODEL_LABELS[reseller.commercialModel]} · contact {reseller.contactEmail || "not set"}</p>
        </div>
        {canManage && <Card title="Status"><ResellerStatusActions resellerId={reseller.id} status={reseller.status} /></Card>}
        <Card title="Commercial terms">
          {canManage ? (
            <TermsForm resellerId={reseller.id} model={reseller.commercialModel} wholesalePriceBookId={reseller.wholesalePriceBookId} books={books.rows.filter((b) => b.kind === "list" || b.kind === "promotion").map((b) => ({ id: b.id, name: b.name, currency: b.currency }))} />
          ) : (
            <p className="text-sm">{MODEL_LABELS[reseller.commercialModel]}</p>
          )}
        </Card>
        {reseller.commercialModel === "agency" && (
          <Card title="Commission plans">
            {plans.length === 0 ? (
              <EmptyState title="No plan yet">Without a plan in force a month is not settled (the run lists it as an exception).</EmptyState>
            ) : (
              <ul className="space-y-3" data-testid="plans">
                {plans.map((p) => (
                  <li key={p.id} className="rounded-brand border border-border p-3 text-sm">
                    <p className="font-medium">{p.name} · {p.currency} · {p.effectiveFrom} to {p.effectiveTo ?? "open end"}</p>
                    <p className="text-muted">Last changed by {p.changedByName ?? "—"} (who may not approve its statements)</p>
                    <ul className="mt-1 list-disc pl-5">
                      {p.bands.map((b, i) => <li key={i}>{b.categoryName ?? "All other categories"}: from {b.from} {p.currency} at {b.ratePercent}%</li>)}
                    </ul>
                  </li>
                ))}
              </ul>
            )}
            {canPlan && <div className="mt-4 border-t border-border pt-4"><h3 className="mb-2 text-sm font-semibold">Add a plan</h3><PlanForm resellerId={reseller.id} categories={categories.map((c) => ({ id: c.id, name: c.name }))} /></div>}
          </Card>
        )}
        <Card title="White-label domains">
          {domains.length === 0 ? <p className="text-sm text-muted">None: its customers use the tenant&apos;s own address. The reseller adds its domain under Branding.</p> : <ul className="text-sm">{domains.map((d) => <li key={d.id}>{d.host}</li>)}</ul>}
        </Card>
        <Card title="Team invitations">
          {invitations.length === 0 ? <p className="text-sm text-muted">No invitations.</p> : (
            <table className="w-full text-sm"><tbody>
              {invitations.map((i) => <tr key={i.id} className="border-t border-border"><td className="py-1">{i.email}</td><td>{i.role}</td><td>{i.acceptedAt ? "accepted" : new Date(i.expiresAt) < new Date() ? "expired" : "open"}</td></tr>)}
            </tbody></table>
          )}
        </Card>
        {statements && (
          <Card title="Statements">
            {statements.rows.length === 0 ? <p className="text-sm text-muted">No statements yet.</p> : (
              <ul className="text-sm">
                {statements.rows.map((s) => (
                  <li key={s.id} className="flex gap-3 border-t border-border py-1">
                    <Link className="text-primary hover:underline" href={`/operator/resellers/statements/${s.id}`}>{monthLabel(s.period_month)}</Link>
                    <span>{money(s.total_minor, s.currency)}</span>
                    <Badge tone={STATEMENT_STATUS_TONE[s.status]}>{s.status}</Badge>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        )}
      </div>
    ),
  );
}
