"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { formErrorMessage } from "@/components/console/form-errors";
import { useTRPC } from "@/components/trpc/provider";
import { Alert, Button } from "@/components/ui/primitives";
import { TRANSITIONS, type SubscriptionStatus } from "@/server/domain/subscriptions/lifecycle";
import { money } from "./format";

const ACTION_LABELS: Record<SubscriptionStatus, string> = { draft: "Back to draft", active: "Activate", paused: "Pause", suspended: "Suspend", cancelled: "Cancel at term end", expired: "Mark expired" };

/** The moves the lifecycle allows from the current status; the server refuses any other. */
export function LifecycleActions({ id, status, currency }: { id: string; status: SubscriptionStatus; currency: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const transition = useMutation(trpc.subscriptions.transition.mutationOptions({ onSuccess: () => router.refresh() }));
  const run = (to: SubscriptionStatus, cancelMode: "term_end" | "immediate" = "term_end") => transition.mutate({ id, to, cancelMode });
  const credit = transition.data?.proration;
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        {TRANSITIONS[status].map((to) => (
          <Button key={to} type="button" variant={to === "active" ? "primary" : "secondary"} disabled={transition.isPending} onClick={() => run(to)} data-testid={`transition-${to}`}>
            {(status === "paused" || status === "suspended") && to === "active" ? "Resume" : ACTION_LABELS[to]}
          </Button>
        ))}
        {TRANSITIONS[status].includes("cancelled") && status !== "draft" && (
          <Button type="button" variant="ghost" disabled={transition.isPending} onClick={() => run("cancelled", "immediate")} data-testid="transition-cancel-now">
            Cancel now (prorated)
          </Button>
        )}
      </div>
      {transition.error && <Alert testId="transition-error">{formErrorMessage(transition.error)}</Alert>}
      {credit && credit.lines.length > 0 && (
        <Alert tone="info" testId="cancel-credit">Cancelled today: {money(-credit.netMinor, currency)} credit for {credit.daysRemaining} unused days of {credit.daysInPeriod}.</Alert>
      )}
    </div>
  );
}
