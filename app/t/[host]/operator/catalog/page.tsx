import Link from "next/link";
import { CategoryForm, MeterForm } from "@/components/catalog/category-meter-forms";
import { KIND_LABELS, TAX_CLASS_LABELS } from "@/components/catalog/labels";
import { guarded, listQueryFrom } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { FilterBar, optionsOf } from "@/components/ui/filter-bar";
import { DataTable, listHref, type Column } from "@/components/ui/data-table";
import { Alert, Badge, Card, EmptyState } from "@/components/ui/primitives";
import { serverApi } from "@/server/api/server";
import type { ProductRow } from "@/server/domain/catalog/products";
import { productListFilters } from "@/server/domain/catalog/schemas";

const WRITERS = ["owner", "admin", "ops"];

export default async function CatalogPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { actor } = await requirePortalActor("operator");
  const api = await serverApi();
  const { params, input } = listQueryFrom(await searchParams);
  const filters = productListFilters(params);
  const canWrite = WRITERS.includes(actor.role);
  const filtered = Boolean(params.search || filters.kind || filters.categoryId || filters.status);
  const columns: Column<ProductRow>[] = [
    { header: "SKU", sortKey: "sku", cell: (r) => <Link href={`/operator/catalog/${r.id}`} className="font-mono text-primary hover:underline">{r.sku}</Link> },
    { header: "Name", sortKey: "name", cell: (r) => r.name },
    { header: "Kind", sortKey: "kind", cell: (r) => KIND_LABELS[r.kind] },
    { header: "Category", sortKey: "category", cell: (r) => r.category ?? <span className="text-muted">—</span> },
    { header: "Unit", cell: (r) => r.unitOfMeasure },
    { header: "Tax class", cell: (r) => TAX_CLASS_LABELS[r.taxClass] },
    { header: "Status", sortKey: "status", cell: (r) => <Badge tone={r.status === "active" ? "success" : "neutral"}>{r.status === "active" ? "Active" : "Archived"}</Badge> },
  ];
  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-center justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Catalog</h1>
          <p className="text-sm text-muted">Stock items, services, kits and plans. Used products are archived, never deleted.</p>
        </div>
        {canWrite && (
          <Link href="/operator/catalog/new" className="rounded-brand bg-primary px-4 py-2 text-sm font-medium text-primary-foreground hover:opacity-90" data-testid="new-product">
            New product
          </Link>
        )}
      </header>
      {params.deleted && <Alert tone="success">The product was deleted.</Alert>}
      {await guarded(
        () => Promise.all([api.catalog.products({ ...input, ...filters }), api.catalog.categories(), api.catalog.meters()]),
        ([data, categories, meters]) => (
          <div className="space-y-6">
            <FilterBar
              basePath="/operator/catalog"
              params={params}
              label="Filter products"
              searchPlaceholder="SKU or name"
              selects={[
                { name: "kind", label: "Kind", anyLabel: "Any kind", options: optionsOf(KIND_LABELS) },
                { name: "categoryId", label: "Category", anyLabel: "Any category", options: categories.map((c) => ({ value: c.id, label: c.name })) },
                { name: "status", label: "Status", anyLabel: "Any status", options: [{ value: "active", label: "Active" }, { value: "archived", label: "Archived" }] },
              ]}
            />
            <DataTable
              columns={columns}
              rows={data.rows}
              total={data.total}
              page={data.page}
              pageSize={data.pageSize}
              basePath="/operator/catalog"
              params={params}
              exportHref={listHref("/api/export/catalog-products", {}, { search: params.search, sort: params.sort, dir: params.dir, ...filters })}
              empty={
                <EmptyState title={filtered ? "No products match these filters" : "No products yet"}>
                  {filtered ? "Try another search or clear the filters." : canWrite ? "Create the first stock item, service, kit or plan." : "Products appear here once the catalog team adds them."}
                </EmptyState>
              }
            />
            <div className="grid gap-6 lg:grid-cols-2">
              <Card title="Categories">
                {categories.length === 0 ? <p className="text-sm text-muted">No categories yet.</p> : (
                  <ul className="mb-3 flex flex-wrap gap-2 text-sm">{categories.map((c) => <li key={c.id}><Badge>{c.name} · {c.code}</Badge></li>)}</ul>
                )}
                {canWrite && <CategoryForm />}
              </Card>
              <Card title="Usage meters">
                {meters.length === 0 ? <p className="text-sm text-muted">No meters yet.</p> : (
                  <ul className="mb-3 space-y-1 text-sm">{meters.map((m) => <li key={m.id}><span className="font-mono">{m.code}</span> · {m.name} ({m.unit})</li>)}</ul>
                )}
                {canWrite && <MeterForm />}
              </Card>
            </div>
          </div>
        ),
      )}
    </div>
  );
}
