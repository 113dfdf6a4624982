import type { Metadata } from "next";
import Link from "next/link";
import { guarded, listQueryFrom } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { ResellersNav } from "@/components/partners/operator-nav";
import { StatementsTable } from "@/components/partners/statement-view";
import { listHref } from "@/components/ui/data-table";
import { serverApi } from "@/server/api/server";

export const metadata: Metadata = { title: "Commission statements" };
const STATUSES = ["draft", "approved", "paid"] as const;

export default async function OperatorStatements({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePortalActor("operator");
  const api = await serverApi();
  const { params, input } = listQueryFrom(await searchParams);
  const status = STATUSES.find((s) => s === params.status);
  const pageSize = 25;
  return (
    <div className="space-y-6">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold">Commission statements</h1>
        <p className="text-sm text-muted">One per reseller and closed month. Finance approves (never the user who last changed the plan), which posts Dr commission expense / Cr commissions payable.</p>
        <ResellersNav current="/operator/resellers/statements" />
      </header>
      <nav className="flex gap-3 text-sm">
        <Link href={listHref("/operator/resellers/statements", {}, {})} className={!status ? "font-semibold" : "text-primary"}>All</Link>
        {STATUSES.map((s) => <Link key={s} href={listHref("/operator/resellers/statements", {}, { status: s })} className={status === s ? "font-semibold" : "text-primary"}>{s}</Link>)}
      </nav>
      {await guarded(() => api.resellers.statements({ page: input.page, pageSize, status }), (data) => (
        <div className="space-y-2">
          <StatementsTable rows={data.rows} basePath="/operator/resellers/statements" showReseller />
          <p className="text-xs text-muted">{data.total} statement(s){data.total > pageSize && <> · <Link className="text-primary" href={listHref("/operator/resellers/statements", params, { page: String(input.page + 1) })}>next page</Link></>}</p>
        </div>
      ))}
    </div>
  );
}
