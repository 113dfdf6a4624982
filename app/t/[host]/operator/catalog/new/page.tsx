import Link from "next/link";
import { ProductForm } from "@/components/catalog/product-form";
import { guarded } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { Alert } from "@/components/ui/primitives";
import { serverApi } from "@/server/api/server";

export default async function NewProduct() {
  const { actor } = await requirePortalActor("operator");
  const api = await serverApi();
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <div>
        <Link href="/operator/catalog" className="text-sm text-muted hover:text-foreground">← Catalog</Link>
        <h1 className="mt-1 text-2xl font-semibold">New product</h1>
        <p className="text-sm text-muted">Creating the same SKU twice returns the existing product; prices are set in price books.</p>
      </div>
      {["owner", "admin", "ops"].includes(actor.role)
        ? await guarded(
            () => Promise.all([api.catalog.categories(), api.catalog.products({ status: "active", pageSize: 100, sort: "sku" }), api.catalog.meters()]),
            ([categories, products, meters]) => <ProductForm categories={categories} products={products.rows} meters={meters} />,
          )
        : <Alert testId="access-denied">Your role cannot change the catalog. Ask an owner, admin or operations member of this workspace.</Alert>}
    </div>
  );
}
