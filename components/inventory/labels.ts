import type { StockMovementKind } from "@/db/schema/inventory";

export const MOVEMENT_LABELS: Record<StockMovementKind, string> = {
  receipt: "Receipt",
  adjustment: "Adjustment",
  transfer_out: "Transfer out",
  transfer_in: "Transfer in",
  shipment: "Shipment",
  return: "Return",
  scrap: "Scrap",
};

/** Who may move stock (the router's INVENTORY_WRITE_ROLES); pages hide forms from everyone else. */
export const STOCK_WRITERS = ["owner", "admin", "ops"];

/** A fresh idempotency key for one opened form: a double submit or a retry sends the same key. */
export const newRequestKey = () => (typeof crypto !== "undefined" && "randomUUID" in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`);
