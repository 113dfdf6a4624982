import Link from "next/link";
import { ReturnTable, ReturnTabs } from "@/components/orders/return-table";
import { guarded, listQueryFrom } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { serverApi } from "@/server/api/server";
import { RETURN_STATUSES } from "@/server/domain/orders/schemas";

export default async function MyReturns({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePortalActor("customer");
  const api = await serverApi();
  const { params, input } = listQueryFrom(await searchParams);
  const status = RETURN_STATUSES.find((s) => s === params.status);
  const dir = params.dir === "asc" || params.dir === "desc" ? params.dir : params.sort ? "asc" : "desc";
  return (
    <div className="space-y-6">
      <div>
        <Link href="/customer/orders" className="text-sm text-muted hover:text-foreground">← Orders & deliveries</Link>
        <h1 className="mt-1 text-2xl font-semibold">My returns</h1>
        <p className="text-sm text-muted">Goods you asked to send back and where each request stands. Request a return from the order it shipped on.</p>
      </div>
      <ReturnTabs basePath="/customer/orders/returns" params={params} current={status ?? "all"} plainLabels />
      {await guarded(
        () => api.returns.list({ ...input, dir, status }),
        (data) => <ReturnTable data={data} basePath="/customer/orders/returns" params={params} orderPath="/customer/orders" filtered={Boolean(status)} showCustomer={false} />,
      )}
    </div>
  );
}
