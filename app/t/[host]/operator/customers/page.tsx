import Link from "next/link";
import { CustomerFilters } from "@/components/customers/customer-filters";
import { CustomerTable } from "@/components/customers/customer-table";
import { guarded, listQueryFrom } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { listHref } from "@/components/ui/data-table";
import { serverApi } from "@/server/api/server";
import { customerListFilters } from "@/server/domain/customers/schemas";

const CREATORS = ["owner", "admin", "sales"];

export default async function OperatorCustomers({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { actor } = await requirePortalActor("operator");
  const api = await serverApi();
  const { params, input } = listQueryFrom(await searchParams);
  const filters = customerListFilters(params);
  const exportParams = { search: params.search, sort: params.sort, dir: params.dir, status: filters.status, reseller: filters.reseller, country: filters.country };
  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-center justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Customers</h1>
          <p className="text-sm text-muted">Accounts, their addresses, terms, credit limits and portal users.</p>
        </div>
        {CREATORS.includes(actor.role) && (
          <Link href="/operator/customers/new" className="rounded-brand bg-primary px-4 py-2 text-sm font-medium text-primary-foreground hover:opacity-90" data-testid="new-customer">
            New customer
          </Link>
        )}
      </header>
      {await guarded(
        () => Promise.all([api.customers.list({ ...input, ...filters }), api.customers.filterOptions()]),
        ([data, options]) => (
          <div className="space-y-4">
            <CustomerFilters basePath="/operator/customers" params={params} resellers={options.resellers} />
            <CustomerTable
              data={data}
              basePath="/operator/customers"
              params={params}
              showReseller
              detailPath="/operator/customers"
              exportHref={listHref("/api/export/operator-customers", {}, exportParams)}
              filtered={Boolean(params.search || filters.status || filters.reseller || filters.country)}
            />
          </div>
        ),
      )}
    </div>
  );
}
