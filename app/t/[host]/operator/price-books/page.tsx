import { FilterBar, optionsOf } from "@/components/ui/filter-bar";
import Link from "next/link";
import { BOOK_KIND_LABELS } from "@/components/pricing/labels";
import { CreateBookForm } from "@/components/pricing/create-book-form";
import { guarded, listQueryFrom } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { DataTable, listHref, type Column } from "@/components/ui/data-table";
import { Badge, Card, EmptyState } from "@/components/ui/primitives";
import { serverApi } from "@/server/api/server";
import { CURRENCIES } from "@/server/domain/money/money";
import type { PriceBookRow } from "@/server/domain/pricing/price-books";
import { priceBookListFilters } from "@/server/domain/pricing/schemas";

const WRITERS = ["owner", "admin", "finance", "sales"];

export default async function PriceBooksPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { actor } = await requirePortalActor("operator");
  const api = await serverApi();
  const { params, input } = listQueryFrom(await searchParams);
  const filters = priceBookListFilters(params);
  const canWrite = WRITERS.includes(actor.role);
  const filtered = Boolean(params.search || filters.kind || filters.currency || filters.status);
  const columns: Column<PriceBookRow>[] = [
    { header: "Name", sortKey: "name", cell: (r) => <Link href={`/operator/price-books/${r.id}`} className="text-primary hover:underline">{r.name}</Link> },
    { header: "Kind", sortKey: "kind", cell: (r) => BOOK_KIND_LABELS[r.kind] },
    { header: "For", cell: (r) => r.customer ?? r.reseller ?? <span className="text-muted">Everyone</span> },
    { header: "Currency", sortKey: "currency", cell: (r) => r.currency },
    { header: "Entries", cell: (r) => r.entries, className: "text-right" },
    { header: "Status", sortKey: "status", cell: (r) => <Badge tone={r.status === "active" ? "success" : "neutral"}>{r.status === "active" ? "Active" : "Archived"}</Badge> },
  ];
  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-center justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Price books</h1>
          <p className="text-sm text-muted">A customer&apos;s own book wins over its reseller&apos;s, then a running promotion, then the list price; within a book the latest effective price wins.</p>
        </div>
        <Link href="/operator/price-books/explain" className="rounded-brand border border-border px-4 py-2 text-sm font-medium hover:bg-background" data-testid="why-this-price">
          Why this price?
        </Link>
      </header>
      {await guarded(
        () => Promise.all([api.pricing.books({ ...input, ...filters }), canWrite ? api.pricing.owners() : Promise.resolve(null)]),
        ([data, owners]) => (
          <div className="space-y-6">
            <FilterBar
              basePath="/operator/price-books"
              params={params}
              label="Filter price books"
              searchPlaceholder="Book name"
              selects={[
                { name: "kind", label: "Kind", anyLabel: "Any kind", options: optionsOf(BOOK_KIND_LABELS) },
                { name: "currency", label: "Currency", anyLabel: "Any currency", options: CURRENCIES.map((c) => ({ value: c, label: c })) },
                { name: "status", label: "Status", anyLabel: "Any status", options: [{ value: "active", label: "Active" }, { value: "archived", label: "Archived" }] },
              ]}
            />
            <DataTable
              columns={columns}
              rows={data.rows}
              total={data.total}
              page={data.page}
              pageSize={data.pageSize}
              basePath="/operator/price-books"
              params={params}
              exportHref={listHref("/api/export/price-books", {}, { search: params.search, sort: params.sort, dir: params.dir, ...filters })}
              empty={<EmptyState title={filtered ? "No price books match these filters" : "No price books yet"}>{filtered ? "Try another search or clear the filters." : "Start with a list price book for your currency."}</EmptyState>}
            />
            {owners && (
              <Card title="New price book">
                <CreateBookForm currencies={[...CURRENCIES]} customers={owners.customers} resellers={owners.resellers} />
              </Card>
            )}
          </div>
        ),
      )}
    </div>
  );
}
