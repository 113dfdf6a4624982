import Link from "next/link";
import { guarded, listQueryFrom } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { SubscriptionFilters } from "@/components/subscriptions/subscription-filters";
import { SubscriptionTable } from "@/components/subscriptions/subscription-table";
import { listHref } from "@/components/ui/data-table";
import { serverApi } from "@/server/api/server";
import { subscriptionListFilters } from "@/server/domain/subscriptions/contracts";

const CREATORS = ["owner", "admin", "sales"];

export default async function OperatorSubscriptions({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { actor } = await requirePortalActor("operator");
  const api = await serverApi();
  const { params, input } = listQueryFrom(await searchParams);
  const filters = subscriptionListFilters(params);
  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-center justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Subscriptions</h1>
          <p className="text-sm text-muted">Contracts with their versions, deliveries, usage and billing schedule.</p>
        </div>
        {CREATORS.includes(actor.role) && (
          <Link href="/operator/subscriptions/new" className="rounded-brand bg-primary px-4 py-2 text-sm font-medium text-primary-foreground hover:opacity-90" data-testid="new-subscription">
            New subscription
          </Link>
        )}
      </header>
      {await guarded(
        () => api.subscriptions.list({ ...input, ...filters }),
        (data) => (
          <div className="space-y-4">
            <SubscriptionFilters basePath="/operator/subscriptions" params={params} />
            <SubscriptionTable
              data={data}
              basePath="/operator/subscriptions"
              params={params}
              detailPath="/operator/subscriptions"
              exportHref={listHref("/api/export/subscriptions", {}, { search: params.search, sort: params.sort, dir: params.dir, ...filters })}
              filtered={Boolean(params.search || filters.status || filters.customerId)}
            />
          </div>
        ),
      )}
    </div>
  );
}
