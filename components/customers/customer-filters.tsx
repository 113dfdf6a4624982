import type { ListParams } from "@/components/ui/data-table";
import { FilterBar, optionsOf } from "@/components/ui/filter-bar";
import { STATUS_LABELS } from "./format";

/** Status, reseller and search filters; a `country` filter from a link is kept. */
export function CustomerFilters({ basePath, params, resellers }: { basePath: string; params: ListParams; resellers?: Array<{ id: string; name: string }> }) {
  return (
    <FilterBar
      basePath={basePath}
      params={params}
      label="Filter customers"
      searchPlaceholder="Name, code or city"
      keep={["country"]}
      selects={[
        { name: "status", label: "Status", anyLabel: "Any status", options: optionsOf(STATUS_LABELS) },
        ...(resellers
          ? [{ name: "reseller", label: "Reseller", anyLabel: "All customers", options: [{ value: "direct", label: "Direct (no reseller)" }, ...resellers.map((r) => ({ value: r.id, label: r.name }))] }]
          : []),
      ]}
    />
  );
}
