import type { Proration } from "@/server/domain/subscriptions/proration";
import { money, trimNumber } from "./format";

/** Credit and charge lines of an amendment: what the next invoice will carry for the rest of the period. */
export function ProrationTable({ proration, currency }: { proration: Proration; currency: string }) {
  if (proration.lines.length === 0) {
    return <p className="text-sm text-muted" data-testid="proration-empty">No recurring fee changes: nothing to prorate.</p>;
  }
  return (
    <div className="space-y-2" data-testid="proration-preview">
      <p className="text-sm text-muted">
        Period {proration.period.start} to {proration.period.end} (exclusive): {proration.daysRemaining} of {proration.daysInPeriod} days remain from {proration.effectiveDate}.
      </p>
      <table className="w-full text-left text-sm">
        <thead className="text-xs uppercase tracking-wide text-muted">
          <tr>
            <th className="py-1">Line</th>
            <th className="py-1">Item</th>
            <th className="py-1 text-right">Qty × price</th>
            <th className="py-1 text-right">Days</th>
            <th className="py-1 text-right">Amount</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-border">
          {proration.lines.map((l, i) => (
            <tr key={i} data-testid="proration-line" data-kind={l.kind}>
              <td className="py-1">{l.kind === "credit" ? "Credit" : "Charge"}</td>
              <td className="py-1">{l.description}{Number(l.discountPercent) > 0 ? ` (−${trimNumber(l.discountPercent)}%)` : ""}</td>
              <td className="py-1 text-right">{trimNumber(l.quantity)} × {trimNumber(l.unitPrice)}</td>
              <td className="py-1 text-right">{l.days}/{l.daysInPeriod}</td>
              <td className="py-1 text-right font-medium" data-testid="proration-amount">{money(l.amountMinor, currency)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td colSpan={4} className="py-1 text-right font-medium">Net</td>
            <td className="py-1 text-right font-semibold" data-testid="proration-net">{money(proration.netMinor, currency)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
