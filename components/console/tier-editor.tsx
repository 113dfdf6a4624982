"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/provider";
import { Alert, Button, Card, Field, Select } from "@/components/ui/primitives";
import { SERVICE_TIERS, TIER_LIMITS, type ServiceTier } from "@/server/domain/api/tiers";

/** The tenant's service tier, which sets its API rate limits. */
export function TierEditor({ slug, initialTier }: { slug: string; initialTier: ServiceTier }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [tier, setTier] = useState<ServiceTier>(initialTier);
  const save = useMutation(trpc.platform.setTenantTier.mutationOptions({ onSuccess: () => router.refresh() }));
  return (
    <Card title="Service tier">
      <form
        className="flex flex-wrap items-end gap-3"
        data-testid="tier-form"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({ slug, tier });
        }}
      >
        <Field label="Tier" htmlFor="tier" hint={`API: ${TIER_LIMITS[tier].perKey} requests/s per key, ${TIER_LIMITS[tier].perTenant} per tenant`}>
          <Select id="tier" value={tier} onChange={(e) => setTier(e.target.value as ServiceTier)}>
            {SERVICE_TIERS.map((t) => <option key={t} value={t}>{TIER_LIMITS[t].label}</option>)}
          </Select>
        </Field>
        <Button type="submit" disabled={save.isPending}>{save.isPending ? "Saving…" : "Save tier"}</Button>
      </form>
      {save.isSuccess && <div className="mt-3"><Alert tone="success">Tier saved: {TIER_LIMITS[save.data.tier].label}.</Alert></div>}
      {save.error && <div className="mt-3"><Alert>{save.error.message}</Alert></div>}
    </Card>
  );
}
