import { sql } from "drizzle-orm";
import { foreignKey, index, jsonb, pgPolicy, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { ThemeOverrides } from "../../themes";
import { createdAtColumn, currentScope, currentTenantId, currentResellerId, idColumn, resellerScope, scopePolicies, tenantIdColumn, tenantIsolationPolicy, tenantWideScope } from "./_rls";
import { resellers } from "./partners";

const platformScope = sql`${currentScope} = 'platform'`;

/** A distributor. Global (no tenant_id): a session sees its own tenant row, the platform console sees all. */
export const tenants = pgTable(
  "tenants",
  {
    id: uuid("id").primaryKey().default(sql`uuidv7()`),
    slug: text("slug").notNull().unique(),
    name: text("name").notNull(),
    themePreset: text("theme_preset").notNull(),
    themeOverrides: jsonb("theme_overrides").$type<ThemeOverrides>().notNull().default({}),
    status: text("status", { enum: ["active", "suspended"] }).notNull().default("active"),
    createdAt: createdAtColumn(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    pgPolicy("tenant_self_or_platform_read", { for: "select", using: sql`${t.id} = ${currentTenantId} or ${platformScope}` }),
    pgPolicy("platform_insert", { for: "insert", withCheck: platformScope }),
    pgPolicy("platform_update", { for: "update", using: platformScope, withCheck: platformScope }),
  ],
).enableRLS();

/** Custom hosts of a tenant (`portal.acme-supplies.test`), optionally white-labelled for one reseller. */
export const tenantDomains = pgTable(
  "tenant_domains",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    host: text("host").notNull().unique(),
    resellerId: uuid("reseller_id"),
    createdAt: createdAtColumn(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.resellerId], foreignColumns: [resellers.tenantId, resellers.id] }),
    index("tenant_domains_reseller_idx").on(t.tenantId, t.resellerId),
    tenantIsolationPolicy(t.tenantId),
    ...scopePolicies(sql`${tenantWideScope} or (${resellerScope} and ${t.resellerId} = ${currentResellerId})`),
  ],
).enableRLS();
