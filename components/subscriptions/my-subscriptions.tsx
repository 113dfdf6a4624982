import { Badge, Card, EmptyState } from "@/components/ui/primitives";
import type { mySubscriptions } from "@/server/domain/subscriptions/customer-view";
import { everyLabel, INTERVAL_LABELS, ITEM_KIND_LABELS, money, STATUS_TONES, SUBSCRIPTION_STATUS_LABELS, trimNumber } from "./format";

type Mine = Awaited<ReturnType<typeof mySubscriptions>>;

/** The customer's own contracts: what they receive next and what this period's usage will cost. */
export function MySubscriptions({ subscriptions }: { subscriptions: Mine }) {
  if (subscriptions.length === 0) return <EmptyState title="No subscriptions yet">Your supplier sets up your contracts; they will appear here.</EmptyState>;
  return (
    <div className="space-y-6" data-testid="my-subscriptions">
      {subscriptions.map((s) => (
        <Card
          key={s.id}
          title={
            <span className="flex items-center gap-2">
              <span data-testid="my-subscription-number">{s.number}</span>
              <Badge tone={STATUS_TONES[s.status]}>{SUBSCRIPTION_STATUS_LABELS[s.status]}</Badge>
            </span>
          }
        >
          <div className="space-y-4 text-sm" data-testid="my-subscription">
            <p className="text-muted">
              {INTERVAL_LABELS[s.billingInterval]} · term {s.termStart} → {s.termEnd}
              {s.cancelAt ? ` · ends ${s.cancelAt}` : ""}
              {s.nextInvoice ? ` · next invoice ${s.nextInvoice.start}` : ""}
            </p>
            <ul className="space-y-1">
              {s.items.map((i) => (
                <li key={i.id}>
                  <span className="font-medium">{i.product}</span> <span className="text-muted">— {ITEM_KIND_LABELS[i.kind]}</span>
                  {i.kind === "delivery" && <span className="text-muted">: {trimNumber(i.quantity)} {everyLabel(i.deliveryEvery, i.deliveryUnit)}</span>}
                  {i.kind === "recurring_fee" && i.unitPrice && <span className="text-muted">: {trimNumber(i.quantity)} × {trimNumber(i.unitPrice)} {s.currency}</span>}
                  {i.kind === "commit" && i.commitAmountMinor !== null && <span className="text-muted">: at least {money(i.commitAmountMinor, s.currency)} per period</span>}
                </li>
              ))}
            </ul>
            <div className="grid gap-4 md:grid-cols-2">
              <div>
                <p className="text-xs font-medium uppercase tracking-wide text-muted">Next deliveries</p>
                {s.deliveries.length === 0 ? (
                  <p className="text-muted">None scheduled in the next 90 days.</p>
                ) : (
                  <ul className="space-y-1" data-testid="my-deliveries">
                    {s.deliveries.map((d) => <li key={`${d.itemId}-${d.date}`} data-testid="my-delivery">{d.date}: {trimNumber(d.quantity)} × {d.product}</li>)}
                  </ul>
                )}
              </div>
              <UsageSoFar usage={s.usage} currency={s.currency} />
            </div>
          </div>
        </Card>
      ))}
    </div>
  );
}

/** Usage so far in the current period, priced with the contract's terms (tiers, commit, overage). */
export function UsageSoFar({ usage, currency }: { usage: Mine[number]["usage"]; currency: string }) {
  return (
    <div>
      <p className="text-xs font-medium uppercase tracking-wide text-muted">Usage so far ({usage.period.start} to {usage.period.end})</p>
      {usage.lines.length === 0 && usage.commits.length === 0 ? (
        <p className="text-muted">No metered usage on this contract.</p>
      ) : (
        <ul className="space-y-1" data-testid="my-usage">
          {usage.lines.map((l) => (
            <li key={l.itemId} data-testid="my-usage-line">{l.product}: {trimNumber(l.quantity)} → <span className="font-medium" data-testid="my-usage-cost">{money(l.amountMinor, currency)}</span></li>
          ))}
          {usage.commits.map((c) => (
            <li key={c.itemId}>Minimum commit {money(c.commitMinor, currency)}: {c.shortfallMinor > 0n ? `${money(c.shortfallMinor, currency)} below` : `${money(c.overageMinor, currency)} overage`}</li>
          ))}
          <li className="font-medium">This period will cost: <span data-testid="my-usage-total">{money(usage.totalMinor, currency)}</span></li>
        </ul>
      )}
    </div>
  );
}

/** Only the contracts with metered usage or a commit, each with its usage so far. */
export function MyUsage({ subscriptions }: { subscriptions: Mine }) {
  const metered = subscriptions.filter((s) => s.usage.lines.length > 0 || s.usage.commits.length > 0);
  if (metered.length === 0) return <EmptyState title="No metered usage">None of your contracts is billed by usage.</EmptyState>;
  return (
    <div className="space-y-4" data-testid="my-usage-page">
      {metered.map((s) => (
        <Card key={s.id} title={<span data-testid="my-subscription-number">{s.number}</span>}>
          <UsageSoFar usage={s.usage} currency={s.currency} />
        </Card>
      ))}
    </div>
  );
}
