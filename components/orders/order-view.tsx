import Link from "next/link";
import type { ReactNode } from "react";
import { Alert, Badge, Card, EmptyState } from "@/components/ui/primitives";
import type { OrderDetail } from "@/server/domain/orders/queries";
import { dateLabel, dateTimeLabel, HOLD_LABELS, money, ORDER_STATUS_LABELS, ORDER_STATUS_TONES, RETURN_STATUS_LABELS, RETURN_STATUS_TONES, SOURCE_LABELS } from "./format";

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium uppercase tracking-wide text-muted">{label}</dt>
      <dd className="mt-0.5 text-sm text-foreground">{children}</dd>
    </div>
  );
}

const th = "px-3 py-2 font-medium";
const td = "px-3 py-2";
const num = "px-3 py-2 text-right tabular-nums";

/** "Gauze 10cm substituted by Gauze 5cm ×2", with what it stands in for when that differs. */
export function substitutionText(lineName: string, s: { name: string; quantity: number; covers: number }): string {
  return `${lineName} substituted by ${s.name} ×${s.quantity}${s.covers !== s.quantity ? ` (for ${s.covers})` : ""}`;
}

/** The order's status and hold as badges. */
export function OrderStatusBadges({ order }: { order: Pick<OrderDetail, "status" | "hold"> }) {
  return (
    <span className="flex flex-wrap items-center gap-2">
      <Badge tone={ORDER_STATUS_TONES[order.status]}><span data-testid="order-status">{ORDER_STATUS_LABELS[order.status] ?? order.status}</span></Badge>
      {order.hold && <Badge tone="warning"><span data-testid="order-hold">{HOLD_LABELS[order.hold] ?? order.hold}</span></Badge>}
    </span>
  );
}

/** Why the order is held, or a note that it is released. */
export function HoldBanner({ order, audience }: { order: Pick<OrderDetail, "hold" | "holdReason" | "status">; audience: "operator" | "customer" }) {
  if (!order.hold || order.status === "cancelled") return null;
  const next =
    audience === "customer"
      ? "Nothing is reserved or shipped until it is released; we will be in touch."
      : order.hold === "approval"
        ? "Another user (owner, admin or finance) must approve it before stock is reserved."
        : "Re-check once the credit hold is released or the limit raised; stock is reserved when it passes.";
  return (
    <Alert testId="hold-banner">
      <span className="font-medium">On hold: {HOLD_LABELS[order.hold] ?? order.hold}.</span> <span data-testid="hold-reason">{order.holdReason}</span>. {next}
    </Alert>
  );
}

/** Header facts: customer, ship-to, source, priority, dates. */
export function OrderFacts({ order, customerHref }: { order: OrderDetail; customerHref?: string }) {
  return (
    <Card title="Order">
      <dl className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Detail label="Customer">
          {customerHref ? <Link href={customerHref} className="text-primary hover:underline">{order.customer}</Link> : order.customer}
        </Detail>
        <Detail label="Ship to">
          <span className="block">{order.shipTo.name}</span>
          {order.shipTo.address && <span className="block text-xs text-muted">{order.shipTo.address}</span>}
        </Detail>
        <Detail label="Source">{SOURCE_LABELS[order.source] ?? order.source}{order.deliveryDate ? ` · delivery ${order.deliveryDate}` : ""}</Detail>
        <Detail label="Priority">{order.priority}{order.preferredWarehouse ? ` · prefers ${order.preferredWarehouse}` : ""}</Detail>
        <Detail label="Placed">{dateTimeLabel(order.createdAt)}</Detail>
        <Detail label="Total"><span data-testid="order-total">{money(order.totalMinor, order.currency)}</span></Detail>
        {order.approvedAt && <Detail label="Approved">{dateTimeLabel(order.approvedAt)}</Detail>}
        {order.cancelledAt && <Detail label="Cancelled">{dateTimeLabel(order.cancelledAt)}</Detail>}
      </dl>
      {order.note && <p className="mt-4 whitespace-pre-line text-sm text-muted">{order.note}</p>}
    </Card>
  );
}

