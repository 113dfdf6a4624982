import { CustomerList } from "@/components/portal/customer-list";
import { guarded, pageFrom } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { serverApi } from "@/server/api/server";

export default async function OperatorCustomers({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePortalActor("operator");
  const api = await serverApi();
  const input = pageFrom(await searchParams);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Customers</h1>
      {await guarded(() => api.operator.customers(input), (data) => <CustomerList data={data} basePath="/operator/customers" showReseller />)}
    </div>
  );
}
