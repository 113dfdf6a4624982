import { InventoryNav } from "@/components/inventory/inventory-nav";
import { guarded, listQueryFrom } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { DataTable, listHref } from "@/components/ui/data-table";
import { FilterBar } from "@/components/ui/filter-bar";
import { EmptyState } from "@/components/ui/primitives";
import { serverApi } from "@/server/api/server";
import type { SuggestionRow } from "@/server/domain/inventory/suggestions";

export default async function Suggestions({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePortalActor("operator");
  const api = await serverApi();
  const { params, input } = listQueryFrom(await searchParams);
  const basePath = "/operator/inventory/suggestions";
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">Inventory</h1>
        <p className="text-sm text-muted">
          Replenishment suggestions: stock items whose available stock across all warehouses, less backorders, is below their reorder point.
          Suggested quantity = 2 × reorder point − (available − backordered).
        </p>
      </header>
      <InventoryNav current={basePath} />
      {await guarded(
        () => api.inventory.suggestions(input),
        (data) => (
          <div className="space-y-4">
            <FilterBar basePath={basePath} params={params} label="Filter suggestions" searchPlaceholder="SKU or product name" selects={[]} />
            <DataTable<SuggestionRow>
              {...data}
              basePath={basePath}
              params={params}
              exportHref={listHref("/api/export/inventory-suggestions", {}, { search: params.search, sort: params.sort, dir: params.dir })}
              empty={<EmptyState title="Nothing to reorder">Every stock item with a reorder point has enough stock.</EmptyState>}
              columns={[
                { header: "SKU", sortKey: "sku", cell: (r) => <span className="font-mono text-xs">{r.sku}</span> },
                { header: "Product", sortKey: "name", cell: (r) => r.name },
                { header: "On hand", cell: (r) => r.onHand, className: "text-right tabular-nums" },
                { header: "Reserved", cell: (r) => r.reserved, className: "text-right tabular-nums" },
                { header: "Available", sortKey: "available", cell: (r) => r.available, className: "text-right tabular-nums" },
                { header: "Backordered", cell: (r) => r.backordered, className: "text-right tabular-nums" },
                { header: "Reorder point", sortKey: "reorderPoint", cell: (r) => r.reorderPoint, className: "text-right tabular-nums" },
                { header: "Suggested", sortKey: "suggested", cell: (r) => <strong data-testid="suggested-quantity">{r.suggested} {r.unitOfMeasure}</strong>, className: "text-right tabular-nums" },
              ]}
            />
          </div>
        ),
      )}
    </div>
  );
}
