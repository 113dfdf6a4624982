import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ConsoleShell } from "@/components/console/console-shell";
import { requirePlatformAdmin } from "@/components/console/require-platform-admin";
import { ThemeEditor } from "@/components/console/theme-editor";
import { TierEditor } from "@/components/console/tier-editor";
import { serverApi } from "@/server/api/server";
import { baseDomain } from "@/server/domain/tenancy/hosts";
import { THEME_PRESETS, themeOverridesSchema } from "@/themes";

export const metadata: Metadata = { title: "Tenant theme" };

const LOGOS = ["/logos/tributary.svg", "/logos/acme.svg", "/logos/globex.svg", "/logos/ember.svg", "/logos/grove.svg", "/logos/midnight.svg"];

export default async function TenantPage({ params }: { params: Promise<{ slug: string }> }) {
  const actor = await requirePlatformAdmin();
  const api = await serverApi();
  const slug = (await params).slug;
  const tenant = await api.platform.tenant({ slug }).catch((error: unknown) => {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
    throw error;
  });
  const overrides = themeOverridesSchema.safeParse(tenant.themeOverrides);
  return (
    <ConsoleShell user={actor}>
      <div className="space-y-6">
        <div>
          <h1 className="text-2xl font-semibold">{tenant.name}</h1>
          <p className="text-sm text-muted">
            <code>{tenant.slug}.{baseDomain()}</code> · created {tenant.createdAt.toISOString().slice(0, 10)}
          </p>
        </div>
        <TierEditor slug={tenant.slug} initialTier={tenant.serviceTier} />
        <ThemeEditor
          slug={tenant.slug}
          tenantName={tenant.name}
          initialPreset={tenant.themePreset}
          initialOverrides={overrides.success ? overrides.data : {}}
          presets={THEME_PRESETS}
          logos={LOGOS}
        />
      </div>
    </ConsoleShell>
  );
}
