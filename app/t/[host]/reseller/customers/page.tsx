import { CustomerList } from "@/components/portal/customer-list";
import { guarded, listQueryFrom } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { serverApi } from "@/server/api/server";

export default async function ResellerCustomers({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePortalActor("reseller");
  const api = await serverApi();
  const { params, input } = listQueryFrom(await searchParams);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Your customers</h1>
      {await guarded(() => api.customers.list({ page: input.page, search: input.search }), (data) => <CustomerList data={data} basePath="/reseller/customers" params={params} showReseller={false} />)}
    </div>
  );
}
