import { ApiKeyRejected, authenticateApiKey } from "../domain/api/keys";
import type { TRPCContext } from "./trpc";

/**
 * The API-key half of a request's context: `Authorization: Bearer trb_...` -> the key's actor (its
 * tenant, whatever the Host), or the reason it was refused, which every call then answers with a 401.
 * Null when the request carries no Authorization header (a browser session, then).
 */
export async function apiKeyContext(headers: Headers): Promise<Pick<TRPCContext, "actor" | "apiKeyError"> | null> {
  const header = headers.get("authorization");
  if (header === null) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) return { actor: null, apiKeyError: "Malformed Authorization header: expected `Bearer trb_...`" };
  try {
    return { actor: { kind: "api_key", ...(await authenticateApiKey(match[1])) }, apiKeyError: null };
  } catch (error) {
    if (error instanceof ApiKeyRejected) return { actor: null, apiKeyError: error.message };
    throw error;
  }
}

export const idempotencyKeyOf = (headers: Headers): string | null => headers.get("idempotency-key");
