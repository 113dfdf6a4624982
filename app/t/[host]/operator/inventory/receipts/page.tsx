import Link from "next/link";
import { InventoryNav } from "@/components/inventory/inventory-nav";
import { STOCK_WRITERS } from "@/components/inventory/labels";
import { guarded, listQueryFrom } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { DataTable } from "@/components/ui/data-table";
import { FilterBar } from "@/components/ui/filter-bar";
import { EmptyState } from "@/components/ui/primitives";
import { serverApi } from "@/server/api/server";
import type { ReceiptRow } from "@/server/domain/inventory/receipts";

export default async function Receipts({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { actor } = await requirePortalActor("operator");
  const api = await serverApi();
  const { params, input } = listQueryFrom(await searchParams);
  const basePath = "/operator/inventory/receipts";
  const warehouseId = /^[0-9a-f-]{36}$/.test(params.warehouse ?? "") ? params.warehouse : undefined;
  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-center justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Inventory</h1>
          <p className="text-sm text-muted">Goods receipts: purchased goods received into a warehouse. A receipt fills backorders of its products at once.</p>
        </div>
        {STOCK_WRITERS.includes(actor.role) && (
          <Link href={`${basePath}/new`} className="rounded-brand bg-primary px-4 py-2 text-sm font-medium text-primary-foreground hover:opacity-90" data-testid="new-receipt">Receive goods</Link>
        )}
      </header>
      <InventoryNav current={basePath} />
      {await guarded(
        () => Promise.all([api.inventory.receipts({ ...input, warehouseId }), api.inventory.warehouses({ includeArchived: true })]),
        ([data, warehouses]) => (
          <div className="space-y-4">
            <FilterBar basePath={basePath} params={params} label="Filter receipts" searchPlaceholder="Number or supplier reference"
              selects={[{ name: "warehouse", label: "Warehouse", anyLabel: "All warehouses", options: warehouses.map((w) => ({ value: w.id, label: `${w.code} · ${w.name}` })) }]} />
            <DataTable<ReceiptRow>
              {...data}
              basePath={basePath}
              params={params}
              empty={<EmptyState title="No receipts yet">Received goods will be listed here.</EmptyState>}
              columns={[
                { header: "Number", sortKey: "number", cell: (r) => <Link className="font-mono text-primary hover:underline" href={`${basePath}/${r.id}`}>{r.number}</Link> },
                { header: "Received", sortKey: "received", cell: (r) => r.receivedAt.toISOString().replace("T", " ").slice(0, 16), className: "whitespace-nowrap" },
                { header: "Warehouse", sortKey: "warehouse", cell: (r) => r.warehouse },
                { header: "Supplier reference", cell: (r) => r.supplierReference || <span className="text-muted">—</span> },
                { header: "Lines", cell: (r) => r.lines, className: "text-right tabular-nums" },
                { header: "Units", cell: (r) => r.units, className: "text-right tabular-nums" },
                { header: "By", cell: (r) => r.receivedBy ?? <span className="text-muted">System</span> },
              ]}
            />
          </div>
        ),
      )}
    </div>
  );
}
