import Link from "next/link";
import type { ListParams } from "./data-table";
import { Button, Input, Select } from "./primitives";

export interface SelectFilter {
  name: string;
  label: string;
  /** The first option, meaning "no filter". */
  anyLabel: string;
  options: Array<{ value: string; label: string }>;
  testId?: string;
}

/**
 * A list's filters as a plain GET form: applying changes the URL and the server lists again. The
 * current sort (and any `keep` params, e.g. a fixed customer) survive; paging restarts.
 */
export function FilterBar({
  basePath, params, label, searchPlaceholder, selects, keep = [], searchTestId,
}: {
  basePath: string; params: ListParams; label: string; searchPlaceholder: string;
  selects: SelectFilter[]; keep?: string[]; searchTestId?: string;
}) {
  const active = Boolean(params.search || selects.some((s) => params[s.name]) || keep.some((k) => params[k]));
  return (
    <form method="get" action={basePath} className="flex flex-wrap items-end gap-3 rounded-brand border border-border bg-surface p-3" role="search" aria-label={label}>
      {["sort", "dir", ...keep].map((name) => params[name] && <input key={name} type="hidden" name={name} value={params[name]} />)}
      <label className="min-w-56 flex-1 space-y-1 text-xs font-medium text-muted">
        Search
        <Input name="search" defaultValue={params.search ?? ""} placeholder={searchPlaceholder} data-testid={searchTestId} />
      </label>
      {selects.map((s) => (
        <label key={s.name} className="space-y-1 text-xs font-medium text-muted">
          {s.label}
          <Select name={s.name} defaultValue={params[s.name] ?? ""} data-testid={s.testId}>
            <option value="">{s.anyLabel}</option>
            {s.options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
          </Select>
        </label>
      ))}
      <Button type="submit" variant="secondary">Apply</Button>
      {active && <Link href={basePath} className="px-2 py-2 text-sm text-muted hover:text-foreground">Clear</Link>}
    </form>
  );
}

/** `{ value: label }` records (status and kind labels) as select options. */
export const optionsOf = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));
