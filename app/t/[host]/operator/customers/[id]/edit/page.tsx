import Link from "next/link";
import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { CustomerForm } from "@/components/customers/customer-form";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { Alert } from "@/components/ui/primitives";
import { serverApi } from "@/server/api/server";

export default async function EditCustomer({ params }: { params: Promise<{ id: string }> }) {
  const { actor } = await requirePortalActor("operator");
  const { id } = await params;
  const api = await serverApi();
  const [detail, options] = await Promise.all([
    api.customers.get({ id }).catch((error: unknown) => {
      if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
      throw error;
    }),
    api.customers.filterOptions(),
  ]);
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div>
        <Link href={`/operator/customers/${id}`} className="text-sm text-muted hover:text-foreground">← {detail.customer.name}</Link>
        <h1 className="mt-1 text-2xl font-semibold">Edit customer</h1>
      </div>
      {["owner", "admin", "sales"].includes(actor.role)
        ? <CustomerForm resellers={options.resellers} initial={detail.customer} />
        : <Alert testId="access-denied">Your role cannot change customer accounts. Ask an owner, admin or sales member of this workspace.</Alert>}
    </div>
  );
}
