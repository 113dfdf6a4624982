"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { formErrors } from "@/components/catalog/use-form-errors";
import { useTRPC } from "@/components/trpc/provider";
import { Alert, Button, Field, Input, Select } from "@/components/ui/primitives";
import { BOOK_KIND_LABELS } from "./labels";

type Kind = keyof typeof BOOK_KIND_LABELS;

/** A new price book; a customer book must be in the customer's currency (the server says so if not). */
export function CreateBookForm({ currencies, customers, resellers }: { currencies: string[]; customers: Array<{ id: string; name: string; currency: string }>; resellers: Array<{ id: string; name: string }> }) {
  const trpc = useTRPC();
  const router = useRouter();
  const create = useMutation(trpc.pricing.createBook.mutationOptions());
  const { fields: e, message } = formErrors(create.error);
  const [kind, setKind] = useState<Kind>("customer");
  const [currency, setCurrency] = useState("EUR");

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const result = await create
      .mutateAsync({
        name: String(form.get("name") ?? ""),
        kind,
        currency,
        customerId: kind === "customer" ? String(form.get("customerId") ?? "") || null : null,
        resellerId: kind === "reseller" ? String(form.get("resellerId") ?? "") || null : null,
      })
      .catch(() => null);
    if (result) router.push(`/operator/price-books/${result.book.id}${result.created ? "?created=1" : "?existing=1"}`);
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate data-testid="create-book-form">
      {message && <Alert>{message}</Alert>}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Name" htmlFor="book-name" error={e.name}>
          <Input id="book-name" name="name" placeholder="Northwind contract prices" invalid={Boolean(e.name)} />
        </Field>
        <Field label="Kind" htmlFor="book-kind" error={e.kind}>
          <Select id="book-kind" value={kind} onChange={(ev) => setKind(ev.target.value as Kind)}>
            {Object.entries(BOOK_KIND_LABELS).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </Select>
        </Field>
        <Field label="Currency" htmlFor="book-currency" error={e.currency}>
          <Select id="book-currency" value={currency} onChange={(ev) => setCurrency(ev.target.value)}>
            {currencies.map((c) => <option key={c} value={c}>{c}</option>)}
          </Select>
        </Field>
        {kind === "customer" && (
          <Field label="Customer" htmlFor="book-customer" error={e.customerId} hint="The book's currency must be the customer's.">
            <Select id="book-customer" name="customerId" defaultValue="">
              <option value="">Pick a customer</option>
              {customers.map((c) => <option key={c.id} value={c.id}>{c.name} ({c.currency})</option>)}
            </Select>
          </Field>
        )}
        {kind === "reseller" && (
          <Field label="Reseller" htmlFor="book-reseller" error={e.resellerId}>
            <Select id="book-reseller" name="resellerId" defaultValue="">
              <option value="">Pick a reseller</option>
              {resellers.map((r) => <option key={r.id} value={r.id}>{r.name}</option>)}
            </Select>
          </Field>
        )}
      </div>
      <div className="flex justify-end">
        <Button type="submit" disabled={create.isPending}>{create.isPending ? "Creating…" : "Create price book"}</Button>
      </div>
    </form>
  );
}
