import { CustomerFilters } from "@/components/customers/customer-filters";
import { CustomerTable } from "@/components/customers/customer-table";
import { guarded, listQueryFrom } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { NewCustomerForm, StartSubscriptionForm } from "@/components/partners/reseller-forms";
import { Card } from "@/components/ui/primitives";
import { serverApi } from "@/server/api/server";
import { customerListFilters } from "@/server/domain/customers/schemas";

export default async function ResellerCustomers({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePortalActor("reseller");
  const api = await serverApi();
  const { params, input } = listQueryFrom(await searchParams);
  const filters = customerListFilters(params);
  const all = await api.customers.list({ pageSize: 100, sort: "name" });
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Your customers</h1>
      <Card title="New customer"><NewCustomerForm /></Card>
      {all.rows.length > 0 && <Card title="Start a subscription"><StartSubscriptionForm customers={all.rows.map((c) => ({ id: c.id, name: c.name }))} /></Card>}
      <CustomerFilters basePath="/reseller/customers" params={params} />
      {await guarded(() => api.customers.list({ ...input, ...filters, reseller: undefined }), (data) => (
        <CustomerTable data={data} basePath="/reseller/customers" params={params} showReseller={false} filtered={Boolean(params.search || filters.status || filters.country)} />
      ))}
    </div>
  );
}