/** Lines with ordered / reserved / shipped / backordered, substitutions spelled out. */
export function OrderLines({ order }: { order: OrderDetail }) {
  return (
    <Card title={`Lines (${order.lines.filter((l) => !l.parentLineId).length})`}>
      <div className="overflow-x-auto rounded-brand border border-border">
        <table className="w-full text-left text-sm" data-testid="order-lines">
          <thead className="bg-background text-xs uppercase tracking-wide text-muted">
            <tr>
              <th className={th}>#</th><th className={th}>Product</th><th className={`${th} text-right`}>Ordered</th><th className={`${th} text-right`}>Reserved</th>
              <th className={`${th} text-right`}>Shipped</th><th className={`${th} text-right`}>Backordered</th><th className={`${th} text-right`}>Amount</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-border">
            {order.lines.map((l) => (
              <tr key={l.id} data-testid="order-line" data-sku={l.sku}>
                <td className={`${td} text-muted`}>{l.lineNo}</td>
                <td className={td}>
                  <span className={l.parentLineId ? "pl-4 text-muted" : "font-medium"}>{l.parentLineId ? "↳ " : ""}{l.name}</span> <span className="font-mono text-xs text-muted">{l.sku}</span>
                  {!l.stocked && <span className="ml-2 text-xs text-muted">(not stocked)</span>}
                  {l.substitutions.map((s) => (
                    <p key={s.productId} className="mt-1 text-xs text-amber-800" data-testid="substitution">{substitutionText(l.name, s)}</p>
                  ))}
                </td>
                <td className={num} data-testid="line-ordered">{l.quantity}</td>
                <td className={num} data-testid="line-reserved">{l.stocked ? l.reservedQuantity : "—"}</td>
                <td className={num} data-testid="line-shipped">{l.stocked ? l.shippedQuantity : "—"}</td>
                <td className={num} data-testid="line-backordered">{l.backorderedQuantity > 0 ? <span className="font-medium text-amber-800">{l.backorderedQuantity}</span> : l.stocked ? 0 : "—"}</td>
                <td className={num}>{l.parentLineId ? <span className="text-muted">in kit</span> : money(l.amountMinor, order.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}

/** Reservations per warehouse: reserved, shipped, released and what is still open to pick. */
export function OrderAllocations({ order }: { order: OrderDetail }) {
  return (
    <Card title="Reservations by warehouse">
      {order.allocations.length === 0 ? (
        <EmptyState title="Nothing reserved">{order.hold ? "Stock is reserved once the order is released." : "No stock was available; the lines are backordered."}</EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-brand border border-border">
          <table className="w-full text-left text-sm" data-testid="order-allocations">
            <thead className="bg-background text-xs uppercase tracking-wide text-muted">
              <tr>
                <th className={th}>Warehouse</th><th className={th}>Line</th><th className={th}>Product</th><th className={`${th} text-right`}>Reserved</th>
                <th className={`${th} text-right`}>Shipped</th><th className={`${th} text-right`}>Released</th><th className={`${th} text-right`}>Open</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-border">
              {order.allocations.map((a) => (
                <tr key={a.id} data-testid="allocation" data-warehouse={a.warehouseCode}>
                  <td className={td}><span className="font-mono text-xs">{a.warehouseCode}</span> <span className="text-muted">{a.warehouse}</span></td>
                  <td className={`${td} text-muted`}>{a.lineNo}</td>
                  <td className={td}>{a.name} <span className="font-mono text-xs text-muted">{a.sku}</span>{a.substitute && <span className="ml-2"><Badge tone="warning">Substitute</Badge></span>}</td>
                  <td className={num}>{a.quantity}</td>
                  <td className={num}>{a.shippedQuantity}</td>
                  <td className={num}>{a.releasedQuantity}</td>
                  <td className={num}>{a.openQuantity}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

/** Each shipment with carrier, tracking number and its lines. */
export function OrderShipments({ order }: { order: OrderDetail }) {
  return (
    <Card title={`Shipments (${order.shipments.length})`}>
      {order.shipments.length === 0 ? (
        <EmptyState title="Nothing shipped yet">Shipments appear here with their carrier and tracking number.</EmptyState>
      ) : (
        <ul className="space-y-3" data-testid="shipments">
          {order.shipments.map((s) => (
            <li key={s.id} className="rounded-brand border border-border p-3" data-testid="shipment">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <p className="text-sm">
                  <span className="font-mono font-medium" data-testid="shipment-number">{s.number}</span>
                  <span className="text-muted"> · from {s.warehouseCode} · {dateTimeLabel(s.shippedAt)}</span>
                </p>
                <p className="text-sm">
                  <span data-testid="shipment-carrier">{s.carrier}</span>
                  {" · "}
                  {s.trackingNumber ? <span className="font-mono" data-testid="shipment-tracking">{s.trackingNumber}</span> : <span className="text-muted">no tracking number</span>}
                </p>
              </div>
              <ul className="mt-2 text-sm text-muted">
                {s.lines.map((l) => (
                  <li key={`${l.allocationId}`} data-testid="shipment-line">Line {l.lineNo}: {l.quantity} × {l.name} <span className="font-mono text-xs">{l.sku}</span></li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

/** Returns of the order with their status; `href` links each to its page. */
export function OrderReturns({ order, href, children }: { order: OrderDetail; href?: (id: string) => string; children?: ReactNode }) {
  return (
    <Card title={`Returns (${order.returns.length})`}>
      <div className="space-y-4">
        {order.returns.length === 0 ? (
          <p className="text-sm text-muted">No returns for this order.</p>
        ) : (
          <ul className="divide-y divide-border rounded-brand border border-border" data-testid="order-returns">
            {order.returns.map((r) => (
              <li key={r.id} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2 text-sm" data-testid="order-return">
                <span>
                  {href ? <Link href={href(r.id)} className="font-mono text-primary hover:underline">{r.number}</Link> : <span className="font-mono">{r.number}</span>}
                  <span className="text-muted"> · {r.units} unit{r.units === 1 ? "" : "s"} · {dateLabel(r.createdAt)} · {r.reason}</span>
                </span>
                <Badge tone={RETURN_STATUS_TONES[r.status]}>{RETURN_STATUS_LABELS[r.status] ?? r.status}</Badge>
              </li>
            ))}
          </ul>
        )}
        {children}
      </div>
    </Card>
  );
}
