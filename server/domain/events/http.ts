import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { DomainError } from "../errors";
import { vetWebhookUrl } from "./url-safety";

export interface PostOutcome { ok: boolean; responseCode: number | null; latencyMs: number; error: string }

export const DELIVERY_TIMEOUT_MS = 10_000;

/**
 * POSTs a delivery. The URL is vetted again now (DNS may have changed since the endpoint was saved),
 * and the socket connects to the address that was vetted, through a lookup that returns only it:
 * a DNS answer changing between the check and the connect cannot point the request inward.
 * Redirects are not followed (a 3xx is a failure); the response body is read and dropped.
 */
export async function postWebhook(rawUrl: string, body: string, headers: Record<string, string>, timeoutMs = DELIVERY_TIMEOUT_MS): Promise<PostOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let vetted: Awaited<ReturnType<typeof vetWebhookUrl>>;
  try {
    vetted = await vetWebhookUrl(rawUrl);
  } catch (error) {
    return { ok: false, responseCode: null, latencyMs: elapsed(), error: error instanceof DomainError ? error.message : String(error) };
  }
  const { url, addresses } = vetted;
  const pinned = addresses[0];
  const lookup: LookupFunction = (_host, options, callback) => {
    if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
  const client = url.protocol === "https:" ? https : http;
  return new Promise<PostOutcome>((resolve) => {
    const req = client.request(
      url,
      { method: "POST", headers: { ...headers, "content-length": String(Buffer.byteLength(body)) }, lookup, timeout: timeoutMs, agent: false },
      (res) => {
        res.resume();
        res.on("end", () => {
          const code = res.statusCode ?? 0;
          const ok = code >= 200 && code < 300;
          resolve({ ok, responseCode: code, latencyMs: elapsed(), error: ok ? "" : `HTTP ${code}` });
        });
        res.on("error", (e) => resolve({ ok: false, responseCode: res.statusCode ?? null, latencyMs: elapsed(), error: e.message }));
      },
    );
    req.on("timeout", () => req.destroy(new Error(`No response within ${timeoutMs / 1000} s`)));
    req.on("error", (e) => resolve({ ok: false, responseCode: null, latencyMs: elapsed(), error: e.message.slice(0, 500) }));
    req.end(body);
  });
}
