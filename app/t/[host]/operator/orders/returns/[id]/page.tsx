import Link from "next/link";
import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { dateTimeLabel, money, RETURN_STATUS_LABELS, RETURN_STATUS_TONES } from "@/components/orders/format";
import { ReceiveReturnForm, ReturnDecision } from "@/components/orders/return-actions";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { Badge, Card } from "@/components/ui/primitives";
import { serverApi } from "@/server/api/server";

const WAREHOUSE = ["owner", "admin", "ops"];

export default async function ReturnDetail({ params }: { params: Promise<{ id: string }> }) {
  const { actor } = await requirePortalActor("operator");
  const { id } = await params;
  const api = await serverApi();
  const ret = await api.returns.detail({ id }).catch((error: unknown) => {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
    throw error;
  });
  const mayAct = WAREHOUSE.includes(actor.role);
  const total = ret.lines.reduce((s, l) => s + l.amountMinor, 0n);
  return (
    <div className="space-y-6">
      <div>
        <Link href="/operator/orders/returns" className="text-sm text-muted hover:text-foreground">← Returns</Link>
        <header className="mt-1 flex flex-wrap items-center gap-3">
          <h1 className="font-mono text-2xl font-semibold" data-testid="return-number">{ret.number}</h1>
          <Badge tone={RETURN_STATUS_TONES[ret.status]}><span data-testid="return-status">{RETURN_STATUS_LABELS[ret.status] ?? ret.status}</span></Badge>
        </header>
        <p className="text-sm text-muted">
          {ret.customer} · order <Link href={`/operator/orders/${ret.orderId}`} className="font-mono text-primary hover:underline">{ret.orderNumber}</Link> · requested {dateTimeLabel(ret.createdAt)}
        </p>
      </div>
      <Card title="Why it comes back">
        <p className="whitespace-pre-line text-sm">{ret.reason}</p>
        {ret.decisionNote && <p className="mt-3 text-sm text-muted">Decision note: {ret.decisionNote}</p>}
        {ret.decidedAt && <p className="mt-1 text-xs text-muted">{ret.status === "rejected" ? "Rejected" : "Approved"} {dateTimeLabel(ret.decidedAt)}{ret.receivedAt ? ` · received ${dateTimeLabel(ret.receivedAt)}` : ""}</p>}
      </Card>
      <Card title={`Lines (credit value ${money(total, ret.currency)})`}>
        <div className="overflow-x-auto rounded-brand border border-border">
          <table className="w-full text-left text-sm" data-testid="return-lines">
            <thead className="bg-background text-xs uppercase tracking-wide text-muted">
              <tr><th className="px-3 py-2 font-medium">Line</th><th className="px-3 py-2 font-medium">Product</th><th className="px-3 py-2 text-right font-medium">Quantity</th><th className="px-3 py-2 text-right font-medium">Unit price as sold</th><th className="px-3 py-2 text-right font-medium">Amount</th><th className="px-3 py-2 font-medium">Outcome</th></tr>
            </thead>
            <tbody className="divide-y divide-border">
              {ret.lines.map((l) => (
                <tr key={l.id} data-testid="return-line">
                  <td className="px-3 py-2 text-muted">{l.lineNo}</td>
                  <td className="px-3 py-2">{l.name} <span className="font-mono text-xs text-muted">{l.sku}</span></td>
                  <td className="px-3 py-2 text-right tabular-nums">{l.quantity}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{l.unitPrice.replace(/\.?0+$/, "")} {ret.currency}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{money(l.amountMinor, ret.currency)}</td>
                  <td className="px-3 py-2 text-muted" data-testid="return-line-outcome">
                    {l.disposition === "restock" ? `${l.receivedQuantity ?? l.quantity} restocked${l.warehouse ? ` into ${l.warehouse}` : ""}` : l.disposition === "scrap" ? `${l.receivedQuantity ?? l.quantity} scrapped` : "Not received yet"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
      {ret.status === "requested" && (
        <Card title="Decide">{mayAct ? <ReturnDecision returnId={ret.id} /> : <p className="text-sm text-muted">Owners, admins and operations staff approve or reject returns.</p>}</Card>
      )}
      {ret.status === "approved" && (
        <Card title="Receive the goods">
          {mayAct ? <ReceiveReturnForm returnId={ret.id} lines={ret.lines.map((l) => ({ id: l.id, lineNo: l.lineNo, sku: l.sku, name: l.name, quantity: l.quantity }))} warehouses={ret.warehouses} /> : <p className="text-sm text-muted">Owners, admins and operations staff receive returns.</p>}
        </Card>
      )}
    </div>
  );
}
