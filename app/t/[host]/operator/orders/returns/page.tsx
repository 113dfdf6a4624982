import Link from "next/link";
import { ReturnTable, ReturnTabs } from "@/components/orders/return-table";
import { guarded, listQueryFrom } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { FilterBar } from "@/components/ui/filter-bar";
import { serverApi } from "@/server/api/server";
import { RETURN_STATUSES } from "@/server/domain/orders/schemas";

export default async function ReturnsQueue({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePortalActor("operator");
  const api = await serverApi();
  const { params, input } = listQueryFrom(await searchParams);
  // The queue opens on what waits for a decision.
  const current = params.status === "all" ? "all" : (RETURN_STATUSES.find((s) => s === params.status) ?? "requested");
  const status = current === "all" ? undefined : current;
  const dir = params.dir === "asc" || params.dir === "desc" ? params.dir : params.sort ? "asc" : "desc";
  return (
    <div className="space-y-6">
      <div>
        <Link href="/operator/orders" className="text-sm text-muted hover:text-foreground">← Orders</Link>
        <h1 className="mt-1 text-2xl font-semibold">Returns</h1>
        <p className="text-sm text-muted">Approve or reject what customers ask to send back, then receive it: restock into a warehouse or scrap.</p>
      </div>
      <ReturnTabs basePath="/operator/orders/returns" params={params} current={current} />
      {await guarded(
        () => api.returns.list({ ...input, dir, status }),
        (data) => (
          <div className="space-y-4">
            <FilterBar basePath="/operator/orders/returns" params={params} label="Search returns" searchPlaceholder="Return or order number" keep={["status"]} selects={[]} />
            <ReturnTable data={data} basePath="/operator/orders/returns" params={params} detailPath="/operator/orders/returns" orderPath="/operator/orders" filtered={Boolean(params.search) || current !== "all"} />
          </div>
        ),
      )}
    </div>
  );
}
