import { CustomerFilters } from "@/components/customers/customer-filters";
import { CustomerTable } from "@/components/customers/customer-table";
import { guarded, listQueryFrom } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { serverApi } from "@/server/api/server";
import { customerListFilters } from "@/server/domain/customers/schemas";

export default async function ResellerCustomers({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePortalActor("reseller");
  const api = await serverApi();
  const { params, input } = listQueryFrom(await searchParams);
  const filters = customerListFilters(params);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Your customers</h1>
      <CustomerFilters basePath="/reseller/customers" params={params} />
      {await guarded(() => api.customers.list({ ...input, ...filters, reseller: undefined }), (data) => (
        <CustomerTable data={data} basePath="/reseller/customers" params={params} showReseller={false} filtered={Boolean(params.search || filters.status || filters.country)} />
      ))}
    </div>
  );
}
