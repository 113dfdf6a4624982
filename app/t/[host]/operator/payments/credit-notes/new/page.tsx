import { guarded } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { CreditNoteForm } from "@/components/payments/credit-note-form";
import { money } from "@/components/payments/format";
import { PaymentsNav } from "@/components/payments/payments-nav";
import { Alert, Card } from "@/components/ui/primitives";
import { serverApi } from "@/server/api/server";

export default async function NewCreditNote({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePortalActor("operator");
  const api = await serverApi();
  const invoiceId = (await searchParams).invoiceId;
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">New credit note</h1>
      </header>
      <PaymentsNav active="credit-notes" />
      {typeof invoiceId !== "string" || !/^[0-9a-f-]{36}$/i.test(invoiceId) ? (
        <Alert>Choose an invoice to credit from the credit notes page.</Alert>
      ) : (
        await guarded(
          () => api.payments.invoice({ id: invoiceId }),
          (data) => (
            <Card title={`Invoice ${data.invoice.number} · ${data.invoice.customer} · total ${money(data.invoice.totalMinor, data.invoice.currency)}`}>
              <CreditNoteForm invoiceId={data.invoice.id} invoiceNumber={data.invoice.number} currency={data.invoice.currency} thresholdLabel="the workspace's approval threshold" />
            </Card>
          ),
        )
      )}
    </div>
  );
}
