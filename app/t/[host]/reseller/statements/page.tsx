import type { Metadata } from "next";
import { guarded, listQueryFrom } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { StatementsTable } from "@/components/partners/statement-view";
import { serverApi } from "@/server/api/server";

export const metadata: Metadata = { title: "Statements" };

export default async function ResellerStatements({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePortalActor("reseller");
  const api = await serverApi();
  const { input } = listQueryFrom(await searchParams);
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">Commission statements</h1>
        <p className="text-sm text-muted">Commission on the revenue of your customers recognized each month, less clawbacks for credit notes; open one to see every line behind it.</p>
      </header>
      {await guarded(() => api.resellers.statements({ page: input.page, pageSize: 24 }), (data) => <StatementsTable rows={data.rows} basePath="/reseller/statements" showReseller={false} />)}
    </div>
  );
}
