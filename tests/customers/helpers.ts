import { sql } from "drizzle-orm";
import { withTenant } from "../../db/with-tenant";
import { createCaller } from "../../server/api/root";
import type { TestUser } from "../helpers/fixtures";
import { context, tenantActorOf, tenantHostOf, type TenantFixture } from "../helpers/fixtures";

/** A tRPC caller acting as `user` on the fixture's own host, like a real request. */
export async function callerAs(T: TenantFixture, user: TestUser) {
  return createCaller(context(await tenantHostOf(T), await tenantActorOf(T, user)));
}

export type AuditRow = { action: string; entity_id: string | null; actor_user_id: string | null; data: Record<string, unknown> };

/** The tenant's audit entries about customers, oldest first (read tenant-wide, as a job would). */
export async function customerAudit(T: TenantFixture, customerId?: string): Promise<AuditRow[]> {
  return withTenant({ kind: "system", tenantId: T.id }, (tx) =>
    tx.execute<AuditRow>(sql`
      select action, entity_id, actor_user_id, data from audit_log
       where entity_type = 'customer' ${customerId ? sql`and entity_id = ${customerId}` : sql``}
       order by occurred_at, id`),
  );
}

/** Row counts of the customer tables and their audit entries: a rejected call must leave all of them alone. */
export async function customerTableCounts(T: TenantFixture) {
  const [row] = await withTenant({ kind: "system", tenantId: T.id }, (tx) =>
    tx.execute<{ customers: number; sites: number; contacts: number; audit: number; defaults: string }>(sql`
      select (select count(*)::int from customers) as customers,
             (select count(*)::int from customer_sites) as sites,
             (select count(*)::int from customer_contacts) as contacts,
             (select count(*)::int from audit_log where entity_type = 'customer') as audit,
             (select coalesce(string_agg(id::text, ',' order by id), '') from customer_sites where is_default) as defaults`),
  );
  return row;
}
