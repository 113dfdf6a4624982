import type { ListParams } from "@/components/ui/data-table";
import { FilterBar, optionsOf } from "@/components/ui/filter-bar";
import { SUBSCRIPTION_STATUS_LABELS } from "./format";

export function SubscriptionFilters({ basePath, params }: { basePath: string; params: ListParams }) {
  return (
    <FilterBar
      basePath={basePath}
      params={params}
      label="Filter subscriptions"
      searchPlaceholder="Number or customer"
      searchTestId="subscription-search"
      keep={["customerId"]}
      selects={[{ name: "status", label: "Status", anyLabel: "Any status", options: optionsOf(SUBSCRIPTION_STATUS_LABELS), testId: "subscription-status-filter" }]}
    />
  );
}
