import Link from "next/link";
import { STOCK_WRITERS } from "@/components/inventory/labels";
import { ReceiptForm } from "@/components/inventory/receipt-form";
import { guarded } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { Alert, Card } from "@/components/ui/primitives";
import { serverApi } from "@/server/api/server";

export default async function NewReceipt() {
  const { actor } = await requirePortalActor("operator");
  const api = await serverApi();
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <Link href="/operator/inventory/receipts" className="text-sm text-muted hover:text-foreground">← Receipts</Link>
      <h1 className="text-2xl font-semibold">Receive goods</h1>
      {!STOCK_WRITERS.includes(actor.role) ? (
        <Alert tone="info">Only owners, admins and operations can receive goods.</Alert>
      ) : (
        await guarded(
          () => Promise.all([api.inventory.warehouses(), api.catalog.products({ kind: "stock_item", status: "active", pageSize: 100, sort: "sku" })]),
          ([warehouses, products]) => (
            <Card>
              <ReceiptForm
                warehouses={warehouses.map((w) => ({ id: w.id, label: `${w.code} · ${w.name}` }))}
                products={products.rows.map((p) => ({ id: p.id, label: `${p.sku} · ${p.name}` }))}
              />
            </Card>
          ),
        )
      )}
    </div>
  );
}
