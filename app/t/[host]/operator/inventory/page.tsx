import Link from "next/link";
import { InventoryNav } from "@/components/inventory/inventory-nav";
import { guarded, listQueryFrom } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { DataTable, listHref } from "@/components/ui/data-table";
import { FilterBar } from "@/components/ui/filter-bar";
import { Badge, EmptyState } from "@/components/ui/primitives";
import { serverApi } from "@/server/api/server";
import { stockListFilters } from "@/server/domain/inventory/schemas";
import type { StockRow } from "@/server/domain/inventory/stock";

export default async function InventoryStock({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePortalActor("operator");
  const api = await serverApi();
  const { params, input } = listQueryFrom(await searchParams);
  const filters = stockListFilters(params);
  const basePath = "/operator/inventory";
  const exportParams = { search: params.search, sort: params.sort, dir: params.dir, warehouse: filters.warehouseId, product: filters.productId, below: filters.belowReorder ? "1" : undefined };
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">Inventory</h1>
        <p className="text-sm text-muted">Stock by warehouse and product. Available is on hand less what is reserved for orders.</p>
      </header>
      <InventoryNav current={basePath} />
      {await guarded(
        () => Promise.all([api.inventory.stock({ ...input, ...filters }), api.inventory.warehouses()]),
        ([data, warehouses]) => (
          <div className="space-y-4">
            <FilterBar
              basePath={basePath}
              params={params}
              label="Filter stock"
              searchPlaceholder="SKU or product name"
              searchTestId="stock-search"
              keep={["product"]}
              selects={[
                { name: "warehouse", label: "Warehouse", anyLabel: "All warehouses", options: warehouses.map((w) => ({ value: w.id, label: `${w.code} · ${w.name}` })), testId: "stock-warehouse" },
                { name: "below", label: "Reorder point", anyLabel: "Any stock level", options: [{ value: "1", label: "Below reorder point" }], testId: "stock-below" },
              ]}
            />
            <DataTable<StockRow>
              {...data}
              basePath={basePath}
              params={params}
              exportHref={listHref("/api/export/inventory-stock", {}, exportParams)}
              empty={<EmptyState title={params.search || filters.warehouseId || filters.belowReorder ? "No stock matches" : "No stock yet"}>Receive goods into a warehouse to see stock here.</EmptyState>}
              columns={[
                { header: "SKU", sortKey: "sku", cell: (r) => <span className="font-mono text-xs">{r.sku}</span> },
                { header: "Product", sortKey: "name", cell: (r) => r.name },
                { header: "Warehouse", sortKey: "warehouse", cell: (r) => <span title={r.warehouseName}>{r.warehouseCode}</span> },
                { header: "On hand", sortKey: "onHand", cell: (r) => r.onHand, className: "text-right tabular-nums" },
                { header: "Reserved", sortKey: "reserved", cell: (r) => r.reserved, className: "text-right tabular-nums" },
                { header: "Available", sortKey: "available", cell: (r) => <span data-testid="stock-available">{r.available}</span>, className: "text-right tabular-nums" },
                {
                  header: "Reorder point",
                  cell: (r) =>
                    r.reorderPoint === null ? <span className="text-muted">—</span> : (
                      <span className="inline-flex items-center gap-2">
                        {r.reorderPoint}
                        {r.totalAvailable < r.reorderPoint && <Badge tone="warning">below ({r.totalAvailable} in all)</Badge>}
                      </span>
                    ),
                  className: "text-right tabular-nums",
                },
                {
                  header: "Ledger",
                  cell: (r) => <Link className="text-primary hover:underline" href={`/operator/inventory/movements?warehouse=${r.warehouseId}&product=${r.productId}`}>Movements</Link>,
                },
              ]}
            />
          </div>
        ),
      )}
    </div>
  );
}
