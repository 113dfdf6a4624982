import Link from "next/link";
import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { guarded } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { AmendFlow } from "@/components/subscriptions/amend-flow";
import { SubscriptionSchedule, UsageThisPeriod } from "@/components/subscriptions/schedule-views";
import { everyLabel, INTERVAL_LABELS, ITEM_KIND_LABELS, money, STATUS_TONES, SUBSCRIPTION_STATUS_LABELS, trimNumber, VERSION_STATUS_LABELS } from "@/components/subscriptions/format";
import { LifecycleActions } from "@/components/subscriptions/lifecycle-actions";
import { Badge, Card } from "@/components/ui/primitives";
import { serverApi } from "@/server/api/server";

const WRITERS = ["owner", "admin", "sales"];

export default async function SubscriptionDetail({ params }: { params: Promise<{ id: string }> }) {
  const { actor } = await requirePortalActor("operator");
  const api = await serverApi();
  const { id } = await params;
  const canWrite = WRITERS.includes(actor.role);
  const load = async () => {
    try {
      return await Promise.all([api.subscriptions.get({ id }), canWrite ? api.subscriptions.formOptions() : Promise.resolve(null)]);
    } catch (error) {
      if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
      throw error;
    }
  };
  return guarded(load, ([detail, options]) => {
    const s = detail.subscription;
    const active = detail.versions.find((v) => v.id === detail.activeVersionId);
    return (
      <div className="space-y-6">
        <header className="space-y-2">
          <Link href="/operator/subscriptions" className="text-sm text-muted hover:text-foreground">← Subscriptions</Link>
          <div className="flex flex-wrap items-center gap-3">
            <h1 className="text-2xl font-semibold" data-testid="subscription-number">{s.number}</h1>
            <span data-testid="subscription-status"><Badge tone={STATUS_TONES[s.status]}>{SUBSCRIPTION_STATUS_LABELS[s.status]}</Badge></span>
          </div>
          <p className="text-sm text-muted">
            {s.customer} · {s.currency} · term {s.termStart} → {s.termEnd}
            {s.autoRenew ? `, renews for ${s.renewalTermMonths} months` : ", does not renew"} · {INTERVAL_LABELS[s.billingInterval]} on day {s.anchorDay} · priority {s.priority}
            {s.cancelAt ? ` · ends ${s.cancelAt}` : ""}
          </p>
          {canWrite && <LifecycleActions id={s.id} status={s.status} currency={s.currency} />}
        </header>

        <div className="grid gap-6 lg:grid-cols-3">
          <div className="space-y-6 lg:col-span-2">
            <Card title={active ? `Items (version ${active.version}, from ${active.effectiveFrom})` : "Items"}>
              {active ? <ItemsTable items={active.items} currency={s.currency} /> : <p className="text-sm text-muted">No approved version yet.</p>}
            </Card>
            <SubscriptionSchedule schedule={detail.schedule} />
            <UsageThisPeriod usage={detail.usage} />
            {canWrite && options && s.status !== "cancelled" && s.status !== "expired" && (
              <Card title="Amend">
                <AmendFlow
                  subscriptionId={s.id}
                  currency={s.currency}
                  currentItems={detail.currentItems}
                  options={options}
                  sites={options.sites.filter((x) => x.customerId === s.customerId)}
                  defaultDate={new Date().toISOString().slice(0, 10) < s.termStart ? s.termStart : new Date().toISOString().slice(0, 10)}
                />
              </Card>
            )}
          </div>
          <Card title="Versions">
            <ol className="space-y-4" data-testid="version-timeline">
              {detail.versions.map((v) => (
                <li key={v.id} className="border-l-2 border-border pl-3" data-testid="version-entry" data-version={v.version} data-status={v.status}>
                  <div className="flex items-center gap-2">
                    <span className="font-medium">Version {v.version}</span>
                    <Badge tone={v.status === "active" ? "success" : v.status === "pending_approval" ? "warning" : "neutral"}>{VERSION_STATUS_LABELS[v.status] ?? v.status}</Badge>
                  </div>
                  <p className="text-xs text-muted">
                    From {v.effectiveFrom} · {v.items.length} item{v.items.length === 1 ? "" : "s"}
                    {Number(v.maxDiscountPercent) > 0 ? ` · max discount ${trimNumber(v.maxDiscountPercent)}%` : ""}
                  </p>
                  <p className="text-xs text-muted">{v.note || "—"} · {v.createdBy ?? "system"}, {v.createdAt.toISOString().slice(0, 10)}</p>
                </li>
              ))}
            </ol>
          </Card>
        </div>
      </div>
    );
  });
}

type Item = Awaited<ReturnType<Awaited<ReturnType<typeof serverApi>>["subscriptions"]["get"]>>["versions"][number]["items"][number];

function ItemsTable({ items, currency }: { items: Item[]; currency: string }) {
  return (
    <table className="w-full text-left text-sm" data-testid="items-table">
      <thead className="text-xs uppercase tracking-wide text-muted">
        <tr>
          <th className="py-1">Kind</th>
          <th className="py-1">Product</th>
          <th className="py-1">Terms</th>
          <th className="py-1 text-right">Price</th>
          <th className="py-1">Why this price</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-border">
        {items.map((i) => {
          const pricing = i.pricing as { rule?: { explanation?: string } | null; terms?: { tiers?: Array<{ from: string; unitPrice: string }> } | null };
          return (
            <tr key={i.id} data-testid="item-row" data-kind={i.kind}>
              <td className="py-1 align-top">{ITEM_KIND_LABELS[i.kind]}</td>
              <td className="py-1 align-top">{i.product} <span className="text-muted">({i.sku})</span></td>
              <td className="py-1 align-top text-muted">
                {i.kind === "recurring_fee" && `qty ${trimNumber(i.quantity)}`}
                {i.kind === "usage" && `${i.rating} rating${i.packageSize ? `, packages of ${trimNumber(i.packageSize)}` : ""}${pricing.terms?.tiers?.length ? `; tiers ${pricing.terms.tiers.map((t) => `from ${t.from} at ${t.unitPrice}`).join(", ")}` : ""}`}
                {i.kind === "commit" && `minimum ${money(i.commitAmountMinor ?? 0n, currency)} per period; overage above`}
                {i.kind === "delivery" && `${trimNumber(i.quantity)} ${everyLabel(i.deliveryEvery, i.deliveryUnit)} from ${i.firstDeliveryDate} to ${i.site ?? "?"}${i.preferredWarehouseId ? ` (warehouse ${i.preferredWarehouseId.slice(0, 8)})` : ""}`}
                {Number(i.discountPercent) > 0 && ` · −${trimNumber(i.discountPercent)}%`}
              </td>
              <td className="py-1 text-right align-top">{i.unitPrice ? `${trimNumber(i.unitPrice)} ${currency}` : "—"}</td>
              <td className="py-1 align-top text-xs text-muted">{pricing.rule?.explanation ?? "—"}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
