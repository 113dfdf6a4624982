import { guarded } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { MySubscriptions } from "@/components/subscriptions/my-subscriptions";
import { serverApi } from "@/server/api/server";

export default async function CustomerSubscriptions() {
  await requirePortalActor("customer");
  const api = await serverApi();
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">My subscriptions</h1>
        <p className="text-sm text-muted">Your contracts, the next deliveries, and usage so far this period with what it will cost.</p>
      </header>
      {await guarded(() => api.subscriptions.mySubscriptions(), (subs) => <MySubscriptions subscriptions={subs} />)}
    </div>
  );
}
