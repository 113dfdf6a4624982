import Link from "next/link";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { RunDetail } from "@/components/replenishment/runs";

export default async function OperatorReplenishmentRun({ params }: { params: Promise<{ id: string }> }) {
  await requirePortalActor("operator");
  const { id } = await params;
  return (
    <div className="space-y-6">
      <Link href="/operator/replenishment" className="text-sm text-primary hover:underline">← All runs</Link>
      <RunDetail runId={id} />
    </div>
  );
}
