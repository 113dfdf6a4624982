import { CustomerList } from "@/components/portal/customer-list";
import { guarded, listQueryFrom } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { serverApi } from "@/server/api/server";

export default async function OperatorCustomers({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePortalActor("operator");
  const api = await serverApi();
  const { params, input } = listQueryFrom(await searchParams);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Customers</h1>
      {await guarded(() => api.customers.list({ page: input.page, search: input.search }), (data) => <CustomerList data={data} basePath="/operator/customers" params={params} showReseller />)}
    </div>
  );
}
