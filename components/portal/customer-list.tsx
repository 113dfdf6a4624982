import { DataTable, type ListParams } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/primitives";

interface CustomerRow { id: string; name: string; reseller: string | null; createdAt: Date }

export function CustomerList({ data, basePath, params, showReseller }: { data: { rows: CustomerRow[]; total: number; page: number; pageSize: number }; basePath: string; params: ListParams; showReseller: boolean }) {
  return (
    <DataTable
      {...data}
      basePath={basePath}
      params={params}
      empty={<EmptyState title="No customers yet">Customers you add will be listed here.</EmptyState>}
      columns={[
        { header: "Customer", cell: (r) => <span className="font-medium">{r.name}</span> },
        ...(showReseller ? [{ header: "Reseller", cell: (r: CustomerRow) => r.reseller ?? <span className="text-muted">Direct</span> }] : []),
        { header: "Since", cell: (r) => r.createdAt.toISOString().slice(0, 10), className: "text-muted" },
      ]}
    />
  );
}
