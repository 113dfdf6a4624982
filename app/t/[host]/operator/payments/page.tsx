import Link from "next/link";
import { guarded, listQueryFrom } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { METHOD_LABELS, PAYMENT_STATUS, money } from "@/components/payments/format";
import { PaymentsNav } from "@/components/payments/payments-nav";
import { RecordPaymentForm } from "@/components/payments/record-payment-form";
import { DataTable, listHref } from "@/components/ui/data-table";
import { Badge, Card, EmptyState } from "@/components/ui/primitives";
import { serverApi } from "@/server/api/server";
import { todayIso } from "@/server/domain/subscriptions/contracts";

const FINANCE = ["owner", "admin", "finance"];
const STATUS_TABS = [undefined, "succeeded", "failed"] as const;

export default async function OperatorPayments({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { actor } = await requirePortalActor("operator");
  const api = await serverApi();
  const { params, input } = listQueryFrom(await searchParams);
  const status = params.status === "succeeded" || params.status === "failed" ? params.status : undefined;
  const method = params.method === "manual" || params.method === "bank_transfer" || params.method === "card" ? params.method : undefined;
  const basePath = "/operator/payments";
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">Payments & credit</h1>
        <p className="text-sm text-muted">Money received and card attempts, where each payment went, and the credit customers hold with you.</p>
      </header>
      <PaymentsNav active="payments" />
      {await guarded(
        () => Promise.all([api.payments.list({ ...input, status, method }), api.payments.creditBalances({})]),
        ([data, balances]) => (
          <div className="grid gap-6 xl:grid-cols-[2fr_1fr]">
            <div className="space-y-4">
              <nav className="flex flex-wrap gap-2 text-sm" aria-label="Payment status">
                {STATUS_TABS.map((s) => (
                  <Link key={s ?? "all"} href={listHref(basePath, params, { status: s, page: undefined })}
                    className={`rounded-brand px-3 py-1.5 ${status === s ? "bg-primary text-primary-foreground" : "border border-border bg-surface hover:bg-background"}`}>
                    {s ? PAYMENT_STATUS[s].label : "All"}
                  </Link>
                ))}
                <form className="ml-auto flex gap-2" action={basePath}>
                  {status && <input type="hidden" name="status" value={status} />}
                  <input name="search" defaultValue={params.search ?? ""} placeholder="Payment or customer" className="rounded-brand border border-border bg-surface px-3 py-1.5" aria-label="Search payments" />
                  <select name="method" defaultValue={method ?? ""} className="rounded-brand border border-border bg-surface px-2 py-1.5" aria-label="Method">
                    <option value="">Any method</option>
                    <option value="card">Card</option>
                    <option value="bank_transfer">Bank transfer</option>
                    <option value="manual">Manual</option>
                  </select>
                  <button className="rounded-brand border border-border px-3 py-1.5 hover:bg-background" type="submit">Filter</button>
                </form>
              </nav>
              <DataTable
                rows={data.rows}
                total={data.total}
                page={data.page}
                pageSize={data.pageSize}
                basePath={basePath}
                params={params}
                empty={<EmptyState title="No payments">Recorded payments and card attempts appear here.</EmptyState>}
                columns={[
                  { header: "Payment", sortKey: "number", cell: (r) => <Link href={`${basePath}/${r.id}`} className="font-medium text-primary hover:underline" data-testid="payment-link">{r.number}</Link> },
                  { header: "Customer", sortKey: "customer", cell: (r) => r.customer },
                  { header: "Received", sortKey: "receivedOn", cell: (r) => r.receivedOn },
                  { header: "Method", cell: (r) => `${METHOD_LABELS[r.method] ?? r.method}${r.cardLast4 ? ` ·${r.cardLast4}` : ""}` },
                  { header: "Amount", sortKey: "amount", className: "text-right", cell: (r) => money(r.amountMinor, r.currency) },
                  { header: "Allocated", className: "text-right", cell: (r) => (r.status === "succeeded" ? money(r.allocatedMinor, r.currency) : "—") },
                  { header: "Status", sortKey: "status", cell: (r) => <span title={r.failureReason}><Badge tone={PAYMENT_STATUS[r.status]?.tone}>{PAYMENT_STATUS[r.status]?.label ?? r.status}</Badge></span> },
                ]}
              />
            </div>
            <div className="space-y-4">
              {FINANCE.includes(actor.role) && (
                <Card title="Record a payment">
                  <RecordPaymentForm today={todayIso()} />
                </Card>
              )}
              <Card title="Customer credit">
                {balances.length === 0 ? (
                  <p className="text-sm text-muted">No customer holds credit.</p>
                ) : (
                  <ul className="divide-y divide-border text-sm" data-testid="credit-balances">
                    {balances.map((b) => <li key={`${b.customerId}-${b.currency}`} className="flex justify-between py-1.5"><span>{b.customer}</span><span>{money(b.balanceMinor, b.currency)}</span></li>)}
                  </ul>
                )}
                <p className="mt-2 text-xs text-muted">Credit is applied automatically to the customer&apos;s next invoice.</p>
              </Card>
            </div>
          </div>
        ),
      )}
    </div>
  );
}
