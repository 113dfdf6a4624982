import { guarded } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { MyUsage } from "@/components/subscriptions/my-subscriptions";
import { serverApi } from "@/server/api/server";

export default async function CustomerUsage() {
  await requirePortalActor("customer");
  const api = await serverApi();
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">Usage</h1>
        <p className="text-sm text-muted">Metered usage so far this billing period, and what it will cost at your contract&apos;s prices.</p>
      </header>
      {await guarded(() => api.subscriptions.mySubscriptions(), (subs) => <MyUsage subscriptions={subs} />)}
    </div>
  );
}
