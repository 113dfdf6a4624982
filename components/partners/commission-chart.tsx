"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/** Commission and clawbacks by month (major units), from the reseller's statements. */
export function CommissionChart({ data, currency }: { data: Array<{ month: string; commission: number; clawback: number }>; currency: string }) {
  if (data.length === 0) return <p className="text-sm text-muted">No statements yet: the chart fills as months are settled.</p>;
  return (
    <div className="h-64 w-full" data-testid="commission-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--brand-border)" />
          <XAxis dataKey="month" stroke="var(--brand-muted)" fontSize={12} />
          <YAxis stroke="var(--brand-muted)" fontSize={12} />
          <Tooltip formatter={(v) => `${Number(v).toFixed(2)} ${currency}`} />
          <Legend />
          <Bar dataKey="commission" name="Commission" fill="var(--brand-primary)" />
          <Bar dataKey="clawback" name="Clawbacks" fill="var(--brand-accent)" />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
