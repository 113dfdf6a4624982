import { sql } from "drizzle-orm";
import { pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { createdAtColumn, currentResellerId, customerScope, idColumn, resellerScope, scopePolicies, tenantIdColumn, tenantIsolationPolicy, tenantWideScope } from "./_rls";
import { tenants } from "./tenancy";

export const resellers = pgTable(
  "resellers",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    name: text("name").notNull(),
    status: text("status", { enum: ["invited", "active", "suspended"] }).notNull().default("active"),
    createdAt: createdAtColumn(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    tenantIsolationPolicy(t.tenantId),
    ...scopePolicies(
      // A customer may read the reseller it buys through (customers' own policy limits the sub-select).
      sql`${tenantWideScope} or (${resellerScope} and ${t.id} = ${currentResellerId}) or (${customerScope} and ${t.id} in (select c.reseller_id from customers c))`,
      sql`${tenantWideScope} or (${resellerScope} and ${t.id} = ${currentResellerId})`,
    ),
  ],
).enableRLS();
