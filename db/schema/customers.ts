import { sql } from "drizzle-orm";
import { foreignKey, index, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { createdAtColumn, currentCustomerId, currentResellerId, customerScope, idColumn, resellerScope, scopePolicies, tenantIdColumn, tenantIsolationPolicy, tenantWideScope } from "./_rls";
import { resellers } from "./partners";
import { tenants } from "./tenancy";

/** A buying account. Minimal for now; the customers issue adds addresses, terms and credit. */
export const customers = pgTable(
  "customers",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    name: text("name").notNull(),
    resellerId: uuid("reseller_id"),
    createdAt: createdAtColumn(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.resellerId], foreignColumns: [resellers.tenantId, resellers.id] }),
    index("customers_reseller_idx").on(t.tenantId, t.resellerId),
    tenantIsolationPolicy(t.tenantId),
    ...scopePolicies(
      sql`${tenantWideScope} or (${resellerScope} and ${t.resellerId} = ${currentResellerId}) or (${customerScope} and ${t.id} = ${currentCustomerId})`,
    ),
  ],
).enableRLS();
