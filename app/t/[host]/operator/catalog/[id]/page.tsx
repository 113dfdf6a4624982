import Link from "next/link";
import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { ITEM_KIND_LABELS, KIND_LABELS, TAX_CLASS_LABELS } from "@/components/catalog/labels";
import { ProductActions } from "@/components/catalog/product-actions";
import { ProductForm } from "@/components/catalog/product-form";
import { SubstitutesEditor } from "@/components/inventory/substitutes-editor";
import { guarded } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { Alert, Badge, Card } from "@/components/ui/primitives";
import { serverApi } from "@/server/api/server";

export default async function ProductPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { actor } = await requirePortalActor("operator");
  const api = await serverApi();
  const { id } = await params;
  const flags = await searchParams;
  const canWrite = ["owner", "admin", "ops"].includes(actor.role);
  const load = async () => {
    try {
      return await Promise.all([api.catalog.product({ id }), api.catalog.categories(), api.catalog.products({ status: "active", pageSize: 100, sort: "sku" }), api.catalog.meters(), api.catalog.substitutes({ id })]);
    } catch (error) {
      if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
      throw error;
    }
  };
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <Link href="/operator/catalog" className="text-sm text-muted hover:text-foreground">← Catalog</Link>
      {await guarded(load, ([product, categories, products, meters, substitutes]) => (
        <div className="space-y-6">
          <header className="flex flex-wrap items-start justify-between gap-4">
            <div>
              <h1 className="text-2xl font-semibold">{product.name}</h1>
              <p className="text-sm text-muted">
                <span className="font-mono">{product.sku}</span> · {KIND_LABELS[product.kind]} · {product.categoryName ?? "No category"} · {TAX_CLASS_LABELS[product.taxClass]} tax
              </p>
              <div className="mt-2"><Badge tone={product.status === "active" ? "success" : "neutral"}>{product.status === "active" ? "Active" : `Archived ${product.archivedAt?.toISOString().slice(0, 10) ?? ""}`}</Badge></div>
            </div>
            {canWrite && <ProductActions id={product.id} status={product.status} />}
          </header>
          {flags.created && <Alert tone="success">Product created.</Alert>}
          {flags.existing && <Alert tone="info">A product with this SKU and these details already existed; this is it.</Alert>}
          {flags.saved && <Alert tone="success">Changes saved.</Alert>}
          {product.kind === "kit" && (
            <Card title="Components">
              <ul className="space-y-1 text-sm">{product.components.map((c) => <li key={c.componentId}><span className="font-mono">{c.sku}</span> {c.name} × {c.quantity}</li>)}</ul>
            </Card>
          )}
          {product.kind === "plan" && (
            <Card title="Plan items">
              <ul className="space-y-1 text-sm">
                {product.planItems.map((i, n) => (
                  <li key={n}>
                    {ITEM_KIND_LABELS[i.kind]}: <span className="font-mono">{i.productSku}</span> × {i.quantity}
                    {i.rating && ` · ${i.rating} rating${i.packageSize ? ` per ${i.packageSize}` : ""}`}
                    {i.commitAmountMinor !== null && ` · commit ${i.commitAmountMinor.toString()} minor units per period`}
                    {i.deliveryEvery !== null && ` · every ${i.deliveryEvery} ${i.deliveryUnit}${i.deliveryEvery > 1 ? "s" : ""}`}
                  </li>
                ))}
              </ul>
            </Card>
          )}
          {product.kind === "stock_item" && (
            <Card title="Substitutes">
              <p className="mb-3 text-sm text-muted">Tried in this order when the item is out of stock (unless the customer opted out); the ratio is how many units replace one. The original price stands.</p>
              <SubstitutesEditor
                productId={product.id}
                canWrite={canWrite}
                initial={substitutes.map((s) => ({ substituteId: s.substituteId, ratio: s.ratio }))}
                options={[
                  ...products.rows.filter((p) => p.kind === "stock_item").map((p) => ({ id: p.id, label: `${p.sku} · ${p.name}` })),
                  ...substitutes.filter((s) => !products.rows.some((p) => p.id === s.substituteId)).map((s) => ({ id: s.substituteId, label: `${s.sku} · ${s.name}` })),
                ]}
              />
            </Card>
          )}
          {canWrite ? (
            <section className="space-y-3">
              <h2 className="text-lg font-semibold">Edit</h2>
              <ProductForm categories={categories} products={products.rows} meters={meters} initial={product} />
            </section>
          ) : (
            <Alert tone="info">Only owners, admins and operations can change products.</Alert>
          )}
        </div>
      ))}
    </div>
  );
}
