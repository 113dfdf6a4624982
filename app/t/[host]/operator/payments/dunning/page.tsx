import Link from "next/link";
import { guarded, listQueryFrom } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { DunningRunButton } from "@/components/payments/credit-note-actions";
import { DUNNING_STATUS, money } from "@/components/payments/format";
import { PaymentsNav } from "@/components/payments/payments-nav";
import { DataTable, listHref } from "@/components/ui/data-table";
import { Badge, EmptyState } from "@/components/ui/primitives";
import { serverApi } from "@/server/api/server";

const TABS = [undefined, "open", "exhausted", "resolved"] as const;

export default async function DunningQueue({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePortalActor("operator");
  const api = await serverApi();
  const { params, input } = listQueryFrom(await searchParams);
  const status = TABS.find((t) => t && t === params.status);
  const basePath = "/operator/payments/dunning";
  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-center justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Dunning queue</h1>
          <p className="text-sm text-muted">Failed card payments being retried on the tenant&apos;s schedule; after the last failure the customer is suspended and on credit hold until paid.</p>
        </div>
        <DunningRunButton />
      </header>
      <PaymentsNav active="dunning" />
      <nav className="flex gap-2 text-sm" aria-label="Dunning status">
        {TABS.map((t) => (
          <Link key={t ?? "all"} href={listHref(basePath, params, { status: t, page: undefined })}
            className={`rounded-brand px-3 py-1.5 ${status === t ? "bg-primary text-primary-foreground" : "border border-border bg-surface hover:bg-background"}`}>
            {t ? DUNNING_STATUS[t].label : "All"}
          </Link>
        ))}
      </nav>
      {await guarded(
        () => api.dunning.list({ ...input, status }),
        (data) => (
          <DataTable
            rows={data.rows}
            total={data.total}
            page={data.page}
            pageSize={data.pageSize}
            basePath={basePath}
            params={params}
            empty={<EmptyState title="No dunning cases">A declined or timed-out card payment opens a case here.</EmptyState>}
            columns={[
              { header: "Customer", cell: (r) => r.customer },
              { header: "Invoice", cell: (r) => <Link href={`/operator/payments/invoices/${r.invoiceId}`} className="text-primary hover:underline">{r.invoiceNumber}</Link> },
              { header: "Open", className: "text-right", cell: (r) => money(r.openMinor, r.currency) },
              { header: "Status", cell: (r) => <span data-testid="dunning-status"><Badge tone={DUNNING_STATUS[r.status]?.tone}>{DUNNING_STATUS[r.status]?.label ?? r.status}</Badge></span> },
              { header: "Retries", cell: (r) => `${r.attempts} of ${r.scheduleDays.length} (days ${r.scheduleDays.join(", ")})` },
              { header: "Next retry", cell: (r) => r.nextAttemptOn ?? "—" },
              { header: "Started", cell: (r) => r.startedOn },
              { header: "Last failure", cell: (r) => <span className="text-xs text-muted">{r.lastFailureReason}{r.suspendedAt ? ` · suspended${r.holdPlaced ? ", credit hold" : ""}` : ""}</span> },
            ]}
          />
        ),
      )}
    </div>
  );
}
