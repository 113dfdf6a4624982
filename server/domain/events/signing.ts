import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/*
 * Webhook signatures (docs/webhooks.md). The signed text is `${timestamp}.${body}`: the timestamp
 * (Unix seconds, also sent as Tributary-Timestamp) binds the signature to its moment, so a captured
 * request cannot be replayed later by an attacker once the receiver's tolerance has passed.
 * Tributary-Signature carries one `v1=<hex>` per active secret (two for a while after a rotation).
 */

export const SIGNATURE_HEADER = "tributary-signature";
export const TIMESTAMP_HEADER = "tributary-timestamp";
export const EVENT_ID_HEADER = "tributary-event-id";
export const EVENT_TYPE_HEADER = "tributary-event-type";
export const DELIVERY_ID_HEADER = "tributary-delivery-id";

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

export function sign(secret: string, timestamp: number, body: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
}

export function signatureHeader(secrets: readonly string[], timestamp: number, body: string): string {
  return secrets.map((s) => `v1=${sign(s, timestamp, body)}`).join(",");
}

/** What a receiver does (the docs' snippet is this function): true when one signature matches and the timestamp is fresh. */
export function verifySignature(secret: string, header: string, timestamp: string, body: string, toleranceSeconds = 300, nowSeconds = Math.floor(Date.now() / 1000)): boolean {
  const ts = Number(timestamp);
  if (!Number.isInteger(ts) || Math.abs(nowSeconds - ts) > toleranceSeconds) return false;
  const expected = Buffer.from(sign(secret, ts, body), "hex");
  return header.split(",").some((part) => {
    const [scheme, hex] = part.trim().split("=");
    if (scheme !== "v1" || !hex || !/^[0-9a-f]{64}$/.test(hex)) return false;
    return timingSafeEqual(Buffer.from(hex, "hex"), expected);
  });
}
