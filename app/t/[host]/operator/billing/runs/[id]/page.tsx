import Link from "next/link";
import { BillingNav } from "@/components/billing/billing-nav";
import { BillingRunDetail } from "@/components/billing/runs";
import { requirePortalActor } from "@/components/portal/portal-layout";

export default async function OperatorBillingRun({ params }: { params: Promise<{ id: string }> }) {
  await requirePortalActor("operator");
  const { id } = await params;
  return (
    <div className="space-y-6">
      <BillingNav active="runs" />
      <Link href="/operator/billing/runs" className="text-sm text-primary hover:underline">← All billing runs</Link>
      <BillingRunDetail runId={id} />
    </div>
  );
}
