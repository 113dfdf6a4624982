import { guarded, listQueryFrom } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { money } from "@/components/payments/format";
import { InvoiceStatusTabs, InvoiceTable } from "@/components/payments/invoice-table";
import { Card, Stat } from "@/components/ui/primitives";
import { serverApi } from "@/server/api/server";

export default async function MyInvoices({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePortalActor("customer");
  const api = await serverApi();
  const { params, input } = listQueryFrom(await searchParams);
  const status = ["open", "paid", "void"].includes(params.status ?? "") ? (params.status as "open" | "paid" | "void") : undefined;
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">Invoices</h1>
        <p className="text-sm text-muted">Your invoices, what is still open on each, and your credit with us. Open an invoice to pay it by card or print it.</p>
      </header>
      {await guarded(
        () => Promise.all([api.payments.invoices({ ...input, status, sort: params.sort ?? "issueDate", dir: params.sort ? input.dir : "desc" }), api.payments.creditBalances({}), api.payments.invoices({ status: "open", pageSize: 100 })]),
        ([data, credit, open]) => (
          <div className="space-y-4">
            <div className="grid gap-4 sm:grid-cols-2">
              <Card>
                <Stat label="Open balance" testId="open-balance"
                  value={open.rows.length === 0 ? "Nothing open" : [...new Set(open.rows.map((r) => r.currency))].map((c) => money(open.rows.filter((r) => r.currency === c).reduce((s, r) => s + r.openMinor, 0n), c)).join(" · ")} />
              </Card>
              <Card>
                <Stat label="Credit on your account" testId="credit-balance"
                  value={credit.length === 0 ? "None" : credit.map((b) => money(b.balanceMinor, b.currency)).join(" · ")} />
                <p className="mt-1 text-xs text-muted">Credit (an overpayment or a credit note on a paid invoice) is used for your next invoice automatically.</p>
              </Card>
            </div>
            <InvoiceStatusTabs basePath="/customer/invoices" params={params} />
            <InvoiceTable data={data} basePath="/customer/invoices" params={params} detailPath="/customer/invoices" />
          </div>
        ),
      )}
    </div>
  );
}
