"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useFormErrors } from "@/components/customers/use-form-mutation";
import { formErrorMessage } from "@/components/console/form-errors";
import { useTRPC } from "@/components/trpc/provider";
import { Alert, Button, Field, Input } from "@/components/ui/primitives";
import type { ItemInputRaw } from "@/server/domain/subscriptions/items";
import type { Proration } from "@/server/domain/subscriptions/proration";
import { draftToInput, inputToDraft, ItemEditor, type FormOptions, type ItemDraft } from "./item-editor";
import { ProrationTable } from "./proration-table";

/**
 * Amend: edit the items from an effective date, preview the proration (the server computes it and
 * writes nothing), then confirm. A discount beyond the tenant's policy waits for approval.
 */
export function AmendFlow({ subscriptionId, currency, currentItems, options, sites, defaultDate }: {
  subscriptionId: string;
  currency: string;
  currentItems: ItemInputRaw[];
  options: Pick<FormOptions, "products" | "meters">;
  sites: FormOptions["sites"];
  defaultDate: string;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [effectiveDate, setEffectiveDate] = useState(defaultDate);
  const [note, setNote] = useState("");
  const [items, setItems] = useState<ItemDraft[]>(() => currentItems.map((i) => inputToDraft(i, currency)));
  const [preview, setPreview] = useState<Proration | null>(null);
  const [previewError, setPreviewError] = useState<unknown>(null);
  const [previewing, setPreviewing] = useState(false);
  const confirm = useMutation(trpc.subscriptions.confirmAmendment.mutationOptions({ onSuccess: () => router.refresh() }));
  const errors = useFormErrors(previewError ?? confirm.error);

  const input = () => ({ subscriptionId, effectiveDate, note, items: items.map((d) => draftToInput(d, currency)) });
  const change = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setPreview(null);
  };

  async function runPreview() {
    setPreviewing(true);
    setPreviewError(null);
    try {
      const result = await queryClient.fetchQuery({ ...trpc.subscriptions.previewAmendment.queryOptions(input()), staleTime: 0 });
      setPreview(result.proration);
    } catch (error) {
      setPreview(null);
      setPreviewError(error);
    } finally {
      setPreviewing(false);
    }
  }

  if (!open) {
    return (
      <div className="space-y-2">
        {confirm.data && (
          <Alert tone={confirm.data.version.status === "pending_approval" ? "info" : "success"} testId="amendment-result">
            {confirm.data.version.status === "pending_approval"
              ? `Version ${confirm.data.version.version} waits for approval by finance or an admin (its discount exceeds the policy).`
              : `Version ${confirm.data.version.version} is active from ${confirm.data.version.effectiveFrom}.`}
          </Alert>
        )}
        <Button type="button" onClick={() => setOpen(true)} data-testid="amend-open">Amend</Button>
      </div>
    );
  }

  return (
    <div className="space-y-4" data-testid="amend-flow">
      {errors.formMessage && <Alert testId="amend-error">{errors.formMessage}</Alert>}
      <div className="flex flex-wrap gap-4">
        <div className="w-48">
          <Field label="Effective from" htmlFor="effectiveDate" error={errors.fields.effectiveDate}>
            <Input id="effectiveDate" type="date" value={effectiveDate} onChange={(e) => change(setEffectiveDate)(e.target.value)} data-testid="amend-effective-date" />
          </Field>
        </div>
        <div className="min-w-64 flex-1">
          <Field label="Note" htmlFor="amendNote" error={errors.fields.note}>
            <Input id="amendNote" value={note} onChange={(e) => setNote(e.target.value)} placeholder="Why the terms change" />
          </Field>
        </div>
      </div>
      {errors.fields.items && <Alert>{errors.fields.items}</Alert>}
      <ItemEditor items={items} onChange={change(setItems)} options={options} sites={sites} errors={errors.fields} currency={currency} defaultDeliveryDate={effectiveDate} />
      <div className="flex flex-wrap gap-2">
        <Button type="button" variant="secondary" onClick={runPreview} disabled={previewing} data-testid="amend-preview">
          {previewing ? "Calculating…" : "Preview proration"}
        </Button>
        <Button
          type="button"
          disabled={!preview || confirm.isPending}
          onClick={() => confirm.mutate(input(), { onSuccess: () => { setOpen(false); setPreview(null); } })}
          data-testid="amend-confirm-submit"
        >
          {confirm.isPending ? "Confirming…" : "Confirm amendment"}
        </Button>
        <Button type="button" variant="ghost" onClick={() => { setOpen(false); setPreview(null); }}>Close</Button>
      </div>
      {preview && <ProrationTable proration={preview} currency={currency} />}
      {confirm.error && !errors.formMessage && <Alert>{formErrorMessage(confirm.error)}</Alert>}
    </div>
  );
}
