import { sql } from "drizzle-orm";
import type { TenantTx } from "../../../db/with-tenant";

export interface CustomerMessage {
  customerId: string;
  /** e.g. "dunning.payment_failed", "dunning.retry_failed", "dunning.suspended", "dunning.resolved". */
  kind: string;
  subject: string;
  body: string;
  sourceType?: string;
  sourceId?: string;
  /** A retried step records its notice once (e.g. `dunning:<case>:retry:<n>`). */
  dedupeKey?: string;
}

/**
 * Queues messages to customers in the outbox (`customer_messages`), in the caller's transaction, so a
 * notice exists exactly when the change it tells of committed. Addressed to the bill-to e-mail; a
 * sender process delivers them (not part of this change).
 */
export async function queueCustomerMessages(tx: TenantTx, tenantId: string, messages: readonly CustomerMessage[]): Promise<void> {
  for (const m of messages) {
    await tx.execute(sql`
      insert into customer_messages (tenant_id, customer_id, kind, subject, body, to_email, source_type, source_id, dedupe_key)
      select ${tenantId}, c.id, ${m.kind}, ${m.subject}, ${m.body}, c.bill_to_email, ${m.sourceType ?? null}, ${m.sourceId ?? null}, ${m.dedupeKey ?? null}
        from customers c where c.id = ${m.customerId}
      on conflict (tenant_id, dedupe_key) do nothing`);
  }
}
