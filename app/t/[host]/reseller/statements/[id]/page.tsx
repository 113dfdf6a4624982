import Link from "next/link";
import { guarded } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { monthLabel } from "@/components/partners/format";
import { StatementView } from "@/components/partners/statement-view";
import { serverApi } from "@/server/api/server";

export default async function ResellerStatement({ params }: { params: Promise<{ id: string }> }) {
  await requirePortalActor("reseller");
  const { id } = await params;
  const api = await serverApi();
  return guarded(() => api.resellers.statement({ statementId: id }), (data) => (
    <div className="space-y-6">
      <div>
        <Link href="/reseller/statements" className="text-sm text-muted hover:text-foreground">← Statements</Link>
        <h1 className="mt-1 text-2xl font-semibold">Statement {monthLabel(data.statement.period_month)}</h1>
      </div>
      <StatementView {...data} />
    </div>
  ));
}
