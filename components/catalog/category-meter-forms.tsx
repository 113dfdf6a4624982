"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import { useTRPC } from "@/components/trpc/provider";
import { Alert, Button, Input } from "@/components/ui/primitives";
import { formErrors } from "./use-form-errors";

/** Adds a category (idempotent on its code). */
export function CategoryForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const create = useMutation(trpc.catalog.createCategory.mutationOptions({ onSuccess: () => router.refresh() }));
  const { fields, message } = formErrors(create.error);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    create.mutate({ code: String(form.get("code") ?? ""), name: String(form.get("name") ?? "") });
  };
  return (
    <form onSubmit={onSubmit} className="space-y-2" noValidate data-testid="category-form">
      <div className="flex flex-wrap gap-2">
        <Input name="code" placeholder="Code (e.g. wound-care)" aria-label="Category code" invalid={Boolean(fields.code)} className="w-40" />
        <Input name="name" placeholder="Name" aria-label="Category name" invalid={Boolean(fields.name)} className="w-48" />
        <Button type="submit" variant="secondary" disabled={create.isPending}>Add category</Button>
      </div>
      {(fields.code || fields.name || message) && <Alert>{fields.code ?? fields.name ?? message}</Alert>}
    </form>
  );
}

/** Adds a usage meter (idempotent on its code). */
export function MeterForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const create = useMutation(trpc.catalog.createMeter.mutationOptions({ onSuccess: () => router.refresh() }));
  const { fields, message } = formErrors(create.error);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    create.mutate({ code: String(form.get("code") ?? ""), name: String(form.get("name") ?? ""), unit: String(form.get("unit") ?? "") });
  };
  return (
    <form onSubmit={onSubmit} className="space-y-2" noValidate data-testid="meter-form">
      <div className="flex flex-wrap gap-2">
        <Input name="code" placeholder="Code (e.g. api_calls)" aria-label="Meter code" invalid={Boolean(fields.code)} className="w-40" />
        <Input name="name" placeholder="Name" aria-label="Meter name" invalid={Boolean(fields.name)} className="w-40" />
        <Input name="unit" placeholder="Unit (e.g. call)" aria-label="Meter unit" invalid={Boolean(fields.unit)} className="w-32" />
        <Button type="submit" variant="secondary" disabled={create.isPending}>Add meter</Button>
      </div>
      {(fields.code || fields.name || fields.unit || message) && <Alert>{fields.code ?? fields.name ?? fields.unit ?? message}</Alert>}
    </form>
  );
}
