"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useFormErrors, useRefresh } from "@/components/customers/use-form-mutation";
import { useTRPC } from "@/components/trpc/provider";
import { Alert, Button, Input, Select } from "@/components/ui/primitives";
import { setSubstitutesInput } from "@/server/domain/catalog/substitute-schemas";

type Row = { substituteId: string; ratio: string };

/**
 * A stock item's substitutes in the order allocation tries them (top first), each with its ratio:
 * how many substitute units replace one unit. Saving replaces the whole list.
 */
export function SubstitutesEditor({ productId, initial, options, canWrite }: { productId: string; initial: Row[]; options: Array<{ id: string; label: string }>; canWrite: boolean }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const save = useMutation(trpc.catalog.setSubstitutes.mutationOptions({ onSuccess: () => refresh() }));
  const errors = useFormErrors(save.error);
  const [rows, setRows] = useState<Row[]>(initial);
  const label = (id: string) => options.find((o) => o.id === id)?.label ?? id;
  const move = (i: number, d: -1 | 1) => setRows((rs) => {
    const j = i + d;
    if (j < 0 || j >= rs.length) return rs;
    const next = [...rs];
    [next[i], next[j]] = [next[j], next[i]];
    return next;
  });

  if (!canWrite) {
    return initial.length ? (
      <ol className="list-decimal space-y-1 pl-5 text-sm">{initial.map((r) => <li key={r.substituteId}>{label(r.substituteId)} × {r.ratio}</li>)}</ol>
    ) : <p className="text-sm text-muted">No substitutes.</p>;
  }

  function onSave() {
    const parsed = setSubstitutesInput.safeParse({ productId, substitutes: rows });
    if (!parsed.success) {
      save.reset();
      errors.setIssues(parsed.error.issues);
      return;
    }
    errors.clear();
    save.mutate(parsed.data);
  }

  return (
    <div className="space-y-3" data-testid="substitutes-editor">
      {errors.formMessage && <Alert>{errors.formMessage}</Alert>}
      {save.isSuccess && <Alert tone="success">Substitutes saved.</Alert>}
      {rows.length === 0 && <p className="text-sm text-muted">No substitutes: when this item is out of stock, orders wait for it.</p>}
      {rows.map((r, i) => (
        <div key={i} className="space-y-1">
          <div className="grid grid-cols-[2rem_1fr_7rem_auto] items-center gap-2">
            <span className="text-sm text-muted">{i + 1}.</span>
            <Select aria-label={`Substitute ${i + 1}`} value={r.substituteId} onChange={(e) => setRows((rs) => rs.map((x, j) => (j === i ? { ...x, substituteId: e.target.value } : x)))}>
              <option value="">Choose a stock item</option>
              {options.filter((o) => o.id !== productId).map((o) => <option key={o.id} value={o.id}>{o.label}</option>)}
            </Select>
            <Input aria-label={`Ratio ${i + 1}`} value={r.ratio} onChange={(e) => setRows((rs) => rs.map((x, j) => (j === i ? { ...x, ratio: e.target.value } : x)))} />
            <span className="flex gap-1">
              <Button type="button" variant="ghost" onClick={() => move(i, -1)} aria-label="Move up">↑</Button>
              <Button type="button" variant="ghost" onClick={() => move(i, 1)} aria-label="Move down">↓</Button>
              <Button type="button" variant="ghost" onClick={() => setRows((rs) => rs.filter((_, j) => j !== i))}>Remove</Button>
            </span>
          </div>
          {[errors.fields[`substitutes.${i}.substituteId`], errors.fields[`substitutes.${i}.ratio`]].filter(Boolean).map((m) => <p key={m} className="pl-10 text-xs font-medium text-red-600" role="alert">{m}</p>)}
        </div>
      ))}
      <div className="flex gap-2">
        <Button type="button" variant="secondary" onClick={() => setRows((rs) => [...rs, { substituteId: "", ratio: "1" }])}>Add substitute</Button>
        <Button type="button" onClick={onSave} disabled={save.isPending} data-testid="save-substitutes">{save.isPending ? "Saving…" : "Save substitutes"}</Button>
      </div>
    </div>
  );
}
