import { guarded, listQueryFrom } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { SubscriptionFilters } from "@/components/subscriptions/subscription-filters";
import { SubscriptionTable } from "@/components/subscriptions/subscription-table";
import { listHref } from "@/components/ui/data-table";
import { serverApi } from "@/server/api/server";
import { subscriptionListFilters } from "@/server/domain/subscriptions/contracts";

export default async function ResellerSubscriptions({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePortalActor("reseller");
  const api = await serverApi();
  const { params, input } = listQueryFrom(await searchParams);
  const filters = subscriptionListFilters(params);
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">Subscriptions</h1>
        <p className="text-sm text-muted">Contracts of the customers you serve.</p>
      </header>
      {await guarded(
        () => api.subscriptions.list({ ...input, ...filters }),
        (data) => (
          <div className="space-y-4">
            <SubscriptionFilters basePath="/reseller/subscriptions" params={params} />
            <SubscriptionTable
              data={data}
              basePath="/reseller/subscriptions"
              params={params}
              exportHref={listHref("/api/export/subscriptions", {}, { search: params.search, sort: params.sort, dir: params.dir, ...filters })}
              filtered={Boolean(params.search || filters.status || filters.customerId)}
            />
          </div>
        ),
      )}
    </div>
  );
}
