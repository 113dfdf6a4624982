import Link from "next/link";
import { TRPCError } from "@trpc/server";
import { LEVEL_LABELS, MODEL_LABELS } from "@/components/pricing/labels";
import { guarded } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { Alert, Button, Card, Input, Select, Stat } from "@/components/ui/primitives";
import { serverApi } from "@/server/api/server";
import { CURRENCIES, formatMoney, formatUnitPrice, toMinor } from "@/server/domain/money/money";

/** "Why this price?": a GET form; the server resolves with the one price resolution and shows the rule. */
export default async function ExplainPricePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePortalActor("operator");
  const api = await serverApi();
  const raw = await searchParams;
  const q = (k: string) => (typeof raw[k] === "string" ? (raw[k] as string).trim() : "");
  const today = new Date().toISOString().slice(0, 10);
  const query = { productId: q("productId"), customerId: q("customerId"), quantity: q("quantity") || "1", date: q("date") || today, currency: q("currency") || "EUR" };
  const asked = Boolean(query.productId);

  const explain = async () => {
    if (!asked) return null;
    try {
      return { ok: true as const, result: await api.pricing.explain({ ...query, customerId: query.customerId || null }) };
    } catch (error) {
      if (error instanceof TRPCError && error.code !== "FORBIDDEN") return { ok: false as const, message: error.message };
      throw error;
    }
  };

  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <div>
        <Link href="/operator/price-books" className="text-sm text-muted hover:text-foreground">← Price books</Link>
        <h1 className="mt-1 text-2xl font-semibold">Why this price?</h1>
        <p className="text-sm text-muted">Precedence: the customer&apos;s own book, then its reseller&apos;s, then a running promotion, then the list price. Within a book the latest effective price wins.</p>
      </div>
      {await guarded(
        () => Promise.all([api.catalog.products({ status: "active", pageSize: 100, sort: "sku" }), api.pricing.owners(), explain()]),
        ([products, owners, answer]) => (
          <div className="space-y-6">
            <Card title="Quote">
              <form method="get" action="/operator/price-books/explain" className="grid gap-4 sm:grid-cols-3" data-testid="explain-form">
                <label className="space-y-1 text-sm font-medium">
                  Product
                  <Select name="productId" defaultValue={query.productId} required>
                    <option value="">Pick a product</option>
                    {products.rows.map((p) => <option key={p.id} value={p.id}>{p.sku} · {p.name}</option>)}
                  </Select>
                </label>
                <label className="space-y-1 text-sm font-medium">
                  Customer (optional)
                  <Select name="customerId" defaultValue={query.customerId}>
                    <option value="">No customer (list and promotions)</option>
                    {owners.customers.map((c) => <option key={c.id} value={c.id}>{c.name} ({c.currency})</option>)}
                  </Select>
                </label>
                <label className="space-y-1 text-sm font-medium">
                  Currency
                  <Select name="currency" defaultValue={query.currency}>
                    {CURRENCIES.map((c) => <option key={c} value={c}>{c}</option>)}
                  </Select>
                </label>
                <label className="space-y-1 text-sm font-medium">
                  Quantity
                  <Input name="quantity" defaultValue={query.quantity} inputMode="decimal" />
                </label>
                <label className="space-y-1 text-sm font-medium">
                  Date
                  <Input name="date" type="date" defaultValue={query.date} />
                </label>
                <div className="flex items-end"><Button type="submit">Explain</Button></div>
              </form>
            </Card>
            {!asked && <p className="text-sm text-muted">Pick a product to see which price applies and why.</p>}
            {answer && !answer.ok && <Alert testId="explain-error">{answer.message}</Alert>}
            {answer?.ok && (
              <Card title={`${answer.result.product.sku} · ${answer.result.product.name}`}>
                <div className="space-y-4" data-testid="explain-result">
                  <div className="grid gap-4 sm:grid-cols-3">
                    <Stat label="Unit price" value={formatUnitPrice(answer.result.unitPrice, answer.result.currency)} />
                    <Stat label={`Amount for ${answer.result.quantity}`} value={formatMoney(toMinor(answer.result.amount, answer.result.currency), answer.result.currency)} />
                    <Stat label="Rule" value={`${LEVEL_LABELS[answer.result.rule.level]} · ${MODEL_LABELS[answer.result.rule.terms.model]}`} />
                  </div>
                  <Alert tone="info" testId="explain-rule">{answer.result.rule.explanation}</Alert>
                  <div>
                    <h3 className="mb-2 text-sm font-semibold">Bands</h3>
                    <table className="w-full text-left text-sm">
                      <thead className="text-xs uppercase tracking-wide text-muted">
                        <tr><th className="py-1 pr-4">From</th><th className="py-1 pr-4">To</th><th className="py-1 pr-4">{answer.result.rule.terms.model === "package" ? "Packages" : "Quantity"}</th><th className="py-1 pr-4">Unit price</th><th className="py-1">Amount</th></tr>
                      </thead>
                      <tbody className="divide-y divide-border">
                        {answer.result.bands.map((b) => (
                          <tr key={b.from}>
                            <td className="py-1 pr-4">{b.from}</td>
                            <td className="py-1 pr-4">{b.to ?? "—"}</td>
                            <td className="py-1 pr-4">{b.quantity}</td>
                            <td className="py-1 pr-4">{formatUnitPrice(b.unitPrice, answer.result.currency)}</td>
                            <td className="py-1">{b.amount} {answer.result.currency}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                    {answer.result.bands.length === 0 && <p className="text-sm text-muted">A quantity of zero uses no band.</p>}
                  </div>
                  <p className="text-xs text-muted">
                    From book <Link className="text-primary hover:underline" href={`/operator/price-books/${answer.result.rule.priceBookId}`}>{answer.result.rule.priceBookName}</Link>, price in effect from {answer.result.rule.effectiveFrom}
                    {answer.result.rule.effectiveTo ? ` until ${answer.result.rule.effectiveTo} (exclusive)` : ""}. Documents round each line half-up to the currency&apos;s minor unit.
                  </p>
                </div>
              </Card>
            )}
          </div>
        ),
      )}
    </div>
  );
}
