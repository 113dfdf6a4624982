"use client";

import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { uuidv7 } from "uuidv7";
import { fieldErrorsOf, formErrorMessage } from "@/components/console/form-errors";
import { useTRPC } from "@/components/trpc/provider";
import { Alert, Button, Card, Field, Input, Select } from "@/components/ui/primitives";

interface BasketLine { productId: string; sku: string; name: string; available: number; quantity: string }

const PAGE_SIZE = 10;

/** Orderable stock items with what is available now, searched and paged by the server. */
function AvailabilityBrowser({ onAdd, chosen }: { onAdd: (row: { productId: string; sku: string; name: string; available: number }) => void; chosen: Set<string> }) {
  const trpc = useTRPC();
  const [draft, setDraft] = useState("");
  const [search, setSearch] = useState("");
  const [page, setPage] = useState(1);
  const query = useQuery({ ...trpc.orders.availability.queryOptions({ search: search || undefined, page, pageSize: PAGE_SIZE, sort: "name", dir: "asc" }), placeholderData: keepPreviousData });
  const data = query.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  return (
    <div className="space-y-3" data-testid="availability">
      <div className="flex flex-wrap items-end gap-2" role="search">
        <label className="min-w-56 flex-1 space-y-1 text-xs font-medium text-muted">
          Find a product
          <Input
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => { if (e.key === "Enter") { e.preventDefault(); setSearch(draft.trim()); setPage(1); } }}
            placeholder="SKU or name"
            data-testid="product-search"
          />
        </label>
        <Button type="button" variant="secondary" onClick={() => { setSearch(draft.trim()); setPage(1); }} data-testid="product-search-submit">Search</Button>
      </div>
      {query.error ? (
        <Alert>{formErrorMessage(query.error)}</Alert>
      ) : !data ? (
        <p className="py-6 text-center text-sm text-muted" aria-live="polite">Loading products…</p>
      ) : data.rows.length === 0 ? (
        <p className="rounded-brand border border-dashed border-border py-6 text-center text-sm text-muted">{search ? `No stock items match "${search}".` : "No stock items to order yet."}</p>
      ) : (
        <div className="overflow-x-auto rounded-brand border border-border">
          <table className="w-full text-left text-sm">
            <thead className="bg-background text-xs uppercase tracking-wide text-muted">
              <tr><th className="px-3 py-2 font-medium">SKU</th><th className="px-3 py-2 font-medium">Product</th><th className="px-3 py-2 text-right font-medium">Available</th><th className="px-3 py-2" /></tr>
            </thead>
            <tbody className="divide-y divide-border">
              {data.rows.map((r) => (
                <tr key={r.productId} data-testid="availability-row" data-sku={r.sku}>
                  <td className="px-3 py-2 font-mono text-xs">{r.sku}</td>
                  <td className="px-3 py-2">{r.name} <span className="text-xs text-muted">per {r.unitOfMeasure}</span></td>
                  <td className="px-3 py-2 text-right tabular-nums" data-testid="available">{r.available > 0 ? r.available : <span className="text-amber-800">0 · backorder</span>}</td>
                  <td className="px-3 py-2 text-right">
                    <Button type="button" variant="secondary" className="px-3 py-1" disabled={chosen.has(r.productId)} onClick={() => onAdd(r)} data-testid="add-product">
                      {chosen.has(r.productId) ? "Added" : "Add"}
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <footer className="flex items-center justify-between border-t border-border px-3 py-2 text-xs text-muted">
            <span>{data.total} items · page {data.page} of {pages}{query.isFetching ? " · loading…" : ""}</span>
            <span className="flex gap-3">
              <button type="button" className="text-primary disabled:text-muted" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>Previous</button>
              <button type="button" className="text-primary disabled:text-muted" disabled={page >= pages} onClick={() => setPage((p) => p + 1)}>Next</button>
            </span>
          </footer>
        </div>
      )}
    </div>
  );
}

/** Staff choose the customer by searching the server's customer list. */
function CustomerPicker({ value, onChange, error }: { value: { id: string; name: string } | null; onChange: (c: { id: string; name: string } | null) => void; error?: string }) {
  const trpc = useTRPC();
  const [search, setSearch] = useState("");
  const query = useQuery({ ...trpc.customers.list.queryOptions({ search: search.trim() || undefined, page: 1, pageSize: 8, sort: "name", dir: "asc" }), enabled: !value, placeholderData: keepPreviousData });
  if (value) {
    return (
      <Field label="Customer" htmlFor="order-customer" error={error}>
        <div className="flex items-center gap-3 rounded-brand border border-border px-3 py-2 text-sm" id="order-customer">
          <span className="flex-1 font-medium" data-testid="chosen-customer">{value.name}</span>
          <button type="button" className="text-xs text-primary hover:underline" onClick={() => onChange(null)}>Change</button>
        </div>
      </Field>
    );
  }
  return (
    <Field label="Customer" htmlFor="order-customer" error={error} hint="Search by name, code or city.">
      <Input id="order-customer" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Contoso" invalid={Boolean(error)} data-testid="customer-search" />
      <ul className="mt-1 max-h-56 divide-y divide-border overflow-y-auto rounded-brand border border-border text-sm">
        {query.isLoading && <li className="px-3 py-2 text-muted">Loading…</li>}
        {query.error && <li className="px-3 py-2 text-red-600">{formErrorMessage(query.error)}</li>}
        {query.data?.rows.length === 0 && <li className="px-3 py-2 text-muted">No customers match.</li>}
        {query.data?.rows.map((c) => (
          <li key={c.id}>
            <button type="button" className="w-full px-3 py-2 text-left hover:bg-background" onClick={() => onChange({ id: c.id, name: c.name })} data-testid="customer-option">
              {c.name} <span className="text-xs text-muted">{[c.code, c.city].filter(Boolean).join(" · ")}{c.status === "credit_hold" ? " · on credit hold" : ""}</span>
            </button>
          </li>
        ))}
      </ul>
    </Field>
  );
}

/**
 * Places an order: the customer portal's emergency order (its own account) or an order entered by
 * staff for a customer. The request key is drawn once per form, so a double submit or a retry after
 * a lost response returns the first order instead of placing a second one.
 */
export function OrderEntry({ portal, warehouses = [] }: { portal: "operator" | "reseller" | "customer"; warehouses?: Array<{ id: string; code: string; name: string }> }) {
  const trpc = useTRPC();
  const router = useRouter();
  const place = useMutation(trpc.orders.place.mutationOptions());
  const [requestKey] = useState(() => uuidv7());
  const [customer, setCustomer] = useState<{ id: string; name: string } | null>(null);
  const [lines, setLines] = useState<BasketLine[]>([]);
  const [preferredWarehouseId, setPreferredWarehouseId] = useState("");
  const [note, setNote] = useState("");
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const serverFields = fieldErrorsOf(place.error);
  const fields = { ...serverFields, ...clientErrors };
  const formMessage = place.error ? formErrorMessage(place.error) : null;

  const add = (r: { productId: string; sku: string; name: string; available: number }) =>
    setLines((ls) => (ls.some((l) => l.productId === r.productId) ? ls : [...ls, { ...r, quantity: "1" }]));
  const update = (productId: string, quantity: string) => setLines((ls) => ls.map((l) => (l.productId === productId ? { ...l, quantity } : l)));
  const remove = (productId: string) => setLines((ls) => ls.filter((l) => l.productId !== productId));

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (portal !== "customer" && !customer) errors.customerId = "Choose a customer";
    if (lines.length === 0) errors.lines = "Add at least one product";
    lines.forEach((l, i) => { if (!/^\d+$/.test(l.quantity.trim()) || Number(l.quantity) < 1) errors[`lines.${i}.quantity`] = "Enter a whole number of at least 1"; });
    setClientErrors(errors);
    if (Object.keys(errors).length) return;
    place.reset();
    const result = await place
      .mutateAsync({
        ...(portal === "operator" ? { customerId: customer!.id, source: "operator" as const } : portal === "reseller" ? { customerId: customer!.id } : { source: "emergency" as const }),
        lines: lines.map((l) => ({ productId: l.productId, quantity: Number(l.quantity) })),
        ...(preferredWarehouseId ? { preferredWarehouseId } : {}),
        note,
        requestKey,
      })
      .catch(() => null);
    if (result) router.push(portal === "reseller" ? `/reseller/orders?placed=${result.orderId}` : `/${portal}/orders/${result.orderId}?placed=1`);
  }

  const short = lines.filter((l) => Number(l.quantity) > l.available);
  return (
    <form onSubmit={onSubmit} className="space-y-6" noValidate data-testid="order-form">
      {formMessage && <Alert testId="order-form-error">{formMessage}</Alert>}
      {portal !== "customer" && (
        <Card title="Customer">
          <div className="grid gap-4 sm:grid-cols-2">
            <CustomerPicker value={customer} onChange={setCustomer} error={fields.customerId} />
            {portal === "operator" && <Field label="Preferred warehouse (optional)" htmlFor="order-warehouse" error={fields.preferredWarehouseId} hint="Reserved from here first; otherwise the customer's preference, then warehouse priority.">
              <Select id="order-warehouse" value={preferredWarehouseId} onChange={(e) => setPreferredWarehouseId(e.target.value)} data-testid="order-warehouse">
                <option value="">No preference</option>
                {warehouses.map((w) => <option key={w.id} value={w.id}>{w.code} · {w.name}</option>)}
              </Select>
            </Field>}
          </div>
        </Card>
      )}
      <Card title="Products">
        <AvailabilityBrowser onAdd={add} chosen={new Set(lines.map((l) => l.productId))} />
      </Card>
      <Card title={`Your order (${lines.length} line${lines.length === 1 ? "" : "s"})`}>
        <div className="space-y-4">
          {fields.lines && <Alert testId="lines-error">{fields.lines}</Alert>}
          {lines.length === 0 ? (
            <p className="text-sm text-muted">Add products from the list above.</p>
          ) : (
            <ul className="divide-y divide-border rounded-brand border border-border" data-testid="basket">
              {lines.map((l, i) => {
                const error = fields[`lines.${i}.quantity`] ?? fields[`lines.${i}.productId`];
                return (
                  <li key={l.productId} className="flex flex-wrap items-start gap-3 px-3 py-2" data-testid="basket-line" data-sku={l.sku}>
                    <div className="min-w-48 flex-1 text-sm">
                      <p className="font-medium">{l.name} <span className="font-mono text-xs text-muted">{l.sku}</span></p>
                      <p className="text-xs text-muted">{l.available} available now</p>
                    </div>
                    <div className="w-32">
                      <Input aria-label={`Quantity of ${l.sku}`} inputMode="numeric" value={l.quantity} onChange={(e) => update(l.productId, e.target.value)} invalid={Boolean(error)} data-testid="basket-quantity" />
                      {error && <p className="mt-1 text-xs font-medium text-red-600" role="alert">{error}</p>}
                    </div>
                    <Button type="button" variant="ghost" className="px-2" onClick={() => remove(l.productId)} aria-label={`Remove ${l.sku}`}>Remove</Button>
                  </li>
                );
              })}
            </ul>
          )}
          {short.length > 0 && (
            <p className="text-sm text-amber-800" data-testid="short-warning">
              More than is available now of {short.map((l) => l.sku).join(", ")}: a substitute may be reserved if there is one, and the rest is backordered until stock arrives.
            </p>
          )}
          <Field label="Note (optional)" htmlFor="order-note" error={fields.note}>
            <Input id="order-note" value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} placeholder={portal === "customer" ? "Deliver to the back entrance" : "Phoned in by the clinic"} />
          </Field>
        </div>
      </Card>
      <div className="flex justify-end">
        <Button type="submit" disabled={place.isPending} data-testid="place-order">{place.isPending ? "Placing order…" : portal === "customer" ? "Place emergency order" : "Place order"}</Button>
      </div>
    </form>
  );
}
