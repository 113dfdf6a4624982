import Link from "next/link";
import type { ListParams } from "@/components/ui/data-table";
import { Button, Input, Select } from "@/components/ui/primitives";
import { SUBSCRIPTION_STATUS_LABELS } from "./format";

/** Filters as a plain GET form: the URL changes and the server lists. Sort order is kept; paging restarts. */
export function SubscriptionFilters({ basePath, params }: { basePath: string; params: ListParams }) {
  const active = Boolean(params.search || params.status || params.customerId);
  return (
    <form method="get" action={basePath} className="flex flex-wrap items-end gap-3 rounded-brand border border-border bg-surface p-3" role="search" aria-label="Filter subscriptions">
      {params.sort && <input type="hidden" name="sort" value={params.sort} />}
      {params.dir && <input type="hidden" name="dir" value={params.dir} />}
      {params.customerId && <input type="hidden" name="customerId" value={params.customerId} />}
      <label className="min-w-56 flex-1 space-y-1 text-xs font-medium text-muted">
        Search
        <Input name="search" defaultValue={params.search ?? ""} placeholder="Number or customer" data-testid="subscription-search" />
      </label>
      <label className="space-y-1 text-xs font-medium text-muted">
        Status
        <Select name="status" defaultValue={params.status ?? ""} data-testid="subscription-status-filter">
          <option value="">Any status</option>
          {Object.entries(SUBSCRIPTION_STATUS_LABELS).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
        </Select>
      </label>
      <Button type="submit" variant="secondary">Apply</Button>
      {active && <Link href={basePath} className="px-2 py-2 text-sm text-muted hover:text-foreground">Clear</Link>}
    </form>
  );
}
