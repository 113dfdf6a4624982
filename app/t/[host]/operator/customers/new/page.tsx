import Link from "next/link";
import { CustomerForm } from "@/components/customers/customer-form";
import { guarded } from "@/components/portal/guarded";
import { requirePortalActor } from "@/components/portal/portal-layout";
import { Alert } from "@/components/ui/primitives";
import { serverApi } from "@/server/api/server";

export default async function NewCustomer() {
  const { actor } = await requirePortalActor("operator");
  const api = await serverApi();
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div>
        <Link href="/operator/customers" className="text-sm text-muted hover:text-foreground">← Customers</Link>
        <h1 className="mt-1 text-2xl font-semibold">New customer</h1>
        <p className="text-sm text-muted">Ship-to sites and contacts are added on the account page once it exists.</p>
      </div>
      {["owner", "admin", "sales"].includes(actor.role)
        ? await guarded(() => api.customers.filterOptions(), (options) => <CustomerForm resellers={options.resellers} />)
        : <Alert testId="access-denied">Your role cannot create customers. Ask an owner, admin or sales member of this workspace.</Alert>}
    </div>
  );
}
