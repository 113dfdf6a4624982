import Link from "next/link";
import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { AddEntryForm } from "@/components/pricing/add-entry-form";
import { BOOK_KIND_LABELS, MODEL_LABELS } from "@/components/pricing/labels";
import { guarded } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { Alert, Badge, Card, EmptyState } from "@/components/ui/primitives";
import { serverApi } from "@/server/api/server";
import { formatUnitPrice } from "@/server/domain/money/money";

export default async function PriceBookPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { actor } = await requirePortalActor("operator");
  const api = await serverApi();
  const { id } = await params;
  const flags = await searchParams;
  const canWrite = ["owner", "admin", "finance", "sales"].includes(actor.role);
  const today = new Date().toISOString().slice(0, 10);
  const load = async () => {
    try {
      return await Promise.all([api.pricing.book({ id }), canWrite ? api.catalog.products({ status: "active", pageSize: 100, sort: "sku" }) : Promise.resolve(null)]);
    } catch (error) {
      if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
      throw error;
    }
  };
  return (
    <div className="space-y-6">
      <Link href="/operator/price-books" className="text-sm text-muted hover:text-foreground">← Price books</Link>
      {await guarded(load, ([{ book, entries }, products]) => {
        const inEffect = (e: (typeof entries)[number]) => e.effectiveFrom <= today && (!e.effectiveTo || today < e.effectiveTo);
        return (
          <div className="space-y-6">
            <header>
              <h1 className="text-2xl font-semibold">{book.name}</h1>
              <p className="text-sm text-muted">
                {BOOK_KIND_LABELS[book.kind]} book · {book.currency}
                {book.customer && ` · for ${book.customer}`}
                {book.reseller && ` · for ${book.reseller}`}
              </p>
              <div className="mt-2"><Badge tone={book.status === "active" ? "success" : "neutral"}>{book.status === "active" ? "Active" : "Archived"}</Badge></div>
            </header>
            {flags.created && <Alert tone="success">Price book created. Add its prices below.</Alert>}
            {flags.existing && <Alert tone="info">This book already existed with these details; this is it.</Alert>}
            <Card title={`Prices (${entries.length})`}>
              {entries.length === 0 ? (
                <EmptyState title="No prices in this book yet">{canWrite ? "Add the first price below." : "Prices appear here once finance or sales add them."}</EmptyState>
              ) : (
                <div className="overflow-x-auto">
                  <table className="w-full text-left text-sm">
                    <thead className="text-xs uppercase tracking-wide text-muted">
                      <tr><th className="py-2 pr-4">Product</th><th className="py-2 pr-4">Model</th><th className="py-2 pr-4">Price</th><th className="py-2 pr-4">Effective</th><th className="py-2">State</th></tr>
                    </thead>
                    <tbody className="divide-y divide-border">
                      {entries.map((e) => (
                        <tr key={e.id} data-testid="price-entry">
                          <td className="py-2 pr-4"><span className="font-mono">{e.sku}</span> <span className="text-muted">{e.productName}</span></td>
                          <td className="py-2 pr-4">{MODEL_LABELS[e.model]}</td>
                          <td className="py-2 pr-4">
                            {e.model === "flat" && e.unitPrice && formatUnitPrice(e.unitPrice, book.currency)}
                            {e.model === "package" && e.unitPrice && `${formatUnitPrice(e.unitPrice, book.currency)} per ${e.packageSize}`}
                            {e.tiers.length > 0 && (
                              <ul className="space-y-0.5">
                                {e.tiers.map((t, i) => (
                                  <li key={t.from}>from {t.from}{e.tiers[i + 1] ? ` to ${e.tiers[i + 1].from}` : " on"}: {formatUnitPrice(t.unitPrice, book.currency)}</li>
                                ))}
                              </ul>
                            )}
                          </td>
                          <td className="py-2 pr-4">{e.effectiveFrom}{e.effectiveTo ? ` until ${e.effectiveTo} (excl.)` : " on"}</td>
                          <td className="py-2">
                            {inEffect(e) ? <Badge tone="success">In effect</Badge> : e.effectiveFrom > today ? <Badge tone="primary">Scheduled</Badge> : <Badge>Superseded or ended</Badge>}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  <p className="mt-2 text-xs text-muted">Where several open-ended prices of a product have started, the latest one applies.</p>
                </div>
              )}
            </Card>
            {products && book.status === "active" && (
              <Card title="Add a price">
                {products.rows.length === 0 ? <p className="text-sm text-muted">Add products to the catalog first.</p> : <AddEntryForm priceBookId={book.id} products={products.rows} today={today} />}
              </Card>
            )}
          </div>
        );
      })}
    </div>
  );
}
