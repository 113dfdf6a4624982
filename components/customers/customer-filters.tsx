import Link from "next/link";
import { Button, Input, Select } from "@/components/ui/primitives";
import type { ListParams } from "@/components/ui/data-table";
import { STATUS_LABELS } from "./format";

/**
 * Filters as a plain GET form: submitting changes the URL, the server lists. Sort order is kept;
 * paging restarts at page 1.
 */
export function CustomerFilters({ basePath, params, resellers }: { basePath: string; params: ListParams; resellers?: Array<{ id: string; name: string }> }) {
  const active = Boolean(params.search || params.status || params.reseller || params.country);
  return (
    <form method="get" action={basePath} className="flex flex-wrap items-end gap-3 rounded-brand border border-border bg-surface p-3" role="search" aria-label="Filter customers">
      {params.sort && <input type="hidden" name="sort" value={params.sort} />}
      {params.dir && <input type="hidden" name="dir" value={params.dir} />}
      <label className="min-w-56 flex-1 space-y-1 text-xs font-medium text-muted">
        Search
        <Input name="search" defaultValue={params.search ?? ""} placeholder="Name, code or city" />
      </label>
      <label className="space-y-1 text-xs font-medium text-muted">
        Status
        <Select name="status" defaultValue={params.status ?? ""}>
          <option value="">Any status</option>
          {Object.entries(STATUS_LABELS).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
        </Select>
      </label>
      {resellers && (
        <label className="space-y-1 text-xs font-medium text-muted">
          Reseller
          <Select name="reseller" defaultValue={params.reseller ?? ""}>
            <option value="">All customers</option>
            <option value="direct">Direct (no reseller)</option>
            {resellers.map((r) => <option key={r.id} value={r.id}>{r.name}</option>)}
          </Select>
        </label>
      )}
      <Button type="submit" variant="secondary">Apply</Button>
      {active && <Link href={basePath} className="px-2 py-2 text-sm text-muted hover:text-foreground">Clear</Link>}
    </form>
  );
}
