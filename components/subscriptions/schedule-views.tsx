import { Card } from "@/components/ui/primitives";
import type { UsageSummary } from "@/server/domain/subscriptions/usage-summary";
import { money, trimNumber } from "./format";

interface Schedule {
  invoices: Array<{ start: string; end: string }>;
  deliveries: Array<{ date: string; itemId: string; product: string; quantity: string }>;
}

/** Upcoming invoice dates and deliveries for the next 90 days, side by side: they follow separate calendars. */
export function SubscriptionSchedule({ schedule }: { schedule: Schedule }) {
  return (
    <div className="grid gap-6 md:grid-cols-2">
      <Card title="Upcoming invoices">
        {schedule.invoices.length === 0 ? (
          <p className="text-sm text-muted">None in the next 90 days.</p>
        ) : (
          <ul className="space-y-1 text-sm" data-testid="upcoming-invoices">
            {schedule.invoices.map((p) => (
              <li key={p.start} data-testid="upcoming-invoice">{p.start} <span className="text-muted">for {p.start} to {p.end}</span></li>
            ))}
          </ul>
        )}
      </Card>
      <Card title="Upcoming deliveries">
        {schedule.deliveries.length === 0 ? (
          <p className="text-sm text-muted">None in the next 90 days.</p>
        ) : (
          <ul className="max-h-72 space-y-1 overflow-y-auto text-sm" data-testid="upcoming-deliveries">
            {schedule.deliveries.map((d) => (
              <li key={`${d.itemId}-${d.date}`} data-testid="upcoming-delivery">{d.date} <span className="text-muted">{trimNumber(d.quantity)} × {d.product}</span></li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}

/** Usage so far in the current period, priced with the contract's terms, and commit shortfall or overage. */
export function UsageThisPeriod({ usage }: { usage: UsageSummary }) {
  return (
    <Card title={`Usage this period (${usage.period.start} to ${usage.period.end})`}>
      {usage.lines.length === 0 && usage.commits.length === 0 ? (
        <p className="text-sm text-muted">No usage meters or commits on this contract.</p>
      ) : (
        <div className="space-y-2 text-sm" data-testid="usage-this-period">
          {usage.lines.map((l) => (
            <p key={l.itemId} data-testid="usage-line">
              {l.product}: <span className="font-medium">{trimNumber(l.quantity)}</span> so far → <span className="font-medium" data-testid="usage-cost">{money(l.amountMinor, usage.currency)}</span>
            </p>
          ))}
          {usage.commits.map((c) => (
            <p key={c.itemId} data-testid="commit-line">
              Commit {money(c.commitMinor, usage.currency)}: usage {money(c.usageMinor, usage.currency)},{" "}
              {c.shortfallMinor > 0n ? `shortfall ${money(c.shortfallMinor, usage.currency)}` : `overage ${money(c.overageMinor, usage.currency)}`}
            </p>
          ))}
          <p className="border-t border-border pt-2 font-medium">Will cost so far: <span data-testid="usage-total">{money(usage.totalMinor, usage.currency)}</span></p>
        </div>
      )}
    </Card>
  );
}
