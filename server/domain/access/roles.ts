import { CUSTOMER_ROLES, OPERATOR_ROLES, RESELLER_ROLES, TENANT_ROLES, type TenantRole } from "../../../db/schema/access";

export { CUSTOMER_ROLES, OPERATOR_ROLES, RESELLER_ROLES, TENANT_ROLES, type TenantRole };
export type PortalScope = "operator" | "reseller" | "customer";
export type Role = TenantRole | "platform_admin";
export const ALL_ROLES: readonly Role[] = [...TENANT_ROLES, "platform_admin"];

export function portalOf(role: TenantRole): PortalScope {
  if ((OPERATOR_ROLES as readonly string[]).includes(role)) return "operator";
  if ((RESELLER_ROLES as readonly string[]).includes(role)) return "reseller";
  return "customer";
}

export const ROLE_LABELS: Record<Role, string> = {
  platform_admin: "Platform admin",
  owner: "Owner",
  admin: "Admin",
  finance: "Finance",
  ops: "Operations",
  sales: "Sales",
  reseller_admin: "Reseller admin",
  reseller_agent: "Reseller agent",
  customer_admin: "Customer admin",
  customer_buyer: "Buyer",
};
