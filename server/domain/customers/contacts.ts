import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { customerContacts, memberships } from "../../../db/schema";
import type { TenantTx } from "../../../db/with-tenant";
import { recordAudit } from "../access/audit";
import { addMembership, findOrCreateUser } from "../access/users";
import { DomainError, isUniqueViolation } from "../errors";
import { loadCustomer, type Acting } from "./customers";
import type { ContactInput, InviteContactInput, updateContactInput } from "./schemas";

export type CustomerContact = typeof customerContacts.$inferSelect;

async function loadContact(tx: TenantTx, customerId: string, contactId: string): Promise<CustomerContact> {
  const [contact] = await tx.select().from(customerContacts).where(and(eq(customerContacts.id, contactId), eq(customerContacts.customerId, customerId)));
  if (!contact) throw new DomainError("NOT_FOUND", "No such contact at this customer");
  return contact;
}

async function contactByEmail(tx: TenantTx, customerId: string, email: string) {
  const [row] = await tx.select().from(customerContacts).where(and(eq(customerContacts.customerId, customerId), eq(customerContacts.email, email)));
  return row;
}

/**
 * Adds a person at a customer. The email is the natural key per customer: the same email and body
 * returns the existing contact (a retry), another body is a CONFLICT.
 */
export async function addContact(tx: TenantTx, acting: Acting, input: ContactInput): Promise<{ contact: CustomerContact; created: boolean }> {
  await loadCustomer(tx, input.customerId);
  const retryOrConflict = (existing: CustomerContact) => {
    if (existing.name === input.name && existing.phone === input.phone && existing.role === input.role) return { contact: existing, created: false };
    throw new DomainError("CONFLICT", `${input.email} is already a contact of this customer`, { email: ["Already a contact of this customer"] });
  };
  const existing = await contactByEmail(tx, input.customerId, input.email);
  if (existing) return retryOrConflict(existing);
  let contact: CustomerContact;
  try {
    [contact] = await tx.transaction((sp) => sp.insert(customerContacts).values({ ...input, tenantId: acting.tenantId }).returning());
  } catch (error) {
    if (!isUniqueViolation(error, "customer_contacts_email")) throw error;
    const winner = await contactByEmail(tx, input.customerId, input.email);
    if (!winner) throw error;
    return retryOrConflict(winner);
  }
  await recordAudit(tx, {
    tenantId: acting.tenantId, actorUserId: acting.userId, action: "customer.contact_added", entityType: "customer", entityId: input.customerId,
    data: { contactId: contact.id, email: contact.email },
  });
  return { contact, created: true };
}

export async function updateContact(tx: TenantTx, acting: Acting, input: z.infer<typeof updateContactInput>): Promise<CustomerContact> {
  const { customerId, contactId, ...changes } = input;
  const current = await loadContact(tx, customerId, contactId);
  const set: Partial<CustomerContact> = {};
  const diff: Record<string, { from: unknown; to: unknown }> = {};
  for (const [key, value] of Object.entries(changes) as Array<["name" | "phone" | "role", string | undefined]>) {
    if (value === undefined || current[key] === value) continue;
    set[key] = value;
    diff[key] = { from: current[key], to: value };
  }
  if (Object.keys(set).length === 0) return current;
  const [contact] = await tx.update(customerContacts).set(set).where(eq(customerContacts.id, contactId)).returning();
  await recordAudit(tx, { tenantId: acting.tenantId, actorUserId: acting.userId, action: "customer.contact_updated", entityType: "customer", entityId: customerId, data: { contactId, changes: diff } });
  return contact;
}

export interface InviteResult {
  userId: string;
  email: string;
  /** The role the person has in this workspace now (an earlier invite's role is kept). */
  role: string;
  /** A new login was made with the password the operator chose; otherwise the person's own password stays. */
  loginCreated: boolean;
  membershipCreated: boolean;
  message: string;
}

/**
 * Gives a contact a customer-portal login: finds or creates the login for their email, adds a
 * membership for this customer and links the contact. Running it again changes nothing. An email
 * that already belongs to someone else in this workspace (staff, a reseller, another customer) is a
 * CONFLICT: one membership per person per workspace.
 */
export async function inviteContact(tx: TenantTx, acting: Acting, input: InviteContactInput): Promise<InviteResult> {
  await loadCustomer(tx, input.customerId, { lock: "update" });
  const contact = await loadContact(tx, input.customerId, input.contactId);
  const user = await findOrCreateUser(tx, { email: contact.email, name: contact.name, password: input.password });

  const membershipOf = async () => {
    const [row] = await tx.select({ role: memberships.role, customerId: memberships.customerId }).from(memberships).where(eq(memberships.userId, user.id));
    return row;
  };
  const before = await membershipOf();
  if (before && before.customerId !== input.customerId) {
    throw new DomainError("CONFLICT", `${contact.email} already has another role in this workspace`, { contactId: ["This person already belongs to this workspace elsewhere"] });
  }
  if (!before) await addMembership(tx, { tenantId: acting.tenantId, userId: user.id, role: input.role, customerId: input.customerId });
  const after = await membershipOf();
  // Not visible after the insert: the login is a member elsewhere in this tenant that this scope cannot see.
  if (!after || after.customerId !== input.customerId) {
    throw new DomainError("CONFLICT", `${contact.email} already has another role in this workspace`, { contactId: ["This person already belongs to this workspace elsewhere"] });
  }
  const linked = contact.userId === user.id;
  if (!linked) await tx.update(customerContacts).set({ userId: user.id }).where(eq(customerContacts.id, contact.id));

  const membershipCreated = !before;
  if (membershipCreated || !linked || user.created) {
    await recordAudit(tx, {
      tenantId: acting.tenantId, actorUserId: acting.userId, action: "customer.contact_invited", entityType: "customer", entityId: input.customerId,
      data: { contactId: contact.id, userId: user.id, role: after.role, loginCreated: user.created, membershipCreated },
    });
  }
  const message = [
    membershipCreated ? `${contact.email} can now sign in to the customer portal as ${after.role === "customer_admin" ? "customer admin" : "buyer"}.` : `${contact.email} already had portal access as ${after.role === "customer_admin" ? "customer admin" : "buyer"}; nothing changed.`,
    user.created ? "A new login was created with the password you set; share it securely." : "They already had a login and keep their own password.",
  ].join(" ");
  return { userId: user.id, email: contact.email, role: after.role, loginCreated: user.created, membershipCreated, message };
}
