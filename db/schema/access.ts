import { sql } from "drizzle-orm";
import { boolean, check, foreignKey, index, jsonb, pgPolicy, pgTable, primaryKey, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { createdAtColumn, currentCustomerId, currentResellerId, currentScope, currentUserId, customerScope, idColumn, resellerScope, scopePolicies, tenantIdColumn, tenantIsolationPolicy, tenantWideScope } from "./_rls";
import { customers } from "./customers";
import { resellers } from "./partners";
import { tenants } from "./tenancy";

export const OPERATOR_ROLES = ["owner", "admin", "finance", "ops", "sales"] as const;
export const RESELLER_ROLES = ["reseller_admin", "reseller_agent"] as const;
export const CUSTOMER_ROLES = ["customer_admin", "customer_buyer"] as const;
export const TENANT_ROLES = [...OPERATOR_ROLES, ...RESELLER_ROLES, ...CUSTOMER_ROLES] as const;
export type TenantRole = (typeof TENANT_ROLES)[number];

const quoted = (roles: readonly string[]) => sql.raw(roles.map((r) => `'${r}'`).join(", "));

/**
 * A person. Global (no tenant_id) because one login may hold memberships in several tenants.
 * Visible to themselves, to the platform console, and to tenants they are a member of.
 */
export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().default(sql`uuidv7()`),
    email: text("email").notNull().unique(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    isPlatformAdmin: boolean("is_platform_admin").notNull().default(false),
    createdAt: createdAtColumn(),
  },
  (t) => [
    check("users_email_normalized", sql`${t.email} = lower(${t.email})`),
    pgPolicy("users_read", {
      for: "select",
      using: sql`${t.id} = ${currentUserId} or ${currentScope} = 'platform' or exists (select 1 from memberships m where m.user_id = ${t.id})`,
    }),
    pgPolicy("users_insert", { for: "insert", withCheck: sql`${currentScope} in ('platform', 'operator', 'system')` }),
    pgPolicy("users_update", {
      for: "update",
      using: sql`${t.id} = ${currentUserId} or ${currentScope} = 'platform'`,
      withCheck: sql`${t.id} = ${currentUserId} or ${currentScope} = 'platform'`,
    }),
  ],
).enableRLS();

/** A user's role in one tenant; reseller and customer roles carry the partner or account they act for. */
export const memberships = pgTable(
  "memberships",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    userId: uuid("user_id").notNull().references(() => users.id),
    role: text("role", { enum: TENANT_ROLES }).notNull(),
    resellerId: uuid("reseller_id"),
    customerId: uuid("customer_id"),
    createdAt: createdAtColumn(),
  },
  (t) => {
    // A reseller sees and manages its own team and the people of its own customers (customers' policy
    // limits the sub-select to them); a customer manages its own people.
    const partnerMemberships = sql`${tenantWideScope}
      or (${resellerScope} and ((${t.resellerId} = ${currentResellerId} and ${t.customerId} is null)
                                or (${t.resellerId} is null and ${t.customerId} in (select c.id from customers c))))
      or (${customerScope} and ${t.customerId} = ${currentCustomerId})`;
    return [
      primaryKey({ columns: [t.tenantId, t.id] }),
      unique("memberships_one_per_user").on(t.tenantId, t.userId),
      index("memberships_user_idx").on(t.userId),
      foreignKey({ columns: [t.tenantId, t.resellerId], foreignColumns: [resellers.tenantId, resellers.id] }),
      foreignKey({ columns: [t.tenantId, t.customerId], foreignColumns: [customers.tenantId, customers.id] }),
      check(
        "memberships_role_matches_scope",
        sql`(${t.role} in (${quoted(OPERATOR_ROLES)}) and ${t.resellerId} is null and ${t.customerId} is null)
          or (${t.role} in (${quoted(RESELLER_ROLES)}) and ${t.resellerId} is not null and ${t.customerId} is null)
          or (${t.role} in (${quoted(CUSTOMER_ROLES)}) and ${t.customerId} is not null and ${t.resellerId} is null)`,
      ),
      tenantIsolationPolicy(t.tenantId),
      // Everyone may read their own membership (that is how a session learns its role). Outside
      // tenant-wide scopes nobody may change or remove their own membership: no self-promotion.
      ...scopePolicies(
        sql`${partnerMemberships} or ${t.userId} = ${currentUserId}`,
        partnerMemberships,
        sql`(${partnerMemberships}) and (${tenantWideScope} or ${t.userId} <> ${currentUserId})`,
      ),
    ];
  },
).enableRLS();

/** Append-only: app_user may insert and read, never update or delete (see the grants migration). */
export const auditLog = pgTable(
  "audit_log",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    actorUserId: uuid("actor_user_id").references(() => users.id),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id"),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index("audit_log_tenant_time_idx").on(t.tenantId, t.occurredAt),
    tenantIsolationPolicy(t.tenantId),
    ...scopePolicies(
      sql`${tenantWideScope} or ${t.actorUserId} = ${currentUserId}`,
      sql`${tenantWideScope} or ${t.actorUserId} is not distinct from ${currentUserId}`,
    ),
  ],
).enableRLS();

export const APPROVAL_STATUSES = ["pending", "approved", "rejected"] as const;

/**
 * Four-eyes decisions (a discount beyond policy, later large credit notes and orders): requested by
 * one user, decided by another (a check constraint, not only application code).
 */
export const approvals = pgTable(
  "approvals",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    kind: text("kind").notNull(),
    subjectType: text("subject_type").notNull(),
    subjectId: uuid("subject_id").notNull(),
    status: text("status", { enum: APPROVAL_STATUSES }).notNull().default("pending"),
    summary: text("summary").notNull().default(""),
    requestedBy: uuid("requested_by").notNull().references(() => users.id),
    decidedBy: uuid("decided_by").references(() => users.id),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    reason: text("reason").notNull().default(""),
    createdAt: createdAtColumn(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index("approvals_status_idx").on(t.tenantId, t.status),
    index("approvals_subject_idx").on(t.tenantId, t.subjectId),
    check("approvals_status", sql`${t.status} in ('pending', 'approved', 'rejected')`),
    check("approvals_segregation", sql`${t.decidedBy} is null or ${t.decidedBy} <> ${t.requestedBy}`),
    check("approvals_decided", sql`(${t.status} = 'pending') = (${t.decidedBy} is null)`),
    tenantIsolationPolicy(t.tenantId),
    ...scopePolicies(tenantWideScope),
  ],
).enableRLS();
