import Link from "next/link";
import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { guarded } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { Alert, Card } from "@/components/ui/primitives";
import { serverApi } from "@/server/api/server";

export default async function ReceiptPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePortalActor("operator");
  const api = await serverApi();
  const { id } = await params;
  const flags = await searchParams;
  const load = async () => {
    try {
      return await api.inventory.receipt({ id });
    } catch (error) {
      if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
      throw error;
    }
  };
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <Link href="/operator/inventory/receipts" className="text-sm text-muted hover:text-foreground">← Receipts</Link>
      {await guarded(load, (r) => (
        <div className="space-y-6">
          <header>
            <h1 className="font-mono text-2xl font-semibold" data-testid="receipt-number">{r.number}</h1>
            <p className="text-sm text-muted">
              Into {r.warehouseCode} · {r.warehouseName} on {r.receivedAt.toISOString().replace("T", " ").slice(0, 16)} UTC by {r.receivedByName ?? "the system"}
              {r.supplierReference && <> · supplier reference {r.supplierReference}</>}
            </p>
          </header>
          {flags.received === "1" && <Alert tone="success" testId="receipt-created">Goods received.{Number(flags.filled) > 0 && ` ${flags.filled} backordered units were reserved from it.`}</Alert>}
          {flags.received === "again" && <Alert tone="info">This receipt had already been recorded; nothing was received twice.</Alert>}
          {r.note && <p className="text-sm">{r.note}</p>}
          <Card title="Lines">
            <table className="w-full text-left text-sm">
              <thead className="text-xs uppercase tracking-wide text-muted"><tr><th className="py-1">SKU</th><th>Product</th><th className="text-right">Quantity</th><th /></tr></thead>
              <tbody className="divide-y divide-border">
                {r.lines.map((l) => (
                  <tr key={l.id}>
                    <td className="py-2 font-mono text-xs">{l.sku}</td>
                    <td>{l.name}</td>
                    <td className="text-right tabular-nums">{l.quantity} {l.unitOfMeasure}</td>
                    <td className="text-right"><Link className="text-primary hover:underline" href={`/operator/inventory/movements?warehouse=${r.warehouseId}&product=${l.productId}`}>Movements</Link></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Card>
        </div>
      ))}
    </div>
  );
}
