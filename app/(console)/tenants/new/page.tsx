import type { Metadata } from "next";
import { ConsoleShell } from "@/components/console/console-shell";
import { CreateTenantForm } from "@/components/console/create-tenant-form";
import { requirePlatformAdmin } from "@/components/console/require-platform-admin";
import { baseDomain } from "@/server/domain/tenancy/hosts";

export const metadata: Metadata = { title: "New tenant" };

export default async function NewTenant() {
  const actor = await requirePlatformAdmin();
  return (
    <ConsoleShell user={actor}>
      <div className="mx-auto max-w-2xl space-y-6">
        <h1 className="text-2xl font-semibold">New tenant</h1>
        <CreateTenantForm baseDomain={baseDomain()} />
      </div>
    </ConsoleShell>
  );
}
