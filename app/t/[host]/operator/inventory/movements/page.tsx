import Link from "next/link";
import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { MOVEMENT_LABELS } from "@/components/inventory/labels";
import { guarded, listQueryFrom } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState, Stat } from "@/components/ui/primitives";
import { serverApi } from "@/server/api/server";
import type { MovementRow } from "@/server/domain/inventory/stock";

const referenceLink = (r: MovementRow) => {
  if (r.referenceType === "goods_receipt" && r.referenceId) return <Link className="text-primary hover:underline" href={`/operator/inventory/receipts/${r.referenceId}`}>Receipt</Link>;
  if (r.referenceType && r.referenceId) return <span className="font-mono text-xs" title={r.referenceId}>{r.referenceType} {r.referenceId.slice(-8)}</span>;
  return <span className="text-muted">—</span>;
};

/** The ledger of one warehouse and product, newest first. */
export default async function Movements({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePortalActor("operator");
  const api = await serverApi();
  const { params, input } = listQueryFrom(await searchParams);
  const load = async () => {
    try {
      return await api.inventory.movements({ page: input.page, pageSize: 25, warehouseId: params.warehouse ?? "", productId: params.product ?? "" });
    } catch (error) {
      if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
      throw error;
    }
  };
  return (
    <div className="space-y-6">
      <Link href="/operator/inventory" className="text-sm text-muted hover:text-foreground">← Stock</Link>
      {await guarded(load, (view) => (
        <div className="space-y-6">
          <header>
            <h1 className="text-2xl font-semibold">{view.name}</h1>
            <p className="text-sm text-muted"><span className="font-mono">{view.sku}</span> in {view.warehouseCode} · {view.warehouseName}</p>
          </header>
          <div className="grid gap-4 sm:grid-cols-3">
            <Stat label="On hand" value={view.balance.onHand} testId="balance-on-hand" />
            <Stat label="Reserved" value={view.balance.reserved} />
            <Stat label="Available" value={view.balance.available} />
          </div>
          <DataTable<MovementRow>
            {...view.movements}
            basePath="/operator/inventory/movements"
            params={{ warehouse: view.warehouseId, product: view.productId }}
            empty={<EmptyState title="No movements yet" />}
            columns={[
              { header: "When", cell: (r) => r.createdAt.toISOString().replace("T", " ").slice(0, 16), className: "whitespace-nowrap text-muted" },
              { header: "Kind", cell: (r) => MOVEMENT_LABELS[r.kind] },
              { header: "Quantity", cell: (r) => <span className={r.quantity < 0 ? "text-red-700" : "text-emerald-700"}>{r.quantity > 0 ? `+${r.quantity}` : r.quantity}</span>, className: "text-right tabular-nums" },
              { header: "Reason", cell: (r) => r.reason || <span className="text-muted">—</span> },
              { header: "Reference", cell: referenceLink },
              { header: "By", cell: (r) => r.createdBy ?? <span className="text-muted">System</span> },
            ]}
          />
        </div>
      ))}
    </div>
  );
}
