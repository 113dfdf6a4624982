import Link from "next/link";
import { Badge, Card, EmptyState, Stat } from "@/components/ui/primitives";
import type { StatementLineRow, StatementRow } from "@/server/domain/partners/statements";
import { money, monthLabel, STATEMENT_STATUS_TONE } from "./format";

/** A statement's figures and its lines, each traced to the recognized revenue or credit note behind it. */
export function StatementView({ statement: s, lines, payouts }: { statement: StatementRow; lines: StatementLineRow[]; payouts: Array<{ id: string; amount_minor: string; paid_on: string; reference: string }> }) {
  return (
    <div className="space-y-6">
      <div className="grid gap-3 sm:grid-cols-5">
        <Stat label="Recognized revenue" value={money(s.revenue_minor, s.currency)} />
        <Stat label="Commission" value={money(s.commission_minor, s.currency)} testId="statement-commission" />
        <Stat label="Clawbacks" value={money(s.clawback_minor, s.currency)} />
        <Stat label="Total" value={money(s.total_minor, s.currency)} testId="statement-total" />
        <Stat label="Paid" value={money(s.paid_minor, s.currency)} />
      </div>
      <p className="text-sm text-muted">
        <Badge tone={STATEMENT_STATUS_TONE[s.status]}>{s.status}</Badge>{" "}
        {s.approved_by_name ? `Approved by ${s.approved_by_name} on ${new Date(s.approved_at!).toLocaleDateString()}.` : "Waiting for finance approval."}
        {s.plan_changed_by_name ? ` Plan last changed by ${s.plan_changed_by_name}.` : ""}
      </p>
      <Card title={`Lines (${lines.length})`}>
        {lines.length === 0 ? (
          <EmptyState title="Nothing earned this month">No revenue of this reseller&apos;s customers was recognized in {monthLabel(s.period_month)}.</EmptyState>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-sm" data-testid="statement-lines">
              <thead className="text-left text-xs uppercase text-muted">
                <tr><th className="py-1">Kind</th><th>Customer</th><th>Category</th><th>What</th><th className="text-right">Base</th><th className="text-right">Rate</th><th className="text-right">Amount</th><th>Source</th></tr>
              </thead>
              <tbody>
                {lines.map((l) => (
                  <tr key={l.id} className="border-t border-border">
                    <td className="py-1"><Badge tone={l.kind === "clawback" ? "warning" : "primary"}>{l.kind}</Badge></td>
                    <td>{l.customer_name}</td>
                    <td>{l.category_name ?? "—"}</td>
                    <td>{l.description || "—"}</td>
                    <td className="text-right">{money(l.base_minor, s.currency)}</td>
                    <td className="text-right">{l.rate_percent}%</td>
                    <td className="text-right font-medium">{money(l.amount_minor, s.currency)}</td>
                    <td className="font-mono text-xs text-muted" title={`invoice line ${l.invoice_line_id}`}>{l.kind === "clawback" ? "credit note line" : "recognition"} {l.source_id.slice(-8)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      {payouts.length > 0 && (
        <Card title="Payouts">
          <ul className="text-sm">{payouts.map((p) => <li key={p.id}>{p.paid_on}: {money(p.amount_minor, s.currency)} {p.reference && `(${p.reference})`}</li>)}</ul>
        </Card>
      )}
    </div>
  );
}

export function StatementsTable({ rows, basePath, showReseller }: { rows: StatementRow[]; basePath: string; showReseller: boolean }) {
  if (rows.length === 0) return <EmptyState title="No statements yet">Statements are built when a closed month is settled (monthly, or &ldquo;Settle month&rdquo;).</EmptyState>;
  return (
    <div className="overflow-x-auto rounded-brand border border-border bg-surface">
      <table className="w-full text-sm" data-testid="statements-table">
        <thead className="bg-background text-left text-xs uppercase text-muted">
          <tr><th className="px-3 py-2">Month</th>{showReseller && <th className="px-3 py-2">Reseller</th>}<th className="px-3 py-2 text-right">Revenue</th><th className="px-3 py-2 text-right">Commission</th><th className="px-3 py-2 text-right">Clawbacks</th><th className="px-3 py-2 text-right">Total</th><th className="px-3 py-2">Status</th></tr>
        </thead>
        <tbody>
          {rows.map((s) => (
            <tr key={s.id} className="border-t border-border" data-testid="statement-row">
              <td className="px-3 py-2"><Link className="text-primary hover:underline" href={`${basePath}/${s.id}`}>{monthLabel(s.period_month)}</Link></td>
              {showReseller && <td className="px-3 py-2">{s.reseller_name}</td>}
              <td className="px-3 py-2 text-right">{money(s.revenue_minor, s.currency)}</td>
              <td className="px-3 py-2 text-right">{money(s.commission_minor, s.currency)}</td>
              <td className="px-3 py-2 text-right">{money(s.clawback_minor, s.currency)}</td>
              <td className="px-3 py-2 text-right font-medium">{money(s.total_minor, s.currency)}</td>
              <td className="px-3 py-2"><Badge tone={STATEMENT_STATUS_TONE[s.status]}>{s.status}</Badge></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
