import { createHash } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import superjson from "superjson";
import { idempotencyKeys } from "../../../db/schema/api";
import type { TenantTx } from "../../../db/with-tenant";
import { DomainError } from "../errors";

export const IDEMPOTENCY_KEY_MAX = 255;

/** A header value as a key, or a clear 400: empty, too long or with control characters. */
export function checkIdempotencyKey(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  if (raw.length === 0) throw new DomainError("BAD_REQUEST", "Idempotency-Key is empty; send a unique value (e.g. a UUID) or leave the header out");
  if (raw.length > IDEMPOTENCY_KEY_MAX) {
    throw new DomainError("BAD_REQUEST", `Idempotency-Key is ${raw.length} characters long; at most ${IDEMPOTENCY_KEY_MAX} are allowed`, { "Idempotency-Key": [`At most ${IDEMPOTENCY_KEY_MAX} characters`] });
  }
  if (/[\u0000-\u001f\u007f]/.test(raw)) throw new DomainError("BAD_REQUEST", "Idempotency-Key may not contain control characters");
  return raw;
}

/** JSON with sorted keys, bigints and dates spelled out: equal inputs give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, function (this: unknown, key, v: unknown) {
    const raw = (this as Record<string, unknown>)[key];
    if (typeof raw === "bigint") return `${raw}n`;
    if (raw instanceof Date) return raw.toISOString();
    if (v && typeof v === "object" && !Array.isArray(v)) {
      return Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]]));
    }
    return v;
  }) ?? "undefined";
}

/** Who called which procedure with which input: the same key with another fingerprint is a conflict. */
export function requestFingerprint(principal: string, procedure: string, input: unknown): string {
  return createHash("sha256").update(`${principal}\n${procedure}\n${canonicalJson(input)}`).digest("hex");
}

export type Claim = { kind: "claimed"; id: string } | { kind: "replay"; response: unknown };

/** Stored instead of a result that holds a secret (a new API key's): secrets are never kept. */
const REDACTED = { redacted: true } as const;

/**
 * Claims `key` for this transaction, or finds the response a committed request stored under it.
 *
 * The claim is an INSERT in the mutation's own transaction, so the stored response commits with the
 * mutation's effects or not at all (no half-done "in progress" rows survive a crash). A concurrent
 * request with the same key blocks in this INSERT on the uncommitted unique entry: when the first
 * commits, ON CONFLICT finds its row and we replay it; when it rolls back, our INSERT goes through
 * and we run. An expired row (older than 24 hours) is taken over by the DO UPDATE.
 */
export async function claimIdempotencyKey(tx: TenantTx, tenantId: string, key: string, fingerprint: string, procedure: string): Promise<Claim> {
  const [claimed] = await tx
    .insert(idempotencyKeys)
    .values({ tenantId, key, fingerprint, procedure })
    .onConflictDoUpdate({
      target: [idempotencyKeys.tenantId, idempotencyKeys.key],
      set: { fingerprint, procedure, response: null, createdAt: sql`now()`, expiresAt: sql`now() + interval '24 hours'` },
      setWhere: sql`${idempotencyKeys.expiresAt} <= now()`,
    })
    .returning({ id: idempotencyKeys.id });
  if (claimed) {
    if (Math.random() < 0.01) await purgeExpired(tx, tenantId);
    return { kind: "claimed", id: claimed.id };
  }
  const [stored] = await tx
    .select({ fingerprint: idempotencyKeys.fingerprint, procedure: idempotencyKeys.procedure, response: idempotencyKeys.response })
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.tenantId, tenantId), eq(idempotencyKeys.key, key)));
  if (!stored || stored.response === null) throw new DomainError("CONFLICT", "A request with this Idempotency-Key is still in progress; retry shortly");
  if (stored.fingerprint !== fingerprint) {
    throw new DomainError(
      "CONFLICT",
      stored.procedure === procedure
        ? "This Idempotency-Key was already used with a different request body; use a new key for a new request"
        : `This Idempotency-Key was already used for another operation (${stored.procedure}); use a new key for a new request`,
    );
  }
  const response = stored.response as { json?: unknown; redacted?: boolean };
  if (response.redacted) {
    throw new DomainError("CONFLICT", "This request already succeeded under this Idempotency-Key, and its result held a secret that is shown only once; if it was lost, revoke that key and create a new one");
  }
  return { kind: "replay", response: superjson.deserialize(response as Parameters<typeof superjson.deserialize>[0]) };
}

/**
 * Stores the response in the claiming transaction: it commits with the mutation's effects. A result
 * holding a secret is stored as REDACTED: a replay then says the request succeeded, without the secret.
 */
export async function storeIdempotentResponse(tx: TenantTx, tenantId: string, id: string, response: unknown, opts: { holdsSecret?: boolean } = {}): Promise<void> {
  const serialized = superjson.serialize(response);
  await tx
    .update(idempotencyKeys)
    .set({ response: opts.holdsSecret ? REDACTED : { json: serialized.json ?? null, ...(serialized.meta ? { meta: serialized.meta } : {}) } })
    .where(and(eq(idempotencyKeys.tenantId, tenantId), eq(idempotencyKeys.id, id)));
}

/** Now and then a claim clears a batch of its tenant's expired rows; locked ones are skipped, not waited for. */
async function purgeExpired(tx: TenantTx, tenantId: string): Promise<void> {
  await tx.execute(sql`delete from idempotency_keys where tenant_id = ${tenantId} and id in (
    select id from idempotency_keys where tenant_id = ${tenantId} and expires_at <= now() limit 500 for update skip locked)`);
}
