import Link from "next/link";
import { guarded } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { money } from "@/components/payments/format";
import { InvoiceStatement } from "@/components/payments/invoice-statement";
import { PayInvoiceForm } from "@/components/payments/pay-invoice-form";
import { PrintButton } from "@/components/payments/print-button";
import { Card } from "@/components/ui/primitives";
import { serverApi } from "@/server/api/server";

const payable = (invoice: { status: string; openMinor: bigint }) => ["issued", "partially_paid"].includes(invoice.status) && invoice.openMinor > 0n;

export default async function MyInvoice({ params }: { params: Promise<{ id: string }> }) {
  await requirePortalActor("customer");
  const api = await serverApi();
  const { id } = await params;
  return guarded(
    () => api.payments.invoice({ id }),
    (data) => {
      const canPay = payable(data.invoice);
      return (
        <div className="space-y-6">
          <header className="flex flex-wrap items-center justify-between gap-4 print:hidden">
            <Link href="/customer/invoices" className="text-sm text-primary hover:underline">← All invoices</Link>
            <PrintButton />
          </header>
          <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
            <InvoiceStatement data={data} />
            {/* One card either way, so the form (and its confirmation) stays mounted when a payment settles the invoice and the page refreshes. */}
            <Card title={canPay ? "Pay by card" : "Nothing to pay"} className="print:hidden">
              <PayInvoiceForm
                invoiceId={data.invoice.id}
                amountLabel={money(data.invoice.openMinor, data.invoice.currency)}
                settledNote={canPay ? null : data.invoice.status === "void" ? "This invoice was voided by a credit note." : "This invoice is settled. Thank you."}
              />
            </Card>
          </div>
        </div>
      );
    },
  );
}
