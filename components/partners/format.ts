import { formatMoney } from "@/server/domain/money/money";

export const money = (minor: string | bigint | number, currency: string) => formatMoney(minor, currency);
export const monthLabel = (periodMonth: string) => new Date(`${periodMonth}T00:00:00Z`).toLocaleDateString("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });

export const RESELLER_STATUS_TONE = { invited: "neutral", active: "success", suspended: "warning" } as const;
export const STATEMENT_STATUS_TONE = { draft: "neutral", approved: "primary", paid: "success" } as const;
export const MODEL_LABELS: Record<string, string> = { agency: "Agency (commission)", buy_sell: "Buy-sell (wholesale)" };
