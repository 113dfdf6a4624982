import Link from "next/link";
import { guarded } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { InvoiceStatement } from "@/components/payments/invoice-statement";
import { PaymentsNav } from "@/components/payments/payments-nav";
import { PrintButton } from "@/components/payments/print-button";
import { serverApi } from "@/server/api/server";

/** An invoice as its payments and credits left it (finance's view from a payment or credit note). */
export default async function InvoiceSettlement({ params }: { params: Promise<{ id: string }> }) {
  await requirePortalActor("operator");
  const api = await serverApi();
  const { id } = await params;
  return (
    <div className="space-y-6">
      <div className="print:hidden"><PaymentsNav active="payments" /></div>
      {await guarded(
        () => api.payments.invoice({ id }),
        (data) => (
          <div className="space-y-4">
            <div className="flex justify-between print:hidden">
              <span className="flex gap-4 text-sm">
                <Link href={`/operator/billing/invoices/${data.invoice.id}`} className="text-primary hover:underline">Full invoice (journal, schedules)</Link>
                <Link href={`/operator/payments/credit-notes/new?invoiceId=${data.invoice.id}`} className="text-primary hover:underline">Credit this invoice…</Link>
              </span>
              <PrintButton />
            </div>
            <InvoiceStatement data={data} />
          </div>
        ),
      )}
    </div>
  );
}
