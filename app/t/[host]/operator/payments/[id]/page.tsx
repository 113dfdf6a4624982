import Link from "next/link";
import { guarded } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { METHOD_LABELS, PAYMENT_STATUS, money } from "@/components/payments/format";
import { PaymentsNav } from "@/components/payments/payments-nav";
import { Badge, Card, EmptyState } from "@/components/ui/primitives";
import { serverApi } from "@/server/api/server";

export default async function PaymentDetail({ params }: { params: Promise<{ id: string }> }) {
  await requirePortalActor("operator");
  const api = await serverApi();
  const { id } = await params;
  return (
    <div className="space-y-6">
      <PaymentsNav active="payments" />
      {await guarded(
        () => api.payments.detail({ id }),
        ({ payment: p, allocations }) => {
          const allocated = allocations.reduce((s, a) => s + a.amountMinor, 0n);
          return (
            <div className="space-y-4">
              <header className="flex items-center gap-3">
                <h1 className="text-2xl font-semibold">Payment {p.number}</h1>
                <Badge tone={PAYMENT_STATUS[p.status]?.tone}>{PAYMENT_STATUS[p.status]?.label ?? p.status}</Badge>
              </header>
              <Card>
                <dl className="grid gap-3 text-sm sm:grid-cols-3">
                  <div><dt className="text-muted">Customer</dt><dd className="font-medium">{p.customer}</dd></div>
                  <div><dt className="text-muted">Amount</dt><dd className="font-medium">{money(p.amountMinor, p.currency)}</dd></div>
                  <div><dt className="text-muted">Received on</dt><dd>{p.receivedOn}</dd></div>
                  <div><dt className="text-muted">Method</dt><dd>{METHOD_LABELS[p.method] ?? p.method}{p.cardLast4 ? ` ending ${p.cardLast4}` : ""}</dd></div>
                  <div><dt className="text-muted">Reference</dt><dd>{p.providerReference || "—"}</dd></div>
                  {p.status === "failed" && <div><dt className="text-muted">Why it failed</dt><dd>{p.failureReason}</dd></div>}
                  {p.status === "succeeded" && <div><dt className="text-muted">Held as customer credit</dt><dd>{money(p.amountMinor - allocated, p.currency)}</dd></div>}
                </dl>
              </Card>
              <Card title="Allocations">
                {allocations.length === 0 ? (
                  <EmptyState title="Not allocated">{p.status === "failed" ? "A failed attempt moves no money." : "The whole payment is customer credit."}</EmptyState>
                ) : (
                  <ul className="divide-y divide-border text-sm" data-testid="allocations">
                    {allocations.map((a) => (
                      <li key={a.id} className="flex justify-between py-1.5">
                        <Link href={`/operator/payments/invoices/${a.invoiceId}`} className="text-primary hover:underline">{a.invoiceNumber}</Link>
                        <span>{money(a.amountMinor, p.currency)}</span>
                      </li>
                    ))}
                  </ul>
                )}
              </Card>
            </div>
          );
        },
      )}
    </div>
  );
}
