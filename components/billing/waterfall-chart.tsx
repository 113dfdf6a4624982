"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/** Recognized (past) and scheduled (future) revenue per month, in major units of one currency. */
export function WaterfallChart({ data, currency }: { data: Array<{ month: string; recognized: number; scheduled: number }>; currency: string }) {
  const fmt = (v: number) => new Intl.NumberFormat("en-GB", { style: "currency", currency, maximumFractionDigits: 0 }).format(v);
  return (
    <div className="h-72 w-full" data-testid="waterfall-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--color-border, #e5e7eb)" />
          <XAxis dataKey="month" fontSize={12} />
          <YAxis fontSize={12} tickFormatter={fmt} width={80} />
          <Tooltip formatter={(v) => fmt(Number(v))} />
          <Legend />
          <Bar dataKey="recognized" name="Recognized" stackId="r" fill="var(--color-primary, #2563eb)" />
          <Bar dataKey="scheduled" name="Scheduled (deferred)" stackId="r" fill="#94a3b8" />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
