import Link from "next/link";
import { guarded } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { SubscriptionForm } from "@/components/subscriptions/subscription-form";
import { Alert } from "@/components/ui/primitives";
import { serverApi } from "@/server/api/server";

export default async function NewSubscription() {
  const { actor } = await requirePortalActor("operator");
  const api = await serverApi();
  return (
    <div className="mx-auto max-w-5xl space-y-6">
      <div>
        <Link href="/operator/subscriptions" className="text-sm text-muted hover:text-foreground">← Subscriptions</Link>
        <h1 className="mt-1 text-2xl font-semibold">New subscription</h1>
        <p className="text-sm text-muted">The contract starts as a draft with version 1; activate it from its page.</p>
      </div>
      {["owner", "admin", "sales"].includes(actor.role)
        ? await guarded(() => api.subscriptions.formOptions(), (options) => <SubscriptionForm options={options} />)
        : <Alert testId="access-denied">Your role cannot create subscriptions. Ask an owner, admin or sales member of this workspace.</Alert>}
    </div>
  );
}
