import { InventoryNav } from "@/components/inventory/inventory-nav";
import { STOCK_WRITERS } from "@/components/inventory/labels";
import { StockOperationForm } from "@/components/inventory/stock-operation-form";
import { guarded } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { Alert, Card } from "@/components/ui/primitives";
import { serverApi } from "@/server/api/server";

export default async function StockOperations() {
  const { actor } = await requirePortalActor("operator");
  const api = await serverApi();
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">Inventory</h1>
        <p className="text-sm text-muted">Corrections, moves between warehouses and write-offs. Each is a movement in the ledger; stock can never go below what is reserved for orders.</p>
      </header>
      <InventoryNav current="/operator/inventory/operations" />
      {!STOCK_WRITERS.includes(actor.role) ? (
        <Alert tone="info">Only owners, admins and operations can move stock.</Alert>
      ) : (
        await guarded(
          () => Promise.all([api.inventory.warehouses(), api.catalog.products({ kind: "stock_item", status: "active", pageSize: 100, sort: "sku" })]),
          ([warehouses, products]) => {
            const wh = warehouses.map((w) => ({ id: w.id, label: `${w.code} · ${w.name}` }));
            const ps = products.rows.map((p) => ({ id: p.id, label: `${p.sku} · ${p.name}` }));
            return (
              <div className="grid gap-6 lg:grid-cols-3">
                <Card><StockOperationForm kind="adjust" warehouses={wh} products={ps} /></Card>
                <Card><StockOperationForm kind="transfer" warehouses={wh} products={ps} /></Card>
                <Card><StockOperationForm kind="scrap" warehouses={wh} products={ps} /></Card>
              </div>
            );
          },
        )
      )}
    </div>
  );
}
