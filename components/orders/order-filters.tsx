import Link from "next/link";
import { listHref, type ListParams } from "@/components/ui/data-table";
import { FilterBar, optionsOf } from "@/components/ui/filter-bar";
import { EXCEPTION_LABELS, HOLD_LABELS, ORDER_STATUS_LABELS, SOURCE_LABELS } from "./format";

const STATUS_TABS: Array<{ label: string; status?: string; view?: string }> = [
  { label: "All" },
  ...Object.entries(ORDER_STATUS_LABELS).map(([status, label]) => ({ label, status })),
  { label: "Exceptions", view: "exceptions" },
];

/** Status tabs and the exceptions view (`view=exceptions`) as links; the other filters are kept. */
export function OrderStatusTabs({ basePath, params, hideExceptions = false }: { basePath: string; params: ListParams; hideExceptions?: boolean }) {
  return (
    <nav className="flex flex-wrap gap-1 border-b border-border" aria-label="Order status" data-testid="order-tabs">
      {STATUS_TABS.filter((tab) => !(hideExceptions && tab.view)).map((tab) => {
        const active = tab.view ? params.view === tab.view : params.view !== "exceptions" && (params.status ?? "") === (tab.status ?? "");
        return (
          <Link
            key={tab.label}
            href={listHref(basePath, params, { status: tab.status, view: tab.view, exception: undefined, page: undefined })}
            aria-current={active ? "page" : undefined}
            className={`-mb-px border-b-2 px-3 py-2 text-sm ${active ? "border-primary font-medium text-foreground" : "border-transparent text-muted hover:text-foreground"}`}
          >
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}

/** Hold, source and (in the exceptions view) the kind of exception; search by number or customer. */
export function OrderFilters({ basePath, params, exceptions, minimal = false }: { basePath: string; params: ListParams; exceptions: boolean; minimal?: boolean }) {
  if (minimal) {
    return <FilterBar basePath={basePath} params={params} label="Search orders" searchPlaceholder="Order number" searchTestId="order-search" keep={["status"]} selects={[]} />;
  }
  return (
    <FilterBar
      basePath={basePath}
      params={params}
      label="Filter orders"
      searchPlaceholder="Order number or customer"
      searchTestId="order-search"
      keep={["customerId", exceptions ? "view" : "status"]}
      selects={[
        ...(exceptions ? [{ name: "exception", label: "Exception", anyLabel: "All exceptions", options: optionsOf(EXCEPTION_LABELS).filter((o) => o.value !== "any"), testId: "filter-exception" }] : []),
        { name: "hold", label: "Hold", anyLabel: "Any", options: [{ value: "held", label: "On hold (any reason)" }, { value: "released", label: "Released" }, ...optionsOf(HOLD_LABELS)], testId: "filter-hold" },
        { name: "source", label: "Source", anyLabel: "Any source", options: optionsOf(SOURCE_LABELS), testId: "filter-source" },
      ]}
    />
  );
}
