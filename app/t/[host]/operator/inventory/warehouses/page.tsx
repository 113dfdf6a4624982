import { InventoryNav } from "@/components/inventory/inventory-nav";
import { STOCK_WRITERS } from "@/components/inventory/labels";
import { ArchiveWarehouseButton, WarehouseForm } from "@/components/inventory/warehouse-form";
import { guarded } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { Badge, Card, EmptyState } from "@/components/ui/primitives";
import { serverApi } from "@/server/api/server";

export default async function Warehouses() {
  const { actor } = await requirePortalActor("operator");
  const api = await serverApi();
  const canWrite = STOCK_WRITERS.includes(actor.role);
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">Inventory</h1>
        <p className="text-sm text-muted">Warehouses. Allocation tries a customer&apos;s preferred warehouse first, then higher priorities before lower ones.</p>
      </header>
      <InventoryNav current="/operator/inventory/warehouses" />
      {await guarded(
        () => api.inventory.warehouses({ includeArchived: true }),
        (warehouses) => (
          <div className="space-y-4">
            {warehouses.length === 0 && <EmptyState title="No warehouses yet">Create the first one below.</EmptyState>}
            {warehouses.map((w) => (
              <Card
                key={w.id}
                title={<span><span className="font-mono">{w.code}</span> · {w.name} <span className="ml-2"><Badge tone={w.status === "active" ? "success" : "neutral"}>{w.status === "active" ? `Priority ${w.priority}` : "Archived"}</Badge></span></span>}
                actions={canWrite ? <ArchiveWarehouseButton id={w.id} archived={w.status === "archived"} /> : undefined}
              >
                <p className="mb-3 text-sm text-muted">{[w.addressLine1, [w.postalCode, w.city].filter(Boolean).join(" "), w.countryCode].filter(Boolean).join(", ") || "No address"}</p>
                {canWrite && w.status === "active" && (
                  <details>
                    <summary className="cursor-pointer text-sm text-primary">Edit</summary>
                    <div className="mt-3">
                      <WarehouseForm initial={{ id: w.id, code: w.code, name: w.name, priority: w.priority, addressLine1: w.addressLine1, city: w.city, postalCode: w.postalCode, countryCode: w.countryCode }} />
                    </div>
                  </details>
                )}
              </Card>
            ))}
            {canWrite && (
              <Card title="New warehouse">
                <WarehouseForm />
              </Card>
            )}
          </div>
        ),
      )}
    </div>
  );
}
